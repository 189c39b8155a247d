/**
 * `omnithread/testing`: fast-check arbitraries, policy law checkers and helpers for property tests of
 * your own policies. Needs `fast-check` (a peer dependency) in your dev dependencies.
 */
export { arbEventHistory, arbRedelivery, type HistoryOptions } from './histories.js';
export {
  ADVERSARIAL_TENANT_IDS,
  arbAdversarialHistory,
  arbConflictingRedelivery,
  arbIdString,
  arbRoutingDay,
  arbVendorMessageId,
  derivedCustomerId,
  identityKeyOf,
  PERSON_IDENTITY_KINDS,
  personIdentity,
  playRoutingStep,
  VENDOR_ID_FORMATS,
  type AdversarialHistoryOptions,
  type ConflictingRedelivery,
  type PersonIdentityKind,
  type RoutingDay,
  type RoutingDayOptions,
  type RoutingStep,
  type VendorIdFormat,
  type VendorIdOptions,
} from './adversarial/index.js';
export { arbCalendar, arbCalendarSpec, arbInstantInYears, ARB_TIME_ZONES, type ArbCalendarOptions } from './calendar/arbitraries.js';
export {
  arbRoutableThread,
  arbRoutingAgent,
  arbRoutingAgents,
  arbRoutingContext,
  arbRoutingCustomer,
  arbRoutingScenario,
  assertRoutingPolicy,
  checkRoutingPolicy,
  ROUTING_EPOCH,
  ROUTING_VOCABULARY,
  type RoutingLaw,
  type RoutingLawFailure,
  type RoutingLawOptions,
  type RoutingLawReport,
  type RoutingScenario,
} from './routing/index.js';
export {
  arbAgent,
  arbCustomer,
  arbPriorityContext,
  arbSlaInfo,
  arbSupportText,
  arbThread,
  arbThreadWithContext,
  DEFAULT_TIERS,
  SUPPORT_PHRASES,
  THREAD_STATUS_VALUES,
  type AgentArbitraryOptions,
  type CustomerArbitraryOptions,
  type PriorityContextArbitraryOptions,
  type ThreadArbitraryOptions,
  type ThreadWithContextOptions,
} from './arbitraries/index.js';
export {
  checkPriorityPolicy,
  assertPriorityPolicy,
  PriorityLawViolation,
  PRIORITY_LAWS,
  type PriorityLaw,
  type CheckPriorityPolicyOptions,
  type PriorityCheckResult,
} from './priority/laws.js';
export {
  generateWorkload,
  workloadEvents,
  WORKLOAD_MIX,
  type WorkloadOptions,
  type WorkloadEvent,
} from './workload/index.js';
