/**
 * What the email adapters share: one inbound email, however the vendor delivered it, becomes one
 * `message.received` (plus the sender's display name as a `customer.attributes_set`). The event id is
 * the email's own Message-ID, so the same mail arriving through two vendors, or twice, is one event.
 */
import { createHash } from 'node:crypto';
import PostalMime, { addressParser } from 'postal-mime';
import type { EventInput } from '../../events/schemas.js';
import { firstMessageId, parseMessageIds } from '../../threading/rfc5256/message-id.js';
import { parseMessageDate } from '../../threading/rfc5256/message-date.js';
import type { ChannelEvents, ChannelOptions } from '../types.js';
import { compact, envelope, scalars } from './build.js';
import { payloadError } from './errors.js';

/** One inbound email in the terms the engine needs. */
export interface InboundEmail {
  /** The Message-ID header value, without angle brackets. */
  readonly messageId?: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  /** Epoch ms from the Date header (else the topmost Received header). */
  readonly date?: number;
  readonly from?: { readonly address: string; readonly name?: string };
  /** The address it was delivered to (the business inbox). */
  readonly recipient?: string;
  readonly cc?: readonly string[];
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
  readonly attachments: readonly { readonly name: string; readonly contentType: string; readonly size?: number }[];
  /** The plus-address token of the recipient (`support+TOKEN@…`). */
  readonly replyToken?: string;
}

