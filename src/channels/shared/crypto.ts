import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string equality. Both sides are hashed first, so neither their contents nor their
 * lengths leak through timing.
 *
 * @example
 * ```ts
 * safeEqual(request.headers['x-telegram-bot-api-secret-token'], secret);
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
