/**
 * Finding 7 of issue 13: an event with a BigInt field, a throwing getter or a Proxy made `ingest`
 * throw a plain TypeError, and the valid events beside it were not stored either. Whatever a caller
 * passes, `ingest` answers: each bad item is rejected `INVALID_EVENT` (a typed error, its index, the
 * item echoed as given), the valid neighbours are stored and folded, and nothing throws.
 */
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { isOmnithreadError } from '../../src/errors.js';
import { safeParseEvent } from '../../src/events/parse.js';
import { arbEventHistory } from '../../src/testing/histories.js';
import { stateOf } from '../helpers/state.js';

const CLOCK = () => Date.UTC(2026, 11, 1);
const sms = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  tenantId: 'acme',
  type: 'message.received',
  schemaVersion: 2,
  occurredAt: '2026-11-23T09:00:00Z',
  channel: 'sms',
  from: { kind: 'phone', value: '+14158675310' },
  content: { text: `message ${id}` },
  ...extra,
});

const boom = () => {
  throw new TypeError('boom');
};
const throwingGetter = (target: Record<string, unknown>, key: string) => Object.defineProperty(target, key, { get: boom, enumerable: true });
const cyclic = () => {
  const o: Record<string, unknown> = { text: 'x' };
  o.self = o;
  return o;
};
const deep = (depth: number) => {
  let o: unknown = 'leaf';
  for (let i = 0; i < depth; i++) o = { o };
  return o;
};
const trap = (name: keyof ProxyHandler<object>) => new Proxy(sms('proxied'), { [name]: boom });
/** A Proxy that answers a different `type` (and `id`) on every read. */
const shifty = () => {
  let reads = 0;
  return new Proxy(sms('shifty'), {
    get(target, key, receiver) {
      if (key === 'type') return ++reads % 2 === 0 ? 'thread.tagged' : 'message.received';
      if (key === 'id') return `shifty-${++reads}`;
      if (key === 'tenantId') return `tenant-${++reads}`;
      return Reflect.get(target, key, receiver);
    },
  });
};
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable(sms('revoked'), {});
  revoke();
  return proxy;
};

/** Items no field of any event accepts: each must be rejected on its own. */
const HOSTILE: readonly (readonly [string, () => unknown])[] = [
  ['a BigInt schemaVersion', () => sms('h', { schemaVersion: 2n })],
  ['a BigInt type', () => sms('h', { type: 7n })],
  ['a BigInt in metadata', () => sms('h', { metadata: { n: 1n } })],
  ['a BigInt occurredAt', () => sms('h', { occurredAt: 1_795_420_800_000n })],
  ['a throwing getter on id', () => throwingGetter(sms('h'), 'id')],
  ['a throwing getter on content', () => throwingGetter(sms('h'), 'content')],
  ['a throwing getter on tenantId', () => throwingGetter(sms('h'), 'tenantId')],
  ['a throwing getter deep inside', () => sms('h', { from: throwingGetter({ kind: 'phone' }, 'value') })],
  ['a Proxy whose get trap throws', () => trap('get')],
  ['a Proxy whose ownKeys trap throws', () => trap('ownKeys')],
  ['a Proxy whose getPrototypeOf trap throws', () => trap('getPrototypeOf')],
  ['a Proxy whose getOwnPropertyDescriptor trap throws', () => trap('getOwnPropertyDescriptor')],
  ['a revoked Proxy', revoked],
  ['a cyclic schemaVersion', () => sms('h', { schemaVersion: cyclic() })],
  ['a cyclic content', () => sms('h', { content: cyclic() })],
  ['a function as id', () => sms('h', { id: () => 'x' })],
  ['a function as schemaVersion', () => sms('h', { schemaVersion: () => 2 })],
  ['a symbol as type', () => sms('h', { type: Symbol('message.received') })],
  ['a symbol as id', () => sms('h', { id: Symbol('x') })],
  ['a symbol key', () => ({ ...sms('h'), [Symbol('x')]: 1 })],
  // biome-ignore lint/suspicious/noSparseArray: the hole is the hostile input under test
  ['a sparse tags array', () => sms('h', { tags: [, 'a'] })],
  ['nesting 100,000 deep', () => sms('h', { metadata: deep(100_000) })],
  ['nesting 100,000 deep as schemaVersion', () => sms('h', { schemaVersion: deep(100_000) })],
  ['a Date as occurredAt', () => sms('h', { occurredAt: new Date('2026-11-23T09:00:00Z') })],
  ['a Map as content', () => sms('h', { content: new Map([['text', 'hi']]) })],
  ['a boxed string as id', () => sms('h', { id: new String('h') })],
  ['NaN as occurredAt', () => sms('h', { occurredAt: Number.NaN })],
];

async function ingestAround(hostile: unknown) {
  const engine = createEngine({ clock: CLOCK });
  const batch = [sms('before'), hostile, sms('after', { occurredAt: '2026-11-23T09:01:00Z' })];
  const result = await engine.ingest(batch);
  return { engine, batch, result };
}

