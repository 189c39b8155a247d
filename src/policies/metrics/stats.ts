/** Summaries of samples: the mean, the median and the 90th percentile, raw and in business time. */
import type { DurationStats } from './types.js';

/** One measured duration: wall-clock ms and ms inside working hours. */
export interface DurationSample {
  readonly raw: number;
  readonly business: number;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Nearest-rank percentile: the smallest sample with at least `p`% of the samples at or below it.
 * Always an observed value, never an interpolation.
 */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** A fraction, or null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function ascending(values: number[]): number[] {
  return values.sort((a, b) => a - b);
}

export function durationStats(samples: readonly DurationSample[]): DurationStats {
  const raw = ascending(samples.map((s) => s.raw));
  const business = ascending(samples.map((s) => s.business));
  return {
    count: samples.length,
    meanMs: mean(raw),
    medianMs: median(raw),
    p90Ms: nearestRank(raw, 90),
    businessMeanMs: mean(business),
    businessMedianMs: median(business),
    businessP90Ms: nearestRank(business, 90),
  };
}
