/**
 * Engine snapshots kept in PostgreSQL (issue 15: "a new owner resumes from the latest snapshot
 * stored in PostgreSQL plus the tail"): `saveSnapshot`/`loadSnapshot` round-trip a snapshot of
 * several chunks, keep only the newest, and refuse damage with a typed error; a partition owner
 * writes its partitions' snapshots, and the next owner starts from them and reads only the tail —
 * or, when a snapshot does not fit, reads the whole log and says why.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartitionOwner, loadSnapshot, type PartitionOwner, type PartitionSnapshotReport, saveSnapshot } from '../../src/cluster/index.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { isOmnithreadError } from '../../src/errors.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createPostgresStore, type PgPool, type PostgresEventStore } from '../../src/store/postgres/index.js';
import { partitionOf } from '../../src/store/postgres/partitions.js';
import { defaultThreadingPolicy } from '../../src/threading/default-policy.js';
import { readAllEvents } from '../store/helpers/events.js';
import { PG_URL, dropSchema, pgAvailable, pgSkipReason, uniqueSchema } from '../store/helpers/postgres.js';

const HOUR = 3_600_000; // no timer round runs during the test: rounds are called by hand
const T0 = Date.parse('2026-11-02T09:00:00Z');
const TENANTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark'];

/** `count` chat messages per tenant from visitors that come back, each with a sizeable text. */
function chats(from: number, count: number, tenants = TENANTS): object[] {
  return tenants.flatMap((tenantId) =>
    Array.from({ length: count }, (_, k) => ({
      id: `chat-${from + k}`,
      tenantId,
      schemaVersion: 2,
      type: 'message.received',
      occurredAt: T0 + (from + k) * 60_000,
      channel: 'chat',
      from: { kind: 'chat', visitorId: `visitor-${(from + k) % 23}` },
      content: { text: `question ${from + k}: ${'the order has not arrived yet, '.repeat(8)}` },
    })),
  );
}

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const stateOf = (engine: Engine, tenantId: string) => plain({ threads: engine.threads({ tenantId }), customers: engine.customers({ tenantId }) });

