/**
 * `npm run bench:pg-ordering [-- --seconds S]`: what the global order costs an append, for the two
 * ways a PostgreSQL store can give readers an order they can trust under concurrent writers.
 *
 * - `commit-lock` (what omnithread/postgres does): positions are taken from a one-row head table
 *   whose row lock is held until commit. Positions are dense and become visible in numeric order,
 *   so a reader just reads `position > cursor`. Every append of the store waits for the one before
 *   it to commit.
 * - `xid-horizon` (Emmett's PostgreSQL store; Marten's daemon since its gap fixes): positions from
 *   a sequence, no global lock (only the stream's row, for its version), each row tagged with
 *   `pg_current_xact_id()`; readers only read rows of transactions older than the oldest one still
 *   running (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`), in (transaction id,
 *   position) order. Positions have gaps (rollbacks), and a cursor is a pair.
 *
 * Both run the same work as one SQL function call per append (the JavaScript side is identical),
 * W writers on W connections, each appending to a stream of its own, batches of B events of ~600
 * bytes, for S seconds per cell. Prints one table and, with --json, one JSON line.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PG_BENCH_URL } from './pg.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } } });
const SECONDS = Number(values.seconds);
const WRITERS = [1, 4];
const BATCHES = [1, 10, 100, 1000];
const schema = `ot_bench_order_${process.pid}`;

const SQL = `
CREATE SCHEMA ${schema};
CREATE TABLE ${schema}.head (id boolean PRIMARY KEY DEFAULT true CHECK (id), position bigint NOT NULL);
INSERT INTO ${schema}.head VALUES (true, 0);
CREATE TABLE ${schema}.streams (stream_name text PRIMARY KEY, version bigint NOT NULL);
CREATE TABLE ${schema}.a_events (global_position bigint PRIMARY KEY, stream_name text NOT NULL, stream_version bigint NOT NULL,
  event_id text NOT NULL, data json NOT NULL, UNIQUE (stream_name, stream_version), UNIQUE (stream_name, event_id));
CREATE TABLE ${schema}.b_events (global_position bigserial PRIMARY KEY, transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_name text NOT NULL, stream_version bigint NOT NULL, event_id text NOT NULL, data json NOT NULL,
  UNIQUE (stream_name, stream_version), UNIQUE (stream_name, event_id));
CREATE INDEX ON ${schema}.b_events (transaction_id, global_position);

CREATE FUNCTION ${schema}.append_a(p_stream text, p_ids text[], p_events json) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE v_head bigint; v_version bigint; v_count bigint := cardinality(p_ids);
BEGIN
  SELECT position INTO v_head FROM ${schema}.head WHERE id FOR UPDATE;
  SELECT version INTO v_version FROM ${schema}.streams WHERE stream_name = p_stream;
  v_version := coalesce(v_version, 0);
  INSERT INTO ${schema}.a_events SELECT v_head + e.n, p_stream, v_version + e.n, p_ids[e.n], e.data
    FROM json_array_elements(p_events) WITH ORDINALITY AS e(data, n);
  INSERT INTO ${schema}.streams VALUES (p_stream, v_version + v_count) ON CONFLICT (stream_name) DO UPDATE SET version = excluded.version;
  UPDATE ${schema}.head SET position = v_head + v_count WHERE id;
  PERFORM pg_notify('${schema}', (v_head + v_count)::text);
  RETURN v_head;
END $$;

CREATE FUNCTION ${schema}.append_b(p_stream text, p_ids text[], p_events json) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE v_version bigint; v_count bigint := cardinality(p_ids);
BEGIN
  INSERT INTO ${schema}.streams VALUES (p_stream, 0) ON CONFLICT DO NOTHING;
  SELECT version INTO v_version FROM ${schema}.streams WHERE stream_name = p_stream FOR UPDATE;
  INSERT INTO ${schema}.b_events (stream_name, stream_version, event_id, data) SELECT p_stream, v_version + e.n, p_ids[e.n], e.data
    FROM json_array_elements(p_events) WITH ORDINALITY AS e(data, n);
  UPDATE ${schema}.streams SET version = v_version + v_count WHERE stream_name = p_stream;
  PERFORM pg_notify('${schema}', '');
  RETURN v_version;
END $$;
`;

const payload = (w: number, n: number) =>
  JSON.stringify({ id: `w${w}-${n}`, tenantId: `t${w}`, type: 'message.received', schemaVersion: 2, occurredAt: 1_763_888_400_000 + n, channel: 'sms', from: { kind: 'phone', value: `+1415555${String(n % 10_000).padStart(4, '0')}` }, content: { text: 'x'.repeat(480) } });

async function cell(option: 'a' | 'b', writers: number, batch: number): Promise<number> {
  const pools = Array.from({ length: writers }, () => new pg.Pool({ connectionString: PG_BENCH_URL, max: 1 }));
  let events = 0;
  const until = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    pools.map(async (pool, w) => {
      const stream = `${option}-${writers}-${batch}-${w}`;
      for (let n = 0; performance.now() < until; n += batch) {
        const ids = Array.from({ length: batch }, (_, i) => `w${w}-${n + i}`);
        const json = `[${ids.map((_, i) => payload(w, n + i)).join(',')}]`;
        await pool.query({ name: `append_${option}`, text: `SELECT ${schema}.append_${option}($1, $2::text[], $3::json)`, values: [stream, ids, json] });
        events += batch;
      }
    }),
  );
  const ms = performance.now() - start;
  await Promise.all(pools.map((p) => p.end()));
  return Math.round(events / (ms / 1000));
}

const admin = new pg.Client({ connectionString: PG_BENCH_URL });
await admin.connect();
await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await admin.query(SQL);
const rows: { writers: number; batch: number; commit_lock_eps: number; xid_horizon_eps: number }[] = [];
try {
  for (const writers of WRITERS) {
    for (const batch of BATCHES) {
      // Interleaved, so that load on the shared machine hits both options alike.
      const a = await cell('a', writers, batch);
      const b = await cell('b', writers, batch);
      rows.push({ writers, batch, commit_lock_eps: a, xid_horizon_eps: b });
      if (!values.json) console.log(`writers ${writers}  batch ${String(batch).padStart(4)}  commit-lock ${String(a).padStart(7)} ev/s  xid-horizon ${String(b).padStart(7)} ev/s  ratio ${(a / b).toFixed(2)}`);
    }
  }
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
if (values.json) console.log(JSON.stringify(rows));
