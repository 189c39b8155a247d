/**
 * How a thread lives: messages arriving, status transitions, assignment, merge and split. Operates on
 * one component's mutable records inside the fold; anything that makes no sense is recorded in
 * `ignored` with its reason instead of throwing.
 */
import { type ComponentState, type CustomerRec, NONE, type ThreadRec, pushed } from './state.js';
import { threadIdFor, threadRefFor } from './ids.js';
import type { OmnithreadEvent } from '../events/schemas.js';
import type { PriorityLevel } from '../events/primitives.js';
import type { ThreadMessage, ThreadStatus } from '../threading/types.js';
import { makeThread } from '../threading/make-thread.js';
import { compareMessages } from '../threading/order.js';
import { socialPlatform } from '../threading/social.js';

const SEVERITY_RANK: Record<PriorityLevel, number> = { low: 0, normal: 1, high: 2, urgent: 3 };


export function openThread(state: ComponentState, customer: CustomerRec, creatingEventId: string, at: number, origin: string, id?: string): ThreadRec {
  const threadId = id ?? threadIdFor(state.tenantId, creatingEventId);
  const t = makeThread({
    id: threadId,
    tenantId: state.tenantId,
    customerId: customer.id,
    ref: threadRefFor(threadId),
    createdAt: at,
    statusHistory: [{ status: 'open', at, eventId: creatingEventId }],
    tags: NONE,
    notes: NONE,
    surveys: NONE,
    ignored: NONE,
    declines: NONE,
  }) as ThreadRec;
  // Fold-only fields, added in the same order on every thread (one shape for all).
  t.originIdentity = origin;
  t.version = 0;
  t.agentReplied = false;
  t.lastEventAt = at;
  t.lastEventDepth = 0;
  t.lastEventId = creatingEventId;
  t.assignEventId = undefined;
  state.threads.set(threadId, t);
  state.born.push(`t:${threadId}`);
  state.noteRef(t.ref, threadId);
  customer.threadIds = pushed(customer.threadIds, threadId);
  state.threadOpened(customer, t);
  state.touchCustomer(customer);
  state.touchThread(t);
  return t;
}

export function setStatus(t: ThreadRec, status: ThreadStatus, at: number, eventId: string): void {
  if (t.status === 'resolved' && status === 'open') t.reopens++;
  t.status = status;
  if (status === 'resolved') {
    t.resolvedAt = at;
    t.awaitingReplySince = undefined;
  }
  if (status === 'closed') t.closedAt = at;
  if (status !== 'snoozed') t.snoozedUntil = undefined;
  t.statusHistory = pushed(t.statusHistory, { status, at, eventId });
}

/** A snoozed thread wakes up by itself once its time has come; the fold applies that lazily. */
export function wakeIfDue(t: ThreadRec, at: number, eventId: string): void {
  if (t.status === 'snoozed' && t.snoozedUntil !== undefined && t.snoozedUntil <= at) {
    setStatus(t, 'open', t.snoozedUntil, `${eventId}#wake`);
  }
}

/** Re-derives the message-dependent fields from `messages` (after a merge or split moved some). */
export function recomputeFromMessages(t: ThreadRec): void {
  t.channels = [];
  t.firstInboundAt = undefined;
  t.lastInboundAt = undefined;
  t.lastOutboundAt = undefined;
  t.firstResponseAt = undefined;
  t.awaitingReplySince = undefined;
  t.needsCallback = false;
  t.agentReplied = false;
  for (const m of t.messages) noteMessage(t, m);
  if (t.status === 'resolved' || t.status === 'closed') t.awaitingReplySince = undefined;
}

/** Folds one message's effect on the thread's summary fields. */
function noteMessage(t: ThreadRec, m: ThreadMessage): void {
  if (!t.channels.includes(m.channel)) t.channels = pushed(t.channels, m.channel);
  if (t.messages.length > 0 && m === t.messages[0]) t.channel = m.channel;
  t.lastActivityAt = Math.max(t.lastActivityAt, m.occurredAt);
  if (m.subject !== undefined && t.subject === undefined) t.subject = m.subject;
  if (m.visibility === 'public') t.visibility = 'public';
  if (m.direction === 'inbound') {
    t.channel = m.channel;
    t.firstInboundAt ??= m.occurredAt;
    t.lastInboundAt = m.occurredAt;
    const answeredCall = m.channel === 'call' && m.call?.status === 'answered';
    if (answeredCall) {
      // Someone picked up: the customer was answered on the spot.
      if (t.firstResponseAt === undefined) t.firstResponseAt = m.occurredAt;
      t.awaitingReplySince = undefined;
    } else {
      t.awaitingReplySince ??= m.occurredAt;
      if (m.channel === 'call') t.needsCallback = true;
    }
  } else {
    t.lastOutboundAt = m.occurredAt;
    if (t.firstInboundAt !== undefined && t.firstResponseAt === undefined) t.firstResponseAt = m.occurredAt;
    // A bot's answer does not end the customer's wait for a person: after a handover the thread is
    // routed with its waiting time counted from the customer's first unanswered message.
    if (m.author.type !== 'bot') t.awaitingReplySince = undefined;
    if (m.channel === 'call') t.needsCallback = false;
    if (m.author.type === 'bot' && t.handoverRequestedAt === undefined && !t.agentReplied) t.handledBy = 'bot';
    if (m.author.type === 'agent') {
      t.handledBy = 'human';
      t.agentReplied = true;
    }
  }
}

