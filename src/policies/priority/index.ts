/** Priority: explainable scores, built-in policies, composition, flags and the work queue. */
export { MINUTE_MS, type PriorityContext, type PriorityPolicy, type PriorityReason, type PriorityResult, type PrioritySlaInfo, type SentimentScorer } from './types.js';
export { channelUrgencyPolicy, DEFAULT_CHANNEL_POINTS, type ChannelUrgencyOptions } from './channel.js';
export { customerTierPolicy, DEFAULT_TIER_POINTS, type CustomerTierOptions } from './tier.js';
export {
  severityPolicy,
  DEFAULT_SEVERITY_POINTS,
  DEFAULT_SEVERITY_TAGS,
  DEFAULT_SEVERITY_KEYWORDS,
  type SeverityOptions,
  type SeverityKeywordRule,
} from './severity.js';
export { createLexiconSentiment, lexiconSentiment, DEFAULT_SENTIMENT_LEXICON, type LexiconSentimentOptions } from './sentiment-lexicon.js';
export {
  sentimentPolicy,
  threadSentiment,
  DEFAULT_SENTIMENT_WEIGHTS,
  type SentimentOptions,
  type SentimentWeights,
  type ThreadSentiment,
} from './sentiment.js';
export { waitingTimePolicy, type WaitingTimeOptions } from './aging.js';
export { serviceLevelPolicy, type ServiceLevelOptions } from './deadline.js';
export { manualOverridePolicy, DEFAULT_OVERRIDE_POINTS, type ManualOverrideOptions } from './override.js';
export { weightedPriority, type WeightedPart, type WeightedPriorityOptions } from './weighted.js';
export { defaultPriorityPolicy, type DefaultPriorityOptions, type DefaultPriorityPart } from './default.js';
export { shouldFlag, type FlagOptions, type FlagReason } from './flags.js';
export { createWorkQueue, type WorkQueue, type WorkQueueEntry } from './queue.js';
