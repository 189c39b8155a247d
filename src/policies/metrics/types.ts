/**
 * The shapes of a metrics report. Every field is always present; `null` means "no data" (nothing to
 * average, a rate with an empty denominator), never zero. Rates are fractions in [0, 1]; the NPS
 * score is in percentage points, −100..100. Durations are milliseconds.
 */
import type { PriorityLevel } from '../../events/primitives.js';
import type { Customer } from '../../identity/types.js';
import type { Thread } from '../../threading/types.js';
import type { BusinessCalendar } from '../calendar/index.js';
import type { SlaPolicy, SlaPolicyInput } from '../sla/policy.js';

/** How to split threads into groups. */
export type MetricsGroupBy = 'channel' | 'team' | 'agent' | 'priority' | 'none';

/**
 * What {@link computeMetrics} accepts besides the threads.
 *
 * @example
 * ```ts
 * import type { MetricsOptions } from 'omnithread';
 * const options: MetricsOptions = { now: Date.parse('2026-12-01T00:00:00Z'), groupBy: 'team', from: Date.parse('2026-11-01T00:00:00Z') };
 * ```
 */
export interface MetricsOptions {
  /** Threads created at or after this instant (epoch ms). */
  readonly from?: number;
  /** Threads created strictly before this instant (epoch ms). */
  readonly to?: number;
  /** Default `'none'`: one group, `'all'`. */
  readonly groupBy?: MetricsGroupBy;
  /** The instant SLA clocks are judged at (epoch ms). Nothing else depends on it. */
  readonly now: number;
  /** Service levels to judge; without one the `sla` block is all zeros and `hitRate` is null. */
  readonly sla?: SlaPolicy | SlaPolicyInput;
  /** Working hours for the `business*` durations. Default: always open (business = raw). */
  readonly calendar?: BusinessCalendar;
  /** The customer of a thread, for SLA rules on tier / VIP. */
  readonly customerOf?: (customerId: string) => Customer | undefined;
  /** The priority of a thread (e.g. your priority policy's); also given to SLA rules. */
  readonly priorityOf?: (thread: Thread) => PriorityLevel | undefined;
}

/**
 * Distribution of one duration over its samples: raw wall-clock ms, and ms inside working hours.
 *
 * @example
 * ```ts
 * import type { DurationStats } from 'omnithread';
 * const report = engine.metrics({ tenantId: 'acme', now: Date.now() });
 * const frt: DurationStats = report.total.firstResponse;
 * if (frt.count > 0) console.log(`median first response ${frt.medianMs! / 60_000} min`);
 * ```
 */
export interface DurationStats {
  /** Number of samples (threads, or reply cycles for `nextResponse`). */
  readonly count: number;
  readonly meanMs: number | null;
  /** The middle sample; the mean of the two middle ones for an even count. */
  readonly medianMs: number | null;
  /** Nearest rank: the smallest sample with at least 90% of samples at or below it. */
  readonly p90Ms: number | null;
  readonly businessMeanMs: number | null;
  readonly businessMedianMs: number | null;
  readonly businessP90Ms: number | null;
}

/**
 * Every metric of one group of threads (or of all of them, in `total`).
 *
 * @example
 * ```ts
 * import type { MetricsGroup } from 'omnithread';
 * const report = engine.metrics({ tenantId: 'acme', now: Date.now(), groupBy: 'channel' });
 * const { key, threads, firstContactResolution }: MetricsGroup = report.groups[0]!;
 * console.log(`${key}: ${threads} threads, FCR ${firstContactResolution.rate}`);
 * ```
 */
export interface MetricsGroup {
  /** Channel, team, agent id, priority level, `'unassigned'` (no agent / no team), or `'all'`. */
  readonly key: string;
  /** Threads in the group (created in the window, not merged away). */
  readonly threads: number;
  /** First customer message → first reply by an agent or a bot (or a call answered live). */
  readonly firstResponse: DurationStats;
  /** First customer message → first reply by an agent (or a call answered live); bots do not count. */
  readonly firstHumanResponse: DurationStats;
  /** One sample per later reply cycle: oldest unanswered customer message → next reply. */
  readonly nextResponse: DurationStats;
  /** Resolved or closed threads: creation → when the thread last became resolved or closed. */
  readonly resolution: DurationStats;
  /** Resolved or closed threads: time spent in status `open` before that (Zendesk's agent work time). */
  readonly handleTime: DurationStats;
  readonly transfers: { readonly total: number; readonly perThread: number | null };
  /** One-touch: resolved or closed, exactly one agent touch, never reopened, never transferred. */
  readonly firstContactResolution: { readonly rate: number | null; readonly resolved: number; readonly eligible: number };
  /** Threads reopened at least once / threads resolved at least once. */
  readonly reopenRate: number | null;
  /** Clocks met / clocks finished (met or missed); `active` counts running and paused clocks. */
  readonly sla: { readonly hitRate: number | null; readonly hits: number; readonly misses: number; readonly active: number };
  /** CSAT answers scored 1–5; satisfied = 4 or 5. */
  readonly csat: { readonly count: number; readonly mean: number | null; readonly satisfiedRate: number | null };
  /** CES answers scored 1–7. */
  readonly ces: { readonly count: number; readonly mean: number | null };
  /** NPS answers scored 0–10; score = % promoters (9–10) − % detractors (0–6). */
  readonly nps: { readonly count: number; readonly score: number | null };
}

/**
 * The result of {@link computeMetrics}.
 *
 * @example
 * ```ts
 * import { type MetricsReport, computeMetrics } from 'omnithread';
 * const report: MetricsReport = computeMetrics(engine.threads(), { now, groupBy: 'channel' });
 * report.total.threads === report.groups.reduce((n, g) => n + g.threads, 0); // true
 * ```
 */
export interface MetricsReport {
  readonly groupBy: MetricsGroupBy;
  readonly now: number;
  readonly from: number | null;
  readonly to: number | null;
  /** Ordered by key (priorities from `urgent` down to `low`), `'unassigned'` last. */
  readonly groups: readonly MetricsGroup[];
  /** The same metrics over every thread in the window. */
  readonly total: MetricsGroup;
}
