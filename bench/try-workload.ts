/**
 * Quick look at the synthetic workload and the two reference folds:
 *   npx tsx bench/try-workload.ts --events 200000 [--seed 42] [--emmett-max-ms 60000]
 */
import { generateWorkload, workloadCategory } from '../src/testing/workload/index.js';
import { runBaseline } from './baseline.js';
import { runEmmett } from './emmett.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v)) throw new Error(`--${name} expects a number`);
  return v;
}

const events = arg('events', 200_000);
const seed = arg('seed', 42);
const emmettMaxMs = arg('emmett-max-ms', 60_000);
const fmt = (eps: number): string => `${Math.round(eps).toLocaleString('en-US')} events/s`;

const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const workload = generateWorkload({ seed, events });
const genMs = performance.now() - t0;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
console.log(`generated ${workload.length} events in ${genMs.toFixed(0)} ms (${fmt(workload.length / (genMs / 1000))}, ~${heapMb.toFixed(0)} MB heap)`);

const mix = new Map<string, number>();
for (const e of workload) mix.set(workloadCategory(e), (mix.get(workloadCategory(e)) ?? 0) + 1);
console.log(`mix: ${[...mix].map(([k, v]) => `${k} ${((v / workload.length) * 100).toFixed(1)}%`).join(', ')}`);

const base = runBaseline(workload);
console.log(`baseline: ${fmt(base.eps)} (${base.ms.toFixed(0)} ms, ${base.streams} keys)`);

const emmett = await runEmmett(workload, { maxMs: emmettMaxMs });
const note = emmett.truncated ? ` — stopped after ${emmett.processed} events (budget ${emmettMaxMs} ms)` : '';
console.log(`emmett:   ${fmt(emmett.eps)} (${emmett.ms.toFixed(0)} ms, ${emmett.streams} streams)${note}`);
