/**
 * The part of an event store that does not depend on where the bytes live: the indexes (ids and
 * versions per stream, the global head), the serialised append path, paging, subscriptions and
 * close semantics. A backend only persists committed records and reads them back by position.
 */
import { OmnithreadError } from '../errors.js';
import {
  assertOptionalInt,
  assertStreamName,
  checkExpectedVersion,
  closedError,
  invalidArgument,
  ownedEvents,
  planAppend,
  validateExpected,
} from './append-plan.js';
import { createSubscriptionHub } from './subscriptions.js';
import type { AppendToStreamResult, EventStore, StorableEvent, StoredEvent } from './types.js';

/** What the store knows about one stream, kept in memory. */
export interface StreamIndex {
  /** Event id → global position, for idempotent appends. */
  readonly ids: Map<string, number>;
  /** Global positions of the stream's events; index i holds version i + 1. */
  readonly positions: number[];
}

export interface StoreIndex {
  /** In order of creation. */
  readonly streams: Map<string, StreamIndex>;
  /** Global position of the last committed event. */
  head: number;
}

/** One event about to be written, with the exact JSON to store. */
export interface NewRecord<E extends StorableEvent> {
  readonly stored: StoredEvent<E>;
  readonly id: string;
  /** Always set for a backend that needs JSON. */
  readonly json: string | undefined;
  /** Global position of the last event of the append this record belongs to. */
  readonly batchEnd: number;
}

export interface StoreBackend<E extends StorableEvent> {
  /**
   * False for a backend that keeps events as objects and never writes their JSON: it may then keep
   * the caller's own objects when they are handed over ({@link ownedEvents}).
   */
  readonly needsJson?: boolean;
  /** Writes one append's records. When it throws, none of them may remain. */
  persist(records: readonly NewRecord<E>[]): Promise<void>;
  /** Committed events at global positions from..to, inclusive. */
  readRange(from: number, to: number): Promise<readonly StoredEvent<E>[]>;
  /** Committed events at the given ascending global positions. */
  readPositions(positions: readonly number[]): Promise<readonly StoredEvent<E>[]>;
  close(): Promise<void>;
}

export function emptyIndex(): StoreIndex {
  return { streams: new Map(), head: 0 };
}

const DEFAULT_BATCH_SIZE = 1000;

export interface IndexedStoreOptions {
  /** Appends reject with `STORE_READ_ONLY` (before anything else is checked). */
  readonly readOnly?: boolean;
  /** What `storeId()` answers; undefined for a log that has none yet. */
  readonly storeId?: string | undefined;
}

