/**
 * Which partitions someone holds, read from `pg_locks` without taking anything: a claim round
 * learns which partitions are free (and for how long they have been) before it decides to take one.
 */
import { advisoryLockKey } from '../store/postgres/advisory-lock.js';
import type { PgPool } from '../store/postgres/pg-like.js';

/**
 * The advisory-lock name of partition `p` of `partitions` in `schema`: the partition count is part of
 * it, so owners configured with different counts never believe they own the same tenants.
 *
 * @example
 * ```ts
 * lockName('helpdesk', 8, 3); // 'helpdesk/8/3'
 * ```
 */
export function lockName(schema: string, partitions: number, p: number): string {
  return `${schema}/${partitions}/${p}`;
}

/**
 * The partitions whose lock any session of this database holds now. A two-key advisory lock shows
 * in pg_locks as classid = key 1 and objid = key 2 (both as unsigned oids), objsubid = 2.
 *
 * @example
 * ```ts
 * const busy = await heldPartitions(pool, 'helpdesk', 8); // Set { 0, 3, 5 }
 * ```
 */
export async function heldPartitions(pool: PgPool, schema: string, partitions: number): Promise<Set<number>> {
  const { rows } = await pool.query<{ c: string; o: string }>(
    `SELECT classid::int8::text AS c, objid::int8::text AS o FROM pg_locks
      WHERE locktype = 'advisory' AND objsubid = 2 AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  const taken = new Set(rows.map((r) => `${r.c}/${r.o}`));
  const out = new Set<number>();
  for (let p = 0; p < partitions; p++) {
    const [a, b] = advisoryLockKey('omnithread.partition', lockName(schema, partitions, p));
    if (taken.has(`${a >>> 0}/${b >>> 0}`)) out.add(p);
  }
  return out;
}
