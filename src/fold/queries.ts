/**
 * The read queries of a folded state: what the engine answers, what `engine.at()` answers about the
 * past, and what the pure `fold()` gives. Written out (not derived from the fold's classes) so the
 * public declarations name no internal type.
 */
import type { Agent } from '../agents/types.js';
import type { Channel, Author } from '../events/primitives.js';
import type { Customer, MergeSuggestion } from '../identity/types.js';
import type { Direction, IgnoredAction, Thread, ThreadStatus } from '../threading/types.js';

/**
 * Which threads to list. Every field narrows; none means all.
 *
 * @example
 * ```ts
 * engine.threads({ tenantId: 'acme', status: ['open', 'pending'], assignee: null }); // the unassigned backlog
 * ```
 */
export interface ThreadFilter {
  readonly tenantId?: string;
  readonly customerId?: string;
  readonly status?: ThreadStatus | readonly ThreadStatus[];
  readonly channel?: Channel;
  /** An agent id, or `null` for unassigned threads. */
  readonly assignee?: string | null;
}

/**
 * One contact in a customer's unified timeline.
 *
 * @example
 * ```ts
 * for (const entry of engine.timeline(customer.id)) console.log(entry.channel, entry.direction, entry.summary);
 * ```
 */
export interface TimelineEntry {
  readonly eventId: string;
  readonly occurredAt: number;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly author: Author;
  readonly threadId: string;
  /** Subject or the first line of the text, at most 120 characters. */
  readonly summary: string;
}

/**
 * The read queries of a folded state. Everything returned is frozen.
 *
 * @example
 * ```ts
 * import type { StateQueries } from 'omnithread';
 * const past: StateQueries = engine.at('2026-11-23T12:00:00Z');
 * past.threads({ tenantId: 'acme', status: 'open' }).length;
 * ```
 */
export interface StateQueries {
  /** Customers that are not merged away, oldest first (one tenant, or all). */
  customers(filter?: { readonly tenantId?: string }): Customer[];
  /** A customer by id (an absorbed id returns the survivor); pass `tenantId` to look only there. */
  customer(id: string, tenantId?: string): Customer | undefined;
  /** Every contact of the customer, all channels, in `occurredAt` then id order. */
  timeline(customerId: string, tenantId?: string): TimelineEntry[];
  /** Threads matching the filter (merged ones never), oldest first. */
  threads(filter?: ThreadFilter): Thread[];
  /** A thread by id (an absorbed id returns the survivor); pass `tenantId` to look only there. */
  thread(id: string, tenantId?: string): Thread | undefined;
  agents(filter?: { readonly tenantId?: string }): Agent[];
  agent(tenantId: string, agentId: string): Agent | undefined;
  /** Merges the merge policy declined, with its reason. */
  mergeSuggestions(filter?: { readonly tenantId?: string }): MergeSuggestion[];
  /** Accepted events that changed nothing, and events still waiting, with the reason. */
  unapplied(filter?: { readonly tenantId?: string }): IgnoredAction[];
}
