/**
 * The fast paths of the snapshot codec write and read exactly what the generic ones did: the Packer
 * finds shapes by walking a trie of keys (no shape-id string per record), the Unpacker rebuilds
 * known records as literals, a thread of exactly the fold's fields is rebuilt as one literal, and a
 * snapshot's lines are written once for its digest and reused by `snapshotLines`. Records that do
 * not fit a fast path (keys in another order, an extra or a missing key) still round-trip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { type EngineSnapshot, readSnapshot, snapshotLines } from '../../src/engine/snapshot.js';
import { decodeTenant, encodeTenant } from '../../src/fold/codec.js';
import type { EngineCore } from '../../src/fold/core.js';
import { Packer, type Shape, Unpacker } from '../../src/fold/pack.js';
import { makeThread } from '../../src/threading/make-thread.js';

/** The generic packing as it was written before the fast paths: what the format is. */
class ReferencePacker {
  readonly strings: string[] = [];
  readonly shapes: Shape[] = [];
  private readonly stringAt = new Map<string, number>();
  private readonly shapeAt = new Map<string, number>();
  constructor(private readonly known: readonly string[] = []) {
    known.forEach((s, i) => this.stringAt.set(s, i));
  }
  string(s: string): number {
    let i = this.stringAt.get(s);
    if (i === undefined) {
      i = this.known.length + this.strings.length;
      this.strings.push(s);
      this.stringAt.set(s, i);
    }
    return i;
  }
  record(o: Record<string, unknown>): unknown[] {
    const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    const keys = Object.keys(o);
    const out: unknown[] = [0];
    let codes = '';
    for (const k of keys) {
      const v = o[k];
      if (v === undefined) codes += 'u';
      else if (typeof v === 'string') {
        codes += 's';
        out.push(this.string(v));
      } else if (isRecord(v)) {
        codes += 'o';
        out.push(this.record(v));
      } else if (Array.isArray(v) && v.length > 0 && v.every(isRecord)) {
        codes += 'l';
        out.push(v.map((x) => this.record(x as Record<string, unknown>)));
      } else {
        codes += 'r';
        out.push(Array.isArray(v) ? v.slice() : v);
      }
    }
    const id = `${codes}|${keys.join('\u0000')}`;
    let shape = this.shapeAt.get(id);
    if (shape === undefined) {
      shape = this.shapes.length;
      this.shapes.push([keys, codes]);
      this.shapeAt.set(id, shape);
    }
    out[0] = shape;
    return out;
  }
}

const key = fc.constantFrom('id', 'at', 'status', 'text', 'tags', 'author', 'messages', 'n', 'x');
const leaf = fc.oneof(fc.constant(undefined), fc.constantFrom('a', 'b', 'open', 'email'), fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.constant([]));
const { record: arbRecord } = fc.letrec((tie) => ({
  record: fc.dictionary(key, fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('record'), fc.array(tie('record'), { maxLength: 3 })), { maxKeys: 6 }),
}));

const THREAD = (): Record<string, unknown> => {
  // A thread as the fold makes it: makeThread's fields, then the fold's own in openThread's order.
  const t = makeThread({ id: 'th_1', tenantId: 'acme', customerId: 'cu_1', createdAt: 1, statusHistory: [{ status: 'open', at: 1, eventId: 'e1' }] }) as unknown as Record<string, unknown>;
  Object.assign(t, { originIdentity: 'phone:+1', version: 0, agentReplied: false, lastEventAt: 1, lastEventDepth: 0, lastEventId: 'e1', assignEventId: undefined });
  t.messages = [{ id: 'e1', occurredAt: 1, channel: 'sms', direction: 'inbound', author: { type: 'customer' }, identityKey: 'phone:+1', reason: 'new', text: 'hi' }];
  return t;
};

