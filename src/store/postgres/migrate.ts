/**
 * Versioned schema migrations. Each store schema has a `schema_migrations` table listing the
 * versions applied. `migrate` applies the missing ones in one transaction, under an advisory lock
 * named after the schema, so two processes migrating at once apply each version exactly once (the
 * second waits, then finds nothing to do). DDL is transactional in PostgreSQL: a failed migration
 * leaves the schema as it was.
 */
import { OmnithreadError } from '../../errors.js';
import { advisoryLockKey } from './advisory-lock.js';
import { eventLogSql } from './migrations/0001-event-log.js';
import { storeIdSql } from './migrations/0002-store-id.js';
import type { StoreNames } from './names.js';
import type { PgPool } from './pg-like.js';

/**
 * One schema change, shipped with the package. Versions are dense from 1 and never edited once released.
 *
 * @example
 * ```ts
 * import type { Migration } from 'omnithread/postgres';
 * const next: Migration = { version: 3, name: 'an index', sql: ({ quoted }) => `CREATE INDEX ON ${quoted}.events (appended_at)` };
 * ```
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  sql(names: StoreNames): string;
}

/**
 * Every migration, in order.
 *
 * @example
 * ```ts
 * import { MIGRATIONS } from 'omnithread/postgres';
 * for (const m of MIGRATIONS) console.log(m.version, m.name);
 * ```
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'event log, streams, head, snapshots', sql: eventLogSql },
  { version: 2, name: 'store identity', sql: storeIdSql },
];

/**
 * The schema version this package reads and writes.
 *
 * @example
 * ```ts
 * import { SCHEMA_VERSION, migrate } from 'omnithread/postgres';
 * if ((await migrate({ connectionString })).version !== SCHEMA_VERSION) throw new Error('not migrated');
 * ```
 */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * What `migrate` did.
 *
 * @example
 * ```ts
 * import { migrate } from 'omnithread/postgres';
 * const { applied, version } = await migrate({ connectionString, schema: 'helpdesk' });
 * console.log(applied.length ? `applied ${applied.join(', ')}` : `already at version ${version}`);
 * ```
 */
export interface MigrateResult {
  readonly schema: string;
  /** Versions applied by this call (empty when the schema was up to date). */
  readonly applied: readonly number[];
  /** The schema's version now. */
  readonly version: number;
}

function newerSchema(names: StoreNames, found: number): OmnithreadError {
  const message = `schema "${names.schema}" is at version ${found}, newer than this omnithread knows (${SCHEMA_VERSION}): upgrade omnithread`;
  return new OmnithreadError('INVALID_ARGUMENT', message, { issues: [{ path: ['schema'], message }] });
}

/**
 * The schema's version: 0 when it (or its migrations table) does not exist. Runs no DDL.
 *
 * @example
 * ```ts
 * import { storeNames } from './names.js';
 * const version = await schemaVersion(pool, storeNames('helpdesk'));
 * ```
 */
export async function schemaVersion(pool: PgPool, names: StoreNames): Promise<number> {
  const table = `${names.quoted}.schema_migrations`;
  const { rows } = await pool.query<{ exists: string | null }>('SELECT to_regclass($1) AS exists', [table]);
  if (rows[0]?.exists == null) return 0;
  const found = await pool.query<{ version: number | null }>(`SELECT max(version)::int AS version FROM ${table}`);
  return found.rows[0]?.version ?? 0;
}

/**
 * Fails unless the schema is at exactly the version this package needs.
 *
 * @example
 * ```ts
 * import { storeNames } from './names.js';
 * await assertMigrated(pool, storeNames('helpdesk')); // INVALID_ARGUMENT: run "omnithread store migrate" …
 * ```
 */
export async function assertMigrated(pool: PgPool, names: StoreNames): Promise<void> {
  const version = await schemaVersion(pool, names);
  if (version > SCHEMA_VERSION) throw newerSchema(names, version);
  if (version < SCHEMA_VERSION) {
    const message = `schema "${names.schema}" is at version ${version}, this omnithread needs ${SCHEMA_VERSION}: run "omnithread store migrate --store postgres://…" (or migrate()), or open the store with migrate: true`;
    throw new OmnithreadError('INVALID_ARGUMENT', message, { issues: [{ path: ['schema'], message }] });
  }
}

/**
 * Applies the missing migrations to the schema (creating it if needed). Idempotent; safe to race.
 *
 * @example
 * ```ts
 * import { storeNames } from './names.js';
 * const { applied } = await migrateSchema(pool, storeNames('helpdesk'));
 * ```
 */
export async function migrateSchema(pool: PgPool, names: StoreNames): Promise<MigrateResult> {
  const current = await schemaVersion(pool, names);
  if (current > SCHEMA_VERSION) throw newerSchema(names, current);
  // Up to date: no DDL at all, so a role without CREATE rights can still open the store.
  if (current === SCHEMA_VERSION) return { schema: names.schema, applied: [], version: current };
  const [k1, k2] = advisoryLockKey('omnithread.migrate', names.schema);
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [k1, k2]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${names.quoted}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${names.quoted}.schema_migrations (
         version    integer     PRIMARY KEY,
         name       text        NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    // Read under the lock: a process that migrated while we waited has already done the work.
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${names.quoted}.schema_migrations`);
    const done = new Set(rows.map((r) => Number(r.version)));
    const highest = Math.max(0, ...done);
    if (highest > SCHEMA_VERSION) throw newerSchema(names, highest);
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql(names));
      await client.query(`INSERT INTO ${names.quoted}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return { schema: names.schema, applied, version: SCHEMA_VERSION };
  } catch (error) {
    failed = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failed && !(failed instanceof OmnithreadError) ? failed : undefined);
  }
}
