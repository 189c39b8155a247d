/**
 * `npm run bench [-- --events N] [--json] [--seed S]`: the standard workload of BRIEF.md through the
 * built package, side by side with a hand-written mutable baseline and Emmett's in-memory store.
 * Never part of `npm test`. With --json the last line is one JSON object.
 */
import { benchClock } from './clock.js';
import { parseArgs } from 'node:util';
import { createEngine, createMemoryStore, defaultRoutingPolicy, createAgentPool, UnionFind, type Engine } from '../dist/index.js';
import { generateWorkload, type WorkloadEvent } from '../src/testing/workload/index.js';
import { runBaseline } from './baseline.js';
import { runEmmett } from './emmett.js';
import { identityCost, queueLatency, routeLatency } from './latency.js';
import { runPostgresBench } from './pg.js';
import { oneSenderManyThreads } from './many-threads.js';
import { lateInLargeComponent, lateReversed, resumeFromSnapshot } from './restart.js';
import { runMboxBench } from './mbox.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    json: { type: 'boolean', default: false },
    batch: { type: 'string', default: '1000' },
    // Emmett's in-memory store slows as it grows, so it runs for a capped time: 15 s at 1M events,
    // proportionally less for smaller runs (at least 2 s), so a 200k run stays near a minute.
    'emmett-max-ms': { type: 'string' },
    // The PostgreSQL rows (bench/pg.ts) need a server; without one they are skipped with a note.
    'no-pg': { type: 'boolean', default: false },
    // The mbox rows (bench/mbox.ts) build a 52 MB mailbox in .tmp/ and run Dovecot when installed.
    'no-mbox': { type: 'boolean', default: false },
    'mbox-runs': { type: 'string', default: '3' },
  },
});
const N = Number(values.events);
const seed = Number(values.seed);
const batchSize = Number(values.batch);
const emmettMaxMs = values['emmett-max-ms'] !== undefined ? Number(values['emmett-max-ms']) : Math.max(2_000, Math.round((15_000 * N) / 1_000_000));
const log = (line: string) => {
  if (!values.json) console.log(line);
};

const startedAt = performance.now();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  gc();
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function ingestAll(engine: Engine, events: readonly WorkloadEvent[]): Promise<{ accepted: number; duplicates: number; rejected: number }> {
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  for (let i = 0; i < events.length; i += batchSize) {
    const r = await engine.ingest(events.slice(i, i + batchSize));
    accepted += r.accepted;
    duplicates += r.duplicates;
    rejected += r.rejected.length;
  }
  return { accepted, duplicates, rejected };
}

log(`omnithread benchmark: ${N.toLocaleString('en')} events, seed ${seed}, node ${process.version}`);
const gen = await timed(() => generateWorkload({ seed, events: N }));
let events: WorkloadEvent[] | undefined = gen.value;
log(`  generated the workload in ${(gen.ms / 1000).toFixed(1)} s`);

const baseline = runBaseline(events);

// Each phase runs in its own scope so the engines of earlier phases can be collected.
const heapNow = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

// Validated ingest: zod + identity normalisation + dedupe + store + fold + emit, in batches.
async function ingestPhase(all: readonly WorkloadEvent[]) {
  const before = heapNow();
  const live = createEngine({ store: createMemoryStore(), clock: benchClock });
  live.on('thread.updated', () => undefined);
  const run = await timed(() => ingestAll(live, all));
  if (run.value.rejected > 0) throw new Error(`${run.value.rejected} events of the standard workload were rejected`);
  const heapPerEvent = (heapNow() - before) / all.length;
  return { ms: run.ms, store: live.store, heapPerEvent };
}
const ingest = await ingestPhase(events);

// Replay: a fresh engine reading the same store (trusted events: no validation).
async function replayPhase() {
  const engine = createEngine({ store: ingest.store, clock: benchClock });
  const run = await timed(() => engine.ready());
  const threads = engine.threads();
  return { ms: run.ms, threads: threads.length, customers: engine.customers().length, shape: JSON.stringify(threads.map((t) => [t.id, t.messages.length])) };
}
const replay = await replayPhase();

// Restart from a snapshot of the folded state, read back from its lines.
const resume = await resumeFromSnapshot(ingest.store);
// One customer's 4,000 events newest-first, one per call: unwatched (folded on the next read), and
// watched by a listener (folded after every call) on 1,000 of them.
const lateReversed4k = await lateReversed(4_000, false);
const lateReversedWatched1k = await lateReversed(1_000, true);
// Two late events in one customer's thread of 100,000 events (fewer in a smaller run), watched: a
// whole re-fold, then one from the checkpoint the first left.
const lateLargeEvents = Math.min(100_000, N);
const lateLarge = await lateInLargeComponent(lateLargeEvents);
// One sender, one thread per email: 20,000 threads of one customer (fewer in a smaller run).
const oneSenderEmails = Math.min(20_000, N);
const oneSender = await oneSenderManyThreads(oneSenderEmails);
// The same with the same-subject rule on (three days), every subject different.
const oneSenderSubjectEmails = Math.min(10_000, N);
const oneSenderSubjects = await oneSenderManyThreads(oneSenderSubjectEmails, 3 * 86_400_000);

