import type { Author, Channel, PriorityLevel } from '../events/primitives.js';

/** Where a thread is in its life. `merged` threads redirect to `mergedInto`. */
export type ThreadStatus = 'open' | 'pending' | 'snoozed' | 'resolved' | 'closed' | 'merged';
export type Direction = 'inbound' | 'outbound';

/** One contact inside a thread: a message, a call, a post. */
export interface ThreadMessage {
  /** The id of the event that carried it. */
  readonly id: string;
  readonly occurredAt: number;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly author: Author;
  /** The normalised customer identity it came from or went to (`email:…`, `phone:+…`). */
  readonly identityKey: string;
  readonly text?: string;
  readonly subject?: string;
  /** Why the threading policy put it here (e.g. `email: In-Reply-To <a@x>`). */
  readonly reason: string;
  readonly email?: { readonly messageId?: string; readonly inReplyTo?: string; readonly references?: readonly string[] };
  readonly call?: { readonly status: 'answered' | 'missed' | 'voicemail'; readonly durationSec?: number; readonly direction?: 'inbound' | 'outbound' };
  readonly visibility?: 'public' | 'private';
  readonly attachments?: number;
  /** Delivery of an outbound message, from `message.delivery_updated` events. */
  readonly delivery?: MessageDelivery;
  /** Edits, oldest first (`message.edited`); `text` and `subject` are those of the latest. */
  readonly edits?: readonly MessageEdit[];
  /** Set by `message.deleted`: the text, subject and edits are gone; the message keeps its place. */
  readonly deleted?: { readonly at: number; readonly eventId: string };
}

/** A delivery report of a message, as the vendor sent it. */
export interface DeliveryReport {
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  readonly at: number;
  readonly eventId: string;
  readonly error?: { readonly code: string; readonly message?: string };
}

/**
 * `status` is the furthest report — read › delivered › failed › sent — so reports that arrive, or are
 * stamped, out of order never move a message back; `history` has every report in fold order.
 */
export interface MessageDelivery {
  readonly status: DeliveryReport['status'];
  readonly at: number;
  readonly error?: DeliveryReport['error'];
  readonly history: readonly DeliveryReport[];
}

/** One edit of a message: what it said before. */
export interface MessageEdit {
  readonly at: number;
  readonly eventId: string;
  readonly previousText?: string;
  readonly previousSubject?: string;
}

export interface ThreadNote {
  readonly id: string;
  readonly occurredAt: number;
  readonly agentId: string;
  readonly text: string;
}

export interface SurveyAnswer {
  readonly id: string;
  readonly occurredAt: number;
  readonly survey: 'csat' | 'ces' | 'nps';
  readonly score: number;
  readonly comment?: string;
}

/** An action the fold did not apply, and why (it never crashes the fold). */
export interface IgnoredAction {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: number;
  readonly reason: string;
}

/** An agent refusing a thread offered to them: explicitly, or by letting the offer expire. */
export interface OfferDecline {
  readonly agentId: string;
  readonly at: number;
  readonly kind: 'declined' | 'expired';
  /** The `thread.offer_declined` or `thread.offer_expired` event. */
  readonly eventId: string;
}

/** Where a thread stands in a routing workflow: its target (by index and name) and since when. */
export interface EscalationPosition {
  readonly targetIndex: number;
  readonly enteredAt: number;
  readonly target?: string;
}

export interface StatusChange {
  readonly status: ThreadStatus;
  readonly at: number;
  readonly eventId: string;
}

/** A unified conversation of one customer, across channels. Values returned by the engine are frozen. */
export interface Thread {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  /** A short, human-quotable reference (`[#ref]` in email subjects). */
  readonly ref: string;
  readonly status: ThreadStatus;
  readonly snoozedUntil?: number;
  readonly mergedInto?: string;
  /** The channel to answer on: that of the latest customer message (else of the first message). */
  readonly channel: Channel;
  /** Channels seen in this thread, in first-seen order. */
  readonly channels: readonly Channel[];
  /** In `occurredAt`, then id, order. */
  readonly messages: readonly ThreadMessage[];
  readonly createdAt: number;
  readonly lastActivityAt: number;
  readonly firstInboundAt?: number;
  readonly lastInboundAt?: number;
  readonly lastOutboundAt?: number;
  /** First human or bot reply after the thread was created. */
  readonly firstResponseAt?: number;
  /** The oldest customer message not yet answered; undefined when the customer is not waiting. */
  readonly awaitingReplySince?: number;
  readonly resolvedAt?: number;
  readonly closedAt?: number;
  readonly assignee?: string;
  readonly assignedAt?: number;
  /**
   * When the assignee took the thread: a `thread.offer_accepted`, or their first reply after the
   * assignment. Until then the assignment is an offer, which expires after the routing's `offerTimeoutMs`.
   */
  readonly acceptedAt?: number;
  /** Agents who declined the thread or let an offer of it expire, oldest first (at most 100). */
  readonly declines: readonly OfferDecline[];
  /** The routing workflow's position for this thread, from the router's `thread.escalated` events. */
  readonly escalation?: EscalationPosition;
  readonly team?: string;
  readonly priorityOverride?: PriorityLevel;
  readonly severity?: PriorityLevel;
  readonly tags: readonly string[];
  readonly campaign?: string;
  readonly language?: string;
  readonly subject?: string;
  /** A missed call or voicemail nobody has called back yet. */
  readonly needsCallback: boolean;
  readonly visibility: 'public' | 'private';
  /** `bot` while a bot handles it; `human` after a handover (or from the start). */
  readonly handledBy: 'human' | 'bot';
  readonly handoverRequestedAt?: number;
  readonly transfers: number;
  readonly reopens: number;
  readonly assignments: number;
  readonly notes: readonly ThreadNote[];
  readonly surveys: readonly SurveyAnswer[];
  readonly statusHistory: readonly StatusChange[];
  readonly ignored: readonly IgnoredAction[];
}
