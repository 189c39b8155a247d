/**
 * `evolve` of one component: applies one event, in fold order, to the component's state. Pure but for
 * that state; no clock, no I/O, no randomness.
 */
import type { Channel } from '../events/primitives.js';
import type { EventOf, MessageEvent } from '../events/schemas.js';
import type { MergePolicy } from '../identity/merge-policy.js';
import type { NormalizedIdentity } from '../identity/normalize.js';
import { attachIdentity, customerFor, mergeCustomers, proposeMerge, unmergeCustomers } from './customers.js';
import { addMessage, changeStatus, ignore, mergeThreads, openThread, splitThread, wakeIfDue } from './threads.js';
import type { ThreadingContext, ThreadingPolicy } from '../threading/policy.js';
import type { OfferDecline, Thread, ThreadMessage } from '../threading/types.js';
import { applyMessageUpdate, isMessageUpdate } from './message-updates.js';
import { type Envelope, depthOf } from './envelope.js';
import { threadIdFor } from './ids.js';
import { type ComponentState, type CustomerRec, type ThreadRec, pushed } from './state.js';

/**
 * Why an event naming something that does not exist (yet) changed nothing. The same text whether the
 * event waited for it or met its absence in the fold, so diagnostics converge like the state does.
 */
export function missingReason(type: string, anchor: string): string {
  const id = anchor.slice(2);
  if (anchor.startsWith('t:')) return `thread ${id} is unknown at this point`;
  if (anchor.startsWith('e:')) return `no merge ${id} is known at this point`;
  if (type === 'identity.linked') return 'the customer it links to is unknown at this point';
  if (type === 'customer.merged') return 'a customer of this merge is unknown at this point';
  return 'the customer is unknown at this point';
}

export interface FoldPolicies {
  readonly threading: ThreadingPolicy;
  readonly merge: MergePolicy;
}

/** The threading policy's window on one customer's threads; methods on the prototype, no closures. */
class CustomerThreads implements ThreadingContext {
  constructor(
    private readonly state: ComponentState,
    private readonly customer: CustomerRec,
  ) {}

  get threads(): readonly Thread[] {
    return this.state.liveThreads(this.customer);
  }

  get threadsByActivity(): readonly Thread[] {
    return this.state.threadsByActivity(this.customer);
  }

  threadsByActivityWithout(channel: Channel): readonly Thread[] {
    return this.state.threadsByActivityWithout(this.customer, channel);
  }

  private own(id: string | undefined): Thread | undefined {
    if (id === undefined) return undefined;
    const t = this.state.thread(id);
    return t && t.customerId === this.customer.id ? t : undefined;
  }

  threadByEmailMessageId(messageId: string): Thread | undefined {
    for (const id of this.state.emailHolders(messageId)) {
      const t = this.own(id);
      if (t) return t;
    }
    return undefined;
  }

  threadByRef(ref: string): Thread | undefined {
    return this.own(this.state.threadIdByRef(ref));
  }

  threadBySocialKey(platform: string, id: string): Thread | undefined {
    return this.own(this.state.socialKeys.get(`${platform}\u0000${id}`));
  }

  threadByChatSession(session: string): Thread | undefined {
    return this.own(this.state.chatSessions.get(session));
  }
}

function toThreadMessage(e: MessageEvent, identity: NormalizedIdentity, reason: string): ThreadMessage {
  const direction = e.type === 'message.received' ? 'inbound' : 'outbound';
  const text = e.content.text;
  // Nearly every message has a text: with it in the literal, most messages need no out-of-object
  // property store (a field added after the literal costs one more allocation per message).
  const m: { -readonly [K in keyof ThreadMessage]: ThreadMessage[K] } =
    text !== undefined
      ? { id: e.id, occurredAt: e.occurredAt, channel: e.channel, direction, author: e.author, identityKey: identity.key, reason, text }
      : { id: e.id, occurredAt: e.occurredAt, channel: e.channel, direction, author: e.author, identityKey: identity.key, reason };
  if (e.content.subject !== undefined) m.subject = e.content.subject;
  if (e.content.attachments?.length) m.attachments = e.content.attachments.length;
  if (e.email && e.email.replyToken === undefined) {
    // The event's own hints are exactly the message's: share them (the engine never mutates either).
    m.email = e.email;
  } else if (e.email) {
    const email: { messageId?: string; inReplyTo?: string; references?: readonly string[] } = {};
    if (e.email.messageId !== undefined) email.messageId = e.email.messageId;
    if (e.email.inReplyTo !== undefined) email.inReplyTo = e.email.inReplyTo;
    if (e.email.references !== undefined) email.references = e.email.references;
    m.email = email;
  }
  if (e.call) {
    m.call = { status: e.call.status, ...(e.call.durationSec === undefined ? {} : { durationSec: e.call.durationSec }), ...(e.call.direction === undefined ? {} : { direction: e.call.direction }) };
  }
  if (e.social) m.visibility = e.social.visibility;
  return m;
}

