/**
 * Postmark inbound webhook (JSON): `FromFull`, `ToFull`, `CcFull`, `OriginalRecipient`, `Subject`,
 * `Date`, `MailboxHash`, `TextBody`, `HtmlBody`, `Headers[]`, `Attachments[]` (`ContentLength`).
 * Postmark's `MessageID` is Postmark's own id, not the email's: the Message-ID, In-Reply-To and
 * References come from `Headers[]`.
 *
 * Postmark does not sign inbound webhooks: protect the URL with Basic credentials
 * (`https://user:pass@…` in the inbound webhook URL) and a secret path — `verify` checks them.
 */
import { z } from 'zod';
import type { ChannelAdapter, ChannelEvents, ChannelOptions } from './types.js';
import { type SenderCheck, verifySender } from './shared/auth.js';
import { compact } from './shared/build.js';
import { emailEvents, threadingFrom } from './shared/email.js';
import { parseJson, payloadError, zodIssues } from './shared/errors.js';
import { bodyText } from './shared/http.js';
import { dateToMs } from './shared/time.js';

const person = z.object({ Email: z.string(), Name: z.string().optional(), MailboxHash: z.string().optional() });
const payload = z.object({
  FromFull: person.optional(),
  From: z.string().optional(),
  ToFull: z.array(person).optional(),
  CcFull: z.array(person).optional(),
  OriginalRecipient: z.string().optional(),
  Subject: z.string().optional(),
  MessageID: z.string().optional(),
  Date: z.string().optional(),
  MailboxHash: z.string().optional(),
  TextBody: z.string().optional(),
  HtmlBody: z.string().optional(),
  Headers: z.array(z.object({ Name: z.string(), Value: z.string() })).optional(),
  Attachments: z.array(z.object({ Name: z.string(), ContentType: z.string(), ContentLength: z.number().int().min(0).optional() })).optional(),
});

/**
 * Postmark inbound: one email → one `message.received` (+ the sender's name as an attribute).
 *
 * @example
 * ```ts
 * import { postmark } from 'omnithread/channels';
 * import type { WebhookRequest } from 'omnithread/channels';
 * export async function onPostmark(request: WebhookRequest): Promise<number> {
 *   const password = process.env.POSTMARK_HOOK_PASSWORD!;
 *   if (!postmark.verify(request, { basicAuth: { username: 'postmark', password } }).ok) return 401;
 *   const { events } = await postmark.toEvents(request, { tenantId: 'acme' });
 *   await engine.ingest(events);
 *   return 200;
 * }
 * ```
 */
export const postmark: ChannelAdapter<SenderCheck, ChannelOptions> = {
  name: 'postmark',
  verify: verifySender,
  async toEvents(request, options): Promise<ChannelEvents> {
    const parsed = payload.safeParse(parseJson('Postmark', bodyText(request)));
    if (!parsed.success) throw payloadError('Postmark', zodIssues(parsed.error));
    const p = parsed.data;
    const headers = (p.Headers ?? []).map((h) => [h.Name, h.Value] as const);
    const threading = threadingFrom(headers);
    const from = p.FromFull ?? (p.From === undefined ? undefined : { Email: p.From });
    const recipient = p.OriginalRecipient ?? p.ToFull?.[0]?.Email;
    return emailEvents('Postmark', compact({
      ...threading,
      date: dateToMs(p.Date) ?? threading.date,
      from: from === undefined ? undefined : compact({ address: from.Email, name: from.Name || undefined }),
      recipient,
      cc: p.CcFull?.map((c) => c.Email),
      subject: p.Subject,
      text: p.TextBody || undefined,
      html: p.HtmlBody || undefined,
      attachments: (p.Attachments ?? []).map((a) => compact({ name: a.Name, contentType: a.ContentType, size: a.ContentLength })),
      replyToken: p.MailboxHash || undefined,
    }), options, p.MessageID === undefined ? undefined : `postmark:${p.MessageID}`);
  },
};
