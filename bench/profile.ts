/**
 * `npm run bench:profile [-- --events N] [--out DIR]`: where the time of validated ingest and of
 * replay goes. Runs the standard workload through the built package under the V8 sampling profiler
 * (the same profiler as `node --cpu-prof`), writes `ingest.cpuprofile` and `replay.cpuprofile` to
 * DIR (open them in Chrome DevTools or speedscope) and prints the functions with the most self time.
 */
import { benchClock } from './clock.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, createMemoryStore } from '../dist/index.js';
import { generateWorkload } from '../src/testing/workload/index.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const { values } = parseArgs({ options: { events: { type: 'string', default: '100000' }, out: { type: 'string', default: '.profiles' }, top: { type: 'string', default: '25' } } });
const N = Number(values.events);
const out = values.out;
mkdirSync(out, { recursive: true });

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 500 });

async function profiled(name: string, fn: () => Promise<void>): Promise<Profile> {
  await session.post('Profiler.start');
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  const file = join(out, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`\n${name}: ${Math.round(N / (ms / 1000)).toLocaleString('en')} events/s under the profiler → ${file}`);
  return profile;
}

/** Self time per function, as a share of all samples but the profiler's own. */
function selfTime(profile: Profile): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url === '' ? '' : ` ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    // The inspector's own message handling, not ours.
    if (functionName === 'dispatch' && url === '') return;
    const key = `${functionName || '(anonymous)'}${where}`;
    const dt = profile.timeDeltas[i] ?? 0;
    totals.set(key, (totals.get(key) ?? 0) + dt);
    all += dt;
  });
  return [...totals].map(([k, t]): [string, number] => [k, t / all]).sort((a, b) => b[1] - a[1]);
}

function report(profile: Profile): void {
  for (const [name, share] of selfTime(profile).slice(0, Number(values.top))) console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
}

/**
 * What the primitives every fold is made of cost here, at the benchmark's scale: inserting into and
 * reading a Map of 1M string keys, and allocating objects that stay alive. Replay cannot be cheaper
 * per event than the handful of these it has to do, whatever the design.
 */
function primitives(): void {
  const n = 1_000_000;
  const keys = Array.from({ length: n }, (_, i) => `evt_${((i * 2654435761) >>> 0).toString(36)}_${i}`);
  const perOp = (t0: number) => `${(((performance.now() - t0) * 1e6) / n).toFixed(0)} ns`;
  let t0 = performance.now();
  const map = new Map<string, number>();
  for (const k of keys) map.set(k, 1);
  const set = perOp(t0);
  t0 = performance.now();
  let hits = 0;
  for (const k of keys) hits += map.get(k)!;
  const get = perOp(t0);
  t0 = performance.now();
  const kept: object[] = [];
  for (let i = 0; i < n; i++) kept.push({ id: keys[i], at: i, list: [] as number[] });
  const alloc = perOp(t0);
  console.log(`primitives at 1M: Map.set ${set}, Map.get ${get}, a retained object with an array ${alloc} (${hits + kept.length} touched)`);
}
primitives();

const events = generateWorkload({ seed: 42, events: N });
const store = createMemoryStore();
const live = createEngine({ store, clock: benchClock });
live.on('thread.updated', () => undefined);
report(
  await profiled('ingest', async () => {
    for (let i = 0; i < events.length; i += 1000) await live.ingest(events.slice(i, i + 1000));
  }),
);
const replayed = createEngine({ store, clock: benchClock });
report(await profiled('replay', () => replayed.ready()));
session.disconnect();
