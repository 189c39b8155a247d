/**
 * Reads: one stream by version, the whole log in keyset pages by global position. `readAll` fetches
 * the next page while the caller works on the current one, so a replay waits on the database only
 * when it outruns it; a page that came back short (the end of the log) is read again when it is
 * needed, so events appended meanwhile are still included.
 */
import type { ReadStreamResult, StorableEvent, StoredEvent } from '../types.js';
import type { PgPool } from './pg-like.js';
import type { Statements } from './statements.js';
import { decodeTextKey, encodeTextKey } from './text-key.js';

type StreamRow = [version: number, position: number | null, streamVersion: number | null, data: unknown];
type LogRow = [position: number, stream: string, streamVersion: number, data: unknown];

/**
 * Versions of one stream to read (inclusive).
 *
 * @example
 * ```ts
 * const range: ReadStreamRange = { from: 1, to: undefined, maxCount: 100 };
 * ```
 */
export interface ReadStreamRange {
  readonly from: number;
  readonly to: number | undefined;
  readonly maxCount: number | undefined;
}

/**
 * One stream's slice and its current version, from one snapshot.
 *
 * @example
 * ```ts
 * import { storeNames } from './names.js';
 * import { statements } from './statements.js';
 * const sql = statements(storeNames('helpdesk'));
 * const { events, currentStreamVersion } = await readStreamRange(pool, sql, 'acme', { from: 1, to: undefined, maxCount: undefined });
 * ```
 */
export async function readStreamRange<E extends StorableEvent>(pool: PgPool, sql: Statements, streamName: string, range: ReadStreamRange): Promise<ReadStreamResult<E>> {
  const to = range.to ?? Number.MAX_SAFE_INTEGER;
  const { rows } = await pool.query<StreamRow>(sql.readStream([encodeTextKey(streamName), range.from, to, range.maxCount ?? null]));
  const version = rows[0]?.[0] ?? 0;
  const events: StoredEvent<E>[] = [];
  for (const [, position, streamVersion, data] of rows) {
    if (position === null || streamVersion === null) continue;
    events.push({ event: data as E, streamName, streamVersion, globalPosition: position });
  }
  return { currentStreamVersion: version, streamExists: version > 0, events };
}

/**
 * Committed events from global position `from` on, at most `limit`, in global order.
 *
 * @example
 * ```ts
 * import { storeNames } from './names.js';
 * import { statements } from './statements.js';
 * const sql = statements(storeNames('helpdesk'));
 * const page = await readLogPage(pool, sql, 1, 1000);
 * ```
 */
export async function readLogPage<E extends StorableEvent>(pool: PgPool, sql: Statements, from: number, limit: number): Promise<StoredEvent<E>[]> {
  const { rows } = await pool.query<LogRow>(sql.readAll([from, limit]));
  const page = new Array<StoredEvent<E>>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [position, stream, streamVersion, data] = rows[i]!;
    page[i] = { event: data as E, streamName: stream.charCodeAt(0) === 1 ? decodeTextKey(stream) : stream, streamVersion, globalPosition: position };
  }
  return page;
}

/**
 * How `readLog` pages through the log.
 *
 * @example
 * ```ts
 * const options: LogReadOptions = { from: 1, maxCount: Infinity, batchSize: 1000, ensureOpen: () => {}, guard: (p) => p };
 * ```
 */
export interface LogReadOptions {
  readonly from: number;
  readonly maxCount: number;
  readonly batchSize: number;
  /** Throws when the store is closed: checked before every page. */
  ensureOpen(): void;
  /** Maps a failed read to the error the caller sees (STORE_CLOSED after close). */
  guard<T>(read: Promise<T>): Promise<T>;
}

/**
 * The log in batches, one page read ahead.
 *
 * @example
 * ```ts
 * import { type OmnithreadEvent, fold, initialState } from 'omnithread';
 * import { storeNames } from './names.js';
 * import { statements } from './statements.js';
 * const sql = statements(storeNames('helpdesk'));
 * const options = { from: 1, maxCount: Number.POSITIVE_INFINITY, batchSize: 500, ensureOpen: () => {}, guard: <T>(read: Promise<T>) => read };
 * let state = initialState();
 * for await (const batch of readLog<OmnithreadEvent>(pool, sql, options)) state = fold(state, batch.map((s) => s.event));
 * ```
 */
export async function* readLog<E extends StorableEvent>(pool: PgPool, sql: Statements, options: LogReadOptions): AsyncGenerator<readonly StoredEvent<E>[]> {
  let cursor = options.from;
  let remaining = options.maxCount;
  let ahead: Promise<StoredEvent<E>[]> | undefined;
  const fetch = (from: number, limit: number) => options.guard(readLogPage<E>(pool, sql, from, limit));
  while (remaining > 0) {
    options.ensureOpen();
    const limit = Math.min(options.batchSize, remaining);
    let page: StoredEvent<E>[];
    if (ahead) {
      page = await ahead;
      ahead = undefined;
      // Fetched before the caller's last batch was done with: at the end of the log, look again.
      if (page.length < limit) page = await fetch(cursor, limit);
    } else {
      page = await fetch(cursor, limit);
    }
    if (page.length === 0) return;
    remaining -= page.length;
    cursor = page[page.length - 1]!.globalPosition + 1;
    if (page.length === limit && remaining > 0) {
      ahead = fetch(cursor, Math.min(options.batchSize, remaining));
      // Read (or dropped, if the caller stops iterating) later: never an unhandled rejection.
      ahead.catch(() => undefined);
    }
    yield page;
  }
}