const emmett = await runEmmett(events, { maxMs: emmettMaxMs });
const pgRows = values['no-pg']
  ? null
  : await runPostgresBench(events, ingest.store, { replayShape: replay.shape, batchSize, emmettMaxMs, log });
events = undefined;

// Late and duplicated delivery: 5% up to an hour late, 2% delivered twice.
async function latePhase() {
  const lateEvents = generateWorkload({ seed, events: N, lateFraction: 0.05, lateMaxMs: 3_600_000, duplicateFraction: 0.02 });
  const engine = createEngine({ clock: benchClock });
  // Watched like the in-order ingest: unwatched, an engine defers its fold to the next read, which
  // would leave the fold (and every re-fold a late event causes) outside the timing.
  engine.on('thread.updated', () => undefined);
  const run = await timed(() => ingestAll(engine, lateEvents));
  const shape = JSON.stringify(engine.threads().map((t: { id: string; messages: readonly unknown[] }) => [t.id, t.messages.length]));
  return { ms: run.ms, delivered: lateEvents.length, converged: shape === replay.shape };
}
const late = await latePhase();
const converged = late.converged;
const threads = replay.threads;
const customers = replay.customers;

const mbox = values['no-mbox'] ? null : await runMboxBench(Number(values['mbox-runs']), log);

const queue = await queueLatency(100_000, 50);
const route = routeLatency(1_000, { createAgentPool, defaultRoutingPolicy });
const identity = identityCost(UnionFind);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const eps = (n: number, ms: number) => n / (ms / 1000);
const result = {
  events: N,
  baseline_eps: Math.round(baseline.eps),
  replay_eps: Math.round(eps(N, replay.ms)),
  ingest_eps: Math.round(eps(N, ingest.ms)),
  late_ingest_eps: Math.round(eps(late.delivered, late.ms)),
  emmett_eps: Math.round(emmett.eps),
  replay_vs_baseline: Number((eps(N, replay.ms) / baseline.eps).toFixed(4)),
  ingest_vs_replay: Number((replay.ms / ingest.ms).toFixed(3)),
  resume_eps: Math.round(eps(N, resume.ms)),
  resume_vs_replay: Number((replay.ms / resume.ms).toFixed(2)),
  snapshot_bytes_per_event: Math.round(resume.bytes / N),
  late_reversed_4k_ms: Math.round(lateReversed4k),
  late_reversed_watched_1k_ms: Math.round(lateReversedWatched1k),
  late_large_component_events: lateLargeEvents,
  late_in_large_component_first_ms: Math.round(lateLarge.firstMs),
  late_in_large_component_ms: Math.round(lateLarge.nextMs),
  one_sender_emails: oneSenderEmails,
  one_sender_emails_ms: Math.round(oneSender.ms),
  one_sender_late_ms: Math.round(oneSender.lateMs),
  one_sender_subject_window_emails: oneSenderSubjectEmails,
  one_sender_subject_window_ms: Math.round(oneSenderSubjects.ms),
  rss_bytes_per_event: Math.round(peakRss / N),
  state_heap_bytes_per_event: Math.round(ingest.heapPerEvent),
  queue_top50_ms: Number(queue.medianMs.toFixed(4)),
  route_us: Number(route.medianUs.toFixed(2)),
  identity_ns_10k: Math.round(identity.small_ns),
  identity_ns_1m: Math.round(identity.large_ns),
  threads,
  customers,
  late_converged: converged,
  ...(pgRows ?? { pg_note: 'PostgreSQL rows skipped: --no-pg' }),
  ...(mbox ?? { mbox_mb_s: null, mbox_vs_dovecot: null, mbox_note: 'mbox rows skipped: --no-mbox' }),
};

