/**
 * The demo's only source of chance: a seeded generator, so one seed always tells the same story.
 * Nothing here reads `Math.random` or the clock.
 */

/** Draws from a seeded stream; every method advances it. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** A new array with the elements in a random order. */
  shuffle<T>(list: readonly T[]): T[];
  /** `n` digits as a string (leading zeros kept). */
  digits(n: number): string;
}

/** splitmix32: spreads nearby seeds (1, 2, 3…) far apart before they reach the generator. */
function mix(seed: number): number {
  let z = (seed + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * A mulberry32 stream: fast, 32 bits of state, plenty for made-up data. `stream` derives an
 * independent stream from the same seed, so adding draws in one part of the story leaves the others
 * unchanged.
 *
 * @example
 * ```ts
 * const rnd = createRandom(42);
 * rnd.int(1, 6); // the same on every run
 * ```
 */
export function createRandom(seed: number, stream = 0): Random {
  let a = mix((seed >>> 0) ^ Math.imul(stream + 1, 0x85ebca6b));
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)]!,
    shuffle(list) {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    digits: (n) => Array.from({ length: n }, () => String(Math.floor(next() * 10))).join(''),
  };
}

/**
 * A stable 32-bit hash of a string and a seed (FNV-1a, then mixed): per-thread choices that do not
 * depend on the order threads are met in.
 *
 * @example
 * ```ts
 * const delay = 5 + (hashOf('thread-1', 42) % 20);
 * ```
 */
export function hashOf(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix(h >>> 0);
}
