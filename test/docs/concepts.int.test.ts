/**
 * What docs/concepts.md promises, checked against the engine: the fold order and late events, typed
 * rejects with paths, batch semantics, duplicates, limits, dangerous keys, upcasting, snapshots, and
 * actions naming unknown entities. If one of these fails, the code or the documentation is wrong.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { threadIdFor } from '../../src/fold/ids.js';
import { isOmnithreadError } from '../../src/errors.js';
import { parseEvent, safeParseEvent } from '../../src/events/parse.js';
import { readDoc } from './markdown.js';

const base = { tenantId: 'acme', schemaVersion: 2 } as const;
const sms = (id: string, minute: number, extra: Record<string, unknown> = {}) => ({
  ...base,
  id,
  type: 'message.received',
  occurredAt: `2026-11-23T09:${String(minute).padStart(2, '0')}:00Z`,
  channel: 'sms',
  from: { kind: 'phone', value: '+14158675310' },
  content: { text: `message ${id}` },
  ...extra,
});

describe('the fold', () => {
  it('a late email lands where it belongs: the early reply joins it and its own thread is removed', async () => {
    const engine = createEngine();
    const removed: string[] = [];
    engine.on('thread.removed', (e) => removed.push(e.threadId));
    const mail = (id: string, hour: number, email: Record<string, unknown>) => ({
      ...base, id, type: 'message.received', occurredAt: `2026-11-23T${String(hour).padStart(2, '0')}:00:00Z`, channel: 'email',
      from: { kind: 'email', value: 'bob@example.com' }, content: { subject: 'parcel' }, email,
    });
    await engine.ingest(mail('m2', 10, { messageId: '<m2@x>', inReplyTo: '<m1@x>' }));
    expect(engine.threads().map((t) => t.id)).toEqual([threadIdFor('acme', 'm2')]);
    await engine.ingest(mail('m1', 9, { messageId: '<m1@x>' }));
    expect(engine.threads().map((t) => [t.id, t.messages.map((m) => m.id)])).toEqual([[threadIdFor('acme', 'm1'), ['m1', 'm2']]]);
    expect(removed).toEqual([threadIdFor('acme', 'm2')]);
  });

  it('times are epoch milliseconds after parsing, whatever the offset', () => {
    const e = parseEvent(sms('t', 0, { occurredAt: '2026-11-23T09:00:00+01:00' }));
    expect(e.occurredAt).toBe(Date.parse('2026-11-23T08:00:00Z'));
  });
});

describe('snapshots', () => {
  it('a snapshot survives JSON; one of another version is refused with SNAPSHOT_INCOMPATIBLE', async () => {
    const engine = createEngine();
    await engine.ingest([sms('a', 0), sms('b', 1)]);
    const snapshot = JSON.parse(JSON.stringify(engine.snapshot()));
    const resumed = createEngine({ snapshot, store: engine.store });
    await resumed.ready();
    expect(resumed.threads()).toEqual(engine.threads());
    let caught: unknown;
    try {
      createEngine({ snapshot: { ...snapshot, snapshotVersion: 999 } });
    } catch (e) {
      caught = e;
    }
    expect(isOmnithreadError(caught, 'SNAPSHOT_INCOMPATIBLE')).toBe(true);
  });
});

describe('batch semantics', () => {
  it('accepts the valid events, reports each reject with code, index, event id and path, in batch order', async () => {
    const engine = createEngine({ defaultRegion: 'US' });
    const seen: number[] = [];
    engine.on('event.rejected', (r) => seen.push(r.index));
    const result = await engine.ingest([
      sms('ok-1', 0),
      sms('bad-time', 1, { occurredAt: '2026-11-23 09:01' }),
      sms('bad-phone', 2, { from: { kind: 'phone', value: '12' } }),
      'not an object',
      sms('bad-type', 3, { type: 'message.exploded' }),
      sms('typo', 4, { chanel: 'sms' }),
      sms('ok-2', 5),
    ]);
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.error.code, r.error.eventId, r.error.issues.map((i) => i.path.join('.'))])).toEqual([
      [1, 'INVALID_EVENT', 'bad-time', ['occurredAt']],
      [2, 'INVALID_IDENTITY', 'bad-phone', ['from.value']],
      [3, 'INVALID_EVENT', undefined, ['']],
      [4, 'INVALID_EVENT', 'bad-type', ['type']],
      [5, 'INVALID_EVENT', 'typo', ['']],
    ]);
    expect(result.rejected[4]!.error.message).toMatch(/chanel/);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(engine.threads()[0]!.messages.map((m) => m.id)).toEqual(['ok-1', 'ok-2']);
    // Rejected events never reach the store.
    const stored: string[] = [];
    for await (const batch of engine.store.readAll()) for (const s of batch) stored.push(s.event.id);
    expect(stored).toEqual(['ok-1', 'ok-2']);
  });

  it('throws LIMIT_EXCEEDED for a batch over maxBatchSize, accepting nothing of it', async () => {
    const engine = createEngine({ limits: { maxBatchSize: 3 } });
    const error = await engine.ingest([sms('a', 0), sms('b', 1), sms('c', 2), sms('d', 3)]).catch((e: unknown) => e);
    expect(isOmnithreadError(error, 'LIMIT_EXCEEDED')).toBe(true);
    expect(engine.threads()).toEqual([]);
    expect(await engine.store.lastPosition()).toBe(0);
  });
});

describe('duplicates', () => {
  it('the same event again — ISO or epoch time, defaults written out — is a duplicate; other content under its id is DUPLICATE_CONFLICT', async () => {
    const engine = createEngine();
    await engine.ingest(sms('SM1', 0));
    const again = await engine.ingest([
      sms('SM1', 0),
      sms('SM1', 0, { occurredAt: Date.parse('2026-11-23T09:00:00Z') }),
      sms('SM1', 0, { author: { type: 'customer' } }),
      sms('SM1', 0, { content: { text: 'edited' } }),
    ]);
    expect(again.accepted).toBe(0);
    expect(again.duplicates).toBe(3);
    expect(again.rejected.map((r) => [r.index, r.error.code, r.error.issues[0]?.path])).toEqual([[3, 'DUPLICATE_CONFLICT', ['id']]]);
    expect(engine.threads()[0]!.messages.map((m) => m.text)).toEqual(['message SM1']);
  });

  it('ids are scoped to their tenant', async () => {
    const engine = createEngine();
    const r = await engine.ingest([sms('SM1', 0), { ...sms('SM1', 0), tenantId: 'globex' }]);
    expect(r.accepted).toBe(2);
  });
});

describe('limits and dangerous keys', () => {
  it('a text or a references list over its limit is rejected LIMIT_EXCEEDED at its path', async () => {
    const engine = createEngine({ limits: { maxTextBytes: 10, maxReferences: 2 } });
    const r = await engine.ingest([
      sms('long', 0, { content: { text: 'ééééééé' } }), // 14 bytes of UTF-8
      sms('short', 1, { content: { text: 'éééé' } }),
      sms('refs', 2, { channel: 'email', from: { kind: 'email', value: 'a@example.com' }, content: { text: 'ok' }, email: { references: ['<1@x>', '<2@x>', '<3@x>'] } }),
    ]);
    expect(r.rejected.map((x) => [x.error.eventId, x.error.code, x.error.issues[0]?.path])).toEqual([
      ['long', 'LIMIT_EXCEEDED', ['content', 'text']],
      ['refs', 'LIMIT_EXCEEDED', ['email', 'references']],
    ]);
  });

  it('__proto__, constructor and prototype: forbidden at the top, unrecognised inside, dropped from free-form records', () => {
    const raw = (json: string) => JSON.parse(JSON.stringify(sms('p', 0)).replace(/^\{/, `{${json},`)) as unknown;
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const r = safeParseEvent(raw(`"${key}": {"polluted": true}`));
      expect(r.ok ? undefined : [r.error.code, r.error.issues]).toEqual(['INVALID_EVENT', [{ path: [key], message: 'forbidden key' }]]);
    }
    const nested = safeParseEvent({ ...sms('p', 0), content: JSON.parse('{"text": "hi", "__proto__": {"polluted": true}}') });
    expect(nested.ok ? undefined : nested.error.code).toBe('INVALID_EVENT');
    const record = parseEvent({ ...sms('p', 0), metadata: JSON.parse('{"__proto__": "x", "orderId": "7781"}') });
    expect(record.type === 'message.received' && record.metadata).toEqual({ orderId: '7781' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a non-plain object (a prototype set in JavaScript) is not a JSON object', () => {
    const r = safeParseEvent({ __proto__: { polluted: true }, ...sms('p', 0) });
    expect(r.ok ? undefined : r.error.issues).toEqual([{ path: [], message: 'expected a JSON object' }]);
  });
});

describe('schema versions', () => {
  it('version 1 is upcast; an unknown version is UNSUPPORTED_SCHEMA_VERSION', () => {
    const v1 = { id: 'l1', tenantId: 'acme', type: 'message.received', schemaVersion: 1, occurredAt: '2019-04-02T14:03:00Z', channel: 'email', from: 'a@example.com', body: 'Hello' };
    const e = parseEvent(v1);
    expect(e.type === 'message.received' && [e.schemaVersion, e.from, e.content]).toEqual([2, { kind: 'email', value: 'a@example.com' }, { text: 'Hello' }]);
    const r = safeParseEvent({ ...v1, schemaVersion: 3 });
    expect(r.ok ? undefined : r.error.code).toBe('UNSUPPORTED_SCHEMA_VERSION');
  });
});

describe('actions that change nothing', () => {
  it('an action on an unknown thread is stored and listed in unapplied(); it applies once the thread exists', async () => {
    const engine = createEngine();
    const thread = threadIdFor('acme', 'SM1');
    const early = { ...base, id: 'st-1', type: 'thread.status_changed', occurredAt: '2026-11-23T09:30:00Z', threadId: thread, status: 'resolved' };
    expect((await engine.ingest(early)).accepted).toBe(1);
    expect(engine.unapplied().map((u) => [u.eventId, u.reason])).toEqual([['st-1', `thread ${thread} is unknown at this point`]]);
    await engine.ingest(sms('SM1', 0));
    expect(engine.unapplied()).toEqual([]);
    expect(engine.thread(thread)?.status).toBe('resolved');
  });

  it('an action that comes before its thread in time stays unapplied, with the same reason', async () => {
    const engine = createEngine();
    const thread = threadIdFor('acme', 'SM1');
    await engine.ingest([{ ...base, id: 'st-0', type: 'thread.status_changed', occurredAt: '2026-11-23T08:00:00Z', threadId: thread, status: 'resolved' }, sms('SM1', 0)]);
    expect(engine.unapplied().map((u) => [u.eventId, u.reason])).toEqual([['st-0', `thread ${thread} is unknown at this point`]]);
    expect(engine.thread(thread)?.status).toBe('open');
  });

  it('every missing kind has its reason', async () => {
    const engine = createEngine();
    const ghost = { kind: 'customer', customerId: 'cu_nobody' };
    await engine.ingest([
      { ...base, id: 'attr', type: 'customer.attributes_set', occurredAt: '2026-11-23T09:00:00Z', customer: ghost, vip: true },
      { ...base, id: 'link', type: 'identity.linked', occurredAt: '2026-11-23T09:01:00Z', identity: { kind: 'email', value: 'a@example.com' }, to: ghost },
      { ...base, id: 'merge', type: 'customer.merged', occurredAt: '2026-11-23T09:02:00Z', source: ghost, target: { kind: 'email', value: 'b@example.com' } },
      { ...base, id: 'unmerge', type: 'customer.unmerged', occurredAt: '2026-11-23T09:03:00Z', mergeEventId: 'never' },
    ]);
    expect(engine.unapplied().map((u) => [u.eventId, u.reason])).toEqual([
      ['attr', 'the customer is unknown at this point'],
      ['link', 'the customer it links to is unknown at this point'],
      ['merge', 'a customer of this merge is unknown at this point'],
      ['unmerge', 'no merge never is known at this point'],
    ]);
  });
});

describe('the error model', () => {
  it('the error table lists every ErrorCode of src/errors.ts', () => {
    const union = /export type ErrorCode =([^;]+);/.exec(readDoc('src/errors.ts'))![1]!;
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);
    expect(codes).toContain('CLOCK_SKEW');
    const table = readDoc('docs/concepts.md').split('## The error model')[1]!.split('\n## ')[0]!;
    const listed = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual([...codes].sort());
  });
});
