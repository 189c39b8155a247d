/**
 * Messenger Platform and Instagram Messaging webhooks: `entry[].messaging[]` events with `sender`,
 * `recipient`, `timestamp` and one of `message` (text, `attachments`, `is_echo`, `reply_to`,
 * Instagram's `is_deleted`), `postback`, `reaction`, `delivery`, `read` or `message_edit`.
 *
 * Ids are page-scoped (a PSID per page, an IGSID per professional account): identities are `social`
 * with the page or account id as `scope`, which the engine requires for these platforms.
 */
import { z } from 'zod';
import type { IdentityRef } from '../events/primitives.js';
import type { EventInput } from '../events/schemas.js';
import type { ChannelAdapter, ChannelEvents, ChannelOptions, Skipped } from './types.js';
import { compact, envelope, outboundAuthorFor, scalars } from './shared/build.js';
import { parseJson, payloadError, zodIssues } from './shared/errors.js';
import { bodyText } from './shared/http.js';
import { type MetaVerifyOptions, mediaRange, verifyMetaSignature } from './shared/meta.js';

const event = z.object({
  sender: z.object({ id: z.string().min(1) }),
  recipient: z.object({ id: z.string().min(1) }),
  timestamp: z.number().int().min(0).optional(),
  message: z.object({
    mid: z.string().min(1),
    text: z.string().optional(),
    is_echo: z.boolean().optional(),
    is_deleted: z.boolean().optional(),
    app_id: z.union([z.number(), z.string()]).optional(),
    metadata: z.string().optional(),
    reply_to: z.object({ mid: z.string().optional() }).optional(),
    quick_reply: z.object({ payload: z.string() }).optional(),
    attachments: z.array(z.object({ type: z.string(), payload: z.object({ url: z.string().optional() }).nullish() })).optional(),
  }).optional(),
  postback: z.object({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() }).optional(),
  reaction: z.object({ mid: z.string(), action: z.string(), reaction: z.string().optional(), emoji: z.string().optional() }).optional(),
  delivery: z.object({ mids: z.array(z.string()).optional(), watermark: z.number() }).optional(),
  read: z.object({ mid: z.string().optional(), watermark: z.number().optional() }).optional(),
  message_edit: z.object({ mid: z.string(), text: z.string().optional(), num_edit: z.union([z.number(), z.string()]).optional() }).optional(),
});
const payload = z.object({
  object: z.string(),
  entry: z.array(z.object({ id: z.string(), messaging: z.array(z.unknown()).optional(), standby: z.array(z.unknown()).optional() })),
});
type MetaEvent = z.infer<typeof event>;

interface Platform {
  readonly vendor: string;
  readonly object: string;
  readonly platform: 'messenger' | 'instagram';
}

function attachmentsOf(m: NonNullable<MetaEvent['message']>) {
  return (m.attachments ?? []).slice(0, 100).map((a) => compact({ name: a.type, contentType: mediaRange(a.type), url: a.payload?.url }));
}

