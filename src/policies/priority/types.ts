import type { Customer } from '../../identity/types.js';
import type { Thread } from '../../threading/types.js';

/**
 * What a service-level policy says about a thread right now (computed by `policies/sla`).
 *
 * @example
 * ```ts
 * import type { PrioritySlaInfo } from 'omnithread';
 * const sla: PrioritySlaInfo = { nextDeadline: Date.parse('2024-05-06T10:00:00Z'), breached: false };
 * ```
 */
export interface PrioritySlaInfo {
  /** The earliest active deadline (epoch ms); absent when no clock runs. */
  readonly nextDeadline?: number;
  /** True once any service-level target of the thread was missed. */
  readonly breached: boolean;
}

/**
 * Everything a priority policy may look at besides the thread. Time is an input: policies never
 * read the clock.
 *
 * @example
 * ```ts
 * import type { PriorityContext } from 'omnithread';
 * const ctx: PriorityContext = { now: Date.parse('2024-05-06T09:30:00Z'), customer, sla: { breached: true } };
 * ```
 */
export interface PriorityContext {
  /** The moment the score is for, epoch milliseconds. */
  readonly now: number;
  /** The thread's customer, when known. */
  readonly customer?: Customer;
  readonly sla?: PrioritySlaInfo;
}

/**
 * One line of the explanation of a score: which factor gave how many points, and why.
 *
 * @example
 * ```ts
 * import type { PriorityReason } from 'omnithread';
 * const reason: PriorityReason = { factor: 'aging', points: 6, detail: 'customer waiting 24 min', value: 24 };
 * ```
 */
export interface PriorityReason {
  /** The factor's name, e.g. `channel`, `severity`, `sentiment`, `aging`, `deadline`, `override`. */
  readonly factor: string;
  /** The points this factor added (negative: removed). Built-ins make the points add up to the score. */
  readonly points: number;
  /** A sentence an agent can read. */
  readonly detail: string;
  /** The measured quantity behind the points: sentiment in [-1, 1], minutes waited, minutes left. */
  readonly value?: number;
}

/**
 * A score and its reasons. Higher scores are worked first.
 *
 * @example
 * ```ts
 * import { type PriorityResult, defaultPriorityPolicy } from 'omnithread';
 * const policy = defaultPriorityPolicy();
 * const { score, reasons }: PriorityResult = policy.score(thread, { now });
 * ```
 */
export interface PriorityResult {
  readonly score: number;
  readonly reasons: readonly PriorityReason[];
}

/**
 * A priority policy: a pure, deterministic scoring of one thread at one moment.
 *
 * `orderingKey`, when a policy has one, lets a queue be kept incrementally. It must not depend on
 * `ctx.now`, and the score must be the key plus a drift shared by every thread:
 * `score(t, ctx) = orderingKey(t, ctx) + (drift ?? 0) * ctx.now / 60_000`.
 * Then, for any two threads and any `now`, ordering by key equals ordering by score. A policy may
 * return `undefined` for a thread it cannot key (the built-in aging does for a customer who is not
 * waiting); keep such threads aside and score them at query time.
 *
 * @example
 * ```ts
 * import type { PriorityPolicy } from 'omnithread';
 *
 * const escalated: PriorityPolicy = {
 *   name: 'escalated',
 *   score: (thread) => {
 *     const points = thread.tags.includes('escalated') ? 50 : 0;
 *     return { score: points, reasons: [{ factor: 'escalated', points, detail: points ? 'tagged escalated' : 'not escalated' }] };
 *   },
 *   // Does not move with time: the key is the score.
 *   orderingKey: (thread) => (thread.tags.includes('escalated') ? 50 : 0),
 * };
 * ```
 */
export interface PriorityPolicy {
  readonly name: string;
  score(thread: Thread, ctx: PriorityContext): PriorityResult;
  orderingKey?(thread: Thread, ctx: PriorityContext): number | undefined;
  /**
   * Points per minute by which the score of every keyed thread rises as `now` advances. Absent or 0
   * for policies whose score does not depend on `now`. Required to be exact when `orderingKey` is given.
   */
  readonly drift?: number;
}

/**
 * Scores a text's sentiment: -1 (very negative) to 1 (very positive). Must be pure.
 *
 * @example
 * ```ts
 * import type { SentimentScorer } from 'omnithread';
 * const shouty: SentimentScorer = (text) => (text.includes('!!!') ? -0.5 : 0);
 * ```
 */
export type SentimentScorer = (text: string) => number;

/** Milliseconds in a minute: drifts and rates are per minute. */
export const MINUTE_MS = 60_000;
