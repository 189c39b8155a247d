/**
 * The PostgreSQL event store: the {@link EventStore} contract over one schema of a PostgreSQL
 * database, shared by any number of processes. See docs/stores.md ("The PostgreSQL store") for the
 * schema, the ordering guarantee and how it is tested.
 */
import pg from 'pg';
import { OmnithreadError, isOmnithreadError } from '../../errors.js';
import type { OmnithreadEvent } from '../../events/schemas.js';
import { assertOptionalInt, assertStreamName, closedError, invalidArgument, ownedEvents, validateExpected } from '../append-plan.js';
import type { EventStore, StorableEvent } from '../types.js';
import { appendToPostgres } from './append.js';
import { assertMigrated, migrateSchema, type MigrateResult } from './migrate.js';
import { DEFAULT_SCHEMA, storeNames } from './names.js';
import type { PgPool } from './pg-like.js';
import { readLog, readLogPage, readStreamRange } from './reads.js';
import { statements } from './statements.js';
import { createTail } from './tail.js';
import { decodeTextKey } from './text-key.js';

/**
 * Where the store lives: a connection string (the store makes and owns a `pg.Pool`) or a pool of
 * yours (the store never ends it), and the schema (default `omnithread`).
 *
 * @example
 * ```ts
 * import type { PostgresConnectionOptions } from 'omnithread/postgres';
 * const options: PostgresConnectionOptions = { connectionString: 'postgres://postgres@127.0.0.1:5432/test', schema: 'helpdesk' };
 * ```
 */
export type PostgresConnectionOptions = (
  | { readonly connectionString: string; readonly pool?: undefined }
  | { readonly pool: PgPool; readonly connectionString?: undefined }
) & {
  /** The schema holding the store's tables (created by the migrations). Default `omnithread`. */
  readonly schema?: string;
};

/**
 * @example
 * ```ts
 * import { createPostgresStore } from 'omnithread/postgres';
 * const store = await createPostgresStore({ connectionString, schema: 'helpdesk', migrate: false, pollIntervalMs: 500 });
 * ```
 */
export type PostgresStoreOptions = PostgresConnectionOptions & {
  /**
   * Apply missing migrations when opening (default `true`; safe when several processes open at
   * once). With `false` the store only checks that the schema is at the version it needs.
   */
  readonly migrate?: boolean;
  /** How often subscriptions check the head, in case a notification was missed (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Connections of the pool the store makes from a connection string (default 10). */
  readonly maxConnections?: number;
};

/**
 * An {@link EventStore} in PostgreSQL, plus the schema it uses.
 *
 * @example
 * ```ts
 * import { type PostgresEventStore, createPostgresStore } from 'omnithread/postgres';
 * const store: PostgresEventStore = await createPostgresStore({ connectionString });
 * console.log(store.schema); // 'omnithread'
 * ```
 */
export interface PostgresEventStore<E extends StorableEvent = OmnithreadEvent> extends EventStore<E> {
  readonly schema: string;
}

function ownPool(options: PostgresConnectionOptions, max?: number): { pool: PgPool; owned: boolean } {
  if (options.pool !== undefined) return { pool: options.pool, owned: false };
  if (typeof options.connectionString !== 'string' || options.connectionString.length === 0) {
    throw invalidArgument('give either connectionString or pool', ['connectionString']);
  }
  const pool = new pg.Pool({ connectionString: options.connectionString, ...(max === undefined ? {} : { max }) });
  // An idle connection that dies (server restart) must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  return { pool, owned: true };
}

/**
 * Applies the store's SQL migrations to a schema (creating it), under an advisory lock so that
 * concurrent callers apply each version once. Idempotent.
 *
 * @example
 * ```ts
 * import { migrate } from 'omnithread/postgres';
 * const { applied, version } = await migrate({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
 * ```
 */
export async function migrate(options: PostgresConnectionOptions): Promise<MigrateResult> {
  const names = storeNames(options.schema ?? DEFAULT_SCHEMA);
  const { pool, owned } = ownPool(options, 1);
  try {
    return await migrateSchema(pool, names);
  } finally {
    if (owned) await pool.end();
  }
}

/**
 * Opens the PostgreSQL store: idempotent appends by (stream, id), expected-version checks, a dense
 * global order that concurrent writers in any number of processes commit in position order, paged
 * reads, and subscriptions woken by LISTEN/NOTIFY with a polling fallback.
 *
 * @example
 * ```ts
 * import { createEngine } from 'omnithread';
 * import { createPostgresStore } from 'omnithread/postgres';
 * const store = await createPostgresStore({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
 * const engine = createEngine({ store });
 * ```
 */
