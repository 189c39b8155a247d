/**
 * A real PostgreSQL for the store tests: 127.0.0.1:5432, user postgres, trust auth, database
 * `test` (override with OMNITHREAD_TEST_PG). Each test gets a schema of its own, dropped after it.
 * When no server answers, the PostgreSQL suites are skipped with a message saying so.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.OMNITHREAD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

async function answers(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const problem = await answers();

/** True when a PostgreSQL server answers at {@link PG_URL}. */
export const pgAvailable = problem === undefined;

/** Why the PostgreSQL tests are skipped (empty when they run). */
export const pgSkipReason = problem === undefined ? '' : `skipped: no PostgreSQL answers at ${PG_URL} (${problem}); start one (see .ci/run) to run these tests`;

if (!pgAvailable) console.warn(`[omnithread tests] PostgreSQL ${pgSkipReason}`);

/** A schema name no other test (or test run) uses. */
export function uniqueSchema(label = 't'): string {
  return `ot_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`);
  } finally {
    await client.end();
  }
}