describe('typed rejection of anything', () => {
  it.each(HOSTILE)('%s: rejected INVALID_EVENT for that item only; the neighbours are stored and folded', async (_name, make) => {
    const hostile = make();
    const { engine, result } = await ingestAround(hostile);
    expect(result.accepted).toBe(2);
    expect(result.rejected).toHaveLength(1);
    const [rejected] = result.rejected;
    expect(rejected!.index).toBe(1);
    expect(rejected!.event).toBe(hostile);
    expect(isOmnithreadError(rejected!.error, 'INVALID_EVENT')).toBe(true);
    expect(rejected!.error.issues.length).toBeGreaterThan(0);
    expect(() => JSON.stringify(rejected!.error)).not.toThrow();
    const stored: string[] = [];
    for await (const page of engine.store.readAll()) for (const s of page) stored.push(s.event.id);
    expect(stored).toEqual(['before', 'after']);
    expect(engine.threads()[0]!.messages.map((m) => m.id)).toEqual(['before', 'after']);
  });

  it('a Proxy answering differently on every read is read once: it is judged and stored as one consistent value', async () => {
    const engine = createEngine({ clock: CLOCK });
    const result = await engine.ingest([shifty(), sms('after')]);
    expect(result.accepted + result.rejected.length).toBe(2);
    for await (const page of engine.store.readAll()) for (const s of page) expect(safeParseEvent(s.event).ok).toBe(true);
    expect(stateOf(engine)).toEqual(stateOf(engine)); // and the state is readable
  });

  it('every property of an accepted event is read exactly once', async () => {
    const reads = new Map<string, number>();
    const counted = new Proxy(sms('counted'), {
      get(target, key, receiver) {
        if (typeof key === 'string') reads.set(key, (reads.get(key) ?? 0) + 1);
        return Reflect.get(target, key, receiver);
      },
    });
    const engine = createEngine({ clock: CLOCK });
    expect((await engine.ingest(counted)).accepted).toBe(1);
    expect(Object.fromEntries(reads)).toEqual(Object.fromEntries(Object.keys(sms('x')).map((k) => [k, 1])));
  });

  it('a batch whose elements cannot be read: each unreadable element is rejected at its index', async () => {
    const items = [sms('a'), sms('b'), sms('c')];
    const batch = new Proxy(items, {
      get(target, key, receiver) {
        if (key === '1') throw new TypeError('boom');
        return Reflect.get(target, key, receiver);
      },
    });
    const engine = createEngine({ clock: CLOCK });
    const result = await engine.ingest(batch);
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.error.code])).toEqual([[1, 'INVALID_EVENT']]);
  });

  it('a batch whose length cannot be read is one rejected item', async () => {
    const batch = new Proxy([sms('a')], {
      get(target, key, receiver) {
        if (key === 'length') throw new TypeError('boom');
        return Reflect.get(target, key, receiver);
      },
    });
    const result = await createEngine({ clock: CLOCK }).ingest(batch);
    expect([result.accepted, result.rejected.map((r) => r.error.code)]).toEqual([0, ['INVALID_EVENT']]);
  });
});

/** Values that are never a valid event, from fast-check's most hostile generator. */
const arbJunk = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/** A hostile value to plant in a valid event at an existing field: no field accepts any of these. */
const arbPoison = fc.constantFrom<[string, () => unknown]>(
  ['bigint', () => 1n],
  ['function', () => () => 1],
  ['symbol', () => Symbol('s')],
  ['cycle', cyclic],
  ['throwing proxy', () => new Proxy({}, { ownKeys: boom, get: boom, getPrototypeOf: boom })],
  ['revoked proxy', revoked],
);

/** How to poison one event of the history. */
class Plan {
  constructor(
    readonly pick: number,
    readonly poison: () => unknown,
    readonly asGetter: boolean,
  ) {}
}

/** A valid event with one existing field (at any depth) replaced by poison, or made a throwing getter. */
function poisoned(event: Record<string, unknown>, pick: number, poison: () => unknown, asGetter: boolean): unknown {
  const copy = structuredClone(event);
  const slots: [Record<string, unknown>, string][] = [];
  const walk = (o: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(o)) {
      slots.push([o, k]);
      if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>);
    }
  };
  walk(copy);
  const [holder, key] = slots[pick % slots.length]!;
  if (asGetter) throwingGetter(holder, key);
  else holder[key] = poison();
  return copy;
}

describe('typed rejection of anything, as a property', () => {
  it('safeParseEvent never throws and never accepts junk', () => {
    fc.assert(
      fc.property(arbJunk, (junk) => {
        const r = safeParseEvent(junk);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(isOmnithreadError(r.error)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('junk and poisoned events mixed into a valid history: ingest never throws, rejects exactly them, and folds the rest as if they were not there', async () => {
    const arbBad = fc.oneof(
      arbJunk,
      fc.tuple(fc.nat(), arbPoison, fc.boolean()).map(([pick, [, poison], asGetter]) => new Plan(pick, poison, asGetter)),
    );
    await fc.assert(
      fc.asyncProperty(arbEventHistory({ maxEvents: 12, tenants: 2 }), fc.array(fc.tuple(fc.nat(), arbBad), { maxLength: 6 }), async (history, bad) => {
        const batch: unknown[] = [...history];
        const hostile = new Set<unknown>();
        for (const [at, item] of bad) {
          const source = history[at % Math.max(1, history.length)];
          const plan = item instanceof Plan ? item : undefined;
          if (plan && source === undefined) continue; // nothing to poison
          const value = plan ? poisoned(source as unknown as Record<string, unknown>, plan.pick, plan.poison, plan.asGetter) : item;
          hostile.add(value);
          batch.splice(at % (batch.length + 1), 0, value);
        }
        const mixed = createEngine();
        const result = await mixed.ingest(batch);
        const rejectedAt = new Set(result.rejected.map((r) => r.index));
        batch.forEach((item, i) => expect(rejectedAt.has(i), `item ${i}`).toBe(hostile.has(item)));
        for (const r of result.rejected) expect(r.error.code).toMatch(/^(INVALID_EVENT|UNSUPPORTED_SCHEMA_VERSION|LIMIT_EXCEEDED)$/);
        const clean = createEngine();
        await clean.ingest(history);
        expect(stateOf(mixed)).toEqual(stateOf(clean));
      }),
      { numRuns: 300 },
    );
  });
});
