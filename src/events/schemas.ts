import { z } from 'zod';
import { limitMeta } from './limits.js';
import { messageReceivedPayload, messageSentPayload } from './message.js';
import { messageUpdatePayloads } from './message-updates.js';
import {
  CHANNELS,
  agentStatus,
  channel,
  customerRef,
  idString,
  identityRef,
  instant,
  nameString,
  priorityLevel,
  scalarRecord,
  tenantIdString,
  threadStatus,
} from './primitives.js';

/** The schema version this build of omnithread writes. Older versions are upcast on read. */
export const CURRENT_SCHEMA_VERSION = 2;

const envelope = {
  /** Unique within a tenant. Use the channel's own message id so redeliveries dedupe. */
  id: idString,
  tenantId: tenantIdString,
  /** When it happened at the source. The fold orders by this, then by `id` — never by arrival. */
  occurredAt: instant,
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
};

const actor = z.strictObject({ type: z.enum(['agent', 'bot', 'system', 'customer']), id: idString.optional() });

/**
 * The event this one was derived from, for events that happen at the same instant as their cause: an
 * assignment the router made the moment a message came in, an automation reacting to it. The fold
 * orders by `occurredAt`, then by `depth` (0 when there is no cause), then by `id`, so a derived event
 * folds after its cause whatever the two ids look like. The engine sets it on every event it writes.
 */
export const cause = z.strictObject({
  /** The event this one is ordered after. */
  eventId: idString,
  /** One more than the cause's own depth (an event without a cause has depth 0). */
  depth: z.number().int().min(1).max(1000),
});

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.strictObject({ ...envelope, type: z.literal(type), cause: cause.optional(), ...shape });
}

/** Messages are what everything else derives from: they carry no `cause`. */
function messageEvent<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.strictObject({ ...envelope, type: z.literal(type), ...shape });
}

const skill = z.strictObject({ name: nameString(128), level: z.number().int().min(1).max(10).default(5) });

