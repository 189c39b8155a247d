import type { VerifyResult, WebhookRequest } from '../types.js';
import { noSecret, safeEqual } from './crypto.js';
import { header } from './http.js';

/**
 * Checks HTTP Basic credentials (RFC 7617) in constant time: Postmark and SendGrid put them in the
 * webhook URL you configure (`https://user:pass@desk.example/inbound`) and send them as the
 * `Authorization` header. Their only sender check besides a secret path.
 *
 * @example
 * ```ts
 * import { verifyBasicAuth } from 'omnithread/channels';
 * const check = verifyBasicAuth(request, { username: 'postmark', password: process.env.POSTMARK_HOOK_PASSWORD! });
 * ```
 */
export function verifyBasicAuth(request: WebhookRequest, credentials: { readonly username: string; readonly password: string }): VerifyResult {
  const refused = noSecret(credentials?.password, 'password') ?? (typeof credentials?.username === 'string' ? undefined : noSecret(undefined, 'username'));
  if (refused) return refused;
  const value = header(request, 'authorization');
  if (value === undefined) return { ok: false, reason: 'no Authorization header' };
  const m = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value);
  if (!m) return { ok: false, reason: 'Authorization is not Basic' };
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { ok: false, reason: 'malformed Basic credentials' };
  // Both compared, always: which one failed must not show in the timing either.
  const user = safeEqual(decoded.slice(0, colon), credentials.username);
  const pass = safeEqual(decoded.slice(colon + 1), credentials.password);
  return user && pass ? { ok: true } : { ok: false, reason: 'wrong credentials' };
}

/**
 * Checks that the request's path ends with a secret segment (`/inbound/<secret>`), in constant time —
 * for senders that can neither sign nor send credentials. A secret path is a bearer token: keep it
 * out of logs, use HTTPS, rotate it by configuring a second path first.
 *
 * @example
 * ```ts
 * import { verifySecretPath } from 'omnithread/channels';
 * const check = verifySecretPath(request, { secret: process.env.SENDGRID_PARSE_SECRET! });
 * ```
 */
export function verifySecretPath(request: WebhookRequest, options: { readonly secret: string }): VerifyResult {
  const refused = noSecret(options?.secret, 'secret path');
  if (refused) return refused;
  let path: string;
  try {
    path = new URL(request.url).pathname;
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  let last: string;
  try {
    last = decodeURIComponent(path.replace(/\/+$/, '').split('/').pop() ?? '');
  } catch {
    return { ok: false, reason: 'malformed percent-escape in the path' }; // hostile input: refuse, never throw
  }
  return safeEqual(last, options.secret) ? { ok: true } : { ok: false, reason: 'secret path segment mismatch' };
}

/**
 * Protection for a sender without a body signature: Basic credentials, a secret path, or both.
 *
 * @example
 * ```ts
 * import type { SenderCheck } from 'omnithread/channels';
 * const check: SenderCheck = { basicAuth: { username: 'postmark', password: process.env.POSTMARK_HOOK_PASSWORD! }, secretPath: 'k9x2' };
 * ```
 */
export interface SenderCheck {
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly secretPath?: string;
}

/**
 * Runs every check given; at least one is required (an unprotected endpoint is refused, not passed).
 *
 * @example
 * ```ts
 * import { verifySender } from 'omnithread/channels';
 * const check = verifySender(request, { secretPath: process.env.SENDGRID_PARSE_SECRET! });
 * ```
 */
export function verifySender(request: WebhookRequest, check: SenderCheck): VerifyResult {
  if (check.basicAuth === undefined && check.secretPath === undefined) return { ok: false, reason: 'no check configured: give basicAuth or secretPath' };
  if (check.basicAuth !== undefined) {
    const r = verifyBasicAuth(request, check.basicAuth);
    if (!r.ok) return r;
  }
  if (check.secretPath !== undefined) return verifySecretPath(request, { secret: check.secretPath });
  return { ok: true };
}
