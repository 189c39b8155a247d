import { expect } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { type EngineSnapshot, checkSnapshot } from '../../src/engine/snapshot.js';
import type { EngineView } from '../../src/fold/time-travel.js';
import type { EventStore } from '../../src/store/types.js';

/** Everything observable about an engine's state, as plain JSON for deep comparison. */
export function stateOf(engine: Engine | EngineView): unknown {
  return JSON.parse(
    JSON.stringify({
      customers: engine.customers(),
      threads: engine.threads(),
      agents: engine.agents(),
      suggestions: engine.mergeSuggestions(),
      unapplied: engine.unapplied(),
    }),
  );
}

export async function engineWith(batches: readonly (readonly unknown[])[]): Promise<Engine> {
  const engine = createEngine();
  for (const batch of batches) {
    const r = await engine.ingest(batch);
    if (r.rejected.length > 0) throw new Error(`unexpected rejects: ${r.rejected.map((x) => x.error.message).join('; ')}`);
  }
  return engine;
}

/**
 * Like {@link engineWith}, but rejections are part of the outcome instead of an error: the ids and
 * codes of everything rejected, in id order, beside the engine. For histories where the input rules
 * may refuse some events (self-references): the refusals must not depend on arrival order either.
 */
export async function engineAndRejects(batches: readonly (readonly unknown[])[]): Promise<{ engine: Engine; rejected: string[] }> {
  const engine = createEngine();
  const rejected: string[] = [];
  for (const batch of batches) {
    const r = await engine.ingest(batch);
    for (const x of r.rejected) {
      const e = x.event as { tenantId?: unknown; id?: unknown };
      rejected.push(`${String(e.tenantId)}/${String(e.id)}: ${x.error.code}`);
    }
  }
  return { engine, rejected: [...new Set(rejected)].sort() };
}

/**
 * Snapshot + tail = replay, checked: `snapshot` (through JSON, as a host keeps it) passes its checks,
 * and an engine resumed from it over `store` ends in the state, at the position, of a full replay.
 */
export async function expectResumesToReplay(store: EventStore, snapshot: EngineSnapshot): Promise<void> {
  const kept = JSON.parse(JSON.stringify(snapshot)) as EngineSnapshot;
  checkSnapshot(kept);
  const resumed = createEngine({ store, snapshot: kept });
  await resumed.ready();
  const full = createEngine({ store });
  await full.ready();
  expect(stateOf(resumed)).toEqual(stateOf(full));
  expect(resumed.position()).toBe(full.position());
}

/** An engine with a listener on every record event (so it settles after each ingest), and the ids those events named. */
export interface WatchedEngine {
  readonly engine: Engine;
  /** `t:`, `c:` and `a:` ids named by engine events since it was last cleared. */
  readonly reported: Set<string>;
}

export function watchedEngine(options?: Parameters<typeof createEngine>[0]): WatchedEngine {
  const engine = createEngine(options);
  const reported = new Set<string>();
  engine.on('thread.created', (t) => reported.add(`t:${t.id}`));
  engine.on('thread.updated', (t) => reported.add(`t:${t.id}`));
  engine.on('thread.removed', (e) => reported.add(`t:${e.threadId}`));
  engine.on('customer.created', (c) => reported.add(`c:${c.id}`));
  engine.on('customer.updated', (c) => reported.add(`c:${c.id}`));
  engine.on('customer.merged', (e) => reported.add(`c:${e.sourceId}`));
  engine.on('customer.unmerged', (e) => reported.add(`c:${e.customerId}`));
  engine.on('agent.updated', (a) => reported.add(`a:${a.id}`));
  return { engine, reported };
}

/** JSON with sorted keys: a view whose keys only moved is the same view. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;

function viewsOf(engine: Engine): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of engine.threads()) out.set(`t:${t.id}`, JSON.stringify(canonical(t)));
  for (const c of engine.customers()) out.set(`c:${c.id}`, JSON.stringify(canonical(c)));
  for (const a of engine.agents()) out.set(`a:${a.id}`, JSON.stringify(canonical(a)));
  return out;
}

/**
 * Ingests each delivery in turn (calling `between` after each, as a host reads) and checks that every
 * thread, customer or agent whose view the delivery changed was named by an engine event.
 */
export async function expectEveryChangeReported(watched: WatchedEngine, deliveries: readonly unknown[], between?: (engine: Engine) => void): Promise<void> {
  const { engine, reported } = watched;
  let before = viewsOf(engine);
  for (const delivery of deliveries) {
    reported.clear();
    await engine.ingest(delivery);
    between?.(engine);
    const after = viewsOf(engine);
    for (const [id, json] of after) if (before.get(id) !== json) expect(reported, `${id} changed without an event`).toContain(id);
    before = after;
  }
}
