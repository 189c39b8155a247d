/** `computeMetrics`: contact-centre metrics over a set of threads, grouped as asked. Pure. */
import { OmnithreadError } from '../../errors.js';
import { PRIORITY_LEVELS } from '../../events/primitives.js';
import type { Thread } from '../../threading/types.js';
import { GroupAccumulator } from './aggregate.js';
import { ALL, UNASSIGNED, measureThread } from './measure.js';
import { resolveMetricsOptions } from './options.js';
import type { MetricsGroup, MetricsGroupBy, MetricsOptions, MetricsReport } from './types.js';

/** Priorities most urgent first; every other key in code-unit order; `unassigned` last. */
function compareKeys(groupBy: MetricsGroupBy): (a: string, b: string) => number {
  if (groupBy === 'priority') {
    const rank = (k: string) => -PRIORITY_LEVELS.indexOf(k as (typeof PRIORITY_LEVELS)[number]);
    return (a, b) => rank(a) - rank(b);
  }
  return (a, b) => {
    if (a === b) return 0;
    if (a === UNASSIGNED) return 1;
    if (b === UNASSIGNED) return -1;
    return a < b ? -1 : 1;
  };
}

/**
 * First and next response times, resolution and handle time, transfers, first-contact resolution,
 * reopen rate, SLA hit rate, CSAT, CES and NPS, over the threads created in `[from, to)`, per group
 * and in total. Merged-away threads (status `merged`) are skipped: their messages and surveys live
 * in the thread they were merged into. `now` only judges SLA clocks; everything else is read from
 * the threads as given (pass `engine.at(time).threads()` to report on the past). Definitions:
 * docs/metrics.md.
 *
 * @throws OmnithreadError `INVALID_ARGUMENT` for bad options (path + message per problem), a bad SLA
 *   policy (paths under `sla`), threads that are not an iterable, or a `priorityOf` returning
 *   something that is not a priority level.
 * @example
 * ```ts
 * import { computeMetrics, createEngine } from 'omnithread';
 * const engine = createEngine();
 * const report = computeMetrics(engine.threads(), { now: Date.now(), groupBy: 'channel' });
 * for (const g of report.groups) console.log(g.key, g.firstResponse.medianMs, g.csat.mean);
 * ```
 */
export function computeMetrics(threads: Iterable<Thread>, options: MetricsOptions): MetricsReport {
  const o = resolveMetricsOptions(options);
  if (typeof (threads as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== 'function') {
    const message = 'expected an array (or iterable) of threads';
    throw new OmnithreadError('INVALID_ARGUMENT', `threads: ${message}`, { issues: [{ path: ['threads'], message }] });
  }
  const total = new GroupAccumulator();
  const groups = new Map<string, GroupAccumulator>();
  for (const thread of threads) {
    if (thread.status === 'merged') continue;
    if (o.from !== undefined && thread.createdAt < o.from) continue;
    if (o.to !== undefined && thread.createdAt >= o.to) continue;
    const measures = measureThread(thread, o);
    total.add(measures);
    let group = groups.get(measures.key);
    if (!group) groups.set(measures.key, (group = new GroupAccumulator()));
    group.add(measures);
  }
  const keys = [...groups.keys()].sort(compareKeys(o.groupBy));
  const out: MetricsGroup[] = keys.map((k) => groups.get(k)!.result(k));
  return {
    groupBy: o.groupBy,
    now: o.now,
    from: o.from ?? null,
    to: o.to ?? null,
    groups: out,
    total: total.result(ALL),
  };
}
