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
