/**
 * Twilio Programmable Messaging webhooks: incoming SMS, MMS and WhatsApp messages, and the status
 * callbacks of outbound ones. The form fields are Twilio's (`MessageSid`, `From`, `To`, `Body`,
 * `NumMedia`, `MediaUrl{N}`, `MediaContentType{N}`, `ProfileName`, `MessageStatus`, `ErrorCode`, …).
 *
 * Twilio sends no time with any of them. Every event of a request is therefore timed from one input,
 * the message's own creation time, given explicitly (see `messageCreatedAt`): a redelivery carries the
 * same input, so it makes the very same events — an exact duplicate, never a conflict.
 */
import type { IdentityRef } from '../events/primitives.js';
import type { EventInput } from '../events/schemas.js';
import { OmnithreadError } from '../errors.js';
import { verifyTwilioRequest, type TwilioVerifyOptions } from './twilio-signature.js';
import type { ChannelAdapter, ChannelEvents, ChannelOptions, Skipped } from './types.js';
import { compact, envelope, scalars } from './shared/build.js';
import { payloadError } from './shared/errors.js';
import { type FormFields, field, parseForm } from './shared/form.js';
import { bodyText, queryOf } from './shared/http.js';

/**
 * The signed URL query parameter that may carry the message's creation time (epoch ms or ISO-8601).
 *
 * @example
 * ```ts
 * import { TWILIO_TIME_PARAMETER } from 'omnithread/channels';
 * const sentAt = Date.now(); // when your code asks Twilio to send
 * const statusCallback = `https://desk.example/twilio/status?${TWILIO_TIME_PARAMETER}=${sentAt}`;
 * ```
 */
export const TWILIO_TIME_PARAMETER = 'omnithreadAt';

/**
 * Options of {@link twilioMessaging}'s `toEvents`.
 *
 * @example
 * ```ts
 * import type { TwilioMessagingOptions } from 'omnithread/channels';
 * declare const message: { dateCreated: Date }; // a message resource from Twilio's REST API
 * const options: TwilioMessagingOptions = { tenantId: 'acme', messageCreatedAt: message.dateCreated.getTime() };
 * ```
 */
export interface TwilioMessagingOptions extends ChannelOptions {
  /**
   * When the message was created: Twilio's `date_created` for this `MessageSid` (REST API), or, for
   * a message you sent, the `occurredAt` of your own `message.sent`. It must be the same on every
   * delivery of the request. May instead come in the webhook URL's `omnithreadAt` query parameter,
   * which Twilio signs (put it into the `StatusCallback` URL when you send). Required: without it the
   * request cannot be timed, and a guess would make redeliveries conflict.
   */
  readonly messageCreatedAt?: number | string;
}

/** Twilio statuses that are reports, and what they report; the rest are skipped. */
const STATUS: Readonly<Record<string, { status: 'sent' | 'delivered' | 'read' | 'failed'; offset: number }>> = {
  sent: { status: 'sent', offset: 1 },
  failed: { status: 'failed', offset: 2 },
  undelivered: { status: 'failed', offset: 2 },
  delivered: { status: 'delivered', offset: 3 },
  read: { status: 'read', offset: 4 },
};

/** The time a request's events are placed at, from the explicit option or the signed URL. */
function createdAt(options: TwilioMessagingOptions, url: string, sid: string): number {
  const given = options.messageCreatedAt ?? queryOf(url).get(TWILIO_TIME_PARAMETER) ?? undefined;
  const ms = typeof given === 'number' ? given : given === undefined ? NaN : /^\d+$/.test(given) ? Number(given) : Date.parse(given);
  if (!Number.isInteger(ms) || ms < 0) {
    const message = given === undefined
      ? `Twilio sends no time with ${sid}: pass messageCreatedAt (Twilio's date_created, or your message.sent time) or the ${TWILIO_TIME_PARAMETER} URL parameter`
      : `messageCreatedAt ${JSON.stringify(given)} is not a time`;
    throw new OmnithreadError('INVALID_ARGUMENT', message, { issues: [{ path: ['messageCreatedAt'], message }] });
  }
  return ms;
}

/** The customer identity and channel of a Twilio address (`+1415…`, `whatsapp:+1415…`). */
function addressOf(address: string): { channel: 'sms' | 'whatsapp'; identity: IdentityRef } | undefined {
  if (/^whatsapp:/i.test(address)) return { channel: 'whatsapp', identity: { kind: 'whatsapp', value: address } };
  if (/^[a-z][a-z0-9+.-]*:/i.test(address)) return undefined; // messenger:, rcs:, … not mapped here
  return { channel: 'sms', identity: { kind: 'phone', value: address } };
}

function attachmentsOf(form: FormFields) {
  const n = Number(field(form, 'NumMedia') ?? '0');
  const out: { name: string; contentType: string; url: string }[] = [];
  for (let i = 0; i < (Number.isInteger(n) ? Math.min(n, 100) : 0); i++) {
    const url = field(form, `MediaUrl${i}`);
    if (url === undefined) continue;
    const contentType = field(form, `MediaContentType${i}`) ?? 'application/octet-stream';
    out.push({ name: url.split('/').pop() || `media-${i}`, contentType, url });
  }
  return out;
}

