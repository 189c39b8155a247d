import type { Author } from '../events/primitives.js';
import type { EventInput } from '../events/schemas.js';

/**
 * A webhook request as any framework can give it: the full URL the vendor called (scheme, host, path
 * and query, as the vendor signed it), the headers, and the raw body — before any body parser ran,
 * because signatures are over the exact bytes.
 *
 * @example
 * ```ts
 * import type { WebhookRequest } from 'omnithread/channels';
 * import type { IncomingMessage } from 'node:http';
 * declare const req: IncomingMessage; // e.g. in a node:http handler
 * declare const rawBody: Buffer; // the body's bytes, unparsed
 * const request: WebhookRequest = { url: 'https://desk.example/twilio/sms', headers: req.headers, body: rawBody };
 * ```
 */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: string | Uint8Array;
}

/**
 * The outcome of a signature check. `reason` says what failed, for a log line; answer the request
 * with 401 or 403 and do not read its body further.
 *
 * @example
 * ```ts
 * import type { VerifyResult } from 'omnithread/channels';
 * const check: VerifyResult = { ok: false, reason: 'signature mismatch' };
 * ```
 */
export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Something in a payload that maps to no event, and why (a typing indicator, a progress callback, a
 * bot's own echo…): nothing a vendor sends disappears without a word.
 *
 * @example
 * ```ts
 * import type { Skipped } from 'omnithread/channels';
 * const skipped: Skipped = { what: 'CA42…: ringing', reason: 'a progress callback; the call is told when it ends' };
 * ```
 */
export interface Skipped {
  readonly what: string;
  readonly reason: string;
}

/**
 * What an adapter made of one request: canonical events for `engine.ingest`, and what it skipped.
 * `challenge` is set for a vendor's endpoint check (Slack's `url_verification`): answer it as the body.
 *
 * @example
 * ```ts
 * import { whatsappCloud } from 'omnithread/channels';
 * const { events, skipped } = await whatsappCloud.toEvents(request, { tenantId: 'acme' });
 * await engine.ingest(events);
 * ```
 */
export interface ChannelEvents {
  readonly events: EventInput[];
  readonly skipped: Skipped[];
  readonly challenge?: string;
}

/**
 * Who wrote an outbound message the vendor reports (an echo of a page's reply, an outbound call): the
 * engine needs an agent or a bot for a `message.sent`. A function sees the vendor's own hint (the
 * sending app id, the metadata string) and may answer `undefined`, which skips the item.
 *
 * @example
 * ```ts
 * import type { OutboundAuthor } from 'omnithread/channels';
 * const outboundAuthor: OutboundAuthor = (hint) => (hint === '1517776481860111' ? { type: 'bot', botId: 'helpdesk' } : undefined);
 * ```
 */
export type OutboundAuthor =
  | Exclude<Author, { type: 'customer' }>
  | ((hint: string | undefined) => Exclude<Author, { type: 'customer' }> | undefined);

/**
 * Options every adapter's `toEvents` takes.
 *
 * @example
 * ```ts
 * import type { ChannelOptions } from 'omnithread/channels';
 * const options: ChannelOptions = { tenantId: 'acme', outboundAuthor: { type: 'agent', agentId: 'ana' } };
 * ```
 */
export interface ChannelOptions {
  readonly tenantId: string;
  /** Author of outbound messages the vendor reports; without it they are skipped. */
  readonly outboundAuthor?: OutboundAuthor;
}

/**
 * One vendor: `verify` checks the request is the vendor's, `toEvents` maps its payload (pure: no I/O,
 * no clock; a malformed payload throws an `INVALID_PAYLOAD` `OmnithreadError`).
 *
 * @example
 * ```ts
 * import { type ChannelAdapter, type ChannelOptions, telegram } from 'omnithread/channels';
 * const adapter: ChannelAdapter<{ secretToken: string }, ChannelOptions> = telegram;
 * ```
 */
export interface ChannelAdapter<VerifyOptions, Options extends ChannelOptions = ChannelOptions> {
  readonly name: string;
  verify(request: WebhookRequest, options: VerifyOptions): VerifyResult;
  toEvents(request: WebhookRequest, options: Options): Promise<ChannelEvents>;
}
