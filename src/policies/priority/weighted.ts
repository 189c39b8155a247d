import { z } from 'zod';
import type { PriorityPolicy, PriorityReason } from './types.js';
import { finite, fmt, nonNegative, parseOptions } from './options.js';

/**
 * One part of a weighted composition.
 *
 * @example
 * ```ts
 * import { type WeightedPart, sentimentPolicy } from 'omnithread';
 * const part: WeightedPart = { policy: sentimentPolicy(), weight: 0.5, cap: 20 };
 * ```
 */
export interface WeightedPart {
  readonly policy: PriorityPolicy;
  /** Multiplies the part's score and the points of its reasons. Default 1. */
  readonly weight?: number;
  /** The most this part may contribute after weighting. Only for parts that do not move with time. */
  readonly cap?: number;
}

/**
 * Options of `weightedPriority`.
 *
 * @example
 * ```ts
 * import { type WeightedPriorityOptions, severityPolicy } from 'omnithread';
 * const options: WeightedPriorityOptions = { name: 'desk', policies: [{ policy: severityPolicy(), weight: 2 }] };
 * ```
 */
export interface WeightedPriorityOptions {
  readonly name?: string;
  readonly policies: readonly WeightedPart[];
}

const policyShape = z.custom<PriorityPolicy>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as PriorityPolicy).name === 'string' &&
    typeof (v as PriorityPolicy).score === 'function',
  'expected a priority policy ({ name, score })',
);

const schema = z.strictObject({
  name: z.string().min(1).default('weighted'),
  policies: z
    .array(z.strictObject({ policy: policyShape, weight: nonNegative.default(1), cap: finite.optional() }))
    .min(1, 'compose at least one policy')
    .refine((parts) => parts.some((p) => p.weight > 0), 'at least one policy needs a weight > 0'),
});

/**
 * Composes policies into one: the score is the sum of `weight × part score` (each capped at `cap`),
 * and the reasons are the parts' reasons with their points weighted, so they still add up.
 *
 * It has an `orderingKey` only when every part has one; the key is the weighted sum of the parts'
 * keys and the drift the weighted sum of their drifts. A cap bends a line, so a capped part that
 * moves with time (`drift > 0`) leaves the composition without a key.
 *
 * @example
 * ```ts
 * import { weightedPriority, severityPolicy, waitingTimePolicy, sentimentPolicy } from 'omnithread';
 * const policy = weightedPriority({
 *   policies: [
 *     { policy: severityPolicy(), weight: 2 },
 *     { policy: sentimentPolicy(), cap: 20 },
 *     { policy: waitingTimePolicy() },
 *   ],
 * });
 * ```
 */
export function weightedPriority(options: WeightedPriorityOptions): PriorityPolicy {
  const o = parseOptions('weightedPriority', schema, options);
  const parts = o.policies.filter((p) => p.weight > 0);
  const keyable = parts.every((p) => p.policy.orderingKey !== undefined && (p.cap === undefined || !p.policy.drift));
  const drift = parts.reduce((s, p) => s + p.weight * (p.policy.drift ?? 0), 0);

  const policy: PriorityPolicy = {
    name: o.name,
    score(thread, ctx) {
      let score = 0;
      const reasons: PriorityReason[] = [];
      for (const { policy: part, weight, cap } of parts) {
        const result = part.score(thread, ctx);
        for (const r of result.reasons) reasons.push(weight === 1 ? r : { ...r, points: r.points * weight });
        const raw = weight * result.score;
        if (cap !== undefined && raw > cap) {
          reasons.push({ factor: 'cap', points: cap - raw, detail: `${part.name} capped at ${fmt(cap)} (was ${fmt(raw)})` });
          score += cap;
        } else {
          score += raw;
        }
      }
      return { score, reasons };
    },
  };
  if (!keyable) return policy;
  return {
    ...policy,
    drift,
    orderingKey(thread, ctx) {
      let key = 0;
      for (const { policy: part, weight, cap } of parts) {
        const k = part.orderingKey!(thread, ctx);
        if (k === undefined) return undefined;
        // A capped part does not drift, so its key is its score and the cap applies as is.
        key += cap === undefined ? weight * k : Math.min(cap, weight * k);
      }
      return key;
    },
  };
}
