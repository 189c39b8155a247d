/**
 * `npm run bench:phases [-- --events N] [--rounds R]`: replay split into its phases, best of R rounds,
 * and the heap an engine retains per event. Single benchmark runs on a shared machine move by more
 * than most changes, so compare two versions with this script run back to back (in two worktrees),
 * not with two `npm run bench` tables. Reaches into engine internals on purpose: it is a lab tool.
 */
import { benchClock } from './clock.js';
import { parseArgs } from 'node:util';
import { createEngine, createMemoryStore, type EventStore, type StoredEvent } from '../dist/index.js';
import { generateWorkload } from '../src/testing/workload/index.js';

/** The internals this script times one by one (not part of the public API). */
interface EngineInternals {
  readonly core: {
    prepareStored(event: unknown, position: number): unknown;
    add(envelope: unknown): void;
    settle(): void;
  };
  readonly publisher: { publish(): void };
}

const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '3' } } });
const N = Number(values.events);
const rounds = Number(values.rounds);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:phases does)');
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

// Each step in its own function, so what one leaves behind is unreachable before the next measures.
async function ingestInto(store: EventStore): Promise<void> {
  const live = createEngine({ store, clock: benchClock });
  const events = generateWorkload({ seed: 42, events: N });
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += 1000) await live.ingest(events.slice(i, i + 1000));
  console.log(`validated ingest: ${(((performance.now() - t0) * 1000) / N).toFixed(1)} µs per event`);
}

const best = { prepare: Infinity, add: Infinity, settle: Infinity, publish: Infinity };

/** One replay of the stored events, phase by phase; returns the heap the engine retains per event. */
async function replayRound(stored: readonly StoredEvent[]): Promise<number> {
  const before = heapUsed();
  const engine = createEngine({ store: createMemoryStore(), clock: benchClock });
  await engine.ready();
  const { core, publisher } = engine as unknown as EngineInternals;
  let t = performance.now();
  const lap = (phase: keyof typeof best) => {
    const now = performance.now();
    best[phase] = Math.min(best[phase], ((now - t) * 1000) / N);
    t = now;
  };
  const envelopes = stored.map((s) => core.prepareStored(s.event, s.globalPosition));
  lap('prepare');
  for (const env of envelopes) core.add(env);
  lap('add');
  core.settle();
  lap('settle');
  publisher.publish();
  lap('publish');
  envelopes.length = 0;
  const retained = (heapUsed() - before) / N;
  if (engine.threads().length === 0) throw new Error('the replay folded nothing');
  return retained;
}

const store = createMemoryStore();
await ingestInto(store);
const stored: StoredEvent[] = [];
for await (const batch of store.readAll({ from: 1 })) stored.push(...batch);
let heapPerEvent = 0;
for (let round = 0; round < rounds; round++) heapPerEvent = await replayRound(stored);
const total = best.prepare + best.add + best.settle + best.publish;
const parts = Object.entries(best).map(([k, v]) => `${k} ${v.toFixed(2)}`);
console.log(`replay, best of ${rounds}: ${parts.join(' + ')} = ${total.toFixed(2)} µs per event (${Math.round(1e6 / total).toLocaleString('en')} events/s)`);
console.log(`heap retained by one replayed engine: ${heapPerEvent.toFixed(0)} bytes per event`);
