/**
 * The event store contract, in the vocabulary of Emmett (`appendToStream`, `readStream`, expected
 * stream version, global position). It is shaped so that a PostgreSQL store can implement it
 * without change: every operation is async, reads are paged, and nothing assumes the whole log fits
 * in memory. See docs/stores.md.
 */
import type { OmnithreadEvent } from '../events/schemas.js';

/** The least an event needs to be stored: an id, unique within its stream. */
export interface StorableEvent {
  readonly id: string;
}

/**
 * What the caller believes the stream's version is. Versions count events: an empty (or missing)
 * stream is at 0, its first event has version 1.
 * - a number: the stream must be at exactly that version (0 = the stream has no events);
 * - `'no_stream'`: the stream must not exist yet;
 * - `'stream_exists'`: the stream must have at least one event;
 * - `'any'`: no check (the default).
 */
export type ExpectedStreamVersion = number | 'no_stream' | 'stream_exists' | 'any';

/**
 * One event as the store holds it: the event, the stream it belongs to, its version in that stream
 * (1, 2, 3 …) and its global position in the whole store (1, 2, 3 … with no gaps).
 *
 * @example
 * ```ts
 * const { events } = await store.readStream('acme');
 * for (const { event, streamVersion, globalPosition } of events) console.log(streamVersion, globalPosition, event.type);
 * ```
 */
export interface StoredEvent<E extends StorableEvent = OmnithreadEvent> {
  readonly event: E;
  readonly streamName: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
}

/**
 * @example
 * ```ts
 * await store.appendToStream('acme', events, { expectedStreamVersion: 3 });
 * ```
 */
export interface AppendToStreamOptions {
  /** Optimistic concurrency check; `'any'` when omitted. Checked only when something new is written. */
  readonly expectedStreamVersion?: ExpectedStreamVersion;
}

/**
 * @example
 * ```ts
 * const { appended, duplicates, nextExpectedStreamVersion } = await store.appendToStream('acme', events);
 * ```
 */
export interface AppendToStreamResult<E extends StorableEvent = OmnithreadEvent> {
  /** The stream's version after the append: pass it as `expectedStreamVersion` next time. */
  readonly nextExpectedStreamVersion: number;
  /** Global position of the stream's last event after the append (0 when the stream is empty). */
  readonly lastPosition: number;
  /** True when this append wrote the stream's first event. */
  readonly createdNewStream: boolean;
  /** The events written by this call, in order. */
  readonly appended: readonly StoredEvent<E>[];
  /** Ids of input events skipped because an identical event with that id was already there. */
  readonly duplicates: readonly string[];
}

/**
 * @example
 * ```ts
 * const page = await store.readStream('acme', { from: 11, maxCount: 10 }); // versions 11–20
 * ```
 */
export interface ReadStreamOptions {
  /** First stream version to return (inclusive, default 1). */
  readonly from?: number;
  /** Last stream version to return (inclusive, default: the end). */
  readonly to?: number;
  /** At most this many events. */
  readonly maxCount?: number;
}

/**
 * @example
 * ```ts
 * const { events, currentStreamVersion, streamExists } = await store.readStream('acme');
 * ```
 */
export interface ReadStreamResult<E extends StorableEvent = OmnithreadEvent> {
  /** The stream's version now (0 when it does not exist), whatever range was asked for. */
  readonly currentStreamVersion: number;
  readonly streamExists: boolean;
  readonly events: readonly StoredEvent<E>[];
}

/**
 * @example
 * ```ts
 * let checkpoint = 0; // the last global position a projection applied
 * for await (const batch of store.readAll({ from: checkpoint + 1, batchSize: 500 })) checkpoint = batch.at(-1)?.globalPosition ?? checkpoint;
 * ```
 */
export interface ReadAllOptions {
  /** First global position to return (inclusive, default 1). */
  readonly from?: number;
  /** Stop after this many events in total. */
  readonly maxCount?: number;
  /** Events per yielded batch (default 1000). A PostgreSQL store maps this onto its page size. */
  readonly batchSize?: number;
}

/**
 * @example
 * ```ts
 * const stop = store.subscribe({ from: 1, onEvent: (s) => console.log(s.globalPosition, s.event.type), onError: console.error });
 * ```
 */
export interface SubscribeOptions<E extends StorableEvent = OmnithreadEvent> {
  /** First global position to deliver (inclusive, default 1: the whole history, then the tail). */
  readonly from?: number;
  /**
   * Called once per event, in global order. When it returns a promise, the next event waits for it.
   */
  readonly onEvent: (stored: StoredEvent<E>) => void | Promise<void>;
  /**
   * Called when `onEvent` throws (or a read fails); delivery stops there. Without it the error is
   * re-thrown as an unhandled rejection, so it is never lost silently.
   */
  readonly onError?: (error: unknown) => void;
}

/** Stops a subscription. Idempotent. */
export type Unsubscribe = () => void;

/**
 * An append-only, multi-stream event log with optimistic concurrency, idempotent appends and a dense
 * global order. The engine uses one stream per tenant (stream name = tenant id).
 *
 * After `close()`, every method rejects (or, for `subscribe`, throws) an `OmnithreadError` with
 * code `STORE_CLOSED`.
 *
 * @example
 * ```ts
 * import { type EventStore, createMemoryStore, fold, initialState } from 'omnithread';
 * const store: EventStore = createMemoryStore();
 * const r = await store.appendToStream('acme', [event], { expectedStreamVersion: 'no_stream' });
 * const { events } = await store.readStream('acme');
 * let state = initialState();
 * for await (const batch of store.readAll({ from: 1 })) state = fold(state, batch.map((s) => s.event));
 * await store.close();
 * ```
 */
export interface EventStore<E extends StorableEvent = OmnithreadEvent> {
  /**
   * Appends events to a stream, all or nothing. An event whose id is already in the stream (or
   * earlier in the same batch) with identical content is skipped and listed in `duplicates`; with
   * different content the whole call fails with `DUPLICATE_CONFLICT`. A failed expected-version
   * check fails with `VERSION_CONFLICT`.
   */
  appendToStream(streamName: string, events: readonly E[], options?: AppendToStreamOptions): Promise<AppendToStreamResult<E>>;
  /** Reads one stream in append order. A missing stream reads as empty, at version 0. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<ReadStreamResult<E>>;
  /**
   * Reads every stream in global order, as non-empty batches. It reads up to the end of the log as
   * it is when each batch is fetched, so events appended while iterating are included.
   */
  readAll(options?: ReadAllOptions): AsyncIterable<readonly StoredEvent<E>[]>;
  /** Delivers the history from `from`, then every later append, in order, without gaps or doubles. */
  subscribe(options: SubscribeOptions<E>): Unsubscribe;
  /** Names of the streams with at least one event, in order of creation. */
  streams(): Promise<string[]>;
  /** Global position of the last event in the store (0 when empty). */
  lastPosition(): Promise<number>;
  /**
   * Who this store is: an id that is the same every time the same log is opened and different for
   * every other log, so that a snapshot can say which store it was taken from (a snapshot resumed
   * over another store is refused). Undefined while a log has no identity yet (an empty file opened
   * read-only). Optional: a store without it can only be checked by position. The memory store has a
   * new one per instance; the file store keeps it in the log's header line; a PostgreSQL store would
   * keep one row (e.g. `gen_random_uuid()` when its schema is created).
   */
  storeId?(): Promise<string | undefined>;
  /**
   * Lets appends already started finish, stops subscriptions and releases resources (the file store
   * also releases its lock). Idempotent.
   */
  close(): Promise<void>;
}
