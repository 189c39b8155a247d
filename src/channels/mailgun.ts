/**
 * Mailgun inbound routes (`forward()` to a URL): the parsed form (`recipient`, `sender`, `from`,
 * `subject`, `body-plain`, `body-html`, `message-headers` as JSON `[name, value]` pairs,
 * `attachment-count`, files `attachment-1…N`) or, for a URL ending in `mime`, the raw message in
 * `body-mime`. Both carry `timestamp`, `token` and `signature`: HMAC-SHA256 of timestamp + token
 * under the webhook signing key, hex.
 */
import type { ChannelAdapter, ChannelEvents, ChannelOptions, VerifyResult, WebhookRequest } from './types.js';
import { compact } from './shared/build.js';
import { hmac, noSecret, safeEqual } from './shared/crypto.js';
import { emailEvents, firstMailbox, mailboxes, parseRawEmail, plusToken, threadingFrom } from './shared/email.js';
import { payloadError } from './shared/errors.js';
import { field } from './shared/form.js';
import { postedFields } from './shared/fields.js';
import { bodyText, header } from './shared/http.js';
import { secondsToMs, withinWindow } from './shared/time.js';

/**
 * Options of {@link mailgun}'s `verify`.
 *
 * @example
 * ```ts
 * import type { MailgunVerifyOptions } from 'omnithread/channels';
 * const options: MailgunVerifyOptions = { signingKey: process.env.MAILGUN_SIGNING_KEY!, now: Date.now() };
 * ```
 */
export interface MailgunVerifyOptions {
  /** The HTTP webhook signing key (Mailgun → Sending → Webhooks). */
  readonly signingKey: string;
  /** The time now, epoch ms: Mailgun signs a timestamp, and a stale one is refused. */
  readonly now: number;
  /** How old a timestamp may be, in seconds. Default 300. */
  readonly toleranceSec?: number;
  /**
   * Called with the token of a correctly signed request: return true if you have seen it before
   * (keep tokens for the tolerance window), and the replay is refused. Mailgun's advice.
   */
  readonly seenToken?: (token: string) => boolean;
}

/** The three signature fields, from the form fields or a JSON body's `signature` object. */
function signatureFields(request: WebhookRequest): { timestamp?: string; token?: string; signature?: string } {
  if (/^\s*application\/json/i.test(header(request, 'content-type') ?? '')) {
    try {
      const s = (JSON.parse(bodyText(request)) as { signature?: Record<string, unknown> }).signature ?? {};
      return { timestamp: String(s.timestamp ?? ''), token: String(s.token ?? ''), signature: String(s.signature ?? '') };
    } catch {
      return {};
    }
  }
  const { fields } = postedFields('Mailgun', request);
  return compact({ timestamp: field(fields, 'timestamp'), token: field(fields, 'token'), signature: field(fields, 'signature') });
}

/**
 * Verifies Mailgun's signature, the timestamp's age, and (with `seenToken`) that the token is new.
 *
 * @example
 * ```ts
 * import { verifyMailgunRequest } from 'omnithread/channels';
 * const recentTokens = new Set<string>(); // in production: a shared cache with a TTL
 * const check = verifyMailgunRequest(request, {
 *   signingKey: process.env.MAILGUN_SIGNING_KEY!, now: Date.now(),
 *   seenToken: (t) => recentTokens.has(t) || !recentTokens.add(t),
 * });
 * ```
 */
export function verifyMailgunRequest(request: WebhookRequest, options: MailgunVerifyOptions): VerifyResult {
  const refused = noSecret(options?.signingKey, 'signingKey');
  if (refused) return refused;
  let s;
  try {
    s = signatureFields(request);
  } catch {
    return { ok: false, reason: 'unreadable body' };
  }
  if (!s.timestamp || !s.token || !s.signature) return { ok: false, reason: 'timestamp, token or signature missing' };
  const expected = hmac('sha256', options.signingKey, s.timestamp + s.token, 'hex');
  if (!safeEqual(s.signature.toLowerCase(), expected)) return { ok: false, reason: 'signature mismatch' };
  const at = secondsToMs(s.timestamp);
  if (!withinWindow(options.now, at, options.toleranceSec ?? 300)) return { ok: false, reason: 'timestamp outside the tolerance window (or no finite now)' };
  if (options.seenToken?.(s.token)) return { ok: false, reason: 'token seen before (a replay)' };
  return { ok: true };
}

/**
 * Mailgun routes: one email → one `message.received`, parsed or MIME.
 *
 * @example
 * ```ts
 * import { mailgun } from 'omnithread/channels';
 * import type { WebhookRequest } from 'omnithread/channels';
 * export async function onMailgun(request: WebhookRequest): Promise<number> {
 *   if (!mailgun.verify(request, { signingKey: process.env.MAILGUN_SIGNING_KEY!, now: Date.now() }).ok) return 401;
 *   const { events } = await mailgun.toEvents(request, { tenantId: 'acme' });
 *   await engine.ingest(events);
 *   return 200;
 * }
 * ```
 */
export const mailgun: ChannelAdapter<MailgunVerifyOptions, ChannelOptions> = {
  name: 'mailgun',
  verify: verifyMailgunRequest,
  async toEvents(request, options): Promise<ChannelEvents> {
    const { fields, files } = postedFields('Mailgun', request);
    const recipient = field(fields, 'recipient');
    const mime = field(fields, 'body-mime');
    if (mime !== undefined) return emailEvents('Mailgun', await parseRawEmail('Mailgun', mime, recipient), options, undefined);
    let headers: [string, string][] = [];
    const rawHeaders = field(fields, 'message-headers');
    if (rawHeaders !== undefined) {
      try {
        const list = JSON.parse(rawHeaders) as unknown;
        if (!Array.isArray(list)) throw new Error('not a list');
        headers = list.filter((h): h is [string, string] => Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'string');
      } catch {
        throw payloadError('Mailgun', [{ path: ['message-headers'], message: 'expected a JSON list of [name, value] pairs' }]);
      }
    }
    const threading = threadingFrom(headers);
    return emailEvents('Mailgun', compact({
      ...threading,
      // A mail without Date or Received: Mailgun's own signed reception time.
      date: threading.date ?? secondsToMs(field(fields, 'timestamp')),
      from: firstMailbox(field(fields, 'from') ?? field(fields, 'sender')),
      recipient,
      cc: mailboxes(headers.find(([k]) => k.toLowerCase() === 'cc')?.[1]),
      subject: field(fields, 'subject'),
      text: field(fields, 'body-plain'),
      html: field(fields, 'body-html'),
      attachments: files.map((f) => ({ name: f.filename || f.name, contentType: f.contentType ?? 'application/octet-stream', size: f.data.byteLength })),
      replyToken: plusToken(recipient),
    }), options, undefined);
  },
};
