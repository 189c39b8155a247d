/**
 * omnithread — event-sourced, omnichannel conversation threading.
 *
 * This barrel is written by hand: every public name is chosen, not re-exported by accident.
 * Property-testing helpers live in `omnithread/testing`.
 */

// Errors
export { OmnithreadError, isOmnithreadError, formatIssues, type ErrorCode, type ErrorIssue, type ErrorContext } from './errors.js';

// Canonical events
export {
  AGENT_STATUSES,
  CHANNELS,
  CURRENT_SCHEMA_VERSION,
  DEFAULT_LIMITS,
  DELIVERY_STATUSES,
  EVENT_TYPES,
  eventJsonSchema,
  eventSchema,
  eventSchemas,
  FORBIDDEN_KEYS,
  MAX_EPOCH_MS,
  MESSAGE_UPDATE_TYPES,
  OLDEST_SCHEMA_VERSION,
  parseEvent,
  PRIORITY_LEVELS,
  safeParseEvent,
  THREAD_STATUSES,
  upcast,
  upcastV1toV2,
  type AgentStatus,
  type Author,
  type Channel,
  type CustomerRef,
  type DeliveryStatus,
  type EventInput,
  type EventOf,
  type EventType,
  type IdentityRef,
  type IngestLimits,
  type MessageEvent,
  type OmnithreadEvent,
  type ParseOptions,
  type ParseResult,
  type PriorityLevel,
  type ThreadStatusInput,
  type Upcaster,
} from './events/index.js';

// Engine
export { createEngine, Engine, type EngineOptions, type TenantOptions } from './engine/engine.js';
export type { EngineMode } from './engine/options.js';
export type { EngineLag } from './engine/follow.js';
export { ENGINE_EVENT_NAMES, type EngineEvents, type IngestResult, type RejectedEvent, type SlaTimerEvent } from './engine/emitted.js';
export { SNAPSHOT_VERSION, snapshotLines, readSnapshot, type EngineSnapshot, type SnapshotTenant } from './engine/snapshot.js';
export type { EngineView, TimePoint } from './fold/time-travel.js';

// The fold as a plain function (no store, no engine, no async), its queries and derived ids
export { fold, initialState, type FoldOptions, type FoldState, type StateQueries, type ThreadFilter, type TimelineEntry, threadIdFor, customerIdFor, threadRefFor } from './fold/index.js';

// Identity
export {
  normalizeIdentity,
  normalizeIdentityOrThrow,
  type NormalizedIdentity,
  type NormalizeIdentityOptions,
  type NormalizeIdentityResult,
  type CountryCode,
} from './identity/normalize.js';
export { UnionFind } from './identity/union-find.js';
export { conservativeMergePolicy, verifiedConflict, type MergePolicy, type MergeProposal, type MergeVerdict } from './identity/merge-policy.js';
export type { Customer, CustomerIdentity, CustomerAttributes, MergeSuggestion } from './identity/types.js';

// Threading
export type { Thread, ThreadMessage, ThreadStatus, ThreadNote, SurveyAnswer, IgnoredAction, StatusChange, Direction } from './threading/types.js';
export type { MessageDelivery, DeliveryReport, MessageEdit } from './threading/types.js';
export type { ThreadingPolicy, ThreadingInput, ThreadingContext, ThreadingDecision } from './threading/policy.js';
export { defaultThreadingPolicy, threadingOptionsSchema, type ThreadingOptions } from './threading/default-policy.js';
export { makeThread, makeCustomer } from './threading/make-thread.js';
export {
  baseSubject,
  baseSubjectInfo,
  LOCALISED_REPLY_PREFIXES,
  formatImapThread,
  formatThreadTree,
  decodeHeaderValue,
  parseMbox,
  parseMessageDate,
  firstMessageId,
  parseMessageIds,
  threadOrderedSubject,
  threadReferences,
  threadMbox,
  type BaseSubjectInfo,
  type BaseSubjectOptions,
  type MboxMessage,
  type ThreadAlgorithm,
  type ThreadNode,
  type ThreadableMessage,
} from './threading/rfc5256/index.js';

// Agents
export type { Agent, AgentSkill } from './agents/types.js';

