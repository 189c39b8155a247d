/**
 * SendGrid Inbound Parse (`multipart/form-data`): parsed mode sends `headers` (the raw header block),
 * `from`, `to`, `cc`, `subject`, `text`, `html`, `envelope` (JSON), `charsets` (JSON: each field's
 * charset), `attachments` (a count), `attachment-info` (JSON) and the files `attachment1…N`; raw mode
 * ("POST the raw, full MIME message") sends the whole message in `email`, parsed here with postal-mime.
 *
 * Inbound Parse is not signed: protect the URL with Basic credentials and a secret path — `verify`
 * checks them.
 */
import type { ChannelAdapter, ChannelEvents, ChannelOptions } from './types.js';
import { type SenderCheck, verifySender } from './shared/auth.js';
import { compact } from './shared/build.js';
import { emailEvents, firstMailbox, mailboxes, parseRawEmail, plusToken, threadingFrom } from './shared/email.js';
import { payloadError } from './shared/errors.js';
import { field } from './shared/form.js';
import { postedFields } from './shared/fields.js';
import { parseHeaderBlock } from './shared/headers.js';
import { decodeText, type MultipartPart } from './shared/multipart.js';

function json(vendor: string, name: string, text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    throw payloadError(vendor, [{ path: [name], message: 'not JSON' }]);
  }
}

/** The charset SendGrid says a field is in (the `charsets` field, itself ASCII JSON). */
function charsetFor(name: string, raw: ReadonlyMap<string, MultipartPart>): string | undefined {
  if (name === 'charsets') return undefined;
  const part = raw.get('charsets');
  if (part === undefined) return undefined;
  try {
    const map = JSON.parse(decodeText(part.data, undefined)) as Record<string, unknown>;
    const c = map[name];
    return typeof c === 'string' && c !== '' ? c : undefined;
  } catch {
    return undefined;
  }
}

/**
 * SendGrid Inbound Parse: one email → one `message.received`, in parsed or raw mode.
 *
 * @example
 * ```ts
 * import { sendgridInbound } from 'omnithread/channels';
 * const { events } = await sendgridInbound.toEvents(request, { tenantId: 'acme' });
 * ```
 */
export const sendgridInbound: ChannelAdapter<SenderCheck, ChannelOptions> = {
  name: 'sendgrid-inbound',
  verify: verifySender,
  async toEvents(request, options): Promise<ChannelEvents> {
    const { fields, files } = postedFields('SendGrid', request, charsetFor);
    const envelopeJson = json('SendGrid', 'envelope', field(fields, 'envelope'));
    const rcpt = Array.isArray(envelopeJson?.to) && typeof envelopeJson.to[0] === 'string' ? envelopeJson.to[0] : undefined;
    const raw = field(fields, 'email');
    if (raw !== undefined) return emailEvents('SendGrid', await parseRawEmail('SendGrid', raw, rcpt), options, undefined);
    const headers = parseHeaderBlock(field(fields, 'headers') ?? '');
    const info = json('SendGrid', 'attachment-info', field(fields, 'attachment-info')) ?? {};
    const attachments = files.map((f) => {
      const meta = (info[f.name] ?? {}) as { filename?: unknown; type?: unknown };
      return {
        name: typeof meta.filename === 'string' ? meta.filename : f.filename || f.name,
        contentType: typeof meta.type === 'string' ? meta.type : f.contentType ?? 'application/octet-stream',
        size: f.data.byteLength,
      };
    });
    const recipient = rcpt ?? mailboxes(field(fields, 'to'))[0];
    return emailEvents('SendGrid', compact({
      ...threadingFrom(headers),
      from: firstMailbox(field(fields, 'from')),
      recipient,
      cc: mailboxes(field(fields, 'cc')),
      subject: field(fields, 'subject'),
      text: field(fields, 'text'),
      html: field(fields, 'html'),
      attachments,
      replyToken: plusToken(recipient),
    }), options, undefined);
  },
};
