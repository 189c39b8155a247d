import { type Event, getInMemoryEventStore } from '@event-driven-io/emmett';
import type { WorkloadEvent } from '../src/testing/workload/index.js';
import type { FoldResult } from './baseline.js';
import { customerKey } from './customer-key.js';

type StoredEvent = Event<WorkloadEvent['type'], WorkloadEvent>;

/** Emmett's result, plus how far it got when a time budget cut it short. */
export interface EmmettResult extends FoldResult {
  /** Events appended (all of them unless `maxMs` ran out). */
  readonly processed: number;
  readonly truncated: boolean;
}

export interface EmmettOptions {
  /**
   * Stop appending after this many ms and report the rate over the events done so far. Emmett's
   * in-memory store recomputes its global position by walking every stream on each appended event,
   * so its cost grows with events × streams; without a budget a 1M-event run takes hours.
   * Default 60,000; pass `Infinity` for a full run.
   */
  readonly maxMs?: number;
}

/**
 * The peer: `@event-driven-io/emmett`'s in-memory event store with one stream per customer
 * (`customer-<key>`). Each event is appended as it arrives, then every stream is aggregated with a
 * trivial evolve that counts messages — the same "group by customer" work as the baseline, through
 * a general-purpose event store.
 *
 * @example
 * ```ts
 * const { eps, truncated } = await runEmmett(generateWorkload({ seed: 42, events: 200_000 }), { maxMs: 30_000 });
 * ```
 */
export async function runEmmett(events: readonly WorkloadEvent[], options: EmmettOptions = {}): Promise<EmmettResult> {
  const maxMs = options.maxMs ?? 60_000;
  const store = getInMemoryEventStore();
  const streams = new Set<string>();
  const start = performance.now();
  let processed = 0;
  for (const event of events) {
    const stream = `customer-${customerKey(event)}`;
    streams.add(stream);
    await store.appendToStream<StoredEvent>(stream, [{ type: event.type, data: event }]);
    processed++;
    if ((processed & 0x3ff) === 0 && performance.now() - start > maxMs) break;
  }
  let messages = 0;
  for (const stream of streams) {
    const { state } = await store.aggregateStream<number, StoredEvent>(stream, {
      initialState: () => 0,
      evolve: (count: number, e: StoredEvent) => (e.type === 'message.received' || e.type === 'message.sent' ? count + 1 : count),
    });
    messages += state;
  }
  const ms = performance.now() - start;
  if (messages > processed) throw new Error('emmett fold counted more messages than it was given');
  return { ms, eps: processed / (ms / 1000), streams: streams.size, processed, truncated: processed < events.length };
}
