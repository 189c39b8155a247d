/**
 * The fold of `message.delivery_updated`, `message.edited` and `message.deleted`. An update names a
 * message by its event id and the customer identity of that message; it changes the message when the
 * message exists at the update's point in fold order, and otherwise changes nothing and is listed by
 * `engine.unapplied()` — the project's rule for references to things that do not exist yet.
 *
 * Messages may be frozen (a view handed them out): an update replaces the message object in its
 * thread, it never mutates one.
 */
import type { EventOf } from '../events/schemas.js';
import { ignore } from './threads.js';
import type { DeliveryReport, MessageDelivery, MessageEdit, ThreadMessage } from '../threading/types.js';
import type { Envelope } from './envelope.js';
import type { ComponentState, ThreadRec } from './state.js';

export type MessageUpdateEvent = EventOf<'message.delivery_updated'> | EventOf<'message.edited'> | EventOf<'message.deleted'>;

/** True for the three message-update types: the hooks in tenant.ts, prepare.ts and apply.ts ask this. */
export function isMessageUpdate(e: { readonly type: string }): e is MessageUpdateEvent {
  return e.type === 'message.delivery_updated' || e.type === 'message.edited' || e.type === 'message.deleted';
}

/** How far a report says a message got; the furthest report is the message's status. */
const RANK: Record<DeliveryReport['status'], number> = { sent: 1, failed: 2, delivered: 3, read: 4 };

/** The thread and position of message `id` among the threads of the customer holding `identityKey`. */
function findMessage(state: ComponentState, identityKey: string, id: string): { thread: ThreadRec; index: number } | undefined {
  const owner = state.identityOwner.get(identityKey);
  if (owner === undefined) return undefined;
  const customer = state.customers.get(state.resolveCustomerId(owner));
  if (customer === undefined) return undefined;
  // Newest threads and messages first: an update usually follows its message closely.
  for (let i = customer.threadIds.length - 1; i >= 0; i--) {
    const t = state.threads.get(customer.threadIds[i]!);
    if (t === undefined) continue;
    for (let j = t.messages.length - 1; j >= 0; j--) if (t.messages[j]!.id === id) return { thread: t, index: j };
  }
  return undefined;
}

function withDelivery(m: ThreadMessage, e: EventOf<'message.delivery_updated'>): ThreadMessage {
  const report: DeliveryReport = { status: e.status, at: e.occurredAt, eventId: e.id, ...(e.error === undefined ? {} : { error: e.error }) };
  const history = [...(m.delivery?.history ?? []), report];
  // The furthest report wins; between equals, the later one in fold order (its error, its time).
  let best = history[0]!;
  for (const r of history) if (RANK[r.status] >= RANK[best.status]) best = r;
  const delivery: MessageDelivery = { status: best.status, at: best.at, ...(best.error === undefined ? {} : { error: best.error }), history };
  return { ...m, delivery };
}

function withEdit(m: ThreadMessage, e: EventOf<'message.edited'>): ThreadMessage {
  const edit: MessageEdit = {
    at: e.occurredAt,
    eventId: e.id,
    ...(m.text === undefined ? {} : { previousText: m.text }),
    ...(m.subject === undefined ? {} : { previousSubject: m.subject }),
  };
  const { text: _text, subject: _subject, attachments: _attachments, ...rest } = m;
  const next: { -readonly [K in keyof ThreadMessage]: ThreadMessage[K] } = { ...rest, edits: [...(m.edits ?? []), edit] };
  const c = e.content;
  next.text = c.text ?? m.text;
  next.subject = c.subject ?? m.subject;
  const attachments = c.attachments === undefined ? m.attachments : c.attachments.length;
  if (next.text === undefined) delete next.text;
  if (next.subject === undefined) delete next.subject;
  if (attachments) next.attachments = attachments;
  return next;
}

function withDeletion(m: ThreadMessage, e: EventOf<'message.deleted'>): ThreadMessage {
  // What the customer (or agent) took back is not kept in the view; the event stays in the log.
  const { text: _text, subject: _subject, attachments: _attachments, edits: _edits, ...rest } = m;
  return { ...rest, deleted: { at: e.occurredAt, eventId: e.id } };
}

/** Applies one message update to its component. */
export function applyMessageUpdate(state: ComponentState, env: Envelope, e: MessageUpdateEvent): void {
  const found = findMessage(state, env.identity!.key, e.messageId);
  if (found === undefined) return ignore(state, undefined, e, `message ${e.messageId} of this customer is unknown at this point`);
  const { thread, index } = found;
  const m = thread.messages[index]!;
  if (m.deleted !== undefined && e.type !== 'message.delivery_updated') return ignore(state, thread, e, `message ${e.messageId} was deleted`);
  let next: ThreadMessage;
  switch (e.type) {
    case 'message.delivery_updated':
      if (m.direction !== 'outbound') return ignore(state, thread, e, `message ${e.messageId} is inbound: delivery reports are about outbound messages`);
      next = withDelivery(m, e);
      break;
    case 'message.edited':
      next = withEdit(m, e);
      break;
    case 'message.deleted':
      next = withDeletion(m, e);
      break;
  }
  thread.messages[index] = next;
  state.touchThread(thread);
}
