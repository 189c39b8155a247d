import fc from 'fast-check';

/** 2024-01-01T00:00:00Z: the default start of generated time. */
export const DEFAULT_FROM = Date.UTC(2024, 0, 1);
/** 2025-01-01T00:00:00Z: the default end of generated creation times. */
export const DEFAULT_TO = Date.UTC(2025, 0, 1);

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * A gap between two moments, biased towards the short gaps real conversations have (seconds to
 * hours) while still reaching days, and including zero (two events in the same millisecond).
 */
export const arbGap = (maxMs: number): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: fc.constant(0), weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: Math.min(maxMs, 10 * MINUTE) }), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: maxMs }), weight: 3 },
  );

/** Drops keys whose value is undefined, so generated objects look like the engine's. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Freezes a value and everything inside it, like the engine's returned values. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A value of `arb`, or undefined (half of the time). */
export const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined, freq: 2 });
