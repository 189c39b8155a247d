/**
 * Telegram Bot API webhooks: an `Update` with `update_id` and one of `message` or `edited_message`
 * (`message_id`, `from`, `chat`, `date`, `edit_date`, `text`, `caption`, `photo`, `document`,
 * `voice`, `audio`, `video`, `location`, `reply_to_message`). Telegram does not sign updates: it sends
 * the `secret_token` given to `setWebhook` in `X-Telegram-Bot-Api-Secret-Token`, compared here in
 * constant time.
 *
 * A message id is unique only within its chat: events are named `telegram:<chat id>:<message id>`.
 */
import { z } from 'zod';
import type { IdentityRef } from '../events/primitives.js';
import type { EventInput } from '../events/schemas.js';
import type { ChannelAdapter, ChannelEvents, ChannelOptions, Skipped, VerifyResult, WebhookRequest } from './types.js';
import { compact, envelope, scalars } from './shared/build.js';
import { noSecret, safeEqual } from './shared/crypto.js';
import { parseJson, payloadError, zodIssues } from './shared/errors.js';
import { bodyText, header } from './shared/http.js';

/**
 * Options of {@link telegram}'s `verify`.
 *
 * @example
 * ```ts
 * import type { TelegramVerifyOptions } from 'omnithread/channels';
 * const options: TelegramVerifyOptions = { secretToken: process.env.TELEGRAM_SECRET_TOKEN! };
 * ```
 */
export interface TelegramVerifyOptions {
  /** The `secret_token` you passed to `setWebhook`. */
  readonly secretToken: string;
}

/**
 * Verifies `X-Telegram-Bot-Api-Secret-Token`.
 *
 * @example
 * ```ts
 * import { verifyTelegramRequest } from 'omnithread/channels';
 * const check = verifyTelegramRequest(request, { secretToken: process.env.TELEGRAM_SECRET! });
 * ```
 */
export function verifyTelegramRequest(request: WebhookRequest, options: TelegramVerifyOptions): VerifyResult {
  const refused = noSecret(options?.secretToken, 'secretToken');
  if (refused) return refused;
  const token = header(request, 'x-telegram-bot-api-secret-token');
  if (token === undefined) return { ok: false, reason: 'no X-Telegram-Bot-Api-Secret-Token header' };
  return safeEqual(token, options.secretToken) ? { ok: true } : { ok: false, reason: 'secret token mismatch' };
}

const user = z.object({ id: z.number().int(), is_bot: z.boolean().optional(), first_name: z.string().optional(), last_name: z.string().optional(), username: z.string().optional(), language_code: z.string().optional() });
const fileObj = z.object({ file_id: z.string(), file_unique_id: z.string().optional(), file_size: z.number().int().min(0).optional(), file_name: z.string().optional(), mime_type: z.string().optional() });
const message = z.object({
  message_id: z.number().int(),
  from: user.optional(),
  chat: z.object({ id: z.number().int(), type: z.string() }),
  date: z.number().int().min(0),
  edit_date: z.number().int().min(0).optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(fileObj.extend({ width: z.number().optional(), height: z.number().optional() })).optional(),
  document: fileObj.optional(),
  voice: fileObj.optional(),
  audio: fileObj.optional(),
  video: fileObj.optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  reply_to_message: z.object({ message_id: z.number().int() }).optional(),
});
const update = z.object({ update_id: z.number().int(), message: message.optional(), edited_message: message.optional() });
type Message = z.infer<typeof message>;

/**
 * The event id of message `messageId` in chat `chatId`.
 *
 * @example
 * ```ts
 * import { telegramMessageId } from 'omnithread/channels';
 * telegramMessageId(123456789, 1365); // 'telegram:123456789:1365'
 * ```
 */
export function telegramMessageId(chatId: number, messageId: number): string {
  return `telegram:${chatId}:${messageId}`;
}

