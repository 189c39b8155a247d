/**
 * What Meta's webhooks (WhatsApp Cloud API, Messenger, Instagram) share: the `X-Hub-Signature-256`
 * signature and the subscription handshake.
 */
import type { VerifyResult, WebhookRequest } from '../types.js';
import { hmac, noSecret, safeEqual } from './crypto.js';
import { bodyBytes, header, queryOf } from './http.js';

/**
 * Options of a Meta adapter's `verify`.
 *
 * @example
 * ```ts
 * import type { MetaVerifyOptions } from 'omnithread/channels';
 * const options: MetaVerifyOptions = { appSecret: process.env.META_APP_SECRET! };
 * ```
 */
export interface MetaVerifyOptions {
  /** The app secret of the Meta app the webhook belongs to. */
  readonly appSecret: string;
}

/**
 * Verifies `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body under the app secret>`.
 *
 * @example
 * ```ts
 * import { verifyMetaSignature } from 'omnithread/channels';
 * const check = verifyMetaSignature(request, { appSecret: process.env.META_APP_SECRET! });
 * ```
 */
export function verifyMetaSignature(request: WebhookRequest, options: MetaVerifyOptions): VerifyResult {
  const refused = noSecret(options?.appSecret, 'appSecret');
  if (refused) return refused;
  const value = header(request, 'x-hub-signature-256');
  if (value === undefined) return { ok: false, reason: 'no X-Hub-Signature-256 header' };
  if (!value.startsWith('sha256=')) return { ok: false, reason: 'X-Hub-Signature-256 is not sha256=…' };
  const expected = hmac('sha256', options.appSecret, bodyBytes(request), 'hex');
  return safeEqual(value.slice('sha256='.length).toLowerCase(), expected) ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

/**
 * Answers Meta's subscription check (`GET …?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`):
 * the challenge to send back when the token is yours, else undefined (answer 403).
 *
 * @example
 * ```ts
 * import { metaSubscriptionChallenge } from 'omnithread/channels';
 * const challenge = metaSubscriptionChallenge(request.url, { verifyToken: process.env.META_VERIFY_TOKEN! });
 * ```
 */
export function metaSubscriptionChallenge(url: string, options: { readonly verifyToken: string }): string | undefined {
  if (noSecret(options?.verifyToken, 'verifyToken')) return undefined;
  const q = queryOf(url);
  const token = q.get('hub.verify_token');
  if (q.get('hub.mode') !== 'subscribe' || token === null || !safeEqual(token, options.verifyToken)) return undefined;
  return q.get('hub.challenge') ?? undefined;
}

/** A content type for Meta's attachment kinds, which name no exact type. */
export function mediaRange(kind: string): string {
  if (kind === 'image' || kind === 'sticker') return 'image/*';
  if (kind === 'video' || kind === 'ig_reel' || kind === 'reel') return 'video/*';
  if (kind === 'audio') return 'audio/*';
  return 'application/octet-stream';
}
