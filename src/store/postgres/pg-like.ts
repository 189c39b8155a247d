/**
 * The part of node-postgres (`pg`) the store uses, as structural types: a `pg.Pool` fits them, and
 * the published declarations do not need `@types/pg` to compile.
 */

/**
 * One query, as node-postgres takes it (a name makes it a prepared statement).
 *
 * @example
 * ```ts
 * import type { PgQueryConfig } from 'omnithread/postgres';
 * const query: PgQueryConfig = { name: 'head', text: 'SELECT position FROM omnithread.head', values: [] };
 * ```
 */
export interface PgQueryConfig {
  readonly text: string;
  readonly values?: readonly unknown[];
  readonly name?: string;
  readonly rowMode?: 'array';
  readonly types?: { getTypeParser(oid: number, format?: string): (value: string) => unknown };
}

/**
 * What a query resolves to.
 *
 * @example
 * ```ts
 * import type { PgResult } from 'omnithread/postgres';
 * const { rows }: PgResult<{ one: number }> = await pool.query('SELECT 1 AS one');
 * ```
 */
export interface PgResult<R = unknown> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

/**
 * A LISTEN notification.
 *
 * @example
 * ```ts
 * import type { PgNotification } from 'omnithread/postgres';
 * const client = await pool.connect();
 * client.on('notification', (n: PgNotification) => console.log(n.channel, n.payload));
 * ```
 */
export interface PgNotification {
  readonly channel: string;
  readonly payload?: string | undefined;
}

/**
 * A connection checked out of a pool.
 *
 * @example
 * ```ts
 * import type { PgPoolClient } from 'omnithread/postgres';
 * const client: PgPoolClient = await pool.connect();
 * try { await client.query('SELECT 1'); } finally { client.release(); }
 * ```
 */
export interface PgPoolClient {
  query<R = unknown>(config: PgQueryConfig): Promise<PgResult<R>>;
  query<R = unknown>(text: string, values?: unknown[]): Promise<PgResult<R>>;
  release(error?: Error | boolean): void;
  on(event: 'notification', listener: (message: PgNotification) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  // `any`: the signature of EventEmitter.removeListener, so that a pg client fits.
  // biome-ignore lint/suspicious/noExplicitAny: a narrower parameter type would stop pg's Client from fitting
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
}

/**
 * A pool of connections: a `pg.Pool` (node-postgres), or anything with the same methods.
 *
 * @example
 * ```ts
 * import type { PgPool } from 'omnithread/postgres';
 * import pg from 'pg';
 * const pool: PgPool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
 * ```
 */
export interface PgPool {
  query<R = unknown>(config: PgQueryConfig): Promise<PgResult<R>>;
  query<R = unknown>(text: string, values?: unknown[]): Promise<PgResult<R>>;
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
}

/**
 * The SQLSTATE of a PostgreSQL error, if it is one.
 *
 * @example
 * ```ts
 * try {
 *   await pool.query('INSERT INTO helpdesk.streams (name) VALUES ($1)', ['acme']);
 * } catch (error) {
 *   if (sqlState(error) === '23505') console.log('unique violation');
 * }
 * ```
 */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 ? code : undefined;
}

/**
 * Column parsers: `bigint` and `int` as numbers (positions stay far below 2^53), `json` parsed, `bool`, the rest as text.
 *
 * @example
 * ```ts
 * await pool.query({ text: 'SELECT position FROM omnithread.head', types: COLUMN_TYPES }); // rows[0].position is a number
 * ```
 */
export const COLUMN_TYPES: NonNullable<PgQueryConfig['types']> = {
  getTypeParser(oid: number) {
    if (oid === 20) return Number;
    if (oid === 114 || oid === 3802) return JSON.parse as (value: string) => unknown;
    if (oid === 16) return (value: string) => value === 't';
    if (oid === 23) return Number;
    return (value: string) => value;
  },
};
