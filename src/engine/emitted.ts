import type { Agent } from '../agents/types.js';
import type { OmnithreadError } from '../errors.js';
import type { Customer, MergeSuggestion } from '../identity/types.js';
import type { Thread, ThreadStatus } from '../threading/types.js';
import type { RoutingRecord } from './router.js';

/** Summary of one `ingest` call. */
export interface IngestResult {
  /** Events newly accepted (stored and folded). */
  readonly accepted: number;
  /** Events already known with identical content (webhook redeliveries): no-ops. */
  readonly duplicates: number;
  /** Every refused event with its typed error; the valid events of the batch were still accepted. */
  readonly rejected: readonly RejectedEvent[];
}

export interface RejectedEvent {
  readonly index: number;
  readonly event: unknown;
  readonly error: OmnithreadError;
}

/**
 * Everything the engine emits, by name, with its payload. Emitted after the batch that caused it is
 * stored and folded, in this order: customers, threads, agents, suggestions, then time-based events.
 */
export interface EngineEvents {
  'customer.created': [customer: Customer];
  'customer.updated': [customer: Customer];
  'customer.merged': [event: { sourceId: string; targetId: string; customer: Customer }];
  'customer.unmerged': [event: { customerId: string; formerTargetId: string; customer: Customer }];
  'merge.suggested': [suggestion: MergeSuggestion];
  'thread.created': [thread: Thread];
  'thread.updated': [thread: Thread];
  'thread.status_changed': [event: { thread: Thread; from: ThreadStatus; to: ThreadStatus }];
  'thread.assigned': [event: { thread: Thread; agentId: string; previousAgentId?: string }];
  'thread.unassigned': [event: { thread: Thread; previousAgentId: string }];
  'thread.merged': [event: { threadId: string; intoThreadId: string }];
  'thread.removed': [event: { threadId: string; reason: string }];
  'thread.flagged': [event: { thread: Thread; reason: string; score: number }];
  'agent.updated': [agent: Agent];
  'sla.warning': [event: SlaTimerEvent];
  'sla.breached': [event: SlaTimerEvent];
  'followup.due': [event: { threadId: string; tenantId: string; at: number }];
  'routing.decided': [record: RoutingRecord];
  'ingest.completed': [result: IngestResult];
  'event.rejected': [rejected: RejectedEvent];
  /** An engine tailing its store (a follower, a partition owner) stopped: a read or the fold failed. */
  'tail.failed': [error: unknown];
  /** A wake-up of `startTimers` failed (its `advanceTo` could not store a decision): retried after a second. */
  'timers.failed': [error: unknown];
}

export interface SlaTimerEvent {
  readonly tenantId: string;
  readonly threadId: string;
  readonly metric: string;
  readonly missId: string;
  readonly at: number;
}

/** The names in {@link EngineEvents}, for documentation and tests. */
export const ENGINE_EVENT_NAMES: readonly (keyof EngineEvents)[] = [
  'customer.created',
  'customer.updated',
  'customer.merged',
  'customer.unmerged',
  'merge.suggested',
  'thread.created',
  'thread.updated',
  'thread.status_changed',
  'thread.assigned',
  'thread.unassigned',
  'thread.merged',
  'thread.removed',
  'thread.flagged',
  'agent.updated',
  'sla.warning',
  'sla.breached',
  'followup.due',
  'routing.decided',
  'ingest.completed',
  'event.rejected',
  'tail.failed',
  'timers.failed',
];
