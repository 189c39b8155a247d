/**
 * Measures the work queue. Not a test: run `npx tsx test/policies/priority/queue.measure.ts`.
 * 100,000 entries with realistic keys (ordering keys of waiting threads: minutes-scale values around
 * -2e7, many near-ties), then top-50 reads, moves, removes and a filtered top; next to two baselines
 * (a full sort per read, and one flat sorted array with splice). Each figure is the best of 5 rounds,
 * the least disturbed by other processes, with the median beside it.
 */
import { createWorkQueue, type WorkQueue } from '../../../src/policies/priority/queue.js';

const N = 100_000;
const ROUNDS = 5;
let seed = 12345;
const rand = () => {
  // xorshift32 with a fixed seed, so runs compare.
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const base = Date.UTC(2024, 5, 1);
const ids = Array.from({ length: N }, (_, i) => `thr-${i}`);
const keys = Array.from({ length: 3 * N }, () => Math.round(rand() * 200) - (0.75 * (base + Math.floor(rand() * 86_400_000))) / 60_000);
const picks = Array.from({ length: N }, () => Math.floor(rand() * N));

function measure(label: string, ops: number, setup: () => void, run: () => void): void {
  const perOp: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    setup();
    const start = process.hrtime.bigint();
    run();
    perOp.push(Number(process.hrtime.bigint() - start) / ops / 1000);
  }
  perOp.sort((a, b) => a - b);
  const f = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(2)} µs`);
  console.log(`${label.padEnd(46)} best ${f(perOp[0]!).padStart(10)}   median ${f(perOp[ROUNDS >> 1]!).padStart(10)}  per op`);
}

let q: WorkQueue = createWorkQueue();
const filled = () => {
  q = createWorkQueue();
  for (let i = 0; i < N; i++) q.upsert(ids[i]!, keys[i]!, base + i);
};

measure(`upsert × ${N} into an empty queue`, N, () => (q = createWorkQueue()), () => {
  for (let i = 0; i < N; i++) q.upsert(ids[i]!, keys[i]!, base + i);
});
measure(`top(50) of ${N}`, 1000, filled, () => {
  for (let i = 0; i < 1000; i++) q.top(50);
});
measure(`upsert × ${N} moving existing entries`, N, filled, () => {
  for (let i = 0; i < N; i++) q.upsert(ids[picks[i]!]!, keys[N + i]!, base + i);
});
measure(`remove × ${N / 2} then re-insert × ${N / 2}`, N, filled, () => {
  for (let i = 0; i < N; i += 2) q.remove(ids[i]!);
  for (let i = 0; i < N; i += 2) q.upsert(ids[i]!, keys[2 * N + i]!, base + i);
});
measure('top(50) with a filter passing 1 in 10', 1000, filled, () => {
  for (let i = 0; i < 1000; i++) q.top(50, (e) => e.tieBreak % 10 === 0);
});

// Baselines: what the queue saves.
type E = { id: string; key: number; tie: number };
const entries: E[] = ids.map((id, i) => ({ id, key: keys[i]!, tie: base + i }));
const cmp = (a: E, b: E) => b.key - a.key || a.tie - b.tie || (a.id < b.id ? -1 : 1);
measure(`baseline: sort all ${N} for each top(50)`, 5, () => undefined, () => {
  for (let i = 0; i < 5; i++) [...entries].sort(cmp).slice(0, 50);
});
let flat: E[] = [];
measure(`baseline: flat sorted array, splice insert`, 20_000, () => (flat = [...entries].sort(cmp)), () => {
  for (let i = 0; i < 20_000; i++) {
    const e = { id: `x${i}`, key: keys[N + i]!, tie: 0 };
    let lo = 0;
    let hi = flat.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(flat[mid]!, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    flat.splice(lo, 0, e);
  }
});
