/**
 * Deterministic ids. A thread's id is a function of the event that created it and a customer's id a
 * function of the identity it was first seen with — never of arrival order or a counter — so the
 * same set of events gives the same ids on every replica.
 *
 * Why tenants cannot collide: the hash input is `${tenantId}\u0000${key}`, and a valid tenant id
 * contains no U+0000 (the schema rejects every control character in tenant ids: `tenantIdString`).
 * So the first U+0000 of the input ends the tenant id, and the input determines the pair
 * (tenantId, key): different pairs give different inputs, whatever the key contains (a key may hold
 * U+0000; it is the last part). The format itself is unchanged since the first stored logs and
 * snapshots, which hold these ids; escaping or length-prefixing would have renamed every thread and
 * customer. What remains is the hash: 53 bits, so two different inputs share an id with probability
 * about n² / 2^54 for n ids (6 × 10⁻⁵ at a million ids) — ids are not secrets and
 * not proofs; lookups by id are scoped to a tenant where it matters.
 */

/** cyrb53: a fast 53-bit string hash (public domain, bryc). Not cryptographic; ids only. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const DIGITS36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * `n.toString(36).padStart(width, '0')` for a safe integer, ~5× faster: V8 converts doubles to radix
 * 36 through a general algorithm, and three ids per thread made it a visible part of replay. The
 * quotient is corrected because `n / 36` rounds once n passes 2^48.
 */
export function base36(n: number, width: number): string {
  let s = '';
  do {
    let q = Math.floor(n / 36);
    let r = n - q * 36;
    if (r < 0) {
      q--;
      r += 36;
    } else if (r >= 36) {
      q++;
      r -= 36;
    }
    s = DIGITS36[r]! + s;
    n = q;
  } while (n > 0);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/**
 * The id of the thread created by event `eventId` of `tenantId`. Injective in (tenantId, eventId) up
 * to the hash for every valid tenant id (see the module comment).
 */
export function threadIdFor(tenantId: string, eventId: string): string {
  return `th_${base36(hash53(`${tenantId}\u0000${eventId}`), 11)}`;
}

/** A short, quotable reference for a thread (`[#K3F9Q2XA]`). Unique enough within one customer. */
export function threadRefFor(threadId: string): string {
  return base36(hash53(threadId, 7), 11).slice(-8).toUpperCase();
}

/** The id of the customer first seen with identity `identityKey`. */
export function customerIdFor(tenantId: string, identityKey: string): string {
  return `cu_${base36(hash53(`${tenantId}\u0000${identityKey}`), 11)}`;
}