describe.skipIf(!pgAvailable)(`engine snapshots in PostgreSQL${pgAvailable ? '' : ` (${pgSkipReason})`}`, () => {
  const schema = uniqueSchema('snaps');
  let pool: pg.Pool;
  /** A store of its own for each engine (closing an engine closes its store). */
  const store = (): Promise<PostgresEventStore> => createPostgresStore({ pool, schema });
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    await dropSchema(schema);
  });
  const positions = async (name: string) =>
    (await pool.query<{ position: string; chunks: number }>(`SELECT position, count(*)::int AS chunks FROM "${schema}".snapshots WHERE name = $1 GROUP BY position ORDER BY position`, [name])).rows.map((r) => [Number(r.position), r.chunks]);

  it('round trip: a snapshot of several chunks reads back as the same state, and an engine resumes from it plus the tail', async () => {
    const engine = createEngine({ store: await store() });
    expect((await engine.ingest(chats(0, 500))).rejected).toEqual([]);
    const snapshot = engine.snapshot();
    const saved = await saveSnapshot(pool, { schema, name: 'engine', snapshot });
    expect(saved).toMatchObject({ saved: true, position: snapshot.position });
    expect(saved.chunks).toBeGreaterThan(1); // ~3,000 events: more than a megabyte of lines
    expect(await positions('engine')).toEqual([[snapshot.position, saved.chunks]]);
    const loaded = await loadSnapshot(pool, { schema, name: 'engine' });
    expect(loaded?.position).toBe(snapshot.position);
    expect(plain(loaded?.tenants.map((t) => [t.tenantId, t.digest]))).toEqual(plain(snapshot.tenants.map((t) => [t.tenantId, t.digest])));

    await engine.ingest(chats(500, 20)); // the tail
    const resumed = createEngine({ store: await store(), snapshot: loaded });
    await resumed.ready();
    for (const tenantId of TENANTS) expect(stateOf(resumed, tenantId), tenantId).toEqual(stateOf(engine, tenantId));
    expect(resumed.threads()).toHaveLength(engine.threads().length);
    await engine.close();
  });

  it('chunks are stored compressed with lz4, or uncompressed where the server has no lz4', async () => {
    await (await store()).close();
    const { rows } = await pool.query<{ compression: string; storage: string }>(
      `SELECT attcompression::text AS compression, attstorage::text AS storage FROM pg_attribute WHERE attrelid = '"${schema}".snapshots'::regclass AND attname = 'data'`,
    );
    expect([['l', 'x'], ['', 'e']]).toContainEqual([rows[0]?.compression, rows[0]?.storage]);
  });

  it('keeps only the newest snapshot of a name; one no newer than it is not written', async () => {
    const engine = createEngine({ store: await store() });
    await engine.ready();
    const older = engine.snapshot();
    await engine.ingest(chats(1000, 2));
    const newer = engine.snapshot();
    expect(newer.position).toBeGreaterThan(older.position);
    expect((await saveSnapshot(pool, { schema, name: 'newest', snapshot: older })).saved).toBe(true);
    expect((await saveSnapshot(pool, { schema, name: 'newest', snapshot: newer })).saved).toBe(true);
    expect((await positions('newest')).map(([p]) => p)).toEqual([newer.position]);
    expect(await saveSnapshot(pool, { schema, name: 'newest', snapshot: older })).toEqual({ saved: false, position: older.position, chunks: 0, bytes: 0 });
    expect((await saveSnapshot(pool, { schema, name: 'newest', snapshot: newer })).saved).toBe(false);
    expect((await loadSnapshot(pool, { schema, name: 'newest' }))?.position).toBe(newer.position);
    expect(await loadSnapshot(pool, { schema, name: 'never written' })).toBeUndefined();
    await engine.close();
  });

  it('a damaged, incomplete or foreign snapshot is a typed error, never a state', async () => {
    const engine = createEngine({ store: await store() });
    await engine.ready();
    const snapshot = engine.snapshot();
    for (const name of ['flipped', 'gap', 'cut', 'format', 'short', 'latin1']) await saveSnapshot(pool, { schema, name, snapshot });
    const s = `"${schema}".snapshots`;
    await pool.query(`UPDATE ${s} SET data = set_byte(data, 5000, get_byte(data, 5000) # 1) WHERE name = 'flipped' AND chunk = 1`);
    await pool.query(`DELETE FROM ${s} WHERE name = 'gap' AND chunk = 0`);
    await pool.query(`UPDATE ${s} SET data = substring(data FROM 1 FOR length(data) - 10) WHERE name = 'cut' AND chunk = 0`);
    await pool.query(`UPDATE ${s} SET format = 'someone.else/9' WHERE name = 'format'`);
    await pool.query(`DELETE FROM ${s} WHERE name = 'short' AND chunk = (SELECT max(chunk) FROM ${s} WHERE name = 'short')`);
    await pool.query(`UPDATE ${s} SET data = set_byte(data, 3000, 233) WHERE name = 'latin1' AND chunk = 0`); // é in Latin-1: not UTF-8
    const codeOf = (name: string) => loadSnapshot(pool, { schema, name }).then(() => 'loaded', (e: unknown) => (isOmnithreadError(e) ? e.code : String(e)));
    expect(await codeOf('flipped')).toBe('SNAPSHOT_INVALID');
    expect(await codeOf('gap')).toBe('SNAPSHOT_INVALID');
    expect(await codeOf('cut')).toBe('SNAPSHOT_INVALID');
    expect(await codeOf('format')).toBe('SNAPSHOT_INCOMPATIBLE');
    expect(await codeOf('short')).toBe('SNAPSHOT_INVALID');
    expect(await codeOf('latin1')).toBe('SNAPSHOT_INVALID');
    await expect(loadSnapshot(pool, { schema, name: '' })).rejects.toSatisfy((e: unknown) => isOmnithreadError(e, 'INVALID_ARGUMENT'));
    const codeOfSave = (place: unknown) => saveSnapshot(pool, place as never).then(() => 'saved', (e: unknown) => (isOmnithreadError(e) ? e.code : String(e)));
    expect(await codeOfSave(undefined)).toBe('INVALID_ARGUMENT');
    expect(await codeOfSave({ schema, name: 'x', snapshot: undefined })).toBe('INVALID_ARGUMENT');
    expect(await codeOfSave({ schema, name: 'x', snapshot: { ...snapshot, position: -1 } })).toBe('INVALID_ARGUMENT');
    expect(await codeOfSave({ schema, name: 'x', snapshot: { ...snapshot, position: 1.5 } })).toBe('INVALID_ARGUMENT');
    expect(await codeOfSave({ schema, name: 'x', snapshot: { ...snapshot, tenants: [{ tenantId: 'a', digest: 'd', state: 7 }] } })).toBe('SNAPSHOT_INVALID');
    expect(await loadSnapshot(pool, undefined as never).catch((e: unknown) => isOmnithreadError(e, 'INVALID_ARGUMENT'))).toBe(true);
    expect(await positions('x')).toEqual([]);
    await expect(loadSnapshot(pool, { schema: 'ot_no_such_schema', name: 'x' })).rejects.toSatisfy((e: unknown) => isOmnithreadError(e, 'STORE_IO'));
    await engine.close();
  });
});