/** Appends a message in fold order and updates everything that depends on it. */
export function addMessage(state: ComponentState, t: ThreadRec, m: ThreadMessage, event: OmnithreadEvent & { type: 'message.received' | 'message.sent' }): void {
  wakeIfDue(t, m.occurredAt, m.id);
  if (m.direction === 'inbound' && (t.status === 'resolved' || t.status === 'pending' || t.status === 'snoozed')) {
    setStatus(t, 'open', m.occurredAt, m.id);
  }
  t.messages = pushed(t.messages, m);
  const activeBefore = t.lastActivityAt;
  const channelsBefore = t.channels.length;
  noteMessage(t, m);
  if (t.lastActivityAt !== activeBefore || t.channels.length !== channelsBefore) state.threadMessaged(t, activeBefore, channelsBefore);
  if (event.severity && (t.severity === undefined || SEVERITY_RANK[event.severity] > SEVERITY_RANK[t.severity])) t.severity = event.severity;
  if (event.campaign !== undefined) t.campaign = event.campaign;
  if (event.language !== undefined && m.direction === 'inbound') t.language = event.language;
  if (event.tags) for (const tag of event.tags) if (!t.tags.includes(tag)) t.tags = pushed(t.tags, tag);
  const messageId = m.email?.messageId;
  if (messageId !== undefined) state.addEmailHolder(messageId, t.id);
  const session = event.chat?.sessionId;
  if (session !== undefined) state.chatSessions.set(session, t.id);
  const social = event.social;
  if (social && social.visibility === 'public') {
    const platform = socialPlatform(social.platform, m.identityKey);
    for (const id of [social.conversationId, social.postId]) if (id !== undefined) state.socialKeys.set(`${platform}\u0000${id}`, t.id);
  }
  state.touchThread(t);
}

export function ignore(state: ComponentState, t: ThreadRec | undefined, event: OmnithreadEvent, reason: string): void {
  const entry = { eventId: event.id, type: event.type, occurredAt: event.occurredAt, reason };
  if (t) {
    t.ignored = pushed(t.ignored, entry);
    state.touchThread(t);
  } else state.ignored.push(entry);
}

const ALLOWED: Record<ThreadStatus, readonly ThreadStatus[]> = {
  open: ['pending', 'snoozed', 'resolved', 'closed'],
  pending: ['open', 'snoozed', 'resolved', 'closed'],
  snoozed: ['open', 'pending', 'resolved', 'closed'],
  resolved: ['open', 'closed', 'pending'],
  closed: [],
  merged: [],
};

/** A status change requested by an event; returns the reason when it makes no sense. */
export function changeStatus(t: ThreadRec, to: Exclude<ThreadStatus, 'merged'>, at: number, eventId: string, until?: number): string | undefined {
  if (to === 'snoozed' && until === undefined) return 'snoozed needs `until`';
  if (to === 'snoozed' && until !== undefined && until <= at) return 'snooze `until` is not after the event';
  if (t.status === to && to !== 'snoozed') return `already ${to}`;
  if (t.status === 'closed') return 'closed threads stay closed; a new message starts a follow-up thread';
  if (t.status !== to && !ALLOWED[t.status].includes(to)) return `cannot go from ${t.status} to ${to}`;
  setStatus(t, to, at, eventId);
  if (to === 'snoozed') t.snoozedUntil = until;
  return undefined;
}

/** Moves every message of `from` into `into`; `from` becomes a redirect. */
export function mergeThreads(state: ComponentState, from: ThreadRec, into: ThreadRec, at: number, eventId: string): void {
  into.messages = [...into.messages, ...from.messages].sort(compareMessages);
  for (const m of from.messages) if (m.email?.messageId !== undefined) state.moveEmailHolder(m.email.messageId, from.id, into.id);
  into.notes = [...into.notes, ...from.notes];
  into.surveys = [...into.surveys, ...from.surveys];
  for (const tag of from.tags) if (!into.tags.includes(tag)) into.tags = pushed(into.tags, tag);
  into.createdAt = Math.min(into.createdAt, from.createdAt);
  recomputeFromMessages(into);
  from.messages = [];
  from.notes = [];
  from.surveys = [];
  recomputeFromMessages(from);
  setStatus(from, 'merged', at, eventId);
  from.mergedInto = into.id;
  // The absorbed id only redirects now: listing it among the customer's threads would show (and put
  // in the timeline) the survivor twice.
  const owner = state.customers.get(from.customerId);
  if (owner) {
    owner.threadIds = owner.threadIds.filter((id) => id !== from.id);
    state.touchCustomer(owner);
  }
  state.invalidateThreads(from.customerId);
  state.invalidateThreads(into.customerId);
  state.threadRedirect.set(from.id, into.id);
  state.touchThread(from);
  state.touchThread(into);
}

/** Moves the listed messages of `source` to a new thread whose id derives from the split event. */
export function splitThread(state: ComponentState, source: ThreadRec, customer: CustomerRec, messageIds: readonly string[], at: number, eventId: string): string | undefined {
  const moving = new Set(messageIds);
  const moved = source.messages.filter((m) => moving.has(m.id));
  if (moved.length !== moving.size) return 'some messages are not in this thread';
  if (moved.length === source.messages.length) return 'a split must leave at least one message behind';
  const first = moved[0]!;
  const t = openThread(state, customer, eventId, at, first.identityKey);
  t.messages = moved;
  source.messages = source.messages.filter((m) => !moving.has(m.id));
  for (const m of moved) if (m.email?.messageId !== undefined) state.moveEmailHolder(m.email.messageId, source.id, t.id);
  t.lastActivityAt = first.occurredAt;
  recomputeFromMessages(t);
  recomputeFromMessages(source);
  // The new thread was placed by the split's time, then took its messages' (earlier) activity.
  state.invalidateThreads(customer.id);
  state.touchThread(source);
  return undefined;
}