describe('Packer: the trie of shapes writes what the generic packing wrote', () => {
  it('the same packed records, strings and shapes, for any records (nested, repeated, of changing shapes)', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 20 }), fc.array(fc.constantFrom('a', 'e1', 'open'), { maxLength: 3 }), (records, known) => {
        const fast = new Packer(known);
        const reference = new ReferencePacker(known);
        const a = records.map((r) => fast.record(r));
        const b = records.map((r) => reference.record(r));
        expect(JSON.stringify([a, fast.strings, fast.shapes])).toBe(JSON.stringify([b, reference.strings, reference.shapes]));
      }),
      { numRuns: 500 },
    );
  });

  it('the same for threads, of the fold’s keys, in another order, with a key more or one less; `zero` writes 0', () => {
    const exact = THREAD();
    const { status, ...rest } = exact;
    const reordered = { ...rest, status };
    const extra = { ...exact, extra: 'x' };
    const { severity: _severity, ...missing } = exact;
    const assigned = { ...exact, assignee: 'ag_1', version: 7 };
    const fast = new Packer(['e1']);
    const reference = new ReferencePacker(['e1']);
    for (const t of [exact, reordered, extra, missing, assigned, exact]) {
      expect(fast.record(t, 'version')).toEqual(reference.record({ ...t, version: 0 }));
    }
    expect(fast.shapes).toEqual(reference.shapes);
    expect(fast.strings).toEqual(reference.strings);
  });
});

describe('Unpacker: builders and the generic path rebuild the same records', () => {
  it('a builder makes the first keys, the other keys follow in order; a record of other keys is rebuilt key by key', () => {
    const builders = [{ keys: ['a', 'b'], build: (v: readonly unknown[]) => ({ a: v[0], b: v[1] }) }];
    const records = [{ a: 1, b: 'x' }, { a: 1, b: 'x', c: [2], d: undefined }, { b: 'x', a: 1 }, { a: 1 }, { a: { b: 2, a: 'y' }, b: [{ a: 3, b: 4 }] }];
    const packer = new Packer();
    const packed = JSON.parse(JSON.stringify(records.map((r) => packer.record(r)))) as unknown[];
    const withBuilders = new Unpacker(packer.strings, packer.shapes, builders);
    const without = new Unpacker(packer.strings, packer.shapes);
    for (const [i, p] of packed.entries()) {
      const r = withBuilders.record(p);
      expect(Object.keys(r)).toEqual(Object.keys(records[i]!));
      expect(r).toEqual(records[i]);
      expect(without.record(p)).toEqual(records[i]);
    }
  });

  it('values() answers only for exactly the keys asked for', () => {
    const packer = new Packer();
    const p = JSON.parse(JSON.stringify([packer.record({ a: 1, b: 'x' }), packer.record({ b: 'x', a: 1 }), packer.record({ a: 1, b: 'x', c: 2 })])) as unknown[];
    const u = new Unpacker(packer.strings, packer.shapes);
    expect(u.values(p[0], ['a', 'b'])).toEqual([1, 'x']);
    expect(u.values(p[1], ['a', 'b'])).toBeUndefined();
    expect(u.values(p[2], ['a', 'b'])).toBeUndefined();
    // A key holding a comma is not two keys.
    const q = new Packer();
    const r = JSON.parse(JSON.stringify(q.record({ 'a,b': 1 }))) as unknown;
    expect(new Unpacker(q.strings, q.shapes).values(r, ['a', 'b'])).toBeUndefined();
  });
});