export function createIndexedStore<E extends StorableEvent>(
  backend: StoreBackend<E>,
  index: StoreIndex = emptyIndex(),
  storeOptions: IndexedStoreOptions = {},
): EventStore<E> & { storeId(): Promise<string | undefined> } {
  let closed = false;
  let closing: Promise<void> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  /** Reads in flight: close() lets them finish before it releases the backend. */
  const reads = new Set<Promise<unknown>>();

  function ensureOpen(): void {
    if (closed) throw closedError();
  }
  /** A read racing with close() reports STORE_CLOSED rather than an I/O error. */
  async function guarded<T>(read: () => Promise<T>): Promise<T> {
    const running = read();
    reads.add(running);
    try {
      return await running;
    } catch (error) {
      if (closed) throw closedError();
      throw error;
    } finally {
      reads.delete(running);
    }
  }
  /** Appends run one at a time: each sees the indexes exactly as the previous one left them. */
  function serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  const hub = createSubscriptionHub<E>({
    head: () => index.head,
    readRange: (from, to) => guarded(() => backend.readRange(from, to)),
  });

  function commit(streamName: string, records: readonly NewRecord<E>[]): void {
    let stream = index.streams.get(streamName);
    if (!stream) {
      stream = { ids: new Map(), positions: [] };
      index.streams.set(streamName, stream);
    }
    for (const record of records) {
      stream.ids.set(record.id, record.stored.globalPosition);
      stream.positions.push(record.stored.globalPosition);
    }
    index.head += records.length;
  }

  async function append(streamName: string, events: readonly E[], expected: ReturnType<typeof validateExpected>, owned: boolean): Promise<AppendToStreamResult<E>> {
    const stream = index.streams.get(streamName);
    const current = stream?.positions.length ?? 0;
    const keepObjects = owned && backend.needsJson === false;
    const plan = await planAppend(
      events,
      {
        positionOf: (id) => stream?.ids.get(id),
        load: async (position) => (await backend.readPositions([position]))[0]?.event,
      },
      !keepObjects,
    );
    if (plan.fresh.length === 0) {
      return {
        nextExpectedStreamVersion: current,
        lastPosition: stream?.positions[current - 1] ?? 0,
        createdNewStream: false,
        appended: [],
        duplicates: plan.duplicates,
      };
    }
    checkExpectedVersion(streamName, current, expected);
    const batchEnd = index.head + plan.fresh.length;
    const records = plan.fresh.map((fresh, i): NewRecord<E> => ({
      id: fresh.id,
      json: fresh.json,
      batchEnd,
      // What is stored is a copy through JSON, unless the caller handed its objects over.
      stored: { event: (fresh.json === undefined ? fresh.event : JSON.parse(fresh.json)) as E, streamName, streamVersion: current + i + 1, globalPosition: index.head + i + 1 },
    }));
    await backend.persist(records);
    commit(streamName, records);
    hub.notify();
    return {
      nextExpectedStreamVersion: current + records.length,
      lastPosition: batchEnd,
      createdNewStream: current === 0,
      appended: records.map((r) => r.stored),
      duplicates: plan.duplicates,
    };
  }

  return {
    async appendToStream(streamName, events, options) {
      ensureOpen();
      if (storeOptions.readOnly) throw new OmnithreadError('STORE_READ_ONLY', 'The event store is open read-only: appends go through the writer');
      assertStreamName(streamName);
      const expected = validateExpected(options);
      const owned = (options as { [ownedEvents]?: unknown } | undefined)?.[ownedEvents] === true;
      return serialised(() => append(streamName, events, expected, owned));
    },

    async readStream(streamName, options = {}) {
      ensureOpen();
      assertStreamName(streamName);
      assertOptionalInt(options.from, 'from', 1);
      assertOptionalInt(options.to, 'to', 0);
      assertOptionalInt(options.maxCount, 'maxCount', 0);
      const stream = index.streams.get(streamName);
      const version = stream?.positions.length ?? 0;
      const from = options.from ?? 1;
      let to = Math.min(options.to ?? version, version);
      if (options.maxCount !== undefined) to = Math.min(to, from + options.maxCount - 1);
      const positions = stream && to >= from ? stream.positions.slice(from - 1, to) : [];
      const events = positions.length > 0 ? await guarded(() => backend.readPositions(positions)) : [];
      return { currentStreamVersion: version, streamExists: version > 0, events };
    },

    readAll(options = {}) {
      ensureOpen();
      assertOptionalInt(options.from, 'from', 1);
      assertOptionalInt(options.maxCount, 'maxCount', 0);
      assertOptionalInt(options.batchSize, 'batchSize', 1);
      const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
      return (async function* () {
        let cursor = options.from ?? 1;
        let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
        while (remaining > 0) {
          ensureOpen();
          const head = index.head;
          if (cursor > head) return;
          const to = Math.min(head, cursor + batchSize - 1, cursor + remaining - 1);
          const batch = await guarded(() => backend.readRange(cursor, to));
          remaining -= batch.length;
          cursor = to + 1;
          yield batch;
        }
      })();
    },

    subscribe(options) {
      ensureOpen();
      if (typeof options?.onEvent !== 'function') throw invalidArgument('onEvent must be a function', ['onEvent']);
      assertOptionalInt(options.from, 'from', 1);
      return hub.subscribe(options);
    },

    async streams() {
      ensureOpen();
      return [...index.streams.keys()];
    },

    async lastPosition() {
      ensureOpen();
      return index.head;
    },

    async storeId() {
      ensureOpen();
      return storeOptions.storeId;
    },

    close() {
      if (!closing) {
        closed = true;
        hub.stopAll();
        // Appends already queued finish; so do reads already started (their result is kept).
        closing = queue.then(() => Promise.allSettled([...reads])).then(() => backend.close());
      }
      return closing;
    },
  };
}