function inbound(form: FormFields, sid: string, at: number, options: TwilioMessagingOptions, skipped: Skipped[]): EventInput[] {
  const from = field(form, 'From');
  if (from === undefined) throw payloadError('Twilio', [{ path: ['From'], message: 'required' }]);
  const where = addressOf(from);
  if (where === undefined) return void skipped.push({ what: sid, reason: `sender ${from} is on a channel this adapter does not map` }), [];
  const body = field(form, 'Body');
  const button = field(form, 'ButtonText');
  const text = body ?? button;
  const attachments = attachmentsOf(form);
  const lat = field(form, 'Latitude');
  const lon = field(form, 'Longitude');
  const metadata = scalars({
    latitude: lat === undefined ? undefined : Number(lat),
    longitude: lon === undefined ? undefined : Number(lon),
    address: field(form, 'Address'),
    label: field(form, 'Label'),
    buttonPayload: field(form, 'ButtonPayload'),
    replyTo: field(form, 'OriginalRepliedMessageSid'),
  });
  const message: EventInput = {
    ...envelope(options.tenantId, sid, at),
    type: 'message.received',
    channel: where.channel,
    from: where.identity,
    ...(field(form, 'To') === undefined ? {} : { endpoint: field(form, 'To')! }),
    content: compact({ text, attachments: attachments.length > 0 ? attachments : undefined }),
    ...(metadata === undefined ? {} : { metadata }),
  };
  const events: EventInput[] = [message];
  const name = field(form, 'ProfileName');
  // WhatsApp's profile name: one attributes event per message, timed and named by it, so it dedupes with it.
  if (name !== undefined) events.push({ ...envelope(options.tenantId, `${sid}:profile`, at), type: 'customer.attributes_set', customer: where.identity, name: name.slice(0, 256) });
  return events;
}

function status(form: FormFields, sid: string, value: string, at: number, options: TwilioMessagingOptions, skipped: Skipped[]): EventInput[] {
  const report = STATUS[value];
  if (report === undefined) return void skipped.push({ what: `${sid}: ${value}`, reason: `status ${value} is not a delivery report (sent, delivered, read, failed, undelivered)` }), [];
  const to = field(form, 'To');
  if (to === undefined) throw payloadError('Twilio', [{ path: ['To'], message: 'required in a status callback' }]);
  const where = addressOf(to);
  if (where === undefined) return void skipped.push({ what: `${sid}: ${value}`, reason: `recipient ${to} is on a channel this adapter does not map` }), [];
  const code = field(form, 'ErrorCode');
  const error = report.status === 'failed' && code !== undefined ? compact({ code, message: field(form, 'ErrorMessage') }) : undefined;
  return [{
    // Rank-offset: a status has no time of its own; it sorts after the message, in lifecycle order.
    ...envelope(options.tenantId, `${sid}:${value}`, at + report.offset),
    type: 'message.delivery_updated',
    messageId: sid,
    customer: where.identity,
    channel: where.channel,
    status: report.status,
    ...(error === undefined ? {} : { error }),
  }];
}

/**
 * Twilio Messaging (SMS, MMS, WhatsApp through Twilio): incoming messages become `message.received`
 * (and the WhatsApp `ProfileName` a `customer.attributes_set`); status callbacks become
 * `message.delivery_updated` of the message whose event id is the `MessageSid`.
 *
 * @example
 * ```ts
 * import { twilioMessaging } from 'omnithread/channels';
 * const check = twilioMessaging.verify(request, { authToken: process.env.TWILIO_AUTH_TOKEN! });
 * const dateCreated = Date.parse('2026-11-23T09:00:00Z'); // the message's dateCreated, from Twilio's REST API
 * const { events } = await twilioMessaging.toEvents(request, { tenantId: 'acme', messageCreatedAt: dateCreated });
 * ```
 */
export const twilioMessaging: ChannelAdapter<TwilioVerifyOptions, TwilioMessagingOptions> = {
  name: 'twilio-messaging',
  verify: verifyTwilioRequest,
  async toEvents(request, options): Promise<ChannelEvents> {
    const form = parseForm(bodyText(request));
    const sid = field(form, 'MessageSid') ?? field(form, 'SmsSid');
    if (sid === undefined) throw payloadError('Twilio', [{ path: ['MessageSid'], message: 'required' }]);
    const skipped: Skipped[] = [];
    const value = (field(form, 'MessageStatus') ?? field(form, 'SmsStatus'))?.toLowerCase();
    const at = createdAt(options, request.url, sid);
    const events = value === undefined || value === 'received' ? inbound(form, sid, at, options, skipped) : status(form, sid, value, at, options, skipped);
    return { events, skipped };
  },
};
