import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { parseEvent } from '../../src/events/parse.js';
import { ownedEvents } from '../../src/store/append-plan.js';
import { type AppendToStreamOptions, createFileStore, createMemoryStore, type EventStore, type StoredEvent } from '../../src/store/index.js';
import { note, notes, readAllEvents, rejection, thrownCode, waitFor } from './helpers/events.js';
import { PG_URL, dropSchema, pgAvailable, pgSkipReason, uniqueSchema } from './helpers/postgres.js';

type Factory = () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

/** The behaviour every EventStore must have. A new store (a PostgreSQL one) gets this suite too. */
function eventStoreContract(name: string, factory: Factory): void {
  describe(`${name}: EventStore contract`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    const ids = (events: readonly StoredEvent[]) => events.map((s) => s.event.id);

    describe('append and read', () => {
      it('reads a stream back in append order with versions and global positions', async () => {
        const first = await store.appendToStream('acme', notes('a', 2));
        expect(first).toMatchObject({ nextExpectedStreamVersion: 2, lastPosition: 2, createdNewStream: true, duplicates: [] });
        expect(first.appended.map((s) => [s.streamName, s.streamVersion, s.globalPosition])).toEqual([['acme', 1, 1], ['acme', 2, 2]]);
        const second = await store.appendToStream('acme', [note('a-3')]);
        expect(second).toMatchObject({ nextExpectedStreamVersion: 3, lastPosition: 3, createdNewStream: false });

        const read = await store.readStream('acme');
        expect(read.currentStreamVersion).toBe(3);
        expect(read.streamExists).toBe(true);
        expect(read.events.map((s) => s.event)).toEqual([note('a-1'), note('a-2'), note('a-3')]);
        expect(read.events.map((s) => s.streamVersion)).toEqual([1, 2, 3]);
        expect(read.events.map((s) => s.globalPosition)).toEqual([1, 2, 3]);
        expect(parseEvent(read.events[0]?.event)).toEqual(note('a-1')); // what comes back is still a valid event
      });

      it('reads a missing stream as empty at version 0', async () => {
        await store.appendToStream('acme', [note('a-1')]);
        expect(await store.readStream('nobody')).toEqual({ currentStreamVersion: 0, streamExists: false, events: [] });
      });

      it('reads a slice with from, to and maxCount (versions inclusive)', async () => {
        await store.appendToStream('acme', notes('a', 6));
        expect(ids((await store.readStream('acme', { from: 2, to: 4 })).events)).toEqual(['a-2', 'a-3', 'a-4']);
        expect(ids((await store.readStream('acme', { from: 5 })).events)).toEqual(['a-5', 'a-6']);
        expect(ids((await store.readStream('acme', { from: 2, maxCount: 2 })).events)).toEqual(['a-2', 'a-3']);
        expect(ids((await store.readStream('acme', { to: 9 })).events)).toHaveLength(6);
        expect((await store.readStream('acme', { from: 7 })).events).toEqual([]);
        expect((await store.readStream('acme', { maxCount: 0 })).events).toEqual([]);
        expect((await store.readStream('acme', { from: 3, to: 2 })).currentStreamVersion).toBe(6);
      });

      it('keeps streams apart and numbers positions globally, densely, from 1', async () => {
        await store.appendToStream('acme', [note('x-1')]);
        await store.appendToStream('globex', [note('x-1', 'globex'), note('g-2', 'globex')]);
        await store.appendToStream('acme', [note('a-2')]);
        expect((await store.readStream('globex')).events.map((s) => [s.streamVersion, s.globalPosition])).toEqual([[1, 2], [2, 3]]);
        expect((await store.readStream('acme')).events.map((s) => [s.streamVersion, s.globalPosition])).toEqual([[1, 1], [2, 4]]);
        expect(await store.streams()).toEqual(['acme', 'globex']);
        expect(await store.lastPosition()).toBe(4);
      });

      it('stores a JSON copy: later mutation of the input changes nothing, undefined fields vanish', async () => {
        const event = { ...note('a-1'), text: 'before', extra: undefined } as ReturnType<typeof note>;
        await store.appendToStream('acme', [event]);
        event.text = 'after';
        const [stored] = (await store.readStream('acme')).events;
        expect(stored?.event.type === 'note.added' && stored.event.text).toBe('before');
        expect(Object.keys(stored?.event ?? {})).not.toContain('extra');
      });

      it('owned events (the engine hands its validated copies over): stored equal, duplicates and conflicts still found', async () => {
        const event = note('a-1');
        const r = await store.appendToStream('acme', [event, note('a-2')], { [ownedEvents]: true } as AppendToStreamOptions);
        expect(r.appended.map((s) => s.event)).toEqual([note('a-1'), note('a-2')]);
        const [stored] = (await store.readStream('acme')).events;
        expect(stored?.event).toEqual(note('a-1'));
        const again = await store.appendToStream('acme', [note('a-1')], { [ownedEvents]: true } as AppendToStreamOptions);
        expect(again.duplicates).toEqual(['a-1']);
        expect(await rejection(store.appendToStream('acme', [{ ...note('a-2'), text: 'other' }], { [ownedEvents]: true } as AppendToStreamOptions))).toBe('DUPLICATE_CONFLICT');
        expect(await rejection(store.appendToStream('acme', [note('b-1'), { ...note('b-1'), text: 'other' }], { [ownedEvents]: true } as AppendToStreamOptions))).toBe(
          'DUPLICATE_CONFLICT',
        );
      });

      it('ids and stream names with NUL or lone surrogates are kept exactly and never confused with look-alikes', async () => {
        const odd = ['a\u0000b', 'x\ud800', 'x\udbff', '\u0001"plain"', 'plain'];
        const r = await store.appendToStream('t\u0000n', odd.map((id) => note(id, 'odd')));
        expect(r.appended.map((s) => s.event.id)).toEqual(odd);
        await store.appendToStream('t\ud800', [note('x\ud800', 'odd')]);
        expect(await store.streams()).toEqual(['t\u0000n', 't\ud800']);
        const again = await store.appendToStream('t\u0000n', odd.map((id) => note(id, 'odd')));
        expect(again.duplicates).toEqual(odd);
        expect(await rejection(store.appendToStream('t\u0000n', [note('x\udbff', 'odd', 'changed')]))).toBe('DUPLICATE_CONFLICT');
        const read = await store.readStream('t\u0000n');
        expect(read.events.map((s) => s.event.id)).toEqual(odd);
        expect((await readAllEvents(store)).map((s) => s.streamName)).toEqual([...odd.map(() => 't\u0000n'), 't\ud800']);
        expect((await store.readStream('t\ud800')).currentStreamVersion).toBe(1);
        expect((await store.readStream('t\udbff')).streamExists).toBe(false);
      });

      it('an empty batch writes nothing', async () => {
        const r = await store.appendToStream('acme', []);
        expect(r).toEqual({ nextExpectedStreamVersion: 0, lastPosition: 0, createdNewStream: false, appended: [], duplicates: [] });
        expect(await store.streams()).toEqual([]);
      });

      it('rejects bad arguments with INVALID_ARGUMENT', async () => {
        expect(await rejection(store.appendToStream('', [note('a-1')]))).toBe('INVALID_ARGUMENT');
        expect(await rejection(store.appendToStream('acme', [note('a-1')], { expectedStreamVersion: -1 }))).toBe('INVALID_ARGUMENT');
        expect(await rejection(store.appendToStream('acme', [note('a-1')], { expectedStreamVersion: 'latest' as never }))).toBe('INVALID_ARGUMENT');
        expect(await rejection(store.readStream('acme', { from: 0 }))).toBe('INVALID_ARGUMENT');
        expect(thrownCode(() => store.readAll({ batchSize: 0 }))).toBe('INVALID_ARGUMENT');
        expect(await store.lastPosition()).toBe(0);
      });
    });

    describe('expected stream version', () => {
      const conflict = (p: Promise<unknown>) => rejection(p);

      it("'any' (the default) accepts a new and an existing stream", async () => {
        await store.appendToStream('acme', [note('a-1')]);
        await store.appendToStream('acme', [note('a-2')], { expectedStreamVersion: 'any' });
        expect((await store.readStream('acme')).currentStreamVersion).toBe(2);
      });

      it('a number must equal the current version; 0 means empty', async () => {
        await store.appendToStream('acme', [note('a-1')], { expectedStreamVersion: 0 });
        await store.appendToStream('acme', [note('a-2')], { expectedStreamVersion: 1 });
        expect(await conflict(store.appendToStream('acme', [note('a-3')], { expectedStreamVersion: 1 }))).toBe('VERSION_CONFLICT');
        expect(await conflict(store.appendToStream('acme', [note('a-3')], { expectedStreamVersion: 3 }))).toBe('VERSION_CONFLICT');
        expect(await conflict(store.appendToStream('acme', [note('a-3')], { expectedStreamVersion: 0 }))).toBe('VERSION_CONFLICT');
        const ok = await store.appendToStream('acme', [note('a-3')], { expectedStreamVersion: 2 });
        expect(ok.nextExpectedStreamVersion).toBe(3);
      });

      it("'no_stream' accepts only a stream without events", async () => {
        await store.appendToStream('acme', [note('a-1')], { expectedStreamVersion: 'no_stream' });
        expect(await conflict(store.appendToStream('acme', [note('a-2')], { expectedStreamVersion: 'no_stream' }))).toBe('VERSION_CONFLICT');
      });

      it("'stream_exists' accepts only a stream with events", async () => {
        expect(await conflict(store.appendToStream('acme', [note('a-1')], { expectedStreamVersion: 'stream_exists' }))).toBe('VERSION_CONFLICT');
        expect(await store.streams()).toEqual([]);
        await store.appendToStream('acme', [note('a-1')]);
        await store.appendToStream('acme', [note('a-2')], { expectedStreamVersion: 'stream_exists' });
        expect((await store.readStream('acme')).currentStreamVersion).toBe(2);
      });

      it('a conflict writes nothing, and the store carries on', async () => {
        await store.appendToStream('acme', notes('a', 2));
        expect(await conflict(store.appendToStream('acme', [note('b-1'), note('b-2')], { expectedStreamVersion: 5 }))).toBe('VERSION_CONFLICT');
        expect(await store.lastPosition()).toBe(2);
        expect(ids((await store.readStream('acme')).events)).toEqual(['a-1', 'a-2']);
        await store.appendToStream('acme', [note('b-1')], { expectedStreamVersion: 2 });
        expect(await store.lastPosition()).toBe(3);
      });

      it('of two concurrent appends expecting the same version, exactly one wins', async () => {
        await store.appendToStream('acme', [note('a-1')]);
        const outcomes = await Promise.all(
          ['x', 'y', 'z'].map((p) => rejection(store.appendToStream('acme', [note(`${p}-1`)], { expectedStreamVersion: 1 }))),
        );
        expect(outcomes.filter((o) => o === 'resolved')).toHaveLength(1);
        expect(outcomes.filter((o) => o === 'VERSION_CONFLICT')).toHaveLength(2);
        expect((await store.readStream('acme')).currentStreamVersion).toBe(2);
      });
    });

    describe('idempotent re-append', () => {
      it('an identical event (keys in any order) is a duplicate, not an error, and writes nothing', async () => {
        await store.appendToStream('acme', [note('a-1'), note('a-2')]);
        const { text, ...rest } = note('a-1');
        const reordered = { text, ...rest };
        const again = await store.appendToStream('acme', [reordered, note('a-2')]);
        expect(again).toEqual({ nextExpectedStreamVersion: 2, lastPosition: 2, createdNewStream: false, appended: [], duplicates: ['a-1', 'a-2'] });
        expect(await store.lastPosition()).toBe(2);
      });

      it('a retry of an acknowledged append succeeds even with its now stale expected version', async () => {
        await store.appendToStream('acme', [note('a-1')], { expectedStreamVersion: 'no_stream' });
        const retry = await store.appendToStream('acme', [note('a-1')], { expectedStreamVersion: 'no_stream' });
        expect(retry.duplicates).toEqual(['a-1']);
        // …but a batch with something new is checked.
        expect(await rejection(store.appendToStream('acme', [note('a-1'), note('a-2')], { expectedStreamVersion: 'no_stream' }))).toBe('VERSION_CONFLICT');
      });

      it('a mixed batch appends the new events and reports the duplicates', async () => {
        await store.appendToStream('acme', [note('a-1')]);
        const r = await store.appendToStream('acme', [note('a-0'), note('a-1'), note('a-2')]);
        expect(ids(r.appended)).toEqual(['a-0', 'a-2']);
        expect(r.appended.map((s) => s.streamVersion)).toEqual([2, 3]);
        expect(r.duplicates).toEqual(['a-1']);
      });

      it('the same id with different content is DUPLICATE_CONFLICT and nothing of the batch is written', async () => {
        await store.appendToStream('acme', [note('a-1', 'acme', 'original')]);
        const error = await store.appendToStream('acme', [note('a-2'), note('a-1', 'acme', 'edited')]).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'DUPLICATE_CONFLICT', eventId: 'a-1', index: 1 });
        expect(ids((await store.readStream('acme')).events)).toEqual(['a-1']);
        expect(await store.lastPosition()).toBe(1);
      });

      it('duplicates inside one batch: identical ones are skipped, different ones conflict', async () => {
        const r = await store.appendToStream('acme', [note('a-1'), note('a-2'), note('a-1')]);
        expect(ids(r.appended)).toEqual(['a-1', 'a-2']);
        expect(r.duplicates).toEqual(['a-1']);
        expect(await rejection(store.appendToStream('acme', [note('b-1'), note('b-1', 'acme', 'other')]))).toBe('DUPLICATE_CONFLICT');
        expect(await store.lastPosition()).toBe(2);
      });

      it('ids are scoped to their stream', async () => {
        await store.appendToStream('acme', [note('same', 'acme', 'one')]);
        const r = await store.appendToStream('globex', [note('same', 'globex', 'two')]);
        expect(r.appended).toHaveLength(1);
      });
    });

    describe('atomicity', () => {
      it('an invalid event anywhere in the batch fails the whole batch', async () => {
        const bad = { type: 'note.added' } as unknown as ReturnType<typeof note>;
        expect(await rejection(store.appendToStream('acme', [note('a-1'), note('a-2'), bad]))).toBe('INVALID_ARGUMENT');
        const cyclic = note('a-3') as ReturnType<typeof note> & { self?: unknown };
        cyclic.self = cyclic;
        expect(await rejection(store.appendToStream('acme', [note('a-1'), cyclic]))).toBe('INVALID_ARGUMENT');
        expect(await store.lastPosition()).toBe(0);
        expect(await store.streams()).toEqual([]);
        await store.appendToStream('acme', [note('a-1')]); // and the next append still works
        expect(await store.lastPosition()).toBe(1);
      });

      it('concurrent appends are serialised: versions and positions stay dense', async () => {
        const writes = Array.from({ length: 20 }, (_, i) => store.appendToStream(i % 2 ? 'acme' : 'globex', notes(`w${i}`, 1 + (i % 3))));
        const results = await Promise.all(writes);
        const all = await readAllEvents(store);
        expect(all.map((s) => s.globalPosition)).toEqual(all.map((_, i) => i + 1));
        expect(all).toHaveLength(results.reduce((n, r) => n + r.appended.length, 0));
        for (const stream of ['acme', 'globex']) {
          const versions = all.filter((s) => s.streamName === stream).map((s) => s.streamVersion);
          expect(versions).toEqual(versions.map((_, i) => i + 1));
        }
      });
    });

    describe('readAll', () => {
      it('yields every stream in global order, in batches', async () => {
        await store.appendToStream('acme', [note('a-1')]);
        await store.appendToStream('globex', notes('g', 2, 'globex'));
        await store.appendToStream('acme', [note('a-2')]);
        await store.appendToStream('initech', [note('i-1', 'initech')]);
        const batches: (readonly StoredEvent[])[] = [];
        for await (const batch of store.readAll({ batchSize: 2 })) batches.push(batch);
        expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
        const all = batches.flat();
        expect(all.map((s) => `${s.streamName}:${s.event.id}`)).toEqual(['acme:a-1', 'globex:g-1', 'globex:g-2', 'acme:a-2', 'initech:i-1']);
        expect(all.map((s) => s.globalPosition)).toEqual([1, 2, 3, 4, 5]);
      });

      it('honours from and maxCount, and reads nothing past the end', async () => {
        await store.appendToStream('acme', notes('a', 5));
        expect(ids(await readAllEvents(store, { from: 2, maxCount: 3, batchSize: 2 }))).toEqual(['a-2', 'a-3', 'a-4']);
        expect(await readAllEvents(store, { from: 6 })).toEqual([]);
        expect(await readAllEvents(store, { maxCount: 0 })).toEqual([]);
      });

      it('includes events appended while iterating', async () => {
        await store.appendToStream('acme', notes('a', 2));
        const seen: string[] = [];
        for await (const batch of store.readAll({ batchSize: 1 })) {
          seen.push(...ids(batch));
          if (seen.length === 1) await store.appendToStream('acme', [note('a-3')]);
        }
        expect(seen).toEqual(['a-1', 'a-2', 'a-3']);
      });
    });

    describe('subscribe', () => {
      it('delivers the history, then the tail, without gaps or doubles', async () => {
        await store.appendToStream('acme', notes('a', 3));
        const got: number[] = [];
        const stop = store.subscribe({ onEvent: (s) => void got.push(s.globalPosition) });
        for (let i = 0; i < 10; i++) await store.appendToStream(i % 2 ? 'acme' : 'globex', [note(`t-${i}`, 'x')]);
        await waitFor(() => got.length >= 13);
        stop();
        expect(got).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
      });

      it('a subscriber joining during a burst of appends still gets each event once, in order', async () => {
        const writes = Array.from({ length: 30 }, (_, i) => store.appendToStream('acme', notes(`b${i}`, 2)));
        const got: number[] = [];
        const stop = store.subscribe({ from: 1, onEvent: (s) => void got.push(s.globalPosition) });
        await Promise.all(writes);
        await waitFor(() => got.length >= 60);
        await new Promise((r) => setTimeout(r, 10));
        stop();
        expect(got).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      });

      it('starts at from, and waits for an async handler before the next event', async () => {
        await store.appendToStream('acme', notes('a', 5));
        const got: string[] = [];
        let running = 0;
        let overlapped = false;
        const stop = store.subscribe({
          from: 3,
          onEvent: async (s) => {
            overlapped ||= running > 0;
            running++;
            await new Promise((r) => setTimeout(r, 1));
            got.push(s.event.id);
            running--;
          },
        });
        await waitFor(() => got.length >= 3);
        stop();
        expect(got).toEqual(['a-3', 'a-4', 'a-5']);
        expect(overlapped).toBe(false);
      });

      it('stops on unsubscribe, and on a throwing handler (reported to onError)', async () => {
        const kept: number[] = [];
        const stop = store.subscribe({ onEvent: (s) => void kept.push(s.globalPosition) });
        await store.appendToStream('acme', [note('a-1')]);
        await waitFor(() => kept.length === 1);
        stop();
        stop(); // idempotent

        const errors: unknown[] = [];
        const failing: number[] = [];
        store.subscribe({
          onEvent: (s) => {
            failing.push(s.globalPosition);
            if (s.globalPosition === 2) throw new Error('handler failed');
          },
          onError: (e) => errors.push(e),
        });
        await store.appendToStream('acme', [note('a-2'), note('a-3')]);
        await waitFor(() => errors.length === 1);
        await store.appendToStream('acme', [note('a-4')]);
        await new Promise((r) => setTimeout(r, 20));
        expect(kept).toEqual([1]);
        expect(failing).toEqual([1, 2]);
        expect((errors[0] as Error).message).toBe('handler failed');
      });
    });

    describe('identity', () => {
      it('storeId() names the store: a non-empty string, the same on every call, another for another store', async () => {
        expect(typeof store.storeId).toBe('function'); // optional in the interface; both shipped stores have it
        await store.appendToStream('acme', [note('a-1')]);
        const id = await store.storeId!();
        expect(typeof id === 'string' && id.length > 0).toBe(true);
        expect(await store.storeId!()).toBe(id);
        const other = await factory();
        try {
          expect(await other.store.storeId!()).not.toBe(id);
        } finally {
          await other.store.close();
          await other.cleanup();
        }
      });
    });

    describe('close', () => {
      it('a read started before close() completes with its result', async () => {
        await store.appendToStream('acme', notes('a', 50));
        const reading = store.readStream('acme');
        const closing = store.close();
        expect((await reading).events).toHaveLength(50);
        await closing;
        expect(await rejection(store.storeId!())).toBe('STORE_CLOSED');
      });

      it('lets a started append finish, then every call fails with STORE_CLOSED', async () => {
        const pending = store.appendToStream('acme', [note('a-1')]);
        await store.close();
        expect((await pending).appended).toHaveLength(1);
        expect(await rejection(store.appendToStream('acme', [note('a-2')]))).toBe('STORE_CLOSED');
        expect(await rejection(store.readStream('acme'))).toBe('STORE_CLOSED');
        expect(await rejection(store.streams())).toBe('STORE_CLOSED');
        expect(await rejection(store.lastPosition())).toBe('STORE_CLOSED');
        expect(thrownCode(() => store.readAll())).toBe('STORE_CLOSED');
        expect(thrownCode(() => store.subscribe({ onEvent: () => undefined }))).toBe('STORE_CLOSED');
        await store.close(); // idempotent
      });

      it('an iteration in progress fails with STORE_CLOSED at its next batch', async () => {
        await store.appendToStream('acme', notes('a', 3));
        const iterator = store.readAll({ batchSize: 1 })[Symbol.asyncIterator]();
        expect((await iterator.next()).done).toBe(false);
        await store.close();
        expect(await rejection(iterator.next())).toBe('STORE_CLOSED');
      });
    });
  });
}

eventStoreContract('memory store', async () => ({ store: createMemoryStore(), cleanup: async () => undefined }));

eventStoreContract('file store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'omnithread-store-'));
  const store = await createFileStore({ path: join(dir, 'events.jsonl'), fsync: 'never' });
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

eventStoreContract('file store (fsync always)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'omnithread-store-'));
  const store = await createFileStore({ path: join(dir, 'events.jsonl') });
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

// Skipped, with the reason in its name, only when no PostgreSQL answers (.ci/run makes sure one does).
describe.skipIf(!pgAvailable)(`on PostgreSQL${pgAvailable ? '' : ` (${pgSkipReason})`}`, () => {
  eventStoreContract('postgres store', async () => {
    const schema = uniqueSchema('contract');
    const store = await createPostgresStore({ connectionString: PG_URL, schema, pollIntervalMs: 50 });
    return { store, cleanup: () => dropSchema(schema) };
  });
});
