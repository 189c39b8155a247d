/**
 * Events that change a message already told: its delivery status, an edit, a deletion. Each names the
 * message by `messageId` (the id of the `message.received` / `message.sent` event) and carries the
 * customer identity of that message (`customer`: the recipient of an outbound message, the sender of
 * an inbound one), so the fold places it by that identity's key, in the component of the message.
 */
import { z } from 'zod';
import { content } from './message.js';
import { author, channel, idString, identityRef } from './primitives.js';

export const DELIVERY_STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;
/**
 * Where an outbound message is on its way to the customer.
 *
 * @example
 * ```ts
 * deliveryStatus.parse('read'); // 'read'
 * ```
 */
export const deliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof deliveryStatus>;

/**
 * The vendor's own error, as it reports it (Twilio `30003`, WhatsApp `131026`, …).
 *
 * @example
 * ```ts
 * const error = deliveryError.parse({ code: '30003', message: 'Unreachable destination handset' });
 * ```
 */
export const deliveryError = z.strictObject({
  code: z.string().min(1).max(64),
  message: z.string().max(1024).optional(),
});

const target = {
  /** The id of the message event this one changes. */
  messageId: idString,
  /** The customer identity of that message: the recipient of an outbound one, the sender of an inbound one. */
  customer: identityRef,
  channel: channel.optional(),
};

/** Payloads of the message-update events, by type (merged into `eventSchemas`). */
export const messageUpdatePayloads = {
  'message.delivery_updated': { ...target, status: deliveryStatus, error: deliveryError.optional() },
  'message.edited': { ...target, content, by: author.optional() },
  'message.deleted': { ...target, by: author.optional() },
} as const;

export const MESSAGE_UPDATE_TYPES = Object.keys(messageUpdatePayloads) as (keyof typeof messageUpdatePayloads)[];
