/**
 * The store's SQL, as prepared statements (a name per statement and schema: node-postgres parses
 * and plans each once per connection). Every statement is one snapshot: what it returns is
 * consistent with itself under concurrent appends.
 */
import type { StoreNames } from './names.js';
import { COLUMN_TYPES, type PgQueryConfig } from './pg-like.js';

/**
 * Builds the query for one call of a statement.
 *
 * @example
 * ```ts
 * import type { PgPool } from 'omnithread/postgres';
 * declare const pool: PgPool; // node-postgres's Pool, as this module sees it
 * import { storeNames } from './names.js';
 * import { statements } from './statements.js';
 * const sql = statements(storeNames('helpdesk'));
 * const { rows } = await pool.query(sql.head([]));
 * ```
 */
export type Statement = (values: readonly unknown[]) => PgQueryConfig;

function prepared(name: string, names: StoreNames, text: string, rowMode?: 'array'): Statement {
  const base = { name: `omnithread.${name}.${names.tag}`, text, types: COLUMN_TYPES, ...(rowMode ? { rowMode } : {}) };
  return (values) => ({ ...base, values });
}

/**
 * The statements of one store schema.
 *
 * @example
 * ```ts
 * import { storeNames } from './names.js';
 * const sql: Statements = statements(storeNames('helpdesk'));
 * ```
 */
export interface Statements {
  /** ($1 stream, $2 expected, $3 ids, $4 JSON array of events) → o_ok, o_version, o_head. */
  readonly append: Statement;
  /** ($1 stream, $2 ids) → the stream's version and last position, then one row per stored id. */
  readonly existing: Statement;
  /** ($1 stream, $2 from, $3 to, $4 limit|null) → [version, position, streamVersion, data] rows. */
  readonly readStream: Statement;
  /** ($1 from, $2 limit) → [position, stream, streamVersion, data] rows in global order. */
  readonly readAll: Statement;
  readonly head: Statement;
  readonly storeId: Statement;
  readonly streams: Statement;
}

/**
 * Prepares (by name) the statements of one schema.
 *
 * @example
 * ```ts
 * import type { PgPool } from 'omnithread/postgres';
 * declare const pool: PgPool; // node-postgres's Pool, as this module sees it
 * import { storeNames } from './names.js';
 * await pool.query(statements(storeNames('helpdesk')).readAll([1, 1000]));
 * ```
 */
export function statements(names: StoreNames): Statements {
  const s = names.quoted;
  return {
    append: prepared('append', names, `SELECT o_ok, o_version, o_head FROM ${s}.append_events($1, $2, $3::text[], $4::json)`),
    existing: prepared(
      'existing',
      names,
      `SELECT st.version, st.last_position, e.event_id, e.global_position, e.data
         FROM (SELECT coalesce(max(version), 0) AS version, coalesce(max(last_position), 0) AS last_position
                 FROM ${s}.streams WHERE stream_name = $1) st
         LEFT JOIN ${s}.events e ON e.stream_name = $1 AND e.event_id = ANY($2::text[])`,
    ),
    readStream: prepared(
      'read_stream',
      names,
      `SELECT st.version, e.global_position, e.stream_version, e.data
         FROM (SELECT coalesce(max(version), 0) AS version FROM ${s}.streams WHERE stream_name = $1) st
         LEFT JOIN LATERAL (
           SELECT global_position, stream_version, data FROM ${s}.events
            WHERE stream_name = $1 AND stream_version >= $2 AND stream_version <= least($3::bigint, st.version)
            ORDER BY stream_version LIMIT $4
         ) e ON true`,
      'array',
    ),
    readAll: prepared(
      'read_all',
      names,
      `SELECT global_position, stream_name, stream_version, data FROM ${s}.events
        WHERE global_position >= $1 ORDER BY global_position LIMIT $2`,
      'array',
    ),
    head: prepared('head', names, `SELECT position FROM ${s}.head`),
    storeId: prepared('store-id', names, `SELECT store_id FROM ${s}.store`),
    streams: prepared('streams', names, `SELECT stream_name FROM ${s}.streams ORDER BY created_position`, 'array'),
  };
}
