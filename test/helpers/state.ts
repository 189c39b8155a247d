import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { EngineView } from '../../src/engine/time-travel.js';

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
