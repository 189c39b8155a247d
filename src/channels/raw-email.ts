/**
 * Raw RFC 822 / MIME email (from your own MTA pipe, an IMAP fetch, a mailbox export), parsed with
 * postal-mime: text and HTML parts, attachments with their sizes, encoded-word headers, Cc.
 */
import type { ChannelAdapter, ChannelEvents, ChannelOptions } from './types.js';
import { type SenderCheck, verifySender } from './shared/auth.js';
import { emailEvents, parseRawEmail } from './shared/email.js';

/**
 * Options of {@link rawEmail}'s `toEvents`.
 *
 * @example
 * ```ts
 * import type { RawEmailOptions } from 'omnithread/channels';
 * const options: RawEmailOptions = { tenantId: 'acme', recipient: 'support@acme.example' };
 * ```
 */
export interface RawEmailOptions extends ChannelOptions {
  /** The envelope recipient (RCPT TO), when the headers do not say which inbox got it. */
  readonly recipient?: string;
}

/**
 * Raw email: one MIME message → one `message.received`. `verify` takes Basic credentials or a secret
 * path, for raw mail posted to you over HTTP.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { rawEmail } from 'omnithread/channels';
 * const { events } = await rawEmail.toEvents({ url: 'file:///', headers: {}, body: readFileSync('mail.eml') }, { tenantId: 'acme' });
 * ```
 */
export const rawEmail: ChannelAdapter<SenderCheck, RawEmailOptions> = {
  name: 'raw-email',
  verify: verifySender,
  async toEvents(request, options): Promise<ChannelEvents> {
    return emailEvents('raw email', await parseRawEmail('raw email', request.body, options.recipient), options, undefined);
  },
};
