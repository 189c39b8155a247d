/**
 * What the PostgreSQL store adds to the contract: migrations (versioned, idempotent, safe to race),
 * several store instances (processes) on one schema, subscriptions that survive a lost listening
 * connection, a log with a hole reported rather than skipped, advisory locks that die with their
 * connection, and a caller's pool left open.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isOmnithreadError } from '../../src/errors.js';
import type { StoredEvent } from '../../src/store/index.js';
import { advisoryLockKey, createPostgresStore, migrate, MIGRATIONS, type PostgresEventStore, SCHEMA_VERSION, tryAdvisoryLock } from '../../src/store/postgres/index.js';
import { note, notes, rejection, waitFor } from './helpers/events.js';
import { PG_URL, dropSchema, pgAvailable, pgSkipReason, uniqueSchema } from './helpers/postgres.js';

describe.skipIf(!pgAvailable)(`postgres store${pgAvailable ? '' : ` (${pgSkipReason})`}`, () => {
  let admin: pg.Pool;
  const schemas: string[] = [];
  const stores: PostgresEventStore[] = [];
  const schema = (label: string) => {
    const name = uniqueSchema(label);
    schemas.push(name);
    return name;
  };
  const open = async (name: string, options: { pollIntervalMs?: number } = {}) => {
    const store = await createPostgresStore({ connectionString: PG_URL, schema: name, ...options });
    stores.push(store);
    return store;
  };

  beforeAll(() => {
    admin = new pg.Pool({ connectionString: PG_URL, max: 3 });
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const name of schemas.splice(0)) await dropSchema(name);
  });
  afterAll(async () => {
    await admin.end();
  });

  describe('migrations', () => {
    it('migrate() creates the schema once; a second call applies nothing', async () => {
      const name = schema('mig');
      expect(await migrate({ connectionString: PG_URL, schema: name })).toEqual({ schema: name, applied: MIGRATIONS.map((m) => m.version), version: SCHEMA_VERSION });
      expect(await migrate({ connectionString: PG_URL, schema: name })).toEqual({ schema: name, applied: [], version: SCHEMA_VERSION });
      const { rows } = await admin.query(`SELECT version, name FROM "${name}".schema_migrations ORDER BY version`);
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      const tables = await admin.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [name]);
      expect(tables.rows.map((r) => r.table_name)).toEqual(['events', 'head', 'schema_migrations', 'snapshots', 'store', 'streams']);
    });

    it('six processes migrating the same new schema at once apply each version exactly once', async () => {
      const name = schema('race');
      const results = await Promise.all(Array.from({ length: 6 }, () => migrate({ connectionString: PG_URL, schema: name })));
      expect(results.flatMap((r) => r.applied)).toEqual(MIGRATIONS.map((m) => m.version));
      const store = await open(name);
      await store.appendToStream('acme', [note('a-1')]);
      expect(await store.lastPosition()).toBe(1);
    });

    it('migrate: false refuses a schema that is not migrated, and nobody opens a schema newer than it knows', async () => {
      const name = schema('nomig');
      const error = await createPostgresStore({ connectionString: PG_URL, schema: name, migrate: false }).catch((e: unknown) => e);
      expect(isOmnithreadError(error, 'INVALID_ARGUMENT') && error.message).toMatch(new RegExp(`version 0.*needs ${SCHEMA_VERSION}.*store migrate`));
      await migrate({ connectionString: PG_URL, schema: name });
      await admin.query(`INSERT INTO "${name}".schema_migrations (version, name) VALUES (99, 'from the future')`);
      // Started one at a time: a second promise created up front rejects unobserved (an unhandled rejection fails the run).
      for (const attempt of [() => createPostgresStore({ connectionString: PG_URL, schema: name }), () => migrate({ connectionString: PG_URL, schema: name })]) {
        const refused = await attempt().catch((e: unknown) => e);
        expect(isOmnithreadError(refused, 'INVALID_ARGUMENT') && refused.message).toMatch(/version 99, newer/);
      }
    });

    it('rejects schema names PostgreSQL would cut or reserves', async () => {
      for (const bad of ['', 'x'.repeat(53), 'pg_mine', 'a\u0000b']) {
        expect(await rejection(createPostgresStore({ connectionString: PG_URL, schema: bad }))).toBe('INVALID_ARGUMENT');
      }
    });
  });

  describe('several stores on one schema (as several processes)', () => {
    it('the same new id from two stores at once: one appends, the other gets a duplicate — or DUPLICATE_CONFLICT when the content differs', async () => {
      const name = schema('dup');
      const [a, b] = [await open(name), await open(name)];
      for (let round = 0; round < 10; round++) {
        const same = await Promise.all([a.appendToStream('acme', [note(`s-${round}`), note(`a-${round}`)]), b.appendToStream('acme', [note(`s-${round}`), note(`b-${round}`)])]);
        expect(same.flatMap((r) => r.appended.map((s) => s.event.id)).filter((id) => id === `s-${round}`)).toHaveLength(1);
        expect(same.flatMap((r) => r.duplicates)).toEqual([`s-${round}`]);
        const outcomes = await Promise.all([
          rejection(a.appendToStream('acme', [note(`c-${round}`, 'acme', 'from a')])),
          rejection(b.appendToStream('acme', [note(`c-${round}`, 'acme', 'from b')])),
        ]);
        expect(outcomes.sort()).toEqual(['DUPLICATE_CONFLICT', 'resolved']);
      }
      const { events } = await a.readStream('acme');
      expect(events.map((s) => s.streamVersion)).toEqual(events.map((_, i) => i + 1));
      expect(events).toHaveLength(40);
    });

    it('a stale expected version from another store is VERSION_CONFLICT; its retry of an acknowledged append is a duplicate', async () => {
      const name = schema('ver');
      const [a, b] = [await open(name), await open(name)];
      const first = await a.appendToStream('acme', [note('a-1')], { expectedStreamVersion: 'no_stream' });
      expect(await rejection(b.appendToStream('acme', [note('b-1')], { expectedStreamVersion: 'no_stream' }))).toBe('VERSION_CONFLICT');
      const retry = await b.appendToStream('acme', [note('a-1')], { expectedStreamVersion: 'no_stream' });
      expect(retry).toEqual({ nextExpectedStreamVersion: 1, lastPosition: first.lastPosition, createdNewStream: false, appended: [], duplicates: ['a-1'] });
    });

    it("a subscriber is woken by another store's append through NOTIFY, long before its poll", async () => {
      const name = schema('notify');
      const tailing = await open(name, { pollIntervalMs: 60_000 });
      const writer = await open(name);
      const seen: number[] = [];
      const stop = tailing.subscribe({ onEvent: (s) => void seen.push(s.globalPosition) });
      await new Promise((r) => setTimeout(r, 300)); // LISTEN is in place
      const started = Date.now();
      await writer.appendToStream('acme', notes('a', 3));
      await waitFor(() => seen.length === 3, 10_000);
      stop();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(seen).toEqual([1, 2, 3]);
    });

    it('a subscriber whose listening connection is killed still gets everything, once, in order', async () => {
      const name = schema('kill');
      const tailing = await open(name, { pollIntervalMs: 100 });
      const writer = await open(name);
      const seen: StoredEvent[] = [];
      const errors: unknown[] = [];
      const stop = tailing.subscribe({ onEvent: (s) => void seen.push(s), onError: (e) => errors.push(e) });
      await writer.appendToStream('acme', notes('a', 5));
      await waitFor(() => seen.length === 5);
      for (let kill = 0; kill < 3; kill++) {
        const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1`, [`LISTEN "omnithread.${name}"`]);
        expect(killed.rowCount).toBe(1);
        await writer.appendToStream(kill % 2 ? 'acme' : 'globex', notes(`k${kill}`, 4));
        await waitFor(() => seen.length === 5 + 4 * (kill + 1), 10_000);
        await new Promise((r) => setTimeout(r, 400)); // reconnected
      }
      stop();
      expect(errors).toEqual([]);
      expect(seen.map((s) => s.globalPosition)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    });

    it('a hole in the log (a row deleted by hand) stops a subscriber with STORE_CORRUPT instead of skipping it', async () => {
      const name = schema('hole');
      const store = await open(name, { pollIntervalMs: 50 });
      await store.appendToStream('acme', notes('a', 4));
      await admin.query(`DELETE FROM "${name}".events WHERE global_position = 3`);
      const seen: number[] = [];
      const errors: unknown[] = [];
      store.subscribe({ onEvent: (s) => void seen.push(s.globalPosition), onError: (e) => errors.push(e) });
      await waitFor(() => errors.length === 1);
      expect(seen).toEqual([1, 2]);
      expect(isOmnithreadError(errors[0], 'STORE_CORRUPT') && (errors[0] as Error).message).toMatch(/no event at global position 3/);
    });
  });

  describe('connections', () => {
    it("a caller's pool is used and left open by close()", async () => {
      const name = schema('pool');
      const pool = new pg.Pool({ connectionString: PG_URL, max: 3 });
      const store = await createPostgresStore({ pool, schema: name });
      await store.appendToStream('acme', [note('a-1')]);
      await store.close();
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await pool.end();
    });

    it('an advisory lock is exclusive and is freed when its connection dies', async () => {
      const key = advisoryLockKey('omnithread.test', uniqueSchema('lock'));
      const other = new pg.Pool({ connectionString: PG_URL, max: 2 });
      other.on('error', () => undefined);
      const held = await tryAdvisoryLock(other, key);
      expect(held).toBeDefined();
      expect(await tryAdvisoryLock(admin, key)).toBeUndefined();
      const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 2`, [key[0] >>> 0, key[1] >>> 0]);
      expect(killed.rowCount).toBe(1);
      await held!.lost;
      const taken = await tryAdvisoryLock(admin, key);
      expect(taken).toBeDefined();
      await taken!.release();
      await held!.release(); // idempotent after loss
      await other.end();
    });
  });
});

describe('postgres store: a server that does not answer', () => {
  it('is STORE_IO with the driver error as cause, not a raw ECONNREFUSED (review of issue 15)', async () => {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    const error = await createPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test', schema: 'ot_unreachable' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isOmnithreadError(error) && error.code).toBe('STORE_IO');
    expect((error as Error).message).toMatch(/Cannot open the PostgreSQL store: .*ECONNREFUSED/);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
