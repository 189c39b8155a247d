import { z } from 'zod';
import { limitMeta } from './limits.js';

/** Keys that must never reach an object we build from input (prototype pollution). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** C0 controls, DEL and C1 controls: U+0000–U+001F and U+007F–U+009F (`\p{Cc}`). Also a JSON Schema `pattern`. */
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f-\u009f]*$/;
/** A UTF-16 surrogate not part of a pair (with the `u` flag, a pair is one code point, not `\p{Cs}`). */
export const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A string that names something — an id, a tenant, a platform, a tag, a team. Besides its length it
 * must not contain control characters: the engine joins names with U+0000 to build keys and the
 * inputs of derived ids (`threadIdFor`), so a NUL inside a tenant id would let two (tenant, id) pairs
 * spell the same key; other controls are never part of a real name and only hide differences in logs.
 * Lone surrogates are refused too: they are not Unicode text, cannot be encoded as UTF-8 (stores that
 * write UTF-8 would turn two different ids into the same bytes, U+FFFD) and PostgreSQL's `jsonb`
 * rejects them. U+2028/U+2029 and format characters (zero-width joiners) are allowed: they are valid
 * text, encode losslessly and are no separator of ours.
 *
 * @example
 * ```ts
 * const team = nameString(128);
 * team.safeParse('billing').success;    // true
 * team.safeParse('bill\u0000ing').success; // false: a control character
 * ```
 */
export function nameString(max: number, min = 1) {
  return z
    .string()
    .min(min)
    .max(max)
    .regex(NO_CONTROL_CHARACTERS, { message: 'must not contain control characters (U+0000–U+001F, U+007F–U+009F)' })
    .refine((s) => !LONE_SURROGATE.test(s), { message: 'must not contain a lone surrogate (an unpaired UTF-16 half; not Unicode text)' });
}

/** A non-empty identifier of bounded length, without control characters or lone surrogates. */
export const idString = nameString(512);
/** A tenant id: 1–128 characters, never a control character (U+0000 separates it from what follows in keys). */
export const tenantIdString = nameString(128);

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

/**
 * A flat record of scalar values from input; prototype keys are dropped. Its size, key and value
 * lengths are limits (`maxAttributeKeys`, `maxAttributeKeyLength`, `maxAttributeValueLength`), checked
 * after parsing; the JSON Schema states their defaults.
 */
export const scalarRecord = z
  .record(
    z.string().meta(limitMeta('maxAttributeKeyLength', 'maxLength')),
    z.union([z.string().meta(limitMeta('maxAttributeValueLength', 'maxLength')), z.number(), z.boolean(), z.null()]),
  )
  .meta(limitMeta('maxAttributeKeys', 'maxProperties'))
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
    platform: nameString(64),
    id: idString,
    /** The page or account an id is scoped to (Messenger PSIDs are per page). */
    scope: nameString(256).optional(),
    handle: nameString(256, 0).optional(),
    verified: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('chat'), visitorId: idString, verified: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('external'), system: nameString(64), id: idString, verified: z.boolean().optional() }),
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