/** Every event schema, by type. */
export const eventSchemas = {
  'message.received': messageEvent('message.received', messageReceivedPayload),
  'message.sent': messageEvent('message.sent', messageSentPayload),
  // Delivery status, edits and deletions of a message (src/events/message-updates.ts).
  'message.delivery_updated': event('message.delivery_updated', messageUpdatePayloads['message.delivery_updated']),
  'message.edited': event('message.edited', messageUpdatePayloads['message.edited']),
  'message.deleted': event('message.deleted', messageUpdatePayloads['message.deleted']),

  'identity.linked': event('identity.linked', {
    identity: identityRef,
    /** The customer the identity belongs to: one of their identities, or their customer id. */
    to: customerRef,
    verified: z.boolean().optional(),
  }),
  'customer.merged': event('customer.merged', {
    /** Absorbed: its id redirects to `target` afterwards. */
    source: customerRef,
    /** Survives. */
    target: customerRef,
  }),
  'customer.unmerged': event('customer.unmerged', {
    /** The id of the `customer.merged` (or merging `identity.linked`) event to undo. */
    mergeEventId: idString,
  }).refine((e) => e.mergeEventId !== e.id, { path: ['mergeEventId'], message: 'an unmerge cannot undo itself: name the merge event' }),
  'customer.attributes_set': event('customer.attributes_set', {
    customer: customerRef,
    name: z.string().max(256).optional(),
    tier: nameString(64).optional(),
    vip: z.boolean().optional(),
    language: nameString(35, 2).optional(),
    region: nameString(64).optional(),
    attributes: scalarRecord.optional(),
  }),

  'thread.status_changed': event('thread.status_changed', {
    threadId: idString,
    status: threadStatus,
    /** Required with `snoozed`: when the thread wakes up. */
    until: instant.optional(),
    by: actor.optional(),
  }),
  'thread.assigned': event('thread.assigned', {
    threadId: idString,
    agentId: idString,
    by: actor.optional(),
    reasons: z.array(z.string().max(512)).meta(limitMeta('maxReasons', 'maxItems')).optional(),
  }),
  'thread.unassigned': event('thread.unassigned', { threadId: idString, reason: z.string().max(512).optional() }),
  /** The assignee takes the offered thread: the offer no longer expires. (Their first reply does the same.) */
  'thread.offer_accepted': event('thread.offer_accepted', { threadId: idString, agentId: idString }),
  /**
   * The agent refuses the thread: if it is theirs, it goes back to the queue, and the router does not
   * offer it to them again for a while (see docs/routing.md, re-offering).
   */
  'thread.offer_declined': event('thread.offer_declined', { threadId: idString, agentId: idString, reason: z.string().max(512).optional() }),
  /** Written by the engine: the offer made at `offeredAt` was not accepted in time; the thread goes back to the queue. */
  'thread.offer_expired': event('thread.offer_expired', { threadId: idString, agentId: idString, offeredAt: instant, reason: z.string().max(512).optional() }),
  /** Written by the engine: where the thread stands in its routing workflow (which target, since when). */
  'thread.escalated': event('thread.escalated', {
    threadId: idString,
    targetIndex: z.number().int().min(0).max(1000),
    enteredAt: instant,
    target: z.string().min(1).max(128).optional(),
    reasons: z.array(z.string().max(512)).max(50).optional(),
  }),
  'thread.transferred': event('thread.transferred', {
    threadId: idString,
    toAgentId: idString.optional(),
    toTeam: nameString(128).optional(),
    reason: z.string().max(512).optional(),
    by: actor.optional(),
  }),
  'thread.priority_set': event('thread.priority_set', {
    threadId: idString,
    /** `null` clears a manual override. */
    level: priorityLevel.nullable(),
    reason: z.string().max(512).optional(),
  }),
  'thread.tagged': event('thread.tagged', {
    threadId: idString,
    add: z.array(nameString(128)).meta(limitMeta('maxTags', 'maxItems')).default([]),
    remove: z.array(nameString(128)).meta(limitMeta('maxTags', 'maxItems')).default([]),
  }),
  'thread.merged': event('thread.merged', {
    /** Absorbed: its id redirects to `intoThreadId`. */
    threadId: idString,
    intoThreadId: idString,
  }),
  'thread.split': event('thread.split', {
    threadId: idString,
    /** Ids of the message events that move to the new thread (whose id derives from this event's id). */
    messageIds: z.array(idString).min(1).max(10_000),
  }),
  'thread.handover_requested': event('thread.handover_requested', {
    threadId: idString,
    /** `customer` asked for a person, or the `bot` handed over. */
    requestedBy: z.enum(['customer', 'bot']),
    reason: z.string().max(512).optional(),
  }),
  'note.added': event('note.added', {
    threadId: idString,
    agentId: idString,
    text: z.string().meta(limitMeta('maxNoteBytes', 'maxLength', ' UTF-8 bytes')),
  }),
  'survey.answered': event('survey.answered', {
    threadId: idString,
    survey: z.enum(['csat', 'ces', 'nps']),
    /** CSAT 1–5, CES 1–7, NPS 0–10. */
    score: z.number().int().min(0).max(10),
    comment: z.string().max(10_000).optional(),
  }),

  'agent.status_changed': event('agent.status_changed', { agentId: idString, status: agentStatus }),
  'agent.profile_set': event('agent.profile_set', {
    agentId: idString,
    name: z.string().max(256).optional(),
    skills: z.array(skill).meta(limitMeta('maxProfileEntries', 'maxItems')).default([]),
    languages: z.array(nameString(35, 2)).meta(limitMeta('maxProfileEntries', 'maxItems')).default([]),
    region: nameString(64).optional(),
    teams: z.array(nameString(128)).meta(limitMeta('maxProfileEntries', 'maxItems')).default([]),
    /** Open threads at once, per channel. A missing channel means the agent does not take it. */
    capacity: z.partialRecord(channel, z.number().int().min(0).max(10_000)).default({}),
    /** While handling a thread on channel K, take no new thread on the listed channels. */
    exclusive: z.partialRecord(channel, z.array(channel).max(CHANNELS.length)).optional(),
    senior: z.boolean().optional(),
  }),
} as const;

export const EVENT_TYPES = Object.keys(eventSchemas) as EventType[];
export type EventType = keyof typeof eventSchemas;

/** A canonical event, validated and normalised (times are epoch milliseconds). */
export const eventSchema = z.discriminatedUnion('type', Object.values(eventSchemas) as unknown as [
  (typeof eventSchemas)[EventType],
  ...(typeof eventSchemas)[EventType][],
]);

/** A validated, normalised event. */
export type OmnithreadEvent = { [K in EventType]: z.output<(typeof eventSchemas)[K]> }[EventType];
/** An event as a producer may send it (before defaults and normalisation). */
export type EventInput = { [K in EventType]: z.input<(typeof eventSchemas)[K]> }[EventType];
/** The event of one type. */
export type EventOf<K extends EventType> = Extract<OmnithreadEvent, { type: K }>;
export type MessageEvent = EventOf<'message.received'> | EventOf<'message.sent'>;