export async function createPostgresStore<E extends StorableEvent = OmnithreadEvent>(options: PostgresStoreOptions): Promise<PostgresEventStore<E>> {
  const names = storeNames(options.schema ?? DEFAULT_SCHEMA);
  assertOptionalInt(options.pollIntervalMs, 'pollIntervalMs', 1);
  assertOptionalInt(options.maxConnections, 'maxConnections', 2);
  const { pool, owned } = ownPool(options, options.maxConnections);
  try {
    if (options.migrate === false) await assertMigrated(pool, names);
    else await migrateSchema(pool, names);
  } catch (error) {
    if (owned) await pool.end().catch(() => undefined);
    // A server that does not answer (ECONNREFUSED, a bad host, auth) is an I/O failure of the store,
    // typed like the file store's, with the driver's error kept as the cause.
    if (isOmnithreadError(error)) throw error;
    throw new OmnithreadError('STORE_IO', `Cannot open the PostgreSQL store: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  const sql = statements(names);
  let closed = false;
  let closing: Promise<void> | undefined;
  /** Appends and reads started and not yet done: `close()` lets them finish before ending the pool. */
  const working = new Set<Promise<unknown>>();

  function ensureOpen(): void {
    if (closed) throw closedError();
  }
  /**
   * A read started before close() finishes first (close waits for it); one that still meets the
   * ended pool reports STORE_CLOSED rather than a pool error.
   */
  async function guard<T>(read: Promise<T>): Promise<T> {
    working.add(read);
    try {
      return await read;
    } catch (error) {
      if (closed) throw closedError();
      throw error;
    } finally {
      working.delete(read);
    }
  }

  const tail = createTail<E>({
    pool,
    channel: names.channel,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    readPage: (from, limit) => guard(readLogPage<E>(pool, sql, from, limit)),
    readHead: async () => (await pool.query<{ position: number }>(sql.head([]))).rows[0]?.position ?? 0,
  });

  return {
    schema: names.schema,

    appendToStream(streamName, events, appendOptions) {
      let run: Promise<Awaited<ReturnType<EventStore<E>['appendToStream']>>>;
      try {
        ensureOpen();
        assertStreamName(streamName);
        const expected = validateExpected(appendOptions);
        const owns = (appendOptions as { [ownedEvents]?: unknown } | undefined)?.[ownedEvents] === true;
        run = appendToPostgres(pool, sql, streamName, events, expected, owns);
      } catch (error) {
        return Promise.reject(error);
      }
      // Registered at once, so that a close() called right after this still waits for it.
      working.add(run);
      const settle = () => working.delete(run);
      run.then((result) => {
        settle();
        if (result.appended.length > 0) tail.appended(result.lastPosition);
      }, settle);
      return run;
    },

    async readStream(streamName, readOptions = {}) {
      ensureOpen();
      assertStreamName(streamName);
      assertOptionalInt(readOptions.from, 'from', 1);
      assertOptionalInt(readOptions.to, 'to', 0);
      assertOptionalInt(readOptions.maxCount, 'maxCount', 0);
      return guard(readStreamRange<E>(pool, sql, streamName, { from: readOptions.from ?? 1, to: readOptions.to, maxCount: readOptions.maxCount }));
    },

    readAll(readOptions = {}) {
      ensureOpen();
      assertOptionalInt(readOptions.from, 'from', 1);
      assertOptionalInt(readOptions.maxCount, 'maxCount', 0);
      assertOptionalInt(readOptions.batchSize, 'batchSize', 1);
      return readLog<E>(pool, sql, {
        from: readOptions.from ?? 1,
        maxCount: readOptions.maxCount ?? Number.POSITIVE_INFINITY,
        batchSize: readOptions.batchSize ?? 1000,
        ensureOpen,
        guard,
      });
    },

    subscribe(subscribeOptions) {
      ensureOpen();
      if (typeof subscribeOptions?.onEvent !== 'function') throw invalidArgument('onEvent must be a function', ['onEvent']);
      assertOptionalInt(subscribeOptions.from, 'from', 1);
      return tail.subscribe(subscribeOptions);
    },

    async streams() {
      ensureOpen();
      const { rows } = await guard(pool.query<[string]>(sql.streams([])));
      return rows.map(([name]) => decodeTextKey(name));
    },

    async storeId() {
      ensureOpen();
      const { rows } = await guard(pool.query<{ store_id: string }>(sql.storeId([])));
      return rows[0]?.store_id;
    },

    async lastPosition() {
      ensureOpen();
      const { rows } = await guard(pool.query<{ position: number }>(sql.head([])));
      return rows[0]?.position ?? 0;
    },

    close() {
      if (!closing) {
        closed = true;
        closing = (async () => {
          await tail.stop();
          await Promise.allSettled([...working]);
          if (owned) await pool.end();
        })();
      }
      return closing;
    },
  };
}
