/**
 * `omnithread/postgres`: the PostgreSQL event store and the partition owners that run engines on
 * several processes over it. Needs the `pg` package (node-postgres), an optional peer dependency of
 * omnithread: `npm install pg`.
 *
 * This barrel sits above every layer (like src/index.ts) because the store lives below the engine
 * (src/store/postgres) and the partition owner above it (src/cluster): one entry point for users,
 * one-way layers inside.
 */
export {
  advisoryLockKey,
  createPostgresStore,
  DEFAULT_SCHEMA,
  migrate,
  MIGRATIONS,
  partitionOf,
  SCHEMA_VERSION,
  tryAdvisoryLock,
  type AdvisoryLock,
  type AdvisoryLockKey,
  type MigrateResult,
  type Migration,
  type PgNotification,
  type PgPool,
  type PgPoolClient,
  type PgQueryConfig,
  type PgResult,
  type PostgresConnectionOptions,
  type PostgresEventStore,
  type PostgresStoreOptions,
} from '../store/postgres/index.js';
export {
  createPartitionOwner,
  loadSnapshot,
  saveSnapshot,
  SNAPSHOT_ROW_FORMAT,
  type PartitionOwner,
  type PartitionOwnerOptions,
  type PartitionSnapshotReport,
  type SavedSnapshot,
  type SnapshotPlace,
} from '../cluster/index.js';
