/**
 * Followers: a read-only engine over a store another engine writes. It tails the store, folds what
 * commits (in whatever batches it arrives) into the state a replay gives, refuses every write with
 * ENGINE_READ_ONLY, and reports how far behind it is.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { isOmnithreadError } from '../../src/errors.js';
import { createMemoryStore, type EventStore } from '../../src/store/index.js';
import { sharedStore } from '../helpers/stores.js';

const sms = (i: number, tenantId = 'acme') => ({
  id: `sms-${i}`, tenantId, type: 'message.received', schemaVersion: 2, occurredAt: 1_763_888_400_000 + i * 60_000,
  channel: 'sms', from: { kind: 'phone', value: `+1415867${String(5300 + (i % 7))}` }, content: { text: `hello ${i}` },
});

async function until(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('follower engines', () => {
  it('tail the store a writer appends to and converge on the replayed state; lag reaches 0', async () => {
    const store = createMemoryStore();
    const writer = createEngine({ store });
    await writer.ingest([sms(1), sms(2)]);
    const follower = createEngine({ store, mode: 'follower' });
    await follower.ready();
    expect(follower.threads().length).toBe(writer.threads().length);
    for (let i = 3; i < 60; i += 5) await writer.ingest([sms(i), sms(i + 1), sms(i + 2, 'globex'), sms(i + 3), sms(i + 4)]);
    await until(async () => (await follower.lag()).behindEvents === 0);
    await follower.caughtUp();
    const lag = await follower.lag();
    expect(lag).toMatchObject({ position: await store.lastPosition(), behindEvents: 0, following: true });
    const replay = createEngine({ store: createMemoryStore() });
    for await (const batch of store.readAll()) await replay.ingest(batch.map((s) => s.event));
    expect(JSON.parse(JSON.stringify(follower.threads()))).toEqual(JSON.parse(JSON.stringify(replay.threads())));
    expect(JSON.parse(JSON.stringify(follower.customers()))).toEqual(JSON.parse(JSON.stringify(writer.customers())));
    expect(follower.position()).toBe(await store.lastPosition());
  });

  it('refuse ingest, advanceTo and startTimers with ENGINE_READ_ONLY, and write nothing', async () => {
    const store = createMemoryStore();
    const follower = createEngine({ store, mode: 'follower' });
    await follower.ready();
    await expect(follower.ingest(sms(1))).rejects.toSatisfy((e: unknown) => isOmnithreadError(e, 'ENGINE_READ_ONLY'));
    await expect(follower.advanceTo(1_763_888_400_000)).rejects.toSatisfy((e: unknown) => isOmnithreadError(e, 'ENGINE_READ_ONLY'));
    expect(() => follower.startTimers()).toThrow(expect.objectContaining({ code: 'ENGINE_READ_ONLY' }));
    expect(await store.lastPosition()).toBe(0);
    expect(() => createEngine({ mode: 'leader' as never })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('an engine that holds some tenants folds only those and rejects ingest for the others', async () => {
    const store = createMemoryStore();
    const writer = createEngine({ store });
    await writer.ingest([sms(1), sms(2, 'globex')]);
    const owner = createEngine({ store, holds: (t) => t === 'acme', follow: true });
    await owner.ready();
    expect(owner.threads().map((t) => t.tenantId)).toEqual(['acme']);
    const r = await owner.ingest(sms(3, 'globex'));
    expect(r.rejected[0]?.error.code).toBe('INVALID_ARGUMENT');
    await writer.ingest([sms(4), sms(5, 'globex')]);
    await until(async () => (await owner.lag()).behindEvents === 0);
    await owner.caughtUp();
    expect(owner.threads().every((t) => t.tenantId === 'acme')).toBe(true);
    expect(owner.position()).toBe(await store.lastPosition());
    await owner.close();
  });
});

describe('a tailing engine that closes while tailed batches wait for its chain', () => {
  it('still folds them: a snapshot at its position holds every event up to it (review of issue 15)', async () => {
    // Before: a batch delivered to the tail but folded after close() began was skipped, while the
    // tail's position moved past it — a partition owner's close-time snapshot then claimed events
    // it did not hold, and the next owner, resuming after that position, never folded them.
    const mem = createMemoryStore();
    let slow = false;
    const shared = (): EventStore =>
      sharedStore(mem, {
        appendToStream: async (s, e, o) => {
          if (slow) await new Promise((r) => setTimeout(r, 100));
          return mem.appendToStream(s, e, o);
        },
      });
    const writer = createEngine({ store: shared() });
    await writer.ingest([sms(0)]);
    const owner = createEngine({ store: shared(), follow: true });
    await owner.ready();
    slow = true;
    const own = owner.ingest([sms(1, 'globex')]); // holds the owner's chain for 100 ms
    await new Promise((r) => setTimeout(r, 10));
    slow = false;
    await writer.ingest(Array.from({ length: 50 }, (_, i) => sms(100 + i))); // delivered; its fold waits for the chain
    await new Promise((r) => setImmediate(r));
    const closing = owner.close();
    await own;
    await closing;
    const snapshot = owner.snapshot();
    expect(snapshot.position).toBeGreaterThanOrEqual(51); // the writer's 50 (its own append, 52, may come after)
    const resumed = createEngine({ store: shared(), snapshot });
    await resumed.ready();
    const messages = (e: typeof owner) => e.threads().reduce((n, t) => n + t.messages.length, 0);
    expect(messages(resumed)).toBe(await mem.lastPosition());
  });
});
