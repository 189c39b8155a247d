import { z } from 'zod';
import type { Thread } from '../../threading/types.js';
import type { PriorityResult, SentimentScorer } from './types.js';
import { finite, fmt, fn, parseOptions } from './options.js';
import { threadSentiment } from './sentiment.js';

/**
 * Options of `shouldFlag`.
 *
 * @example
 * ```ts
 * import type { FlagOptions } from 'omnithread';
 * const options: FlagOptions = { sentimentBelow: -0.4, scoreAtLeast: 800 };
 * ```
 */
export interface FlagOptions {
  /** Flag when the customer's weighted sentiment is below this. Default -0.5; `null` turns it off. */
  readonly sentimentBelow?: number | null;
  /** Flag when the score is at or above this. Default: off. */
  readonly scoreAtLeast?: number;
  /** Used only when the result carries no `sentiment` reason. Default: the lexicon scorer. */
  readonly scorer?: SentimentScorer;
}

/**
 * Why a thread deserves a supervisor's eye.
 *
 * @example
 * ```ts
 * import type { FlagReason } from 'omnithread';
 * const flag: FlagReason = { flag: 'high-priority', detail: 'priority score 812 reached 800', value: 812, threshold: 800 };
 * ```
 */
export interface FlagReason {
  readonly flag: 'negative-sentiment' | 'high-priority';
  readonly detail: string;
  readonly value: number;
  readonly threshold: number;
}

const schema = z.strictObject({
  sentimentBelow: z.number().min(-1).max(1).nullable().default(-0.5),
  scoreAtLeast: finite.optional(),
  scorer: fn<SentimentScorer>('scorer').optional(),
});

/**
 * Whether a scored thread should be flagged: its customer sentiment fell below a threshold, or its
 * score reached one. Stateless: it says whether the condition holds now; the engine emits
 * `thread.flagged` when the answer changes from `undefined` to a reason. The sentiment is taken from
 * the result's `sentiment` reason when there is one (so it matches the policy's own scorer), else
 * computed from the thread.
 *
 * @example
 * ```ts
 * import { defaultPriorityPolicy, shouldFlag } from 'omnithread';
 * const priority = defaultPriorityPolicy();
 * const result = priority.score(thread, { now });
 * const flag = shouldFlag(thread, result, { sentimentBelow: -0.4, scoreAtLeast: 800 });
 * if (flag) console.log(flag.flag, flag.detail);
 * ```
 */
export function shouldFlag(thread: Thread, result: PriorityResult, options?: FlagOptions): FlagReason | undefined {
  const o = parseOptions('shouldFlag', schema, options);
  if (o.sentimentBelow !== null) {
    const fromReason = result.reasons.find((r) => r.factor === 'sentiment' && typeof r.value === 'number')?.value;
    const sentiment = fromReason ?? threadSentiment(thread, o.scorer ? { scorer: o.scorer } : {}).value;
    if (sentiment < o.sentimentBelow) {
      return {
        flag: 'negative-sentiment',
        detail: `customer sentiment ${fmt(sentiment)} is below ${fmt(o.sentimentBelow)}`,
        value: sentiment,
        threshold: o.sentimentBelow,
      };
    }
  }
  if (o.scoreAtLeast !== undefined && result.score >= o.scoreAtLeast) {
    return {
      flag: 'high-priority',
      detail: `priority score ${fmt(result.score)} reached ${fmt(o.scoreAtLeast)}`,
      value: result.score,
      threshold: o.scoreAtLeast,
    };
  }
  return undefined;
}
