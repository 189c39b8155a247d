import { z } from 'zod';
import type { PriorityPolicy, PriorityReason } from './types.js';
import { MINUTE_MS } from './types.js';
import { fmt, fmtMinutes, nonNegative, parseOptions } from './options.js';
import type { Thread } from '../../threading/types.js';
import type { PriorityContext } from './types.js';

/**
 * Options of `serviceLevelPolicy`.
 *
 * @example
 * ```ts
 * import type { ServiceLevelOptions } from 'omnithread';
 * const options: ServiceLevelOptions = { perMinute: 1, breachedPoints: 500, horizonMinutes: 240 };
 * ```
 */
export interface ServiceLevelOptions {
  /** Points per minute as the deadline comes closer (and keeps coming after it passed). Default 0.5. */
  readonly perMinute?: number;
  /** Points for a thread that already missed a service-level target. Default 300. */
  readonly breachedPoints?: number;
  /**
   * The distance to the deadline at which its points are zero. Nearer deadlines give more, later
   * ones less (negative): earliest deadline first. A waiting thread with no deadline is treated as
   * due this long after the customer started waiting. Default 1440 (a day, the usual email promise).
   */
  readonly horizonMinutes?: number;
  /** Give a waiting thread without a deadline the assumed one above. Default true. */
  readonly assumeDeadline?: boolean;
}

const schema = z.strictObject({
  perMinute: nonNegative.default(0.5),
  breachedPoints: nonNegative.default(300),
  horizonMinutes: nonNegative.default(1440),
  assumeDeadline: z.boolean().default(true),
});

/**
 * Service-level deadlines: earliest deadline first, breached highest. Points =
 * `perMinute × (horizonMinutes − minutes left)` plus `breachedPoints` once a target was missed.
 * The deadline is a fixed key; the score drifts by `perMinute` for every thread, so the order of two
 * threads never changes with time alone.
 *
 * Without a deadline (no SLA, or its clocks paused) a waiting thread is treated as due
 * `horizonMinutes` after it started waiting, so it starts at 0 and rises like aging; a thread with
 * no deadline and no waiting customer scores 0 and has no ordering key.
 *
 * @example
 * ```ts
 * import { serviceLevelPolicy } from 'omnithread';
 * const policy = serviceLevelPolicy({ perMinute: 1, horizonMinutes: 60 });
 * policy.score(thread, { now, sla: { nextDeadline: now + 15 * 60_000, breached: false } }).score; // 45
 * ```
 */
export function serviceLevelPolicy(options?: ServiceLevelOptions): PriorityPolicy {
  const o = parseOptions('serviceLevelPolicy', schema, options);
  const horizonMs = o.horizonMinutes * MINUTE_MS;
  const deadlineOf = (thread: Thread, ctx: PriorityContext) => {
    const given = ctx.sla?.nextDeadline;
    if (given !== undefined) return { at: given, assumed: false };
    const since = thread.awaitingReplySince;
    return o.assumeDeadline && since !== undefined ? { at: since + horizonMs, assumed: true } : undefined;
  };
  const breachPoints = (ctx: PriorityContext) => (ctx.sla?.breached ? o.breachedPoints : 0);
  return {
    name: 'deadline',
    drift: o.perMinute,
    score(thread, ctx) {
      const reasons: PriorityReason[] = [];
      if (ctx.sla?.breached) reasons.push({ factor: 'sla-breached', points: o.breachedPoints, detail: 'a service-level target was missed' });
      const deadline = deadlineOf(thread, ctx);
      if (deadline === undefined) {
        reasons.push({ factor: 'deadline', points: 0, detail: 'no service-level deadline running' });
      } else {
        const left = (deadline.at - ctx.now) / MINUTE_MS;
        const points = o.perMinute * (o.horizonMinutes - left);
        const when = left >= 0 ? `due in ${fmtMinutes(left)}` : `overdue by ${fmtMinutes(left)}`;
        const what = deadline.assumed ? 'no deadline; assumed' : 'next deadline';
        reasons.push({ factor: 'deadline', points, detail: `${what} ${when} (${fmt(o.perMinute)}/min)`, value: left });
      }
      return { score: reasons.reduce((s, r) => s + r.points, 0), reasons };
    },
    orderingKey(thread, ctx) {
      const deadline = deadlineOf(thread, ctx);
      if (deadline === undefined) return undefined;
      return breachPoints(ctx) + o.perMinute * o.horizonMinutes - (o.perMinute * deadline.at) / MINUTE_MS;
    },
  };
}