function applyMessage(state: ComponentState, env: Envelope, e: MessageEvent, policies: FoldPolicies): void {
  const identity = env.identity!;
  const customer = customerFor(state, identity, e.occurredAt);
  customer.lastContactAt = Math.max(customer.lastContactAt, e.occurredAt);
  let thread: ThreadRec | undefined;
  let reason: string;
  const named = e.threadId === undefined ? undefined : state.thread(e.threadId);
  if (named && named.customerId === customer.id && named.status !== 'closed') {
    thread = named;
    reason = `named thread ${e.threadId}`;
  } else {
    const direction = e.type === 'message.received' ? 'inbound' : 'outbound';
    const decision = policies.threading.decide({ message: e, direction, identity, customerId: customer.id }, new CustomerThreads(state, customer));
    reason = e.threadId === undefined ? decision.reason : `named thread ${e.threadId} is not this customer's open thread; ${decision.reason}`;
    if (decision.action === 'join') thread = state.thread(decision.threadId);
    if (thread === undefined || thread.customerId !== customer.id) {
      thread = openThread(state, customer, e.id, e.occurredAt, identity.key);
    }
  }
  addMessage(state, thread, toThreadMessage(e, identity, reason), e);
  noteEvent(thread, e);
  // The assignee's first reply after the assignment is their acceptance of the offer.
  if (e.type === 'message.sent' && e.author.type === 'agent' && e.author.agentId === thread.assignee && thread.acceptedAt === undefined) thread.acceptedAt = e.occurredAt;
  state.touchCustomer(customer);
}

/** The thread saw `e`: the engine's own decisions about it are ordered after it (see `cause`). */
function noteEvent(t: ThreadRec, e: Envelope['event']): void {
  t.lastEventAt = e.occurredAt;
  t.lastEventDepth = depthOf(e);
  t.lastEventId = e.id;
}

/** Most declines a thread keeps: the router only looks at recent ones. */
const MAX_DECLINES = 100;

function decline(t: ThreadRec, entry: OfferDecline): void {
  if (t.declines.length >= MAX_DECLINES) t.declines = t.declines.slice(1 - MAX_DECLINES);
  t.declines = pushed(t.declines, entry);
}

function assign(t: ThreadRec, agentId: string, at: number, eventId: string): void {
  t.assignee = agentId;
  t.assignedAt = at;
  t.assignEventId = eventId;
  t.acceptedAt = undefined;
  t.assignments++;
  // Assigned: the workflow's position no longer applies; if the thread comes back, it starts over.
  t.escalation = undefined;
}

function unassign(t: ThreadRec): void {
  t.assignee = undefined;
  t.assignedAt = undefined;
  t.assignEventId = undefined;
  t.acceptedAt = undefined;
}

/** The customer a reference names at this point in time, creating one for an unseen identity. */
function customerOf(state: ComponentState, ref: NormalizedIdentity | { readonly customerId: string }, at: number): CustomerRec | undefined {
  if ('customerId' in ref) return state.customers.get(state.resolveCustomerId(ref.customerId));
  return customerFor(state, ref, at);
}

function applyLink(state: ComponentState, env: Envelope, e: EventOf<'identity.linked'>, policies: FoldPolicies): void {
  const identity = env.identity!;
  const target = customerOf(state, env.refs![0]!, e.occurredAt);
  if (!target) return ignore(state, undefined, e, missingReason(e.type, 'c:'));
  const verified = e.verified ?? identity.verified;
  const ownerId = state.identityOwner.get(identity.key);
  if (ownerId === undefined) return attachIdentity(state, target, identity, e.occurredAt, verified);
  const owner = state.customers.get(state.resolveCustomerId(ownerId))!;
  if (owner.id === target.id) return;
  proposeMerge(state, policies.merge, owner, target, identity.key, e.id, e.occurredAt);
}

/** A customer named by id exists at this point (identities are created on first sight instead). */
function known(state: ComponentState, ref: NormalizedIdentity | { readonly customerId: string }): boolean {
  return !('customerId' in ref) || state.customers.has(state.resolveCustomerId(ref.customerId));
}

