import type { WorkloadEvent } from '../src/testing/workload/index.js';
import { customerKey } from './customer-key.js';

/** Throughput of one benchmark contender. */
export interface FoldResult {
  /** Wall time of the fold, in ms. */
  readonly ms: number;
  /** Events per second. */
  readonly eps: number;
  /** Distinct keys (customers, agents) the fold ended with: a sanity check that it did the work. */
  readonly streams: number;
}

/**
 * The hand-written mutable baseline: one `Map` from customer key to an array, one `push` per event.
 * No validation, no ordering, no identity resolution — the speed of light for "group events by
 * customer" in plain JavaScript, which the engine's replay is compared against.
 *
 * @example
 * ```ts
 * const { eps } = runBaseline(generateWorkload({ seed: 42, events: 200_000 }));
 * ```
 */
export function runBaseline(events: readonly WorkloadEvent[]): FoldResult {
  const start = performance.now();
  const byCustomer = new Map<string, WorkloadEvent[]>();
  for (const event of events) {
    const key = customerKey(event);
    const list = byCustomer.get(key);
    if (list === undefined) byCustomer.set(key, [event]);
    else list.push(event);
  }
  const ms = performance.now() - start;
  return { ms, eps: events.length / (ms / 1000), streams: byCustomer.size };
}