/** A header value from a list of `[name, value]` pairs (case-insensitive, first wins). */
export function headerFrom(pairs: readonly (readonly [string, string])[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return pairs.find(([k]) => k.toLowerCase() === wanted)?.[1];
}

/** Date header, else the date of the topmost `Received:` (the receiving server's own stamp). */
export function dateFromHeaders(pairs: readonly (readonly [string, string])[]): number | undefined {
  const date = parseMessageDate(headerFrom(pairs, 'date'));
  if (date !== undefined) return date;
  const received = headerFrom(pairs, 'received');
  const semi = received?.lastIndexOf(';') ?? -1;
  return semi < 0 ? undefined : parseMessageDate(received!.slice(semi + 1));
}

/** The threading headers of a header list. */
export function threadingFrom(pairs: readonly (readonly [string, string])[]) {
  return compact({
    messageId: firstMessageId(headerFrom(pairs, 'message-id')),
    inReplyTo: firstMessageId(headerFrom(pairs, 'in-reply-to')),
    references: (() => {
      const refs = parseMessageIds(headerFrom(pairs, 'references'));
      return refs.length > 0 ? refs : undefined;
    })(),
    date: dateFromHeaders(pairs),
  });
}

/** The first mailbox of an address header (`"Bob" <bob@x>`), with its display name. */
export function firstMailbox(value: string | undefined): { address: string; name?: string } | undefined {
  if (value === undefined) return undefined;
  for (const a of addressParser(value, { flatten: true })) {
    if (a.address) return compact({ address: a.address, name: a.name || undefined });
  }
  return undefined;
}

/** Every address of an address header. */
export function mailboxes(value: string | undefined): string[] {
  return value === undefined ? [] : addressParser(value, { flatten: true }).flatMap((a) => (a.address ? [a.address] : []));
}

/** The `+token` of `local+token@domain`. */
export function plusToken(address: string | undefined): string | undefined {
  const m = address === undefined ? null : /^[^@+]+\+([^@]+)@/.exec(address);
  return m?.[1];
}

/** A plain-text rendering of an HTML body, for mails that have no text part. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Parses raw RFC 822 / MIME bytes with postal-mime into an {@link InboundEmail}. */
export async function parseRawEmail(vendor: string, raw: string | Uint8Array, recipient?: string): Promise<InboundEmail> {
  let mail;
  try {
    mail = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  } catch (e) {
    throw payloadError(vendor, [{ path: [], message: `not a MIME message: ${(e as Error).message}` }]);
  }
  const pairs = mail.headers.map((h) => [h.key, h.value] as const);
  const to = recipient ?? mail.deliveredTo ?? mail.to?.flatMap((a) => (a.address ? [a.address] : (a.group ?? []).map((g) => g.address)))[0];
  const from = mail.from?.address ? compact({ address: mail.from.address, name: mail.from.name || undefined }) : firstMailbox(headerFrom(pairs, 'from'));
  return compact({
    ...threadingFrom(pairs),
    from,
    recipient: to,
    cc: mail.cc?.flatMap((a) => (a.address ? [a.address] : (a.group ?? []).map((g) => g.address))),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.map((a) => ({
      name: a.filename ?? 'attachment',
      contentType: a.mimeType,
      size: typeof a.content === 'string' ? Buffer.byteLength(a.content) : a.content.byteLength,
    })),
    replyToken: plusToken(to),
  });
}

/**
 * The event id of a mail: its Message-ID; else the vendor's own id; else a digest of what makes the
 * mail this mail (sender, date, subject, text) — the same on every delivery, through every vendor.
 * A Message-ID longer than an event id may be is digested too.
 */
function eventIdOf(mail: InboundEmail, fallbackId: string | undefined): string {
  const digest = (s: string) => `email:${createHash('sha256').update(s).digest('hex')}`;
  if (mail.messageId !== undefined) return mail.messageId.length + 2 <= 512 ? `<${mail.messageId}>` : digest(mail.messageId);
  if (fallbackId !== undefined) return fallbackId;
  return digest(JSON.stringify([mail.from?.address, mail.date, mail.subject ?? '', mail.text ?? mail.html ?? '']));
}

/** The events of one inbound email. */
export function emailEvents(vendor: string, mail: InboundEmail, options: ChannelOptions, fallbackId: string | undefined): ChannelEvents {
  if (mail.from === undefined) throw payloadError(vendor, [{ path: ['from'], message: 'the email names no sender address' }]);
  if (mail.date === undefined) throw payloadError(vendor, [{ path: ['Date'], message: 'the email has no readable Date or Received header' }]);
  const id = eventIdOf(mail, fallbackId);
  const from = { kind: 'email' as const, value: mail.from.address };
  // Trailing line breaks are MIME framing, not what the customer wrote.
  const text = (mail.text ?? (mail.html === undefined ? undefined : htmlToText(mail.html)))?.trimEnd() || undefined;
  const email = compact({
    messageId: mail.messageId === undefined || mail.messageId.length > 996 ? undefined : `<${mail.messageId}>`,
    inReplyTo: mail.inReplyTo === undefined ? undefined : `<${mail.inReplyTo}>`,
    references: mail.references?.length ? mail.references.slice(0, 500).map((r) => `<${r}>`) : undefined,
    replyToken: mail.replyToken?.slice(0, 256),
  });
  const metadata = scalars({ cc: mail.cc?.length ? mail.cc.join(', ') : undefined });
  const events: EventInput[] = [{
    ...envelope(options.tenantId, id, mail.date),
    type: 'message.received',
    channel: 'email',
    from,
    ...(mail.recipient === undefined ? {} : { endpoint: mail.recipient.slice(0, 512) }),
    content: compact({
      subject: mail.subject?.slice(0, 4096),
      text,
      attachments: mail.attachments.length ? mail.attachments.slice(0, 100).map((a) => compact({ name: a.name.slice(0, 1024), contentType: a.contentType.slice(0, 255), size: a.size })) : undefined,
    }),
    ...(Object.keys(email).length > 0 ? { email } : {}),
    ...(metadata === undefined ? {} : { metadata }),
  }];
  if (mail.from.name) events.push({ ...envelope(options.tenantId, `${id}:name`, mail.date), type: 'customer.attributes_set', customer: from, name: mail.from.name.slice(0, 256) });
  return { events, skipped: [] };
}
