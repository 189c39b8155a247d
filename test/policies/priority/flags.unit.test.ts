import { describe, expect, it } from 'vitest';
import { shouldFlag } from '../../../src/policies/priority/flags.js';
import { defaultPriorityPolicy } from '../../../src/policies/priority/default.js';
import type { PriorityResult } from '../../../src/policies/priority/types.js';
import { T0, msg, thread } from './helpers.js';

const result = (score: number, sentiment?: number): PriorityResult => ({
  score,
  reasons: sentiment === undefined ? [{ factor: 'x', points: score, detail: 'x' }] : [{ factor: 'sentiment', points: 0, detail: 's', value: sentiment }],
});

describe('shouldFlag', () => {
  it('flags a customer whose sentiment fell below the threshold (from the sentiment reason)', () => {
    expect(shouldFlag(thread(), result(10, -0.7))).toEqual({
      flag: 'negative-sentiment',
      detail: 'customer sentiment -0.7 is below -0.5',
      value: -0.7,
      threshold: -0.5,
    });
    expect(shouldFlag(thread(), result(10, -0.3))).toBeUndefined();
  });

  it('computes the sentiment from the thread when the result has none', () => {
    const angry = thread({ messages: [msg(0, 'This is unacceptable. Terrible, awful service!')] });
    expect(shouldFlag(angry, result(10))?.flag).toBe('negative-sentiment');
    expect(shouldFlag(thread(), result(10))).toBeUndefined();
    expect(shouldFlag(thread(), result(10), { scorer: () => -0.9 })?.value).toBe(-0.9);
  });

  it('flags a score at or above a threshold, and only when asked', () => {
    expect(shouldFlag(thread(), result(500), { scoreAtLeast: 500 })).toMatchObject({ flag: 'high-priority', value: 500, threshold: 500 });
    expect(shouldFlag(thread(), result(499.9), { scoreAtLeast: 500 })).toBeUndefined();
    expect(shouldFlag(thread(), result(1e6))).toBeUndefined();
  });

  it('can turn the sentiment rule off, and works on a real default-policy result', () => {
    expect(shouldFlag(thread(), result(10, -1), { sentimentBelow: null })).toBeUndefined();
    const t = thread({ messages: [msg(0, 'I hate this, worst support ever, very angry')] });
    const flag = shouldFlag(t, defaultPriorityPolicy().score(t, { now: T0 }));
    expect(flag?.flag).toBe('negative-sentiment');
  });

  it('rejects a threshold outside [-1, 1]', () => {
    expect(() => shouldFlag(thread(), result(0), { sentimentBelow: -2 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