// Policies: business hours, service levels, routing
export {
  addBusinessTime,
  ALWAYS_OPEN,
  businessTimeBetween,
  createCalendar,
  isOpen,
  nextOpening,
  WEEKDAYS,
  workingIntervals,
  type BusinessCalendar,
  type CalendarSpec,
  type HolidaySpec,
  type LocalInterval,
  type NormalizedCalendarSpec,
  type Weekday,
  type WeekSpec,
  type WorkingInterval,
} from './policies/calendar/index.js';
export {
  allSlaEvents,
  defineSlaPolicy,
  dueSlaEvents,
  evaluateSla,
  selectSlaRule,
  SLA_METRICS,
  slaFacts,
  slaSchedule,
  slaTimers,
  type ScheduledClock,
  type ScheduledFollowUp,
  type SlaClock,
  type SlaClockEvent,
  type SlaClockStatus,
  type SlaContext,
  type SlaEvaluationContext,
  type SlaEvent,
  type SlaFacts,
  type SlaFollowUpEvent,
  type SlaMatch,
  type SlaMetric,
  type SlaMiss,
  type SlaOutcome,
  type SlaPolicy,
  type SlaPolicyInput,
  type SlaPredicate,
  type SlaReport,
  type SlaRule,
  type SlaSchedule,
  type SlaSelection,
  type SlaStopReason,
  type SlaTargets,
} from './policies/sla/index.js';
export {
  balanced,
  blockingChannel,
  campaignRules,
  compileFilter,
  createAgentPool,
  defaultRoutingPolicy,
  describeFilter,
  firstMatch,
  highestSpareCapacity,
  ineligibility,
  isAvailableOn,
  isEligible,
  isRoutable,
  openThreads,
  pickBest,
  queueTo,
  regionRule,
  resolveEligibility,
  resolveRequirements,
  roundRobin,
  ruleBased,
  skillLevel,
  skillsBased,
  speaks,
  sticky,
  strategyOrder,
  vipRule,
  withFallback,
  workflow,
  type AgentPool,
  type CandidateQuery,
  type CompiledFilter,
  type DefaultRoutingOptions,
  type EligibilityOptions,
  type EscalationState,
  type FieldCondition,
  type FilterEnv,
  type KnownRoutingReasonCode,
  type LanguageMode,
  type ResolvedEligibility,
  type RoutingContext,
  type RoutingDecision,
  type RoutingFilter,
  type RoutingPolicy,
  type RoutingReason,
  type RoutingRequirements,
  type RoutingRule,
  type RuleBasedOptions,
  type Selection,
  type SelectionOptions,
  type SelectionStrategy,
  type SelectQuery,
  type SkillRequirement,
  type SkillsBasedOptions,
  type StickyOptions,
  type WorkflowOptions,
  type WorkflowTarget,
} from './policies/routing/index.js';
export {
  computeMetrics,
  METRICS_ALL_KEY,
  METRICS_UNASSIGNED_KEY,
  originChannel,
  type DurationStats,
  type MetricsGroup,
  type MetricsGroupBy,
  type MetricsOptions,
  type MetricsReport,
} from './policies/metrics/index.js';
export {
  channelUrgencyPolicy,
  createLexiconSentiment,
  createWorkQueue,
  customerTierPolicy,
  DEFAULT_CHANNEL_POINTS,
  DEFAULT_OVERRIDE_POINTS,
  DEFAULT_SENTIMENT_LEXICON,
  DEFAULT_SENTIMENT_WEIGHTS,
  DEFAULT_SEVERITY_KEYWORDS,
  DEFAULT_SEVERITY_POINTS,
  DEFAULT_SEVERITY_TAGS,
  DEFAULT_TIER_POINTS,
  defaultPriorityPolicy,
  lexiconSentiment,
  manualOverridePolicy,
  MINUTE_MS,
  sentimentPolicy,
  serviceLevelPolicy,
  severityPolicy,
  shouldFlag,
  threadSentiment,
  waitingTimePolicy,
  weightedPriority,
  type ChannelUrgencyOptions,
  type CustomerTierOptions,
  type DefaultPriorityOptions,
  type DefaultPriorityPart,
  type FlagOptions,
  type FlagReason,
  type LexiconSentimentOptions,
  type ManualOverrideOptions,
  type PriorityContext,
  type PriorityPolicy,
  type PriorityReason,
  type PriorityResult,
  type PrioritySlaInfo,
  type SentimentOptions,
  type SentimentScorer,
  type SentimentWeights,
  type ServiceLevelOptions,
  type SeverityKeywordRule,
  type SeverityOptions,
  type ThreadSentiment,
  type WaitingTimeOptions,
  type WeightedPart,
  type WeightedPriorityOptions,
  type WorkQueue,
  type WorkQueueEntry,
} from './policies/priority/index.js';
export type { QueueEntry, QueueQuery } from './engine/work-queue.js';
export type { RoutingOptions, RoutingRecord } from './engine/router.js';

// Stores
export {
  checkLog,
  createFileStore,
  createMemoryStore,
  repairLog,
  type AppendToStreamOptions,
  type AppendToStreamResult,
  type DamagedLine,
  type EventStore,
  type ExpectedStreamVersion,
  type FileEventStore,
  type FileStoreOptions,
  type FileStoreRecovery,
  type FsyncPolicy,
  type LogCheck,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RepairReport,
  type SetAside,
  type StorableEvent,
  type StoredEvent,
  type SubscribeOptions,
  type Unsubscribe,
  type WriterLockKind,
} from './store/index.js';
