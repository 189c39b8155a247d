/**
 * Names the store uses in the database, all derived from the schema name in one place: the quoted
 * schema, the LISTEN channel, prepared-statement names and the migration lock.
 */
import { createHash } from 'node:crypto';
import { invalidArgument } from '../append-plan.js';

/**
 * The schema a store uses when none is given.
 *
 * @example
 * ```ts
 * import { DEFAULT_SCHEMA, createPostgresStore } from 'omnithread/postgres';
 * const store = await createPostgresStore({ connectionString, schema: DEFAULT_SCHEMA });
 * ```
 */
export const DEFAULT_SCHEMA = 'omnithread';

/** PostgreSQL cuts identifiers to 63 bytes; the channel adds 11, so a schema name may have 52. */
const MAX_SCHEMA_BYTES = 52;

/**
 * Everything named after one store schema.
 *
 * @example
 * ```ts
 * const { quoted, channel }: StoreNames = storeNames('helpdesk'); // '"helpdesk"', 'omnithread.helpdesk'
 * ```
 */
export interface StoreNames {
  readonly schema: string;
  /** The schema as a quoted identifier, for SQL text. */
  readonly quoted: string;
  /** The NOTIFY channel appends signal on (`omnithread.<schema>`). */
  readonly channel: string;
  /** A short, stable tag for prepared-statement names (they are per connection, shared by schemas). */
  readonly tag: string;
}

/**
 * `"name"`, with quotes doubled: any name is safe in SQL text.
 *
 * @example
 * ```ts
 * quoteIdentifier('a"b'); // '"a""b"'
 * ```
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * `'text'`, with quotes doubled (standard_conforming_strings is on since PostgreSQL 9.1).
 *
 * @example
 * ```ts
 * quoteLiteral("it's"); // "'it''s'"
 * ```
 */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Checks a schema name and derives the store's names from it.
 *
 * @example
 * ```ts
 * storeNames('omnithread').channel; // 'omnithread.omnithread'
 * ```
 */
export function storeNames(schema: unknown = DEFAULT_SCHEMA): StoreNames {
  if (typeof schema !== 'string' || schema.length === 0 || schema.includes('\u0000')) {
    throw invalidArgument('schema must be a non-empty string without NUL characters', ['schema']);
  }
  if (Buffer.byteLength(schema, 'utf8') > MAX_SCHEMA_BYTES) {
    throw invalidArgument(`schema must be at most ${MAX_SCHEMA_BYTES} bytes long (PostgreSQL cuts longer names), got ${JSON.stringify(schema)}`, ['schema']);
  }
  if (schema.startsWith('pg_')) throw invalidArgument('schema names starting with "pg_" are reserved by PostgreSQL', ['schema']);
  return {
    schema,
    quoted: quoteIdentifier(schema),
    channel: `omnithread.${schema}`,
    tag: createHash('sha256').update(schema).digest('hex').slice(0, 12),
  };
}