function attachmentsOf(m: Message) {
  const out: { name: string; contentType: string; size?: number }[] = [];
  const largest = m.photo?.reduce((a, b) => ((b.width ?? 0) * (b.height ?? 0) > (a.width ?? 0) * (a.height ?? 0) ? b : a));
  if (largest) out.push(compact({ name: `photo-${largest.file_unique_id ?? largest.file_id}.jpg`, contentType: 'image/jpeg', size: largest.file_size }));
  for (const [kind, f, fallback] of [['document', m.document, 'application/octet-stream'], ['voice', m.voice, 'audio/ogg'], ['audio', m.audio, 'audio/mpeg'], ['video', m.video, 'video/mp4']] as const) {
    if (f) out.push(compact({ name: f.file_name ?? `${kind}-${f.file_unique_id ?? f.file_id}`, contentType: f.mime_type ?? fallback, size: f.file_size }));
  }
  return out;
}

function contentOf(m: Message) {
  const attachments = attachmentsOf(m);
  const loc = m.location;
  const text = m.text ?? m.caption ?? (loc ? `${loc.latitude}, ${loc.longitude}` : undefined);
  return compact({ text, attachments: attachments.length ? attachments : undefined });
}

/**
 * Telegram: a user's message becomes `message.received` on channel `chat` (identity `social`
 * `telegram`, a global id), its display name a `customer.attributes_set`, an edit `message.edited`.
 *
 * @example
 * ```ts
 * import { telegram } from 'omnithread/channels';
 * import type { WebhookRequest } from 'omnithread/channels';
 * export async function onTelegram(request: WebhookRequest): Promise<number> {
 *   if (!telegram.verify(request, { secretToken: process.env.TELEGRAM_SECRET_TOKEN! }).ok) return 401;
 *   const { events } = await telegram.toEvents(request, { tenantId: 'acme' });
 *   await engine.ingest(events);
 *   return 200;
 * }
 * ```
 */
export const telegram: ChannelAdapter<TelegramVerifyOptions, ChannelOptions> = {
  name: 'telegram',
  verify: verifyTelegramRequest,
  async toEvents(request, options): Promise<ChannelEvents> {
    const parsed = update.safeParse(parseJson('Telegram', bodyText(request)));
    if (!parsed.success) throw payloadError('Telegram', zodIssues(parsed.error));
    const u = parsed.data;
    const skipped: Skipped[] = [];
    const m = u.message ?? u.edited_message;
    if (m === undefined) return { events: [], skipped: [{ what: `update ${u.update_id}`, reason: 'no message or edited_message in it' }] };
    if (m.from === undefined || m.from.is_bot) return { events: [], skipped: [{ what: telegramMessageId(m.chat.id, m.message_id), reason: 'not from a user (a channel post or a bot)' }] };
    const customer: IdentityRef = compact({ kind: 'social' as const, platform: 'telegram', id: String(m.from.id), handle: m.from.username });
    const id = telegramMessageId(m.chat.id, m.message_id);
    const t = options.tenantId;
    if (u.edited_message !== undefined) {
      // edit_date has second precision: two edits in one second differ only by update_id, which
      // Telegram increases per update. Zero-padded, so the later edit also folds later (ids order ties).
      const editAt = (m.edit_date ?? m.date) * 1000;
      return { events: [{ ...envelope(t, `${id}:edit:${m.edit_date ?? m.date}:${String(u.update_id).padStart(10, '0')}`, editAt), type: 'message.edited', messageId: id, customer, channel: 'chat', content: contentOf(m), by: { type: 'customer' } }], skipped };
    }
    const at = m.date * 1000;
    const metadata = scalars({
      replyTo: m.reply_to_message === undefined ? undefined : telegramMessageId(m.chat.id, m.reply_to_message.message_id),
      latitude: m.location?.latitude,
      longitude: m.location?.longitude,
    });
    const events: EventInput[] = [{ ...envelope(t, id, at), type: 'message.received', channel: 'chat', from: customer, endpoint: `telegram:${m.chat.id}`, content: contentOf(m), ...(metadata === undefined ? {} : { metadata }) }];
    const name = [m.from.first_name, m.from.last_name].filter(Boolean).join(' ');
    if (name || m.from.language_code) {
      events.push(compact({ ...envelope(t, `${id}:profile`, at), type: 'customer.attributes_set' as const, customer, name: name ? name.slice(0, 256) : undefined, language: m.from.language_code }));
    }
    return { events, skipped };
  },
};
