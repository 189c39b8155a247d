/**
 * WhatsApp Business Platform (Cloud API) `messages` webhooks: `entry[].changes[].value` with
 * `metadata`, `contacts[]` (`profile.name`, `wa_id`), `messages[]` (text, media, location, reaction,
 * interactive and button replies) and `statuses[]` (sent, delivered, read, failed with `errors[]`).
 */
import { z } from 'zod';
import type { EventInput } from '../events/schemas.js';
import type { ChannelAdapter, ChannelEvents, ChannelOptions, Skipped } from './types.js';
import { compact, envelope, scalars } from './shared/build.js';
import { parseJson, payloadError, zodIssues } from './shared/errors.js';
import { bodyText } from './shared/http.js';
import { type MetaVerifyOptions, verifyMetaSignature } from './shared/meta.js';
import { secondsToMs } from './shared/time.js';

const seconds = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = secondsToMs(v);
  if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'expected epoch seconds' });
  return ms ?? 0;
});
const media = z.object({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional() });
const message = z.object({
  from: z.string(),
  id: z.string().min(1),
  timestamp: seconds,
  type: z.string(),
  context: z.object({ id: z.string().optional() }).optional(),
  text: z.object({ body: z.string() }).optional(),
  image: media.optional(),
  video: media.optional(),
  audio: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
  reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }).optional(),
  interactive: z.object({
    type: z.string(),
    button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
  }).optional(),
  button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional() })).optional(),
});
const status = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: seconds,
  recipient_id: z.string(),
  errors: z.array(z.object({ code: z.union([z.number(), z.string()]), title: z.string().optional(), message: z.string().optional(), error_data: z.object({ details: z.string().optional() }).optional() })).optional(),
});
const value = z.object({
  metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string().optional() }).optional(),
  contacts: z.array(z.object({ wa_id: z.string().optional(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(message).optional(),
  statuses: z.array(status).optional(),
  errors: z.array(z.object({ code: z.union([z.number(), z.string()]).optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
const payload = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ id: z.string().optional(), changes: z.array(z.object({ field: z.string(), value: z.unknown() })) })),
});

type Message = z.infer<typeof message>;
const MEDIA = ['image', 'video', 'audio', 'document', 'sticker'] as const;
const STATUS: Readonly<Record<string, { status: 'sent' | 'delivered' | 'read' | 'failed'; rank: number }>> = {
  sent: { status: 'sent', rank: 1 },
  failed: { status: 'failed', rank: 2 },
  delivered: { status: 'delivered', rank: 3 },
  read: { status: 'read', rank: 4 },
};

/** Text, attachments and metadata of one incoming message, or the reason it maps to nothing. */
function contentOf(m: Message): { text?: string; attachments?: { name: string; contentType: string }[]; metadata?: Record<string, string | number> } | string {
  for (const kind of MEDIA) {
    const file = m[kind];
    if (m.type === kind && file) {
      const contentType = file.mime_type ?? 'application/octet-stream';
      return compact({ text: file.caption, attachments: [{ name: file.filename ?? `${kind}-${file.id}`, contentType }], metadata: { mediaId: file.id } });
    }
  }
  switch (m.type) {
    case 'text':
      return m.text ? { text: m.text.body } : 'a text message without text';
    case 'location': {
      const l = m.location;
      if (!l) return 'a location message without a location';
      const text = [l.name, l.address].filter(Boolean).join(', ') || `${l.latitude}, ${l.longitude}`;
      return { text, metadata: scalars({ latitude: l.latitude, longitude: l.longitude, locationName: l.name, address: l.address }) as Record<string, string | number> };
    }
    case 'reaction':
      if (!m.reaction?.emoji) return 'a withdrawn reaction';
      return { text: m.reaction.emoji, metadata: { reactionTo: m.reaction.message_id } };
    case 'interactive': {
      const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
      return reply ? { text: reply.title, metadata: { replyId: reply.id } } : `interactive ${m.interactive?.type ?? ''} reply is not mapped`;
    }
    case 'button':
      return m.button ? compact({ text: m.button.text, metadata: m.button.payload === undefined ? undefined : { buttonPayload: m.button.payload } }) : 'a button message without a button';
    default:
      return `message type ${m.type} is not mapped${m.errors?.[0]?.title ? ` (${m.errors[0].title})` : ''}`;
  }
}

function changeEvents(v: z.infer<typeof value>, tenantId: string, skipped: Skipped[]): EventInput[] {
  const out: EventInput[] = [];
  const endpoint = v.metadata?.display_phone_number;
  // Errors about the account or the webhook itself (not about one message): reported, never dropped.
  for (const e of v.errors ?? []) skipped.push({ what: `error ${e.code ?? ''}`.trim(), reason: `WhatsApp reports: ${e.title ?? e.message ?? 'an error'}` });
  for (const m of v.messages ?? []) {
    const mapped = contentOf(m);
    if (typeof mapped === 'string') {
      skipped.push({ what: m.id, reason: mapped });
      continue;
    }
    const from = { kind: 'whatsapp' as const, value: m.from };
    const metadata = scalars({ ...mapped.metadata, replyTo: m.context?.id });
    out.push({
      ...envelope(tenantId, m.id, m.timestamp),
      type: 'message.received',
      channel: 'whatsapp',
      from,
      ...(endpoint === undefined ? {} : { endpoint }),
      content: compact({ text: mapped.text, attachments: mapped.attachments }),
      ...(metadata === undefined ? {} : { metadata }),
    });
    const name = v.contacts?.find((c) => c.wa_id === m.from)?.profile?.name;
    if (name) out.push({ ...envelope(tenantId, `${m.id}:profile`, m.timestamp), type: 'customer.attributes_set', customer: from, name: name.slice(0, 256) });
  }
  for (const s of v.statuses ?? []) {
    const report = STATUS[s.status];
    if (report === undefined) {
      skipped.push({ what: `${s.id}: ${s.status}`, reason: `status ${s.status} is not a delivery report` });
      continue;
    }
    const e = s.errors?.[0];
    const error = report.status === 'failed' && e !== undefined ? compact({ code: String(e.code), message: (e.error_data?.details ?? e.message ?? e.title)?.slice(0, 1024) }) : undefined;
    out.push({
      // Stamped in whole seconds: placed at the second's end (never before the message it reports on,
      // sent within that second or earlier), in lifecycle order within it.
      ...envelope(tenantId, `${s.id}:${s.status}`, s.timestamp + 995 + report.rank),
      type: 'message.delivery_updated',
      messageId: s.id,
      customer: { kind: 'whatsapp', value: s.recipient_id },
      channel: 'whatsapp',
      status: report.status,
      ...(error === undefined ? {} : { error }),
    });
  }
  return out;
}

/**
 * WhatsApp Cloud API: incoming messages become `message.received` (the sender's `wa_id` a `whatsapp`
 * identity, the profile name a `customer.attributes_set`), statuses `message.delivery_updated` of the
 * message whose event id is the `wamid`.
 *
 * @example
 * ```ts
 * import { whatsappCloud } from 'omnithread/channels';
 * import type { WebhookRequest } from 'omnithread/channels';
 * export async function onWhatsApp(request: WebhookRequest): Promise<number> {
 *   if (!whatsappCloud.verify(request, { appSecret: process.env.META_APP_SECRET! }).ok) return 401;
 *   const { events } = await whatsappCloud.toEvents(request, { tenantId: 'acme' });
 *   await engine.ingest(events);
 *   return 200;
 * }
 * ```
 */
export const whatsappCloud: ChannelAdapter<MetaVerifyOptions, ChannelOptions> = {
  name: 'whatsapp-cloud',
  verify: verifyMetaSignature,
  async toEvents(request, options): Promise<ChannelEvents> {
    const parsed = payload.safeParse(parseJson('WhatsApp', bodyText(request)));
    if (!parsed.success) throw payloadError('WhatsApp', zodIssues(parsed.error));
    const events: EventInput[] = [];
    const skipped: Skipped[] = [];
    parsed.data.entry.forEach((entry, i) =>
      entry.changes.forEach((change, j) => {
        if (change.field !== 'messages') return void skipped.push({ what: `entry ${i} change ${j}`, reason: `field ${change.field} is not mapped` });
        const v = value.safeParse(change.value);
        if (!v.success) throw payloadError('WhatsApp', zodIssues(v.error, ['entry', i, 'changes', j, 'value']));
        events.push(...changeEvents(v.data, options.tenantId, skipped));
      }),
    );
    return { events, skipped };
  },
};