function applyMerge(state: ComponentState, env: Envelope, e: EventOf<'customer.merged'>): void {
  const [sourceRef, targetRef] = env.refs!;
  // An event that changes nothing has no side effects either: check both sides before creating one.
  if (!known(state, sourceRef!) || !known(state, targetRef!)) return ignore(state, undefined, e, missingReason(e.type, 'c:'));
  const source = customerOf(state, sourceRef!, e.occurredAt)!;
  const target = customerOf(state, targetRef!, e.occurredAt)!;
  if (source.id === target.id) return ignore(state, undefined, e, 'source and target are already one customer');
  mergeCustomers(state, source, target, e.id);
}

/**
 * Most `extra` attribute keys one customer keeps. Each event is bounded at the boundary; this bounds
 * what they add up to, so one customer's record (copied on every change, and into every view) stays
 * small. An event that would go over changes nothing (never half-applied) and says why.
 */
export const MAX_CUSTOMER_ATTRIBUTE_KEYS = 1000;

/** The customer a reference names now, without creating one. */
function existingCustomer(state: ComponentState, ref: NormalizedIdentity | { readonly customerId: string }): CustomerRec | undefined {
  const id = 'customerId' in ref ? ref.customerId : state.identityOwner.get(ref.key);
  return id === undefined ? undefined : state.customers.get(state.resolveCustomerId(id));
}

/** How many `extra` keys a customer would have with `added` set on top of `extra`. */
function keysAfter(extra: Readonly<Record<string, unknown>>, added: Readonly<Record<string, unknown>>): number {
  let n = Object.keys(extra).length;
  for (const k in added) if (!(k in extra)) n++;
  return n;
}

function applyAttributes(state: ComponentState, env: Envelope, e: EventOf<'customer.attributes_set'>): void {
  const ref = env.refs![0]!;
  if (!known(state, ref)) return ignore(state, undefined, e, missingReason(e.type, 'c:'));
  if (e.attributes) {
    const keys = keysAfter(existingCustomer(state, ref)?.attributes.extra ?? {}, e.attributes);
    if (keys > MAX_CUSTOMER_ATTRIBUTE_KEYS) return ignore(state, undefined, e, `the customer would have ${keys} attribute keys, over the limit of ${MAX_CUSTOMER_ATTRIBUTE_KEYS}`);
  }
  const c = customerOf(state, ref, e.occurredAt)!;
  const a = c.attributes;
  if (e.name !== undefined) a.name = e.name;
  if (e.tier !== undefined) a.tier = e.tier;
  if (e.vip !== undefined) a.vip = e.vip;
  if (e.language !== undefined) a.language = e.language;
  if (e.region !== undefined) a.region = e.region;
  if (e.attributes) a.extra = { ...a.extra, ...e.attributes };
  state.touchCustomer(c);
  // SLA targets and priority read the customer's attributes: the customer's threads are re-indexed
  // (timers re-planned, the queue re-keyed, `thread.updated` emitted) as when they change themselves.
  for (const id of c.threadIds) {
    const t = state.threads.get(id);
    if (t !== undefined) state.touchThread(t);
  }
}

type ThreadEvent = Extract<Envelope['event'], { threadId: string }>;

