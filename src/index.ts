/**
 * omnithread — event-sourced, omnichannel conversation threading.
 *
 * This barrel is written by hand: every public name is chosen, not re-exported by accident.
 * Property-testing helpers live in `omnithread/testing`.
 */

// Errors
export { OmnithreadError, isOmnithreadError, formatIssues, type ErrorCode, type ErrorIssue, type ErrorContext } from './errors.js';

// Canonical events
export * from './events/index.js';

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
export * from './policies/calendar/index.js';
export * from './policies/sla/index.js';
export * from './policies/routing/index.js';
export * from './policies/metrics/index.js';
export * from './policies/priority/index.js';
export type { QueueEntry, QueueQuery } from './engine/work-queue.js';
export type { RoutingOptions, RoutingRecord } from './engine/router.js';

// Stores
export * from './store/index.js';