function mapEvent(p: Platform, scope: string, e: MetaEvent, options: ChannelOptions, skipped: Skipped[]): EventInput[] {
  const tenantId = options.tenantId;
  const at = e.timestamp;
  const social = { platform: p.platform, visibility: 'private' as const };
  const person = (id: string): IdentityRef => ({ kind: 'social', platform: p.platform, id, scope });
  const customer = person(e.sender.id);
  const timed = (what: string): number => {
    if (at === undefined) throw payloadError(p.vendor, [{ path: ['timestamp'], message: `required for ${what}` }]);
    return at;
  };
  const m = e.message;
  if (m?.is_echo) {
    // The page's own message (an agent in Page Inbox, or an app): the customer is the recipient.
    const author = outboundAuthorFor(options.outboundAuthor, m.app_id === undefined ? m.metadata : String(m.app_id));
    if (author === undefined) return void skipped.push({ what: m.mid, reason: 'an echo of the page\'s message needs outboundAuthor' }), [];
    const attachments = attachmentsOf(m);
    return [{ ...envelope(tenantId, m.mid, timed('an echo')), type: 'message.sent', channel: 'social', to: person(e.recipient.id), author, social, content: compact({ text: m.text, attachments: attachments.length ? attachments : undefined }) }];
  }
  if (m?.is_deleted) {
    return [{ ...envelope(tenantId, `${m.mid}:deleted`, timed('a deletion')), type: 'message.deleted', messageId: m.mid, customer, channel: 'social', by: { type: 'customer' } }];
  }
  if (m) {
    const attachments = attachmentsOf(m);
    const metadata = scalars({ replyTo: m.reply_to?.mid, quickReplyPayload: m.quick_reply?.payload });
    return [{
      ...envelope(tenantId, m.mid, timed('a message')),
      type: 'message.received',
      channel: 'social',
      from: customer,
      endpoint: scope,
      social,
      content: compact({ text: m.text, attachments: attachments.length ? attachments : undefined }),
      ...(metadata === undefined ? {} : { metadata }),
    }];
  }
  if (e.postback) {
    const t = timed('a postback');
    const metadata = scalars({ postbackPayload: e.postback.payload });
    return [{ ...envelope(tenantId, e.postback.mid ?? `postback:${scope}:${e.sender.id}:${t}`, t), type: 'message.received', channel: 'social', from: customer, endpoint: scope, social, content: compact({ text: e.postback.title ?? e.postback.payload }), ...(metadata === undefined ? {} : { metadata }) }];
  }
  if (e.reaction) {
    const r = e.reaction;
    if (r.action !== 'react') return void skipped.push({ what: `reaction to ${r.mid}`, reason: `a withdrawn reaction (${r.action})` }), [];
    const t = timed('a reaction');
    return [{ ...envelope(tenantId, `reaction:${r.mid}:${e.sender.id}:${t}`, t), type: 'message.received', channel: 'social', from: customer, endpoint: scope, social, content: { text: r.emoji ?? r.reaction ?? 'reaction' }, metadata: { reactionTo: r.mid } }];
  }
  if (e.delivery) {
    const mids = e.delivery.mids ?? [];
    if (mids.length === 0) return void skipped.push({ what: `delivery up to ${e.delivery.watermark}`, reason: 'a delivery watermark names no message' }), [];
    // The watermark: every message before it was delivered — a time the report is certainly after.
    return mids.map((mid) => ({ ...envelope(tenantId, `${mid}:delivered`, e.delivery!.watermark), type: 'message.delivery_updated' as const, messageId: mid, customer, channel: 'social' as const, status: 'delivered' as const }));
  }
  if (e.read) {
    if (e.read.mid === undefined) return void skipped.push({ what: `read up to ${e.read.watermark ?? '?'}`, reason: 'a read watermark names no message' }), [];
    return [{ ...envelope(tenantId, `${e.read.mid}:read`, timed('a read receipt')), type: 'message.delivery_updated', messageId: e.read.mid, customer, channel: 'social', status: 'read' }];
  }
  if (e.message_edit) {
    const x = e.message_edit;
    return [{ ...envelope(tenantId, `${x.mid}:edit:${x.num_edit ?? timed('an edit')}`, timed('an edit')), type: 'message.edited', messageId: x.mid, customer, channel: 'social', content: compact({ text: x.text }), by: { type: 'customer' } }];
  }
  skipped.push({ what: `event from ${e.sender.id}`, reason: 'no message, postback, reaction, delivery, read or edit in it' });
  return [];
}

function metaMessaging(p: Platform): ChannelAdapter<MetaVerifyOptions, ChannelOptions> {
  return {
    name: p.platform,
    verify: verifyMetaSignature,
    async toEvents(request, options): Promise<ChannelEvents> {
      const parsed = payload.safeParse(parseJson(p.vendor, bodyText(request)));
      if (!parsed.success) throw payloadError(p.vendor, zodIssues(parsed.error));
      if (parsed.data.object !== p.object) throw payloadError(p.vendor, [{ path: ['object'], message: `expected "${p.object}", got ${JSON.stringify(parsed.data.object)}` }]);
      const events: EventInput[] = [];
      const skipped: Skipped[] = [];
      parsed.data.entry.forEach((entry, i) => {
        if (entry.standby?.length) skipped.push({ what: `entry ${i} standby`, reason: 'standby events belong to the app that owns the conversation' });
        (entry.messaging ?? []).forEach((raw, j) => {
          const e = event.safeParse(raw);
          if (!e.success) throw payloadError(p.vendor, zodIssues(e.error, ['entry', i, 'messaging', j]));
          events.push(...mapEvent(p, entry.id, e.data, options, skipped));
        });
      });
      return { events, skipped };
    },
  };
}

/**
 * Messenger: messages and postbacks become `message.received` from a page-scoped `social` identity,
 * page echoes `message.sent` (with `outboundAuthor`), reactions messages with `metadata.reactionTo`,
 * deliveries and edits message updates.
 *
 * @example
 * ```ts
 * import { messenger } from 'omnithread/channels';
 * const { events } = await messenger.toEvents(request, { tenantId: 'acme', outboundAuthor: { type: 'agent', agentId: 'page-inbox' } });
 * ```
 */
export const messenger = metaMessaging({ vendor: 'Messenger', object: 'page', platform: 'messenger' });

/**
 * Instagram Messaging: like {@link messenger}, with account-scoped ids, `is_deleted` as
 * `message.deleted` and `read.mid` read receipts.
 *
 * @example
 * ```ts
 * import { instagram } from 'omnithread/channels';
 * const { events } = await instagram.toEvents(request, { tenantId: 'acme' });
 * ```
 */
export const instagram = metaMessaging({ vendor: 'Instagram', object: 'instagram', platform: 'instagram' });
