/**
 * The PostgreSQL rows of `npm run bench`, on the server the tests use (OMNITHREAD_BENCH_PG, default
 * postgres://postgres@127.0.0.1:5432/test), each in a schema of its own that is dropped afterwards:
 * - `pg_append_eps`: the events the engine stored for the standard workload (its validated copies,
 *   read back from the memory store of the ingest phase), appended **straight to the store** in
 *   the engine's batches: 1,000 events of the log at a time, one append per tenant stream in it;
 * - `pg_ingest_eps`: `engine.ingest` of the raw workload into a PostgreSQL store (validation, fold
 *   and store together: the end-to-end figure);
 * - `pg_replay_eps`: a fresh engine replaying the `pg_append_eps` store (`ready()`), with a check
 *   that it holds the same threads as the memory-store replay;
 * - `emmett_pg_append_eps`: `@event-driven-io/emmett-postgresql` appending the same raw events, one
 *   stream per customer (`customer-<key>`), one event per append (the events of a 1,000-event window
 *   belong to ~1,000 different customers, so there is nothing to batch per stream), by 8 concurrent
 *   workers that each own a share of the customers (so no two append to one stream at once); capped
 *   in time like the in-memory Emmett row.
 * - `pg_takeover_replay_ms` / `pg_takeover_snapshot_ms`: a partition owner (one partition holding
 *   every tenant) taking over the `pg_append_eps` store — reading the whole log, then from a
 *   snapshot saved in the `snapshots` table plus the (empty) tail; `pg_takeover_speedup` is their
 *   ratio, `pg_snapshot_save_ms` and `pg_snapshot_bytes_per_event` what saving that snapshot cost.
 * When no server answers, every row is null and `pg_note` says why.
 */
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { type AppendToStreamOptions, createEngine, type EventStore, type StoredEvent } from '../dist/index.js';
import { createPartitionOwner, createPostgresStore, saveSnapshot } from '../dist/postgres/index.js';
import type { WorkloadEvent } from '../src/testing/workload/index.js';
import { customerKey } from './customer-key.js';

export const PG_BENCH_URL = process.env.OMNITHREAD_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PgBenchResult {
  readonly pg_append_eps: number | null;
  readonly pg_ingest_eps: number | null;
  readonly pg_replay_eps: number | null;
  readonly emmett_pg_append_eps: number | null;
  /** Events Emmett appended before its time cap (all of them when it finished). */
  readonly emmett_pg_events: number | null;
  readonly pg_replay_converged: boolean | null;
  readonly pg_takeover_replay_ms: number | null;
  readonly pg_takeover_snapshot_ms: number | null;
  readonly pg_takeover_speedup: number | null;
  readonly pg_snapshot_save_ms: number | null;
  readonly pg_snapshot_bytes_per_event: number | null;
  readonly pg_note: string;
}

export interface PgBenchOptions {
  /** What the memory-store replay found: `[thread id, message count]` per thread, as JSON. */
  readonly replayShape: string;
  readonly batchSize: number;
  readonly emmettMaxMs: number;
  readonly log: (line: string) => void;
}

async function serverProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_BENCH_URL, connectionTimeoutMillis: 3000 });
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

