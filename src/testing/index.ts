/**
 * `omnithread/testing`: fast-check arbitraries, policy law checkers and helpers for property tests of
 * your own policies. Needs `fast-check` (a peer dependency) in your dev dependencies.
 */
export { arbEventHistory, arbRedelivery, type HistoryOptions } from './histories.js';
export * from './adversarial/index.js';
export { arbCalendar, arbCalendarSpec, arbInstantInYears, ARB_TIME_ZONES, type ArbCalendarOptions } from './calendar/arbitraries.js';
export * from './routing/index.js';
export * from './arbitraries/index.js';
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
