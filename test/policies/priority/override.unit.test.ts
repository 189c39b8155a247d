import { describe, expect, it } from 'vitest';
import { manualOverridePolicy } from '../../../src/policies/priority/override.js';
import { defaultPriorityPolicy } from '../../../src/policies/priority/default.js';
import { MIN, T0, customer, thread } from './helpers.js';

describe('manualOverridePolicy', () => {
  it('adds a bonus per level, zero without an override', () => {
    const p = manualOverridePolicy();
    const s = (priorityOverride?: 'low' | 'normal' | 'high' | 'urgent') => p.score(thread(priorityOverride ? { priorityOverride } : {}), { now: T0 }).score;
    expect([s('low'), s(), s('normal'), s('high'), s('urgent')]).toEqual([-300, 0, 0, 300, 1000]);
    expect(p.score(thread({ priorityOverride: 'high' }), { now: T0 }).reasons[0]?.detail).toBe('manual priority high');
  });

  it('in the default policy, urgent puts a quiet email above a VIP call with an outage', () => {
    const p = defaultPriorityPolicy();
    const now = T0 + 5 * MIN;
    const quiet = p.score(thread({ priorityOverride: 'urgent' }), { now });
    const loud = p.score(thread({ channel: 'call', tags: ['outage'] }), { now, customer: customer({ tier: 'platinum', vip: true }) });
    expect(quiet.score).toBeGreaterThan(loud.score);
  });

  it('a low override still ages, so it cannot starve forever', () => {
    const p = defaultPriorityPolicy();
    const low = thread({ priorityOverride: 'low', awaitingReplySince: T0 });
    const fresh = thread({ awaitingReplySince: T0 + 3 * 24 * 60 * MIN });
    const now = T0 + 3 * 24 * 60 * MIN;
    expect(p.score(low, { now }).score).toBeGreaterThan(p.score(fresh, { now }).score);
  });

  it('rejects points that fall with the level', () => {
    expect(() => manualOverridePolicy({ points: { urgent: 100 } })).toThrow(/must not decrease/);
  });
});
