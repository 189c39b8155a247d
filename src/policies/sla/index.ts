/** Service levels: first response, next response and resolution clocks, their misses and timers. */
export {
  defineSlaPolicy,
  selectSlaRule,
  slaFacts,
  SLA_METRICS,
  type SlaFacts,
  type SlaMatch,
  type SlaMetric,
  type SlaPolicy,
  type SlaPolicyInput,
  type SlaPredicate,
  type SlaRule,
  type SlaSelection,
  type SlaTargets,
} from './policy.js';
export { slaSchedule, type ScheduledClock, type ScheduledFollowUp, type SlaContext, type SlaSchedule, type SlaStopReason } from './schedule.js';
export {
  evaluateSla,
  type SlaClock,
  type SlaClockStatus,
  type SlaEvaluationContext,
  type SlaMiss,
  type SlaOutcome,
  type SlaReport,
} from './evaluate.js';
export { allSlaEvents, dueSlaEvents, slaTimers, type SlaClockEvent, type SlaEvent, type SlaFollowUpEvent } from './timers.js';
