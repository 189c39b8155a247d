import { describe, expect, it } from 'vitest';
import { customerTierPolicy } from '../../../src/policies/priority/tier.js';
import { isOmnithreadError } from '../../../src/errors.js';
import { T0, customer, pointsOf, thread } from './helpers.js';

describe('customerTierPolicy', () => {
  const t = thread();

  it('scores the tier from Customer.attributes, case-insensitively, and adds VIP', () => {
    const p = customerTierPolicy();
    expect(p.score(t, { now: T0, customer: customer({ tier: 'Gold' }) }).score).toBe(20);
    const vip = p.score(t, { now: T0, customer: customer({ tier: 'platinum', vip: true }) });
    expect(vip.score).toBe(70);
    expect(vip.reasons.map((r) => r.factor)).toEqual(['tier', 'vip']);
    expect(pointsOf(vip)).toBe(vip.score);
  });

  it('explains a missing customer, a missing tier and an unconfigured tier', () => {
    const p = customerTierPolicy();
    expect(p.score(t, { now: T0 }).reasons[0]?.detail).toBe('customer unknown');
    expect(p.score(t, { now: T0, customer: customer() }).reasons[0]?.detail).toBe('no tier');
    const odd = p.score(t, { now: T0, customer: customer({ tier: 'bronze' }) });
    expect(odd.score).toBe(0);
    expect(odd.reasons[0]?.detail).toBe('tier bronze (not configured)');
  });

  it('uses configured tiers, unknown-tier points and an attribute from extra', () => {
    const p = customerTierPolicy({ tiers: { basic: 0, pro: 15 }, unknownTierPoints: 5, vipPoints: 50, tierAttribute: 'plan' });
    expect(p.score(t, { now: T0, customer: customer({ extra: { plan: 'pro' } }) }).score).toBe(15);
    expect(p.score(t, { now: T0, customer: customer({ tier: 'pro', extra: {} }) }).score).toBe(5);
    expect(p.score(t, { now: T0, customer: customer({ vip: true, extra: { plan: 'basic' } }) }).score).toBe(50);
    expect(p.orderingKey?.(t, { now: T0, customer: customer({ extra: { plan: 'pro' } }) })).toBe(15);
  });

  it('rejects bad options', () => {
    expect(() => customerTierPolicy({ vipPoints: Infinity })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    try {
      customerTierPolicy({ tiers: { gold: '20' as unknown as number } });
      expect.unreachable();
    } catch (e) {
      expect(isOmnithreadError(e, 'INVALID_ARGUMENT')).toBe(true);
    }
  });
});
