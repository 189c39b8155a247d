import { z } from 'zod';
import type { PriorityLevel } from '../../events/primitives.js';
import type { Thread } from '../../threading/types.js';
import type { PriorityPolicy } from './types.js';
import { levelPoints, parseOptions } from './options.js';

/** Default bonus per manual priority. */
export const DEFAULT_OVERRIDE_POINTS: Readonly<Record<PriorityLevel, number>> = Object.freeze({
  low: -300,
  normal: 0,
  high: 300,
  urgent: 1000,
});

/**
 * Options of `manualOverridePolicy`.
 *
 * @example
 * ```ts
 * import type { ManualOverrideOptions } from 'omnithread';
 * const options: ManualOverrideOptions = { points: { urgent: 5000 } };
 * ```
 */
export interface ManualOverrideOptions {
  /** Points per override level, merged over {@link DEFAULT_OVERRIDE_POINTS}; must not fall from low to urgent. */
  readonly points?: Partial<Record<PriorityLevel, number>>;
}

const schema = z.strictObject({ points: levelPoints(DEFAULT_OVERRIDE_POINTS) });

/**
 * Manual override (`thread.priorityOverride`, set by `thread.priority_set`): a big bonus, not an
 * absolute rank. `urgent` (+1000) outweighs every bounded factor of the default policy together, so
 * it goes first in practice; but the score stays one additive number, which keeps it explainable
 * and keyable, and a `low` thread still ages, so it cannot starve forever.
 *
 * @example
 * ```ts
 * import { manualOverridePolicy } from 'omnithread';
 * const policy = manualOverridePolicy({ points: { urgent: 5000 } });
 * policy.score({ ...thread, priorityOverride: 'urgent' }, { now }).score; // 5000
 * ```
 */
export function manualOverridePolicy(options?: ManualOverrideOptions): PriorityPolicy {
  const o = parseOptions('manualOverridePolicy', schema, options);
  const pointsOf = (thread: Thread) => (thread.priorityOverride === undefined ? 0 : o.points[thread.priorityOverride]);
  return {
    name: 'override',
    score(thread) {
      const level = thread.priorityOverride;
      const points = pointsOf(thread);
      const detail = level === undefined ? 'no manual priority' : `manual priority ${level}`;
      return { score: points, reasons: [{ factor: 'override', points, detail }] };
    },
    orderingKey: pointsOf,
  };
}
