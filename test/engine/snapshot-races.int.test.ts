/**
 * A snapshot taken at an awkward moment (second review of issue 15's snapshots): while a two-tenant
 * ingest waits on its second tenant's append, while `ready()` is still reading the log, or by a
 * writer that shares its store with another writer. Each resumes, with the tail, to the state of a
 * full replay — before, the first two encoded components not yet re-folded (whole customers and
 * threads lost for good, with a matching digest), the third claimed a position past events it had
 * never read. And a failing timed wake-up is reported and retried, not an unhandled rejection.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { RealTimeDriver } from '../../src/engine/timers.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { EventStore, ReadAllOptions } from '../../src/store/types.js';
import { expectResumesToReplay } from '../helpers/state.js';
import { sharedStore } from '../helpers/stores.js';

const T0 = Date.UTC(2026, 10, 2, 9);
const msg = (id: string, tenantId: string, email: string, min: number) => ({
  id, tenantId, type: 'message.received', schemaVersion: 2, occurredAt: T0 + min * 60_000, channel: 'email',
  from: { kind: 'email', value: email }, content: { text: id, subject: 'order' }, email: { messageId: `<${id}@x>` },
});
const merge = { id: 'm1', tenantId: 'a', type: 'customer.merged', schemaVersion: 2, occurredAt: T0 + 2 * 60_000, source: { kind: 'email', value: 'y@example.com' }, target: { kind: 'email', value: 'x@example.com' } };

/** A memory store whose appends to stream 'b' wait until `open()` (an append in flight, as on PostgreSQL). */
function gatedStore(): { store: EventStore; open: () => void; reached: Promise<void> } {
  const inner = createMemoryStore();
  let open!: () => void;
  let reach!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const reached = new Promise<void>((r) => (reach = r));
  const store = sharedStore(inner, {
    appendToStream: async (stream, events, options) => {
      if (stream === 'b') {
        reach();
        await gate;
      }
      return inner.appendToStream(stream, events, options);
    },
  });
  return { store, open, reached };
}

/** A memory store that reads its log back one event per page, a millisecond apart (a paged read). */
function pagedStore(): EventStore {
  const inner = createMemoryStore();
  return sharedStore(inner, {
    async *readAll(options?: ReadAllOptions) {
      for await (const batch of inner.readAll(options)) {
        for (const e of batch) {
          await new Promise((r) => setTimeout(r, 1));
          yield [e];
        }
      }
    },
  });
}

/** The rejections nobody handled while `run` ran (each would end a Node process). */
async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await run();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return unhandled;
}

describe('snapshots taken at awkward moments resume to a full replay', () => {
  for (const kind of ['snapshot', 'snapshotAsync'] as const) {
    it(`${kind}() while a two-tenant ingest waits on its second tenant's append`, async () => {
      const { store, open, reached } = gatedStore();
      const live = createEngine({ store });
      await live.ingest([msg('a1', 'a', 'x@example.com', 0), msg('a2', 'a', 'y@example.com', 1)]);
      expect(live.customers({ tenantId: 'a' })).toHaveLength(2);
      const ingesting = live.ingest([merge, msg('b1', 'b', 'z@example.com', 2)]);
      await reached; // tenant a's part (the merge) is stored and added; b's append is in flight
      const snapshot = kind === 'snapshot' ? live.snapshot() : await live.snapshotAsync();
      open();
      await ingesting;
      await expectResumesToReplay(store, snapshot);
    });

    it(`${kind}() while ready() is still reading the log`, async () => {
      const store = pagedStore();
      const writer = createEngine({ store });
      await writer.ingest([msg('a1', 'a', 'x@example.com', 0), msg('a2', 'a', 'y@example.com', 1)]);
      await writer.ingest([merge]);
      await writer.ingest([msg('a3', 'a', 'q@example.com', 3), msg('a4', 'a', 'r@example.com', 4)]);
      const replaying = createEngine({ store });
      const loading = replaying.ready();
      while (replaying.position() < 3) await new Promise((r) => setTimeout(r, 0));
      const snapshot = kind === 'snapshot' ? replaying.snapshot() : await replaying.snapshotAsync();
      await loading;
      await expectResumesToReplay(store, snapshot);
    });
  }

  it('a writer that shares its store with another snapshots only as far as it has read', async () => {
    const store = createMemoryStore();
    const one = createEngine({ store });
    const other = createEngine({ store });
    await one.ready();
    await other.ingest([msg('o1', 'a', 'other@example.com', 0)]); // position 1: never read by `one`
    await one.ingest([msg('m1', 'a', 'me@example.com', 1)]); // position 2
    expect(one.snapshot().position).toBe(0);
    await expectResumesToReplay(store, one.snapshot());
    // A lone writer's appends land right after what it read: its snapshot is at its last append.
    const alone = createEngine({ store: createMemoryStore() });
    await alone.ingest([msg('x1', 'a', 'x@example.com', 0)]);
    await alone.ingest([msg('x2', 'a', 'x@example.com', 1), msg('x3', 'a', 'y@example.com', 2)]);
    expect(alone.snapshot().position).toBe(3);
  });
});

describe('a listener added while ready() reads the history', () => {
  it('still sees every thread of the history created (a read meanwhile folds, but publishes once, at the end)', async () => {
    const store = pagedStore();
    const writer = createEngine({ store });
    await writer.ingest([msg('e1', 'a', 'x@example.com', 0)]);
    await writer.ingest([msg('e2', 'a', 'y@example.com', 1)]);
    const reading = createEngine({ store });
    const loading = reading.ready();
    while (reading.position() < 1) await new Promise((r) => setTimeout(r, 0));
    const created: string[] = [];
    reading.on('thread.created', (t) => created.push(t.id));
    expect(reading.threads().length).toBeGreaterThan(0); // a read in between: folded so far
    await loading;
    expect(created.sort()).toEqual(reading.threads().map((t) => t.id).sort());
    expect(created).toHaveLength(2);
  });
});

describe('timed wake-ups (startTimers)', () => {
  it('a failing advanceTo is reported and retried after a pause, never an unhandled rejection', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const driver = new RealTimeDriver(
      () => 0, // always due
      async () => {
        calls++;
        throw new Error('the store refused the decision');
      },
      (error) => errors.push(error),
    );
    const unhandled = await unhandledDuring(async () => {
      driver.start(() => 1);
      await new Promise((r) => setTimeout(r, 300));
      driver.stop();
    });
    expect(unhandled).toEqual([]);
    expect(errors.length).toBe(1); // once, then a second's pause (not a busy retry loop)
    expect(calls).toBe(1);
  });

  it('a listener of the failure that throws does not end the timers either, and a re-arm keeps the pause', async () => {
    let calls = 0;
    const driver = new RealTimeDriver(
      () => 0,
      async () => {
        calls++;
        throw new Error('the store refused the decision');
      },
      () => {
        throw new Error('a bug in the listener');
      },
    );
    const unhandled = await unhandledDuring(async () => {
      driver.start(() => Date.now());
      await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 5; i++) driver.arm(); // as each ingest's flush does
      await new Promise((r) => setTimeout(r, 200));
      driver.stop();
    });
    expect(unhandled).toEqual([]);
    expect(calls).toBe(1);
  });
});
