/**
 * Migration 2: the store's identity (`storeId()`), one row made when the schema is, so that an
 * engine's snapshots are bound to this log and refused over any other.
 */
import type { StoreNames } from '../names.js';

/**
 * The SQL of migration 2 for one schema.
 *
 * @example
 * ```ts
 * import { storeNames } from '../names.js';
 * const client = await pool.connect();
 * await client.query(storeIdSql(storeNames('helpdesk')));
 * ```
 */
export function storeIdSql({ quoted: s }: StoreNames): string {
  // md5 of random text and the clock, shaped as a uuid: gen_random_uuid() is core only from 13.
  return `
CREATE TABLE ${s}.store (
  id       boolean PRIMARY KEY DEFAULT true CHECK (id),
  store_id text    NOT NULL
);
INSERT INTO ${s}.store (id, store_id) VALUES (true, 'postgres-' || md5(random()::text || clock_timestamp()::text)::uuid::text);
`;
}