describe('threads that do not fit the fast path still round-trip', () => {
  const core = (engine: unknown): EngineCore => (engine as { core: EngineCore }).core;
  const sms = (i: number) => ({
    id: `sms-${i}`, tenantId: 'acme', type: 'message.received', schemaVersion: 2, occurredAt: 1_763_888_400_000 + i * 60_000,
    channel: 'sms', from: { kind: 'phone', value: '+14158675310' }, content: { text: `hello ${i}` },
  });

  it('a thread with its keys in another order, a key more, or one less is rebuilt with exactly its keys and values', async () => {
    const engine = createEngine();
    await engine.ingest([sms(1), sms(2)]);
    engine.threads();
    const tenant = core(engine).tenants.get('acme')!;
    tenant.settle();
    const comp = tenant.parts().components[0]!.state;
    const [id, t] = [...comp.threads][0]!;
    const original = t as unknown as Record<string, unknown>;
    const { status, ...rest } = original;
    const { severity: _severity, ...missing } = original;
    for (const variant of [{ ...rest, status }, { ...original, extra: 'x' }, missing, original]) {
      comp.threads.set(id, variant as never);
      const decoded = decodeTenant(JSON.parse(JSON.stringify(encodeTenant(tenant))), (tenant as unknown as { policies: never }).policies);
      const back = decoded.parts().components[0]!.state.threads.get(id) as unknown as Record<string, unknown>;
      expect(Object.keys(back)).toEqual(Object.keys(variant));
      const { version: _a, ...got } = back;
      const { version: _b, ...want } = variant;
      expect(got).toEqual(want);
    }
    comp.threads.set(id, t);
  });
});

describe('snapshot lines written once', () => {
  const sms = (i: number) => ({
    id: `sms-${i}`, tenantId: 'acme', type: 'message.received', schemaVersion: 2, occurredAt: 1_763_888_400_000 + i * 60_000,
    channel: 'sms', from: { kind: 'phone', value: '+14158675310' }, content: { text: `hello ${i}` },
  });

  it('the lines kept from taking a snapshot are those of its data; writing it again gives them again', async () => {
    const engine = createEngine();
    await engine.ingest([1, 2, 3].map(sms));
    const snapshot = engine.snapshot();
    const first = [...snapshotLines(snapshot)];
    expect([...snapshotLines(snapshot)]).toEqual(first);
    expect([...snapshotLines(JSON.parse(JSON.stringify(snapshot)) as EngineSnapshot)]).toEqual(first);
  });

  it('an engine resumed from lines writes the same lines again (its events reused as read, not parsed)', async () => {
    const engine = createEngine();
    await engine.ingest(Array.from({ length: 30 }, (_, i) => sms(i)));
    const lines = [...snapshotLines(engine.snapshot())];
    const resumed = createEngine({ store: engine.store, snapshot: await readSnapshot(lines) });
    await resumed.ready();
    expect([...snapshotLines(resumed.snapshot())]).toEqual(lines);
    expect(JSON.stringify(resumed.threads())).toBe(JSON.stringify(engine.threads()));
  });
});

describe('a polluted Object.prototype', () => {
  it('adds nothing to packed records', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.pollutedForTest = 'P';
    try {
      const packer = new Packer();
      const packed = packer.record({ a: 1, b: { c: 'x' }, list: [{ d: 2 }] });
      expect(packer.shapes.every(([keys]) => !keys.includes('pollutedForTest'))).toBe(true);
      const back = new Unpacker(packer.strings, packer.shapes).record(packed);
      expect(Object.keys(back)).toEqual(['a', 'b', 'list']);
      expect(Object.hasOwn(back, 'pollutedForTest')).toBe(false);
    } finally {
      delete proto.pollutedForTest;
    }
  });
});

describe('checkRestoredThread', () => {
  it('accepts every status a fold gives, merged included, and names a field of the wrong kind', async () => {
    const { checkRestoredThread } = await import('../../src/fold/thread-check.js');
    const base = makeThread({ id: 'th_1', tenantId: 't', customerId: 'c', createdAt: 1, channel: 'sms' }) as unknown as Record<string, unknown>;
    for (const status of ['open', 'pending', 'snoozed', 'resolved', 'closed', 'merged']) expect(() => checkRestoredThread({ ...base, status } as never)).not.toThrow();
    expect(() => checkRestoredThread({ ...base, status: 'gone' } as never)).toThrow(/status/);
    expect(() => checkRestoredThread({ ...base, messages: 5 } as never)).toThrow(/messages is not a list/);
  });
});
