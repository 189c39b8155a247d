/**
 * SLA timers: the instants at which something must happen (a warning, a breach, a follow-up), so a
 * shell can sleep until the next one and then ask what fell due.
 */
import type { Thread } from '../../threading/types.js';
import { assertInstant } from './evaluate.js';
import type { SlaMetric } from './policy.js';
import { type SlaContext, slaSchedule } from './schedule.js';

/**
 * A warning or breach of one clock.
 *
 * @example
 * ```ts
 * import type { SlaClockEvent } from 'omnithread';
 * const e: SlaClockEvent = { kind: 'breach', id: 't1:firstResponse:0', missId: 't1:firstResponse:0',
 *   threadId: 't1', metric: 'firstResponse', at: 1_800_000, dueAt: 1_800_000 };
 * ```
 */
export interface SlaClockEvent {
  readonly kind: 'warning' | 'breach';
  /** Unique per event: the miss id for a breach, `${missId}:warning` for a warning. */
  readonly id: string;
  /** The clock (and the miss it is, or warns about). */
  readonly missId: string;
  readonly threadId: string;
  readonly metric: SlaMetric;
  readonly at: number;
  readonly dueAt: number;
}

/**
 * A reminder to check on a resolved thread the customer has not answered.
 *
 * @example
 * ```ts
 * import type { SlaFollowUpEvent } from 'omnithread';
 * const e: SlaFollowUpEvent = { kind: 'followUp', id: 't1:followUp:5000', threadId: 't1', resolvedAt: 5000, at: 90_000 };
 * ```
 */
export interface SlaFollowUpEvent {
  readonly kind: 'followUp';
  /** `${threadId}:followUp:${resolvedAt}`. */
  readonly id: string;
  readonly threadId: string;
  readonly resolvedAt: number;
  readonly at: number;
}

/** Anything an SLA timer fires. */
export type SlaEvent = SlaClockEvent | SlaFollowUpEvent;

const KIND_ORDER: Record<SlaEvent['kind'], number> = { warning: 0, breach: 1, followUp: 2 };

/**
 * Every SLA event of the thread's schedule, whenever it falls: a function of the thread and
 * policy only, ordered by instant, then kind, then id.
 *
 * @example
 * ```ts
 * import { allSlaEvents, type SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * allSlaEvents(thread, { policy }).filter((e) => e.kind === 'breach').length; // misses, past and future
 * ```
 */
export function allSlaEvents(thread: Thread, ctx: SlaContext): SlaEvent[] {
  const schedule = slaSchedule(thread, ctx);
  const events: SlaEvent[] = [];
  for (const c of schedule.clocks) {
    if (c.dueAt === undefined) continue;
    const base = { missId: c.id, threadId: thread.id, metric: c.metric, dueAt: c.dueAt };
    if (c.warnAt !== undefined) events.push({ kind: 'warning', id: `${c.id}:warning`, at: c.warnAt, ...base });
    if (c.breached) events.push({ kind: 'breach', id: c.id, at: c.dueAt, ...base });
  }
  for (const f of schedule.followUps) {
    if (f.cancelledAt === undefined) events.push({ kind: 'followUp', id: f.id, threadId: thread.id, resolvedAt: f.resolvedAt, at: f.at });
  }
  return events.sort((a, b) => a.at - b.at || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The SLA events whose instant falls in `(fromExclusive, toInclusive]`. Because the schedule does
 * not depend on the window, stepping through time in any increments yields every event exactly
 * once: this is what `engine.advanceTo(now)` calls with `(previousNow, now]`.
 *
 * @throws OmnithreadError `INVALID_ARGUMENT` for non-finite bounds or a bad policy.
 * @example
 * ```ts
 * import { dueSlaEvents, type SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const lastNow = now - 60_000; // the previous tick
 * for (const e of dueSlaEvents(thread, lastNow, now, { policy })) {
 *   if (e.kind === 'breach') console.log('sla.breached', e.metric, e.at);
 * }
 * ```
 */
export function dueSlaEvents(thread: Thread, fromExclusive: number, toInclusive: number, ctx: SlaContext): SlaEvent[] {
  if (fromExclusive !== -Infinity) assertInstant(fromExclusive, 'fromExclusive');
  assertInstant(toInclusive, 'toInclusive');
  if (toInclusive <= fromExclusive) return [];
  return allSlaEvents(thread, ctx).filter((e) => e.at > fromExclusive && e.at <= toInclusive);
}

/**
 * The SLA events still to come after `now`, soonest first; schedule a wake-up at `[0].at`.
 *
 * @example
 * ```ts
 * import { slaTimers, type SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const [next] = slaTimers(thread, { now, policy });
 * if (next) setTimeout(() => engine.advanceTo(next.at), next.at - now);
 * ```
 */
export function slaTimers(thread: Thread, ctx: SlaContext & { readonly now: number }): SlaEvent[] {
  assertInstant(ctx.now, 'now');
  return allSlaEvents(thread, ctx).filter((e) => e.at > ctx.now);
}
