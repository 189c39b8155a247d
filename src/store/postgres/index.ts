/**
 * `omnithread/postgres`: the PostgreSQL event store. Needs the `pg` package (node-postgres), an
 * optional peer dependency of omnithread: `npm install pg`.
 */
export {
  createPostgresStore,
  migrate,
  type PostgresConnectionOptions,
  type PostgresEventStore,
  type PostgresStoreOptions,
} from './store.js';
export { MIGRATIONS, SCHEMA_VERSION, type Migration, type MigrateResult } from './migrate.js';
export { DEFAULT_SCHEMA } from './names.js';
export { advisoryLockKey, tryAdvisoryLock, type AdvisoryLock, type AdvisoryLockKey } from './advisory-lock.js';
export { partitionOf } from './partitions.js';
export type { PgPool, PgPoolClient, PgQueryConfig, PgResult, PgNotification } from './pg-like.js';
