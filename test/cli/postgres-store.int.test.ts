/**
 * The CLI on a PostgreSQL store: `store migrate`, then ingest, replay and queue with
 * `--store postgres://…` give what they give on a file store. In-process (runCli), each test in a
 * schema of its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseStoreSpec } from '../../src/cli/args.js';
import { runCli } from '../../src/cli/run.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/postgres/migrate.js';
import { PG_URL, dropSchema, pgAvailable, pgSkipReason, uniqueSchema } from '../store/helpers/postgres.js';
import { captureIo, mixedFile, tempDir } from './helpers.js';

async function run(argv: readonly string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('--store postgres:// parsing', () => {
  it('takes the schema out of the URL and hides the password in messages', () => {
    expect(parseStoreSpec('postgres://app:s3cret@db.internal:5432/helpdesk?schema=tenant_a&sslmode=require')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://app:s3cret@db.internal:5432/helpdesk?sslmode=require',
      schema: 'tenant_a',
      display: 'postgres://app:***@db.internal:5432/helpdesk?schema=tenant_a&sslmode=require',
    });
    expect(parseStoreSpec('postgresql://postgres@127.0.0.1/test')).toMatchObject({ kind: 'postgres', schema: undefined });
  });

  it('store migrate wants a postgres:// store', async () => {
    expect(await run(['store', 'migrate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('missing --store postgres://') });
    expect(await run(['store', 'migrate', '--store', 'file:x.log'])).toMatchObject({ code: 2, stderr: expect.stringContaining('for PostgreSQL stores') });
    expect(await run(['store', 'vacuum'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown store command "vacuum"') });
    expect((await run(['store', 'migrate', '--help'])).stdout).toMatch(/^Usage: omnithread store migrate --store postgres:/);
  });
});

describe.skipIf(!pgAvailable)(`CLI on a PostgreSQL store${pgAvailable ? '' : ` (${pgSkipReason})`}`, () => {
  const schemas: string[] = [];
  const storeFor = () => {
    const schema = uniqueSchema('cli');
    schemas.push(schema);
    return `${PG_URL}?schema=${schema}`;
  };
  afterEach(async () => {
    for (const schema of schemas.splice(0)) await dropSchema(schema);
  });

  it('store migrate applies every migration once, then reports the schema up to date', async () => {
    const store = storeFor();
    const first = await run(['store', 'migrate', '--store', store, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ applied: MIGRATIONS.map((m) => m.version), version: SCHEMA_VERSION, schema: schemas[0] });
    const again = await run(['store', 'migrate', '--store', store]);
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining(`is up to date (version ${SCHEMA_VERSION})`)]);
  });

  it('replay of a schema nobody migrated is "cannot open store" (exit 2), like a missing file', async () => {
    const r = await run(['replay', '--store', storeFor()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot open store postgres:.*store migrate/);
  });

  it('ingest, replay and queue on postgres:// agree with the file store', async () => {
    const dir = tempDir();
    const file = mixedFile(dir);
    const pgStore = storeFor();
    const fileStore = `file:${dir}/events.log`;
    for (const store of [pgStore, fileStore]) {
      const ingested = await run(['ingest', file, '--store', store, '--json', '--allow-rejects']);
      expect(ingested.code).toBe(0);
      expect(JSON.parse(ingested.stdout)).toMatchObject({ accepted: 3, duplicates: 1 });
    }
    const replays = await Promise.all([pgStore, fileStore].map((store) => run(['replay', '--store', store, '--json'])));
    const [fromPg, fromFile] = replays.map((r) => {
      expect(r.code).toBe(0);
      const { store: _store, ...summary } = JSON.parse(r.stdout) as Record<string, unknown>;
      return summary;
    });
    expect(fromPg).toEqual(fromFile);
    expect(fromPg).toMatchObject({ position: 3, tenants: 1 });
    expect(JSON.parse(replays[0]!.stdout).store).toBe(pgStore);
    const queues = await Promise.all([pgStore, fileStore].map((store) => run(['queue', '--store', store, '--now', '2026-11-23T10:00:00Z', '--json'])));
    expect(queues[0]!.stdout).toBe(queues[1]!.stdout);
  });
});
