import { z } from 'zod';

/** Keys that must never reach an object we build from input (prototype pollution). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A non-empty, trimmed-free identifier of bounded length. */
export const idString = z.string().min(1).max(512);

/**
 * When something happened at its source: ISO-8601 with an explicit offset (`Z` or `+02:00`), or
 * epoch milliseconds. Normalised to epoch milliseconds, the one form the fold orders by.
 *
 * The number range is the whole range of a JavaScript `Date` (±8.64e15 ms, symmetric around 1970),
 * so that every ISO instant this schema accepts — `0000-01-01` included — is accepted again as the
 * epoch milliseconds it was stored as: an exported log always re-ingests.
 */
export const MAX_EPOCH_MS = 8.64e15;
export const instant = z
  .union([
    z.iso.datetime({ offset: true, message: 'expected ISO-8601 date-time with an offset (Z or ±hh:mm)' }),
    z.number().int().min(-MAX_EPOCH_MS).max(MAX_EPOCH_MS),
  ])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

/** A flat record of scalar values from input; prototype keys are dropped. */
export const scalarRecord = z
  .record(z.string().max(128), z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]))
  .transform((r) => {
    const out: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of Object.entries(r)) if (!FORBIDDEN_KEYS.has(k)) out[k] = v;
    return out;
  });

export const CHANNELS = ['email', 'sms', 'whatsapp', 'chat', 'call', 'social'] as const;
/** A contact channel. */
export const channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof channel>;

/**
 * A customer identity as a channel reports it. Normalisation (E.164, lower-case email, …) happens in
 * `identity/`, with the tenant's default region; this schema only checks the shape.
 */
export const identityRef = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('email'), value: z.string().min(3).max(320), verified: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('phone'), value: z.string().min(2).max(64), verified: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('whatsapp'), value: z.string().min(2).max(64), verified: z.boolean().optional() }),
  z.strictObject({
    kind: z.literal('social'),
    platform: z.string().min(1).max(64),
    id: idString,
    /** The page or account an id is scoped to (Messenger PSIDs are per page). */
    scope: z.string().min(1).max(256).optional(),
    handle: z.string().max(256).optional(),
    verified: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('chat'), visitorId: idString, verified: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('external'), system: z.string().min(1).max(64), id: idString, verified: z.boolean().optional() }),
]);
export type IdentityRef = z.infer<typeof identityRef>;

/** Names a customer: by one of their identities, or by the id the engine gave them. */
export const customerRef = z.union([identityRef, z.strictObject({ kind: z.literal('customer'), customerId: idString })]);
export type CustomerRef = z.infer<typeof customerRef>;

/** Who wrote a message. A bot is always marked as a bot. */
export const author = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('customer') }),
  z.strictObject({ type: z.literal('agent'), agentId: idString }),
  z.strictObject({ type: z.literal('bot'), botId: idString, name: z.string().max(256).optional() }),
]);
export type Author = z.infer<typeof author>;

export const THREAD_STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed'] as const;
export const threadStatus = z.enum(THREAD_STATUSES);
export type ThreadStatusInput = z.infer<typeof threadStatus>;

export const PRIORITY_LEVELS = ['low', 'normal', 'high', 'urgent'] as const;
export const priorityLevel = z.enum(PRIORITY_LEVELS);
export type PriorityLevel = z.infer<typeof priorityLevel>;

export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;
export const agentStatus = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof agentStatus>;
