import { z } from 'zod';
import type { PriorityPolicy } from './types.js';
import { nonNegative, parseOptions } from './options.js';
import { channelUrgencyPolicy, type ChannelUrgencyOptions } from './channel.js';
import { customerTierPolicy, type CustomerTierOptions } from './tier.js';
import { severityPolicy, type SeverityOptions } from './severity.js';
import { sentimentPolicy, type SentimentOptions } from './sentiment.js';
import { waitingTimePolicy, type WaitingTimeOptions } from './aging.js';
import { serviceLevelPolicy, type ServiceLevelOptions } from './deadline.js';
import { manualOverridePolicy, type ManualOverrideOptions } from './override.js';
import { weightedPriority } from './weighted.js';

/** The parts of the default policy, by name. */
export type DefaultPriorityPart = 'override' | 'severity' | 'deadline' | 'tier' | 'channel' | 'sentiment' | 'aging';

/**
 * Options of `defaultPriorityPolicy`: each part's own options, and weights.
 *
 * @example
 * ```ts
 * import type { DefaultPriorityOptions } from 'omnithread';
 * const options: DefaultPriorityOptions = { tier: { tiers: { pro: 20 } }, weights: { sentiment: 0.5 } };
 * ```
 */
export interface DefaultPriorityOptions {
  readonly override?: ManualOverrideOptions;
  readonly severity?: SeverityOptions;
  readonly deadline?: ServiceLevelOptions;
  readonly tier?: CustomerTierOptions;
  readonly channel?: ChannelUrgencyOptions;
  readonly sentiment?: SentimentOptions;
  readonly aging?: WaitingTimeOptions;
  /** Weight per part (default 1 each); 0 leaves a part out. */
  readonly weights?: Partial<Record<DefaultPriorityPart, number>>;
}

const PARTS = ['override', 'severity', 'deadline', 'tier', 'channel', 'sentiment', 'aging'] as const;
// Each part validates its own options; here only the shape (so a typo in a key is an error).
const schema = z.strictObject({
  ...Object.fromEntries(PARTS.map((p) => [p, z.unknown().optional()])),
  weights: z.partialRecord(z.enum(PARTS), nonNegative).default({}),
});

/**
 * A sensible composition of every built-in, each with weight 1:
 * manual override (±300/+1000), severity (0–60), service-level deadline (0.5/min, +300 when
 * breached), customer tier and VIP (0–70), channel urgency (0–40), sentiment (-10…+40) and
 * waiting-time aging (0.25/min). All parts have ordering keys, so the composition has one.
 *
 * @example
 * ```ts
 * import { defaultPriorityPolicy } from 'omnithread';
 * const priority = defaultPriorityPolicy({ tier: { tiers: { pro: 20, enterprise: 50 } }, weights: { sentiment: 0.5 } });
 * const sla = { nextDeadline: now + 15 * 60_000, breached: false };
 * const { score, reasons } = priority.score(thread, { now, customer, sla });
 * ```
 */
export function defaultPriorityPolicy(options?: DefaultPriorityOptions): PriorityPolicy {
  const { weights } = parseOptions('defaultPriorityPolicy', schema, options);
  const o = options ?? {};
  const build: Record<DefaultPriorityPart, () => PriorityPolicy> = {
    override: () => manualOverridePolicy(o.override),
    severity: () => severityPolicy(o.severity),
    deadline: () => serviceLevelPolicy(o.deadline),
    tier: () => customerTierPolicy(o.tier),
    channel: () => channelUrgencyPolicy(o.channel),
    sentiment: () => sentimentPolicy(o.sentiment),
    aging: () => waitingTimePolicy(o.aging),
  };
  return weightedPriority({
    name: 'default',
    policies: PARTS.map((part) => ({ policy: build[part](), weight: weights[part] ?? 1 })),
  });
}
