import { z } from 'zod';
import type { Thread, ThreadMessage } from '../../threading/types.js';
import type { PriorityPolicy, SentimentScorer } from './types.js';
import { fmt, fn, nonNegative, parseOptions } from './options.js';
import { lexiconSentiment } from './sentiment-lexicon.js';

/**
 * How much each part of the customer's journey counts. The first message (what brought them) and
 * the latest (how they feel now) count most; everything between shares one part.
 *
 * @example
 * ```ts
 * import type { SentimentWeights } from 'omnithread';
 * const recencyFirst: SentimentWeights = { first: 0.2, middle: 0.2, last: 0.6 };
 * ```
 */
export interface SentimentWeights {
  readonly first: number;
  readonly middle: number;
  readonly last: number;
}

export const DEFAULT_SENTIMENT_WEIGHTS: SentimentWeights = Object.freeze({ first: 0.3, middle: 0.3, last: 0.4 });

/**
 * A thread's weighted customer sentiment, with the parts it came from.
 *
 * @example
 * ```ts
 * import { type ThreadSentiment, threadSentiment } from 'omnithread';
 * const { value, first, last }: ThreadSentiment = threadSentiment(thread);
 * ```
 */
export interface ThreadSentiment {
  /** In [-1, 1]; 0 when the customer wrote no text. */
  readonly value: number;
  readonly messages: number;
  readonly first?: number;
  readonly last?: number;
}

const clamp = (s: number) => (Number.isNaN(s) ? 0 : Math.max(-1, Math.min(1, s)));
const customerText = (m: ThreadMessage) =>
  m.direction === 'inbound' && m.author.type === 'customer' ? (m.text ?? m.subject ?? '').trim() : '';

/**
 * The customer's sentiment over a thread, weighted by primacy and recency: with one message, that
 * message; with two, first and latest in the ratio `first : last`; with more, `first`, the mean of
 * the messages between (at most `maxMessages - 2`, the most recent), and `last`. A scorer's output
 * is clamped into [-1, 1] (NaN counts as neutral). Only the customer's own texts are read.
 *
 * @example
 * ```ts
 * import { threadSentiment } from 'omnithread';
 * threadSentiment(thread).value; // e.g. -0.42, with the default lexicon and weights
 * ```
 */
export function threadSentiment(
  thread: Thread,
  options: { scorer?: SentimentScorer; weights?: SentimentWeights; maxMessages?: number } = {},
): ThreadSentiment {
  const scorer = options.scorer ?? lexiconSentiment;
  return weigh(thread, options.weights ?? DEFAULT_SENTIMENT_WEIGHTS, options.maxMessages ?? 20, (_m, text) => clamp(scorer(text)));
}

function weigh(
  thread: Thread,
  weights: SentimentWeights,
  maxMessages: number,
  score: (m: ThreadMessage, text: string) => number,
): ThreadSentiment {
  const texts: { m: ThreadMessage; text: string }[] = [];
  for (const m of thread.messages) {
    const text = customerText(m);
    if (text !== '') texts.push({ m, text });
  }
  const n = texts.length;
  if (n === 0) return { value: 0, messages: 0 };
  const at = (i: number) => score(texts[i]!.m, texts[i]!.text);
  const first = at(0);
  if (n === 1) return { value: first, messages: 1, first, last: first };
  const last = at(n - 1);
  let total = weights.first * first + weights.last * last;
  let weight = weights.first + weights.last;
  // The messages between first and latest, most recent first, at most maxMessages - 2 of them.
  const from = Math.max(1, n - 1 - (maxMessages - 2));
  if (n - 1 > from && weights.middle > 0) {
    let sum = 0;
    for (let i = from; i < n - 1; i++) sum += at(i);
    total += (weights.middle * sum) / (n - 1 - from);
    weight += weights.middle;
  }
  return { value: weight > 0 ? clamp(total / weight) : 0, messages: n, first, last };
}

/**
 * Options of `sentimentPolicy`.
 *
 * @example
 * ```ts
 * import type { SentimentOptions } from 'omnithread';
 * const myScorer = (text: string) => (/\b(refund|broken)\b/i.test(text) ? -0.8 : 0);
 * const options: SentimentOptions = { scorer: myScorer, negativePoints: 60 };
 * ```
 */
export interface SentimentOptions {
  /** Default {@link lexiconSentiment}. */
  readonly scorer?: SentimentScorer;
  readonly weights?: Partial<SentimentWeights>;
  /** Points at sentiment -1 (scaled linearly). Default 40. */
  readonly negativePoints?: number;
  /** Points removed at sentiment +1 (a thanking customer can wait a little). Default 10. */
  readonly positivePoints?: number;
  /** Most customer messages read per thread (first, latest and the most recent between). Default 20. */
  readonly maxMessages?: number;
}

const schema = z.strictObject({
  scorer: fn<SentimentScorer>('scorer').default(() => lexiconSentiment),
  weights: z
    .strictObject({ first: nonNegative.optional(), middle: nonNegative.optional(), last: nonNegative.optional() })
    .default({})
    .transform((w) => ({ ...DEFAULT_SENTIMENT_WEIGHTS, ...w }))
    .refine((w) => w.first + w.last > 0, 'first + last must be > 0'),
  negativePoints: nonNegative.default(40),
  positivePoints: nonNegative.default(10),
  maxMessages: z.number().int().min(2).max(10_000).default(20),
});

/**
 * Sentiment: an unhappy customer is answered sooner. Points = `-sentiment × negativePoints` when
 * negative, `-sentiment × positivePoints` when positive. Does not move with time. Scores are cached
 * per message object, so re-scoring a thread with one new message scores one text.
 *
 * @example
 * ```ts
 * import { sentimentPolicy } from 'omnithread';
 * const policy = sentimentPolicy({ weights: { first: 0.2, middle: 0.2, last: 0.6 }, negativePoints: 60 });
 * policy.score(thread, { now }).reasons[0]; // { factor: 'sentiment', points: 27.1, value: -0.45, detail: '…' }
 * ```
 */
export function sentimentPolicy(options?: SentimentOptions): PriorityPolicy {
  const o = parseOptions('sentimentPolicy', schema, options);
  const cache = new WeakMap<ThreadMessage, { text: string; value: number }>();
  const cached = (m: ThreadMessage, text: string) => {
    const hit = cache.get(m);
    if (hit && hit.text === text) return hit.value;
    const value = clamp(o.scorer(text));
    cache.set(m, { text, value });
    return value;
  };
  const assess = (thread: Thread) => {
    const s = weigh(thread, o.weights, o.maxMessages, cached);
    const points = s.value < 0 ? -s.value * o.negativePoints : -s.value * o.positivePoints;
    const detail =
      s.messages === 0
        ? 'no customer text to read'
        : `customer sentiment ${fmt(s.value)} over ${s.messages} message(s) (first ${fmt(s.first ?? 0)}, latest ${fmt(s.last ?? 0)})`;
    return { points: points === 0 ? 0 : points, detail, value: s.value };
  };
  return {
    name: 'sentiment',
    score(thread) {
      const a = assess(thread);
      return { score: a.points, reasons: [{ factor: 'sentiment', points: a.points, detail: a.detail, value: a.value }] };
    },
    orderingKey: (thread) => assess(thread).points,
  };
}
