import { describe, expect, it } from 'vitest';
import { durationStats, median, nearestRank } from '../../../src/policies/metrics/stats.js';

describe('summary statistics', () => {
  it('median: the middle sample, or the mean of the two middle ones', () => {
    expect(median([1, 2, 9])).toBe(2);
    expect(median([1, 2, 4, 9])).toBe(3);
    expect(median([])).toBeNull();
  });

  it('p90 by nearest rank: an observed sample with at least 90% at or below it', () => {
    const tenths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(tenths, 90)).toBe(9);
    expect(nearestRank([...tenths, 11], 90)).toBe(10);
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([], 90)).toBeNull();
  });

  it('summarises raw and business durations independently, whatever the input order', () => {
    const s = durationStats([{ raw: 30, business: 0 }, { raw: 10, business: 10 }, { raw: 20, business: 5 }]);
    expect(s).toEqual({ count: 3, meanMs: 20, medianMs: 20, p90Ms: 30, businessMeanMs: 5, businessMedianMs: 5, businessP90Ms: 10 });
  });
});
