/** Routing policies: who works a thread. Core exports (no fast-check); laws and arbitraries are in omnithread/testing (src/testing/routing). */
export type {
  AgentPool,
  CandidateQuery,
  EscalationState,
  KnownRoutingReasonCode,
  RoutingContext,
  RoutingDecision,
  RoutingPolicy,
  RoutingReason,
  Selection,
  SelectionStrategy,
  SelectQuery,
  SkillRequirement,
} from './types.js';
export {
  blockingChannel,
  ineligibility,
  isAvailableOn,
  isEligible,
  isRoutable,
  resolveEligibility,
  resolveRequirements,
  skillLevel,
  speaks,
  type EligibilityOptions,
  type LanguageMode,
  type ResolvedEligibility,
  type RoutingRequirements,
} from './eligibility.js';
export { createAgentPool } from './pool.js';
export { compileFilter, describeFilter, type CompiledFilter, type FieldCondition, type FilterEnv, type RoutingFilter } from './filter.js';
export { openThreads, pickBest, strategyOrder } from './strategies.js';
export { balanced, highestSpareCapacity, queueTo, roundRobin, type SelectionOptions } from './selection.js';
export { firstMatch, withFallback } from './compose.js';
export { skillsBased, type SkillsBasedOptions } from './skills.js';
export { sticky, type StickyOptions } from './sticky.js';
export { campaignRules, regionRule, ruleBased, vipRule, type RoutingRule, type RuleBasedOptions } from './rules.js';
export { workflow, type WorkflowOptions, type WorkflowTarget } from './workflow.js';
export { defaultRoutingPolicy, type DefaultRoutingOptions } from './default-policy.js';