describe.skipIf(!pgAvailable)(`partition owners resume from snapshots in PostgreSQL${pgAvailable ? '' : ` (${pgSkipReason})`}`, () => {
  const schema = uniqueSchema('ownsnap');
  const pool = pgAvailable ? new pg.Pool({ connectionString: PG_URL, max: 12 }) : (undefined as never);
  const owners: PartitionOwner[] = [];
  afterAll(async () => {
    await Promise.allSettled(owners.map((o) => o.close())); // those a failed test left open
    await pool?.end();
    await dropSchema(schema);
  });
  /** The `from` of every page the owner's store reads of the whole log. */
  const froms: number[] = [];
  const note = (config: unknown) => {
    const c = config as { name?: unknown; values?: unknown[] };
    if (typeof c?.name === 'string' && c.name.startsWith('omnithread.read_all.')) froms.push(Number(c.values?.[0]));
  };
  // Every argument passed on: the pool's own query() calls a client's with a callback.
  const counting: PgPool = {
    query: ((...args: never[]) => (note(args[0]), (pool.query as (...a: never[]) => never)(...args))) as PgPool['query'],
    async connect() {
      const client = await pool.connect();
      if (!(client as { counted?: boolean }).counted) {
        const query = client.query.bind(client) as (...a: never[]) => never;
        Object.assign(client, { counted: true, query: (...args: never[]) => (note(args[0]), query(...args)) });
      }
      return client as never;
    },
    end: async () => undefined,
  };
  const owner = async (reports: PartitionSnapshotReport[], extra: object = {}) => {
    const o = await createPartitionOwner({ pool: counting, schema, partitions: 2, claimEveryMs: HOUR, snapshots: { everyEvents: 50 }, onSnapshot: (r) => reports.push(r), ...extra });
    owners.push(o);
    return o;
  };
  /** Until each engine of `o` has folded the store's head. */
  const caughtUp = async (o: { engines(): ReadonlyMap<number, Engine> }) => {
    for (const e of o.engines().values()) {
      for (let end = Date.now() + 10_000; (await e.lag()).behindEvents > 0; ) {
        if (Date.now() > end) throw new Error(`an engine stayed behind: ${JSON.stringify(await e.lag())}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await e.caughtUp();
    }
  };
  const replayOf = async () => {
    const replay = createEngine({ store: createMemoryStore() });
    await replay.ingest((await readAllEvents(await createPostgresStore({ pool, schema }))).map((s) => s.event));
    return replay;
  };
  const expectReplayed = async (o: { engineFor(t: string): Engine | undefined }) => {
    const replay = await replayOf();
    for (const tenantId of TENANTS) expect(stateOf(o.engineFor(tenantId)!, tenantId), tenantId).toEqual(stateOf(replay, tenantId));
  };

  it('the next owner starts from each partition’s latest snapshot and reads only the tail after it', async () => {
    expect(new Set(TENANTS.map((t) => partitionOf(t, 2))).size).toBe(2);
    const appender = createEngine({ store: await createPostgresStore({ pool, schema }) });
    await appender.ingest(chats(0, 30));
    const first: PartitionSnapshotReport[] = [];
    const a = await owner(first);
    expect(a.owned()).toEqual([0, 1]);
    await caughtUp(a);
    // The store has moved ≥ 50 past each partition's (absent) snapshot: one is saved per claim round,
    // the first on the round createPartitionOwner runs.
    expect(first.map((r) => r.action)).toEqual(['saved']);
    await a.claim();
    expect(first.map((r) => [r.partition, r.action]).sort()).toEqual([[0, 'saved'], [1, 'saved']]);
    await appender.ingest(chats(30, 5));
    await caughtUp(a);
    await a.claim(); // 30 more: not yet due
    expect(first).toHaveLength(2);
    await a.close(); // saved again on close: a planned restart starts from here
    const closedAt = first.filter((r) => r.action === 'saved').slice(2);
    expect(closedAt.map((r) => r.partition).sort()).toEqual([0, 1]);
    const snapshotAt = Math.min(...closedAt.map((r) => r.position!));

    await appender.ingest(chats(35, 4)); // the tail the next owner reads
    froms.length = 0;
    const second: PartitionSnapshotReport[] = [];
    const b = await owner(second);
    expect(second.map((r) => [r.partition, r.action, r.position]).sort()).toEqual(closedAt.map((r) => [r.partition, 'resumed', r.position]).sort());
    await caughtUp(b);
    expect(froms.length).toBeGreaterThan(0);
    expect(Math.min(...froms)).toBeGreaterThan(snapshotAt); // never the events before the snapshot
    await expectReplayed(b);
    await b.close();
    await appender.close();
  });

  it('a damaged snapshot is refused and that partition reads the whole log; other fold policies refuse them all', async () => {
    const s = `"${schema}".snapshots`;
    await pool.query(`UPDATE ${s} SET data = set_byte(data, 20000, get_byte(data, 20000) # 1) WHERE name = 'partition 0 of 2' AND chunk = 0`);
    const reports: PartitionSnapshotReport[] = [];
    froms.length = 0;
    const c = await owner(reports);
    const refused = reports.filter((r) => r.action === 'refused');
    expect(refused.map((r) => r.partition)).toEqual([0]);
    expect(refused[0]!.error).toSatisfy((e: unknown) => isOmnithreadError(e, 'SNAPSHOT_INVALID'));
    expect(reports.filter((r) => r.action === 'resumed').map((r) => r.partition)).toEqual([1]);
    // The refused one is replaced at once by the state read from the log: the next owner can use it.
    expect(reports.filter((r) => r.action === 'saved').map((r) => r.partition)).toEqual([0]);
    expect((await loadSnapshot(pool, { schema, name: 'partition 0 of 2' }))?.position).toBe(await (await createPostgresStore({ pool, schema })).lastPosition());
    expect(Math.min(...froms)).toBe(1); // partition 0 read the log from the start
    await caughtUp(c);
    await expectReplayed(c);
    await c.close();

    const other: PartitionSnapshotReport[] = [];
    const d = await owner(other, { engineOptions: { policies: { threading: defaultThreadingPolicy({ email: { subjectMatchWindowMs: 86_400_000 } }) } } });
    expect(other.filter((r) => r.action !== 'saved').map((r) => [r.partition, r.action]).sort()).toEqual([[0, 'refused'], [1, 'refused']]);
    for (const r of other.filter((r) => r.action === 'refused')) expect(r.error).toSatisfy((e: unknown) => isOmnithreadError(e, 'SNAPSHOT_INCOMPATIBLE'));
    expect(d.engineFor('acme')!.threads({ tenantId: 'acme' }).length).toBeGreaterThan(0);
    await d.close();
  });

  it('a listener that throws stops neither a takeover, nor a save, nor close()', async () => {
    const throwing = await createPartitionOwner({
      pool: counting, schema, partitions: 2, claimEveryMs: HOUR, snapshots: { everyEvents: 1 },
      onSnapshot: () => { throw new Error('listener bug'); },
      onChange: () => { throw new Error('listener bug'); },
    });
    owners.push(throwing);
    expect(throwing.owned()).toEqual([0, 1]);
    await throwing.close();
    await expect(throwing.close()).resolves.toBeUndefined();
    const next = await owner([]);
    expect(next.owned()).toEqual([0, 1]); // the locks were released
    await next.close();
  });

  it('rejects a bad snapshot interval with INVALID_ARGUMENT', async () => {
    for (const everyEvents of [0, -1, 1.5, Number.NaN]) {
      await expect(createPartitionOwner({ pool: counting, schema, partitions: 2, snapshots: { everyEvents } })).rejects.toSatisfy((e: unknown) => isOmnithreadError(e, 'INVALID_ARGUMENT'));
    }
  });
});

describe.skipIf(!pgAvailable)(`partition owners when parts of PostgreSQL fail${pgAvailable ? '' : ` (${pgSkipReason})`}`, () => {
  const schema = uniqueSchema('ownfail');
  const pool = pgAvailable ? new pg.Pool({ connectionString: PG_URL, max: 12 }) : (undefined as never);
  afterAll(async () => {
    await pool?.end();
    await dropSchema(schema);
  });
  /** The pool, but `refuse(text, values)` decides which client queries fail, and `connect` can be refused. */
  const flaky = (refuse: (text: unknown, values: unknown) => boolean, refuseConnect: () => boolean = () => false): PgPool => ({
    query: pool.query.bind(pool) as PgPool['query'],
    async connect() {
      if (refuseConnect()) throw new Error('connection refused');
      const client = await pool.connect();
      const query = client.query.bind(client) as (...a: never[]) => Promise<never>;
      return Object.assign(Object.create(client) as object, {
        query: (...args: never[]) => (refuse(args[0], args[1]) ? Promise.reject(new Error('refused by the test')) : query(...args)),
        release: (e?: Error | boolean) => client.release(e),
        on: client.on.bind(client),
        removeListener: client.removeListener.bind(client),
      }) as never;
    },
    end: async () => undefined,
  });

  it('a partition whose snapshots keep failing does not starve the others of theirs', async () => {
    const writer = createEngine({ store: await createPostgresStore({ pool, schema }) });
    await writer.ingest(chats(0, 5));
    const reports: PartitionSnapshotReport[] = [];
    const failing = flaky((text, values) => typeof text === 'string' && text.startsWith('INSERT INTO') && (values as unknown[] | undefined)?.[0] === 'partition 0 of 2');
    const o = await createPartitionOwner({ pool: failing, schema, partitions: 2, claimEveryMs: HOUR, snapshots: { everyEvents: 10 }, onSnapshot: (r) => reports.push(r) });
    for (let round = 1; round <= 4; round++) {
      await writer.ingest(chats(round * 100, 5));
      for (const e of o.engines().values()) await e.caughtUp();
      await o.claim();
    }
    expect(reports.some((r) => r.partition === 1 && r.action === 'saved')).toBe(true);
    expect(reports.some((r) => r.partition === 0 && r.action === 'failed')).toBe(true);
    await o.close();
    await writer.close();
  });

  it('a partition whose save failed once is saved again under steady load (it sits out a round, not forever)', async () => {
    const writer = createEngine({ store: await createPostgresStore({ pool, schema }) });
    const reports: PartitionSnapshotReport[] = [];
    let failuresLeft = 1;
    const once = flaky((text, values) => {
      if (typeof text !== 'string' || !text.startsWith('INSERT INTO') || (values as unknown[] | undefined)?.[0] !== 'partition 0 of 2' || failuresLeft === 0) return false;
      failuresLeft--;
      return true;
    });
    const o = await createPartitionOwner({ pool: once, schema: `${schema}_once`, partitions: 2, claimEveryMs: HOUR, snapshots: { everyEvents: 10 }, onSnapshot: (r) => reports.push(r) });
    const feed = createEngine({ store: await createPostgresStore({ pool, schema: `${schema}_once` }) });
    for (let round = 1; round <= 6; round++) {
      await feed.ingest(chats(round * 100, 5));
      for (const e of o.engines().values()) await e.caughtUp();
      await o.claim();
    }
    expect(reports.filter((r) => r.partition === 0).map((r) => r.action)).toContain('failed');
    expect(reports.filter((r) => r.partition === 0).map((r) => r.action)).toContain('saved');
    await o.close();
    await feed.close();
    await writer.close();
    await dropSchema(`${schema}_once`);
  });

  it('a partition that cannot be taken now (its connection refused) does not stop the round or the owner', async () => {
    let refuse = false;
    const changes: { partition: number; owned: boolean; error?: unknown }[] = [];
    const o = await createPartitionOwner({
      pool: flaky(() => false, () => refuse),
      schema: `${schema}_take`,
      partitions: 2,
      claimEveryMs: HOUR,
      snapshots: false,
      onChange: (c) => {
        changes.push(c);
        if (c.partition === 0 && c.owned) refuse = true; // the next connection (partition 1's lock) is refused
      },
    });
    expect(o.owned()).toEqual([0]);
    expect(changes.some((c) => c.partition === 1 && !c.owned && String(c.error).includes('connection refused'))).toBe(true);
    refuse = false;
    await o.claim();
    expect(o.owned()).toEqual([0, 1]);
    await o.close();
    await dropSchema(`${schema}_take`);
  });
});