if (!values.json) {
  const row = (name: string, value: number, unit: string, extra = '') => log(`  ${name.padEnd(34)} ${value.toLocaleString('en').padStart(14)} ${unit.padEnd(9)} ${extra}`);
  const vs = (x: number) => `${((x / result.baseline_eps) * 100).toFixed(1)}% of baseline, ${(x / result.emmett_eps).toFixed(1)}× Emmett`;
  log('');
  row('mutable baseline (Map + push)', result.baseline_eps, 'events/s');
  row('engine replay (trusted, from store)', result.replay_eps, 'events/s', vs(result.replay_eps));
  row('validated ingest (batches of ' + batchSize + ')', result.ingest_eps, 'events/s', vs(result.ingest_eps));
  row('late 5% / duplicated 2% ingest', result.late_ingest_eps, 'events/s', `${((result.late_ingest_eps / result.ingest_eps) * 100).toFixed(0)}% of in-order ingest; same threads: ${converged}`);
  row('Emmett in-memory, stream per customer', result.emmett_eps, 'events/s', emmett.truncated ? `(stopped after ${emmett.processed.toLocaleString('en')} events)` : '');
  if (pgRows?.pg_append_eps != null) {
    const pgRow = (name: string, value: number | null, extra = '') => row(name, value ?? 0, 'events/s', extra);
    pgRow('PostgreSQL append (store, batches)', pgRows.pg_append_eps, `${(pgRows.pg_append_eps / (pgRows.emmett_pg_append_eps ?? 1)).toFixed(1)}× Emmett PostgreSQL`);
    pgRow('PostgreSQL validated ingest (engine)', pgRows.pg_ingest_eps);
    pgRow('PostgreSQL replay (fresh engine)', pgRows.pg_replay_eps, `${((pgRows.pg_replay_eps ?? 0) / result.replay_eps).toFixed(2)}× memory replay; same threads: ${pgRows.pg_replay_converged}`);
    pgRow('Emmett PostgreSQL, stream per customer', pgRows.emmett_pg_append_eps, `(${(pgRows.emmett_pg_events ?? 0).toLocaleString('en')} events, one per append, 8 workers)`);
    log(
      `  partition owner takeover: whole log ${pgRows.pg_takeover_replay_ms} ms, from its snapshot in PostgreSQL ${pgRows.pg_takeover_snapshot_ms} ms (${pgRows.pg_takeover_speedup}×); saving it ${pgRows.pg_snapshot_save_ms} ms, ${pgRows.pg_snapshot_bytes_per_event} bytes/event`,
    );
  } else {
    log(`  ${result.pg_note}`);
  }
  row('resume from a snapshot (lines read back)', result.resume_eps, 'events/s', `${result.resume_vs_replay}× replay; ${result.snapshot_bytes_per_event} bytes of snapshot per event`);
  row('4k events newest-first, one per call', result.late_reversed_4k_ms, 'ms', 'unwatched: folded on the next read');
  row('1k events newest-first, watched', result.late_reversed_watched_1k_ms, 'ms', 'a listener: folded after every call');
  row(`a late event, ${result.late_large_component_events.toLocaleString('en')}-event thread`, result.late_in_large_component_ms, 'ms', `watched, from a checkpoint; the first one (a whole re-fold): ${result.late_in_large_component_first_ms} ms`);
  row(`${result.one_sender_emails.toLocaleString('en')} emails of one sender, a thread each`, result.one_sender_emails_ms, 'ms', `watched; one more an hour late: ${result.one_sender_late_ms} ms; ${result.one_sender_subject_window_emails.toLocaleString('en')} with a 3-day subject window: ${result.one_sender_subject_window_ms} ms`);
  if (mbox !== null) {
    const dovecot = mbox.mbox_dovecot_ms === null ? (mbox.mbox_note ?? 'no Dovecot') : `${mbox.mbox_vs_dovecot}× Dovecot's ${mbox.mbox_dovecot_ms} ms; same answer: ${mbox.mbox_same_answer}`;
    row(`thread-mbox, ${(mbox.mbox_bytes / 1e6).toFixed(0)} MB mailbox (whole CLI)`, mbox.mbox_mb_s, 'MB/s', `${mbox.mbox_thread_ms} ms, ${dovecot}`);
  } else {
    log(`  ${result.mbox_note}`);
  }
  row('peak RSS per event', result.rss_bytes_per_event, 'bytes');
  row('engine + memory store heap per event', result.state_heap_bytes_per_event, 'bytes');
  row('queue: top 50 of 100,000 (median)', result.queue_top50_ms, 'ms');
  row('routing decision, 1,000 agents (median)', result.route_us, 'µs');
  row('identity union/find, 10k identities', result.identity_ns_10k, 'ns/op');
  row('identity union/find, 1M identities', result.identity_ns_1m, 'ns/op', 'flat per operation = O(α(n)) amortised (cache misses aside)');
  log(`  threads ${threads.toLocaleString('en')}, customers ${customers.toLocaleString('en')}; the whole run took ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
} else {
  console.log(JSON.stringify(result));
}