function applyThreadAction(state: ComponentState, e: ThreadEvent): void {
  const t = state.thread(e.threadId);
  if (!t) return ignore(state, undefined, e, missingReason(e.type, `t:${e.threadId}`));
  wakeIfDue(t, e.occurredAt, e.id);
  noteEvent(t, e);
  const refuse = (reason: string) => ignore(state, t, e, reason);
  switch (e.type) {
    case 'thread.status_changed': {
      const why = changeStatus(t, e.status, e.occurredAt, e.id, e.until);
      return why === undefined ? state.touchThread(t) : refuse(why);
    }
    case 'thread.assigned':
      if (t.status === 'closed' || t.status === 'merged') return refuse(`a ${t.status} thread cannot be assigned`);
      if (t.assignee === e.agentId) return refuse(`already assigned to ${e.agentId}`);
      if (t.assignee !== undefined) t.transfers++;
      assign(t, e.agentId, e.occurredAt, e.id);
      return state.touchThread(t);
    case 'thread.unassigned':
      if (t.assignee === undefined) return refuse('not assigned');
      unassign(t);
      return state.touchThread(t);
    case 'thread.transferred':
      if (t.status === 'closed' || t.status === 'merged') return refuse(`a ${t.status} thread cannot be transferred`);
      if (e.toAgentId === undefined && e.toTeam === undefined) return refuse('a transfer needs toAgentId or toTeam');
      t.transfers++;
      if (e.toTeam !== undefined) t.team = e.toTeam;
      if (e.toAgentId !== undefined) assign(t, e.toAgentId, e.occurredAt, e.id);
      else unassign(t);
      return state.touchThread(t);
    case 'thread.offer_accepted':
      if (t.assignee !== e.agentId) return refuse(`not offered to ${e.agentId}`);
      if (t.acceptedAt !== undefined) return refuse(`already accepted at ${new Date(t.acceptedAt).toISOString()}`);
      t.acceptedAt = e.occurredAt;
      return state.touchThread(t);
    case 'thread.offer_declined':
      // Recorded even when the thread is not theirs (declined from a queue view): the router skips them.
      decline(t, { agentId: e.agentId, at: e.occurredAt, kind: 'declined', eventId: e.id });
      if (t.assignee === e.agentId) unassign(t);
      return state.touchThread(t);
    case 'thread.offer_expired':
      // The engine decided from what it knew; a late event may have changed that since.
      if (t.assignee !== e.agentId || t.assignedAt !== e.offeredAt) return refuse(`the offer to ${e.agentId} at ${new Date(e.offeredAt).toISOString()} is no longer open`);
      if (t.acceptedAt !== undefined) return refuse(`${e.agentId} accepted at ${new Date(t.acceptedAt).toISOString()}`);
      decline(t, { agentId: e.agentId, at: e.occurredAt, kind: 'expired', eventId: e.id });
      unassign(t);
      return state.touchThread(t);
    case 'thread.escalated':
      if (t.assignee !== undefined) return refuse(`assigned to ${t.assignee}`);
      t.escalation = e.target === undefined ? { targetIndex: e.targetIndex, enteredAt: e.enteredAt } : { targetIndex: e.targetIndex, enteredAt: e.enteredAt, target: e.target };
      return state.touchThread(t);
    case 'thread.priority_set':
      if (e.level === null) t.priorityOverride = undefined;
      else t.priorityOverride = e.level;
      return state.touchThread(t);
    case 'thread.tagged':
      t.tags = [...t.tags.filter((x) => !e.remove.includes(x)), ...e.add.filter((x) => !t.tags.includes(x) && !e.remove.includes(x))];
      return state.touchThread(t);
    case 'thread.merged': {
      const into = state.thread(e.intoThreadId);
      // Missing entities are reported where waiting events are, whatever the arrival order was. The
      // thread itself did see the event (it may have woken up, its last event moved): touched, so
      // that change is indexed and reported like any other.
      if (!into) {
        state.touchThread(t);
        return ignore(state, undefined, e, missingReason(e.type, `t:${e.intoThreadId}`));
      }
      if (into.id === t.id) return refuse('a thread cannot be merged into itself');
      if (into.customerId !== t.customerId) return refuse('the threads belong to different customers; merge the customers first');
      noteEvent(into, e);
      return mergeThreads(state, t, into, e.occurredAt, e.id);
    }
    case 'thread.split': {
      const customer = state.customers.get(t.customerId)!;
      const why = splitThread(state, t, customer, e.messageIds, e.occurredAt, e.id);
      if (why !== undefined) return refuse(why);
      const created = state.threads.get(threadIdFor(state.tenantId, e.id));
      if (created) noteEvent(created, e);
      return;
    }
    case 'thread.handover_requested':
      t.handledBy = 'human';
      t.handoverRequestedAt ??= e.occurredAt;
      return state.touchThread(t);
    case 'note.added':
      t.notes = pushed(t.notes, { id: e.id, occurredAt: e.occurredAt, agentId: e.agentId, text: e.text });
      return state.touchThread(t);
    case 'survey.answered':
      t.surveys = pushed(t.surveys, { id: e.id, occurredAt: e.occurredAt, survey: e.survey, score: e.score, ...(e.comment === undefined ? {} : { comment: e.comment }) });
      return state.touchThread(t);
  }
}

/** Applies one event to its component. Agent events never reach a component. */
export function applyEnvelope(state: ComponentState, env: Envelope, policies: FoldPolicies): void {
  const e = env.event;
  switch (e.type) {
    case 'message.received':
    case 'message.sent':
      return applyMessage(state, env, e, policies);
    case 'identity.linked':
      return applyLink(state, env, e, policies);
    case 'customer.merged':
      return applyMerge(state, env, e);
    case 'customer.unmerged': {
      const why = unmergeCustomers(state, e.mergeEventId);
      return why === undefined ? undefined : ignore(state, undefined, e, why);
    }
    case 'customer.attributes_set':
      return applyAttributes(state, env, e);
    case 'agent.status_changed':
    case 'agent.profile_set':
      return;
    default:
      if (isMessageUpdate(e)) return applyMessageUpdate(state, env, e); // delivery, edits, deletions
      return applyThreadAction(state, e);
  }
}
