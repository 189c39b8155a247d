/**
 * Catch-up subscriptions for the PostgreSQL store. Each subscriber has a cursor (the next global
 * position it wants) and reads pages of the committed log from it; when a page comes back short it
 * sleeps until something may have been appended. Three things wake it:
 * - this store's own appends;
 * - a NOTIFY from any process's append (`LISTEN` on one connection of the pool, shared by all
 *   subscribers; re-established after a lost connection);
 * - a poll of the head every `pollIntervalMs`: the fallback for a notification missed while the
 *   listening connection was down.
 * Wake-ups only say "read again"; what is delivered always comes from reading the log by position,
 * so a lost, late or doubled notification can neither skip an event nor deliver one twice.
 */
import { OmnithreadError } from '../../errors.js';
import type { StorableEvent, StoredEvent, SubscribeOptions, Unsubscribe } from '../types.js';
import { quoteIdentifier } from './names.js';
import type { PgNotification, PgPool, PgPoolClient } from './pg-like.js';

/**
 * What subscriptions read from.
 *
 * @example
 * ```ts
 * import type { OmnithreadEvent } from 'omnithread';
 * import type { PgPool } from 'omnithread/postgres';
 * declare const pool: PgPool; // node-postgres's Pool, as this module sees it
 * import { storeNames } from './names.js';
 * import { statements } from './statements.js';
 * const sql = statements(storeNames('helpdesk'));
 * import { readLogPage } from './reads.js';
 * const source: TailSource<OmnithreadEvent> = {
 *   pool, channel: 'omnithread.helpdesk', pollIntervalMs: 1000,
 *   readPage: (from, limit) => readLogPage<OmnithreadEvent>(pool, sql, from, limit),
 *   readHead: async () => (await pool.query<{ position: number }>(sql.head([]))).rows[0]?.position ?? 0,
 * };
 * ```
 */
export interface TailSource<E extends StorableEvent> {
  readonly pool: PgPool;
  readonly channel: string;
  readonly pollIntervalMs: number;
  /** Committed events from global position `from` on, at most `limit`, in order. */
  readPage(from: number, limit: number): Promise<readonly StoredEvent<E>[]>;
  readHead(): Promise<number>;
}

/**
 * The subscriptions of one store.
 *
 * @example
 * ```ts
 * import type { OmnithreadEvent } from 'omnithread';
 * declare const tail: Tail<OmnithreadEvent>; // from createTail(source)
 * const stop = tail.subscribe({ from: 1, onEvent: (s) => console.log(s.globalPosition) });
 * ```
 */
export interface Tail<E extends StorableEvent> {
  subscribe(options: SubscribeOptions<E>): Unsubscribe;
  /** Something was appended (by this store, at this head). */
  appended(head: number): void;
  /** Stops every subscriber, the listener and the poll. */
  stop(): Promise<void>;
}

const PAGE = 1000;
const RECONNECT_MS = 250;

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function';
}

function gapError(expected: number, found: number): OmnithreadError {
  return new OmnithreadError('STORE_CORRUPT', `the log has no event at global position ${expected} (the next one is ${found}): positions are dense, so a row was removed`);
}

/**
 * Subscriptions over a source, woken by NOTIFY, own appends and a head poll.
 *
 * @example
 * ```ts
 * import type { OmnithreadEvent } from 'omnithread';
 * declare const source: TailSource<OmnithreadEvent>;
 * const tail = createTail(source); tail.appended(42); // this store just wrote up to position 42
 * ```
 */
export function createTail<E extends StorableEvent>(source: TailSource<E>): Tail<E> {
  const active = new Set<{ active: boolean }>();
  let knownHead = 0;
  let wake: () => void = () => {};
  let nextWake = new Promise<void>((resolve) => (wake = resolve));
  let stopped = false;
  let poll: ReturnType<typeof setInterval> | undefined;
  let listener: PgPoolClient | undefined;
  let connecting: Promise<void> | undefined;
  let reconnect: ReturnType<typeof setTimeout> | undefined;

  function wakeAll(): void {
    const resolve = wake;
    nextWake = new Promise<void>((r) => (wake = r));
    resolve();
  }

  function sawHead(head: number): void {
    if (head <= knownHead) return;
    knownHead = head;
    wakeAll();
  }

  const onNotification = (message: PgNotification): void => {
    if (message.channel !== source.channel) return;
    const head = Number(message.payload);
    if (Number.isSafeInteger(head)) sawHead(head);
    else wakeAll();
  };

  function dropListener(client: PgPoolClient, error?: Error): void {
    if (listener !== client) return;
    listener = undefined;
    client.removeListener('notification', onNotification);
    client.release(error ?? true);
    if (!stopped && active.size > 0) reconnect ??= setTimeout(() => ((reconnect = undefined), void listen()), RECONNECT_MS);
  }

  async function listen(): Promise<void> {
    if (stopped || listener || connecting || active.size === 0) return;
    connecting = (async () => {
      let client: PgPoolClient | undefined;
      try {
        client = await source.pool.connect();
        client.on('notification', onNotification);
        const held = client;
        client.on('error', (error) => dropListener(held, error));
        client.on('end', () => dropListener(held));
        listener = client;
        await client.query(`LISTEN ${quoteIdentifier(source.channel)}`);
        if (stopped || active.size === 0) return dropListener(client);
        // Anything appended while we were not listening: read again.
        wakeAll();
      } catch {
        if (client) dropListener(client, new Error('LISTEN failed'));
        else if (!stopped && active.size > 0) reconnect ??= setTimeout(() => ((reconnect = undefined), void listen()), RECONNECT_MS);
      }
    })().finally(() => (connecting = undefined));
    await connecting;
  }

  function startShared(): void {
    void listen();
    poll ??= setInterval(() => {
      source.readHead().then(sawHead, () => undefined);
    }, source.pollIntervalMs);
    poll.unref?.();
  }

  function stopShared(): void {
    if (poll) clearInterval(poll);
    poll = undefined;
    if (reconnect) clearTimeout(reconnect);
    reconnect = undefined;
    if (listener) dropListener(listener);
  }

  async function pump(sub: { active: boolean }, options: SubscribeOptions<E>): Promise<void> {
    let cursor = options.from ?? 1;
    while (sub.active) {
      // Taken before the read: an append that lands during the read still wakes us after it.
      const woken = nextWake;
      const page = await source.readPage(cursor, PAGE);
      for (const stored of page) {
        if (!sub.active) return;
        if (stored.globalPosition !== cursor) throw gapError(cursor, stored.globalPosition);
        const result = options.onEvent(stored);
        if (isPromise(result)) await result;
        cursor++;
      }
      if (page.length < PAGE) await woken;
    }
  }

  return {
    subscribe(options) {
      const sub = { active: true };
      active.add(sub);
      startShared();
      const stop = (): void => {
        if (!sub.active) return;
        sub.active = false;
        active.delete(sub);
        if (active.size === 0) stopShared();
        wakeAll();
      };
      pump(sub, options).then(stop, (error: unknown) => {
        if (!sub.active) return;
        stop();
        if (options.onError) options.onError(error);
        else throw error;
      });
      return stop;
    },
    appended: sawHead,
    async stop() {
      stopped = true;
      for (const sub of active) sub.active = false;
      active.clear();
      stopShared();
      wakeAll();
      await connecting?.catch(() => undefined);
      if (listener) dropListener(listener);
    },
  };
}
