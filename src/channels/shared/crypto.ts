import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from '../types.js';

/**
 * Constant-time string equality. Both sides are hashed first, so neither their contents nor their
 * lengths leak through timing.
 *
 * @example
 * ```ts
 * import { safeEqual } from 'omnithread/channels';
 * const header = request.headers['x-telegram-bot-api-secret-token'];
 * typeof header === 'string' && safeEqual(header, process.env.TELEGRAM_SECRET_TOKEN!);
 * ```
 */
export function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a, 'utf8').digest();
  const y = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(x, y) && a.length === b.length;
}

/** HMAC of `data` under `key`, in the encoding a vendor puts in its header. */
export function hmac(algorithm: 'sha1' | 'sha256', key: string, data: string | Uint8Array, encoding: 'hex' | 'base64'): string {
  return createHmac(algorithm, key).update(data).digest(encoding);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The refusal every verifier starts with when its secret is missing or empty: an HMAC under '' is one
 * anyone can compute, and an empty token matches an empty header — a deployment whose environment
 * variable is unset (`process.env.X ?? ''`) must refuse everything, not accept everything.
 *
 * @example
 * ```ts
 * import type { VerifyResult } from 'omnithread/channels';
 * function verify(options: { appSecret: string }): VerifyResult {
 *   const refused = noSecret(options.appSecret, 'appSecret');
 *   if (refused) return refused;
 *   return { ok: true }; // … then the signature check
 * }
 * ```
 */
export function noSecret(value: unknown, name: string): VerifyResult | undefined {
  return typeof value === 'string' && value.length > 0 ? undefined : { ok: false, reason: `no ${name} configured (missing or empty): every request is refused` };
}
