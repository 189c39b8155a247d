/**
 * A small, fast, seeded pseudo-random source. The workload must be reproducible from its seed alone,
 * so nothing here touches `Math.random`.
 */

/** Returns a float in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: one 32-bit state, a handful of integer ops per draw. Plenty for synthetic data, and
 * far faster than anything cryptographic.
 *
 * @example
 * ```ts
 * const rnd = mulberry32(42);
 * const x = rnd(); // same value on every run
 * ```
 */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent 32-bit seed from a seed and a stream number (splitmix32 finaliser), so
 * that separate concerns (content, delivery order, population) draw from separate streams and
 * changing one option does not reshuffle everything else.
 */
export function deriveSeed(seed: number, stream: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b9) + Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** A stateless 32-bit hash of an integer: per-customer traits without storing them. */
export function hashInt(n: number, salt: number): number {
  return deriveSeed(n, salt);
}

/** An integer in [0, n). */
export function intBelow(rnd: Random, n: number): number {
  return Math.floor(rnd() * n);
}

/** One element of a non-empty list. */
export function pick<T>(rnd: Random, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

/**
 * A skewed index in [0, n): index = floor(n · u^skew). With skew 2 the first 1% of indices get about
 * 10% of the draws (a cheap Zipf-like head without building a CDF table).
 */
export function skewedIndex(rnd: Random, n: number, skew: number): number {
  const i = Math.floor(n * rnd() ** skew);
  return i < n ? i : n - 1;
}

/**
 * An array of `n` undefined slots in V8's fast (non-dictionary) mode. `new Array(n)` above ~100k
 * elements starts out as a slow dictionary, which made every per-customer lookup a hash probe.
 */
export function denseArray<T>(n: number): (T | undefined)[] {
  const out: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) out.push(undefined);
  return out;
}