async function withSchema<T>(label: string, fn: (schema: string) => Promise<T>): Promise<T> {
  const schema = `ot_bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_BENCH_URL });
  await admin.connect();
  const drop = () => admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  try {
    await drop();
    return await fn(schema);
  } finally {
    await drop().catch(() => undefined);
    await admin.end();
  }
}

const seconds = (ms: number) => ms / 1000;

/** The engine's stored events, in the appends it made: windows of the log, split by tenant. */
async function storedBatches(store: EventStore, batchSize: number): Promise<StoredEvent[][]> {
  const batches: StoredEvent[][] = [];
  for await (const window of store.readAll({ batchSize })) {
    const byStream = new Map<string, StoredEvent[]>();
    for (const stored of window) {
      let list = byStream.get(stored.streamName);
      if (!list) byStream.set(stored.streamName, (list = []));
      list.push(stored);
    }
    batches.push(...byStream.values());
  }
  return batches;
}

interface Takeover {
  readonly replayMs: number;
  readonly snapshotMs: number;
  readonly saveMs: number;
  readonly bytes: number;
}

/** A partition owner taking over the store: from the whole log, then from a snapshot in PostgreSQL. */
async function ownerTakeover(schema: string, shape: string): Promise<Takeover> {
  const pool = new pg.Pool({ connectionString: PG_BENCH_URL, max: 8 });
  const HOUR = 3_600_000;
  const shapeOf = (o: Awaited<ReturnType<typeof createPartitionOwner>>) => JSON.stringify(o.engines().get(0)!.threads().map((t) => [t.id, t.messages.length]));
  try {
    const t0 = performance.now();
    const cold = await createPartitionOwner({ pool, schema, partitions: 1, claimEveryMs: HOUR, snapshots: false });
    const replayMs = performance.now() - t0;
    if (shapeOf(cold) !== shape) throw new Error('the owner that read the whole log does not hold the replay’s threads');
    const t1 = performance.now();
    const saved = await saveSnapshot(pool, { schema, name: 'partition 0 of 1', snapshot: cold.engines().get(0)!.snapshot() });
    const saveMs = performance.now() - t1;
    await cold.close();
    let resumed = false;
    const t2 = performance.now();
    const warm = await createPartitionOwner({ pool, schema, partitions: 1, claimEveryMs: HOUR, snapshots: { everyEvents: Number.MAX_SAFE_INTEGER }, onSnapshot: (r) => (resumed ||= r.action === 'resumed') });
    const snapshotMs = performance.now() - t2;
    if (!resumed || shapeOf(warm) !== shape) throw new Error('the owner did not resume the replay’s threads from the snapshot');
    await warm.close();
    return { replayMs, snapshotMs, saveMs, bytes: saved.bytes };
  } finally {
    await pool.end();
  }
}

async function appendAndReplay(source: EventStore, options: PgBenchOptions): Promise<{ appendEps: number; replayEps: number; converged: boolean; takeover: Takeover; total: number }> {
  const batches = await storedBatches(source, options.batchSize);
  const total = batches.reduce((n, b) => n + b.length, 0);
  return withSchema('store', async (schema) => {
    const store = await createPostgresStore({ connectionString: PG_BENCH_URL, schema });
    const t0 = performance.now();
    // As the engine appends: its validated copies, handed over (ownedEvents), not copied back.
    const owned = { [Symbol.for('omnithread.ownedEvents')]: true } as AppendToStreamOptions;
    for (const batch of batches) await store.appendToStream(batch[0]!.streamName, batch.map((s) => s.event), owned);
    const appendMs = performance.now() - t0;
    if ((await store.lastPosition()) !== total) throw new Error('the PostgreSQL store does not hold every appended event');
    const engine = createEngine({ store });
    const t1 = performance.now();
    await engine.ready();
    const replayMs = performance.now() - t1;
    const shape = JSON.stringify(engine.threads().map((t) => [t.id, t.messages.length]));
    await engine.close();
    const takeover = await ownerTakeover(schema, shape);
    return { appendEps: total / seconds(appendMs), replayEps: total / seconds(replayMs), converged: shape === options.replayShape, takeover, total };
  });
}

async function ingestInto(events: readonly WorkloadEvent[], batchSize: number): Promise<number> {
  return withSchema('ingest', async (schema) => {
    const store = await createPostgresStore({ connectionString: PG_BENCH_URL, schema });
    const engine = createEngine({ store });
    await engine.ready();
    const t0 = performance.now();
    for (let i = 0; i < events.length; i += batchSize) {
      const r = await engine.ingest(events.slice(i, i + batchSize));
      if (r.rejected.length > 0) throw new Error(`${r.rejected.length} workload events rejected`);
    }
    const ms = performance.now() - t0;
    await engine.close();
    return events.length / seconds(ms);
  });
}

const EMMETT_WORKERS = 8;

async function emmettAppend(events: readonly WorkloadEvent[], maxMs: number): Promise<{ eps: number; processed: number }> {
  return withSchema('emmett', async (schema) => {
    // Emmett creates its tables unqualified: the search path puts them in the bench schema.
    const admin = new pg.Client({ connectionString: PG_BENCH_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    const url = new URL(PG_BENCH_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const store = getPostgreSQLEventStore(url.toString());
    await store.appendToStream('warm-up', [{ type: 'warm-up', data: {} }]); // creates the schema
    const shares: WorkloadEvent[][] = Array.from({ length: EMMETT_WORKERS }, () => []);
    for (const event of events) {
      const key = customerKey(event);
      let h = 0;
      for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
      shares[(h >>> 0) % EMMETT_WORKERS]!.push(event);
    }
    let processed = 0;
    const start = performance.now();
    await Promise.all(
      shares.map(async (share) => {
        for (const event of share) {
          if (performance.now() - start > maxMs) return;
          await store.appendToStream(`customer-${customerKey(event)}`, [{ type: event.type, data: event as unknown as Record<string, unknown> }]);
          processed++;
        }
      }),
    );
    const ms = performance.now() - start;
    await store.close();
    return { eps: processed / seconds(ms), processed };
  });
}

export async function runPostgresBench(events: readonly WorkloadEvent[], engineStore: EventStore, options: PgBenchOptions): Promise<PgBenchResult> {
  const problem = await serverProblem();
  if (problem !== undefined) {
    const note = `PostgreSQL rows skipped: no server answers at ${PG_BENCH_URL} (${problem})`;
    options.log(`  ${note}`);
    return {
      pg_append_eps: null,
      pg_ingest_eps: null,
      pg_replay_eps: null,
      emmett_pg_append_eps: null,
      emmett_pg_events: null,
      pg_replay_converged: null,
      pg_takeover_replay_ms: null,
      pg_takeover_snapshot_ms: null,
      pg_takeover_speedup: null,
      pg_snapshot_save_ms: null,
      pg_snapshot_bytes_per_event: null,
      pg_note: note,
    };
  }
  const stored = await appendAndReplay(engineStore, options);
  const ingestEps = await ingestInto(events, options.batchSize);
  const emmett = await emmettAppend(events, options.emmettMaxMs);
  return {
    pg_append_eps: Math.round(stored.appendEps),
    pg_ingest_eps: Math.round(ingestEps),
    pg_replay_eps: Math.round(stored.replayEps),
    emmett_pg_append_eps: Math.round(emmett.eps),
    emmett_pg_events: emmett.processed,
    pg_replay_converged: stored.converged,
    pg_takeover_replay_ms: Math.round(stored.takeover.replayMs),
    pg_takeover_snapshot_ms: Math.round(stored.takeover.snapshotMs),
    pg_takeover_speedup: Number((stored.takeover.replayMs / stored.takeover.snapshotMs).toFixed(2)),
    pg_snapshot_save_ms: Math.round(stored.takeover.saveMs),
    pg_snapshot_bytes_per_event: Math.round(stored.takeover.bytes / stored.total),
    pg_note: `PostgreSQL at ${new URL(PG_BENCH_URL).host}: pg_append straight to the store (the engine's batches), Emmett one event per append by ${EMMETT_WORKERS} workers`,
  };
}
