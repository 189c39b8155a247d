/**
 * `npm run bench:resume [-- --events N] [--out DIR] [--noprof]`: where the time of a resume from a
 * snapshot goes (writes DIR/resume.cpuprofile; --noprof times it without the profiler). Builds an engine of the standard workload, writes its snapshot as
 * lines, then times (under the V8 sampling profiler) readSnapshot + createEngine + ready, beside a
 * replay of the same store, and prints the functions with the most self time.
 */
import { benchClock } from './clock.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, createMemoryStore, readSnapshot, snapshotLines } from '../dist/index.js';
import { generateWorkload } from '../src/testing/workload/index.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' }, out: { type: 'string', default: '.profiles' }, top: { type: 'string', default: '30' }, noprof: { type: 'boolean', default: false } } });
const N = Number(values.events);
mkdirSync(values.out, { recursive: true });
const gc = () => (globalThis as { gc?: () => void }).gc?.();

const events = generateWorkload({ seed: 42, events: N });
const live = createEngine({ store: createMemoryStore(), clock: benchClock });
for (let i = 0; i < events.length; i += 1000) await live.ingest(events.slice(i, i + 1000));
const store = live.store;

gc();
let t0 = performance.now();
const replayed = createEngine({ store, clock: benchClock });
await replayed.ready();
const replayMs = performance.now() - t0;

const t1 = performance.now();
const lines = [...snapshotLines(live.snapshot())];
const takeMs = performance.now() - t1;
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
gc();
if (!values.noprof) await session.post('Profiler.start');
t0 = performance.now();
const snapshot = await readSnapshot(lines);
const readMs = performance.now() - t0;
const resumed = createEngine({ store, snapshot, clock: benchClock });
const createMs = performance.now() - t0 - readMs;
await resumed.ready();
const resumeMs = performance.now() - t0;
if (!values.noprof) {
  const { profile } = (await session.post('Profiler.stop')) as any;
  writeFileSync(join(values.out, 'resume.cpuprofile'), JSON.stringify(profile));
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id: number, i: number) => {
    const n = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}
const same = JSON.stringify(resumed.threads().map((t) => [t.id, t.messages.length])) === JSON.stringify(replayed.threads().map((t) => [t.id, t.messages.length]));
console.log(JSON.stringify({ events: N, replay_ms: Math.round(replayMs), take_ms: Math.round(takeMs), read_ms: Math.round(readMs), create_ms: Math.round(createMs), resume_ms: Math.round(resumeMs), resume_vs_replay: +(replayMs / resumeMs).toFixed(2), bytes_per_event: Math.round(bytes / N), lines: lines.length, same }));
