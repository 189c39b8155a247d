/**
 * Migration 3: snapshot chunks compressed with lz4 instead of pglz. A chunk is a megabyte of JSON
 * lines; pglz made writing a 200k-event snapshot ~1 s slower than lz4 and reading it no faster.
 * A server built without lz4 (or older than 14, which has no `SET COMPRESSION`) keeps the chunks
 * uncompressed (`STORAGE EXTERNAL`): pglz is the slow part, and chunks are read whole anyway. Only rows written afterwards change.
 */
import { quoteLiteral, type StoreNames } from '../names.js';

/**
 * The SQL of migration 3 for one schema.
 *
 * @example
 * ```ts
 * await client.query(snapshotCompressionSql(storeNames('helpdesk')));
 * ```
 */
export function snapshotCompressionSql({ quoted: s }: StoreNames): string {
  const lz4 = `ALTER TABLE ${s}.snapshots ALTER COLUMN data SET COMPRESSION lz4`;
  const external = `ALTER TABLE ${s}.snapshots ALTER COLUMN data SET STORAGE EXTERNAL`;
  return `
DO $migration$
BEGIN
  EXECUTE ${quoteLiteral(lz4)};
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN
  EXECUTE ${quoteLiteral(external)};
END
$migration$;
`;
}
