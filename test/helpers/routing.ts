import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { EngineSnapshot } from '../../src/engine/snapshot.js';
import { defaultRoutingPolicy } from '../../src/policies/routing/index.js';
import type { EventStore } from '../../src/store/types.js';
import type { RoutingDay } from '../../src/testing/adversarial/routing-day.js';

/** An engine routing with the default policy, resuming from `store` (and `snapshot`) when given. */
export function routedEngine(options: { offerTimeoutMs?: number; store?: EventStore; snapshot?: EngineSnapshot } = {}): Engine {
  const { offerTimeoutMs, store, snapshot } = options;
  return createEngine({
    ...(store ? { store } : {}),
    ...(snapshot ? { snapshot } : {}),
    policies: { routing: { policy: defaultRoutingPolicy(), ...(offerTimeoutMs === undefined ? {} : { offerTimeoutMs }) } },
  });
}

/** `tenant\0id` of every event the day feeds in: whatever else is in the store, the engine wrote. */
export function inputKeys(day: RoutingDay): Set<string> {
  return new Set(day.steps.flatMap((s) => (s.kind === 'ingest' ? s.events.map((e) => `${e.tenantId}\u0000${e.id}`) : [])));
}

/**
 * Everything the engine wrote to the store itself (assignments, expired offers, and whatever routing
 * memory becomes events), as JSON in id order. Found by "not in the input", so it does not depend on
 * the names the engine gives its events.
 */
export async function engineWritten(store: EventStore, input: ReadonlySet<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of store.readAll({})) {
    for (const s of batch) if (!input.has(`${s.event.tenantId}\u0000${s.event.id}`)) out.push(JSON.stringify(s.event));
  }
  return out.sort();
}

/** Each thread's id, status, assignee and assignment count: who works what. */
export function assignees(engine: Engine): string[] {
  return engine.threads().map((t) => `${t.id} ${t.status} ${t.assignee ?? '-'} ${t.assignments}`);
}
