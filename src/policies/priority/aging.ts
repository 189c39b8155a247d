import { z } from 'zod';
import type { PriorityPolicy } from './types.js';
import { MINUTE_MS } from './types.js';
import { fmt, fmtMinutes, nonNegative, parseOptions } from './options.js';

/**
 * Options of `waitingTimePolicy`.
 *
 * @example
 * ```ts
 * import type { WaitingTimeOptions } from 'omnithread';
 * const options: WaitingTimeOptions = { perMinute: 0.5 };
 * ```
 */
export interface WaitingTimeOptions {
  /** Points per minute the customer has been waiting for a reply. Default 0.25 (15 per hour). */
  readonly perMinute?: number;
}

const schema = z.strictObject({ perMinute: nonNegative.default(0.25) });

/**
 * Waiting-time aging, the anti-starvation factor: points grow linearly with the minutes since
 * `awaitingReplySince` (the oldest unanswered customer message), so anything left waiting long
 * enough rises to the top. A customer who is not waiting scores 0.
 *
 * The rate is the same for every thread on purpose: then the score is a fixed key
 * (`-perMinute × awaitingReplySince / 60 000`) plus a drift all threads share, and a queue ordered
 * by the key stays ordered as time passes. Aging never lowers a score (time before the customer
 * started waiting counts as zero).
 *
 * @example
 * ```ts
 * import { waitingTimePolicy } from 'omnithread';
 * const policy = waitingTimePolicy({ perMinute: 0.5 });
 * policy.score(thread, { now: thread.awaitingReplySince! + 30 * 60_000 }).score; // 15
 * ```
 */
export function waitingTimePolicy(options?: WaitingTimeOptions): PriorityPolicy {
  const o = parseOptions('waitingTimePolicy', schema, options);
  return {
    name: 'aging',
    drift: o.perMinute,
    score(thread, ctx) {
      const since = thread.awaitingReplySince;
      if (since === undefined) return { score: 0, reasons: [{ factor: 'aging', points: 0, detail: 'customer not waiting for a reply', value: 0 }] };
      const minutes = Math.max(0, ctx.now - since) / MINUTE_MS;
      const points = o.perMinute * minutes;
      return {
        score: points,
        reasons: [{ factor: 'aging', points, detail: `customer waiting ${fmtMinutes(minutes)} (${fmt(o.perMinute)}/min)`, value: minutes }],
      };
    },
    orderingKey(thread) {
      const since = thread.awaitingReplySince;
      // Not waiting: the score stays 0 while everyone else's rises, so no fixed key can order it.
      return since === undefined ? undefined : (-o.perMinute * since) / MINUTE_MS;
    },
  };
}
