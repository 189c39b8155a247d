import { describe, expect, it } from 'vitest';
import { waitingTimePolicy } from '../../../src/policies/priority/aging.js';
import { MIN, T0, msg, thread } from './helpers.js';

describe('waitingTimePolicy', () => {
  const p = waitingTimePolicy();

  it('adds 0.25 points per minute the customer has waited (15 an hour)', () => {
    const t = thread();
    expect(p.score(t, { now: T0 + 60 * MIN })).toEqual({
      score: 15,
      reasons: [{ factor: 'aging', points: 15, detail: 'customer waiting 1 h 0 min (0.25/min)', value: 60 }],
    });
    expect(p.score(t, { now: T0 + 2 * 60 * MIN }).score).toBe(30);
  });

  it('lets an email that waited 3 hours pass a fresh one', () => {
    const old = thread({ awaitingReplySince: T0 });
    const fresh = thread({ awaitingReplySince: T0 + 170 * MIN });
    const now = T0 + 180 * MIN;
    expect(p.score(old, { now }).score).toBeGreaterThan(p.score(fresh, { now }).score);
  });

  it('gives nothing (and no ordering key) when the customer is not waiting', () => {
    const answered = thread({ messages: [msg(0, 'hi'), msg(5, 'hello!', { from: 'agent' })], awaitingReplySince: undefined });
    expect(p.score(answered, { now: T0 + 600 * MIN }).score).toBe(0);
    expect(p.orderingKey?.(answered, { now: T0 })).toBeUndefined();
  });

  it('never goes negative when now is before the customer started waiting', () => {
    expect(p.score(thread(), { now: T0 - 10 * MIN }).score).toBe(0);
  });

  it('keys so that score = key + drift × now', () => {
    const fast = waitingTimePolicy({ perMinute: 2 });
    const t = thread({ awaitingReplySince: T0 + 7 * MIN });
    const now = T0 + 95 * MIN;
    expect(fast.drift).toBe(2);
    expect(fast.orderingKey!(t, { now })! + (2 * now) / MIN).toBeCloseTo(fast.score(t, { now }).score, 6);
  });

  it('rejects a negative rate', () => {
    expect(() => waitingTimePolicy({ perMinute: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
