import { describe, expect, it } from 'vitest';
import { severityPolicy } from '../../../src/policies/priority/severity.js';
import { T0, msg, thread } from './helpers.js';

const ctx = { now: T0 };

describe('severityPolicy', () => {
  it('scores the thread severity, with unset as normal', () => {
    const p = severityPolicy();
    expect(p.score(thread(), ctx).score).toBe(10);
    expect(p.score(thread({ severity: 'low' }), ctx).score).toBe(0);
    expect(p.score(thread({ severity: 'high' }), ctx).score).toBe(30);
    expect(p.score(thread({ severity: 'urgent' }), ctx).reasons[0]).toMatchObject({ factor: 'severity', points: 60, value: 3 });
  });

  it('maps tags, case-insensitively: an outage tag makes a low thread urgent', () => {
    const r = severityPolicy().score(thread({ severity: 'low', tags: ['Outage'] }), ctx);
    expect(r.score).toBe(60);
    expect(r.reasons[0]?.detail).toBe('severity urgent (tag "Outage")');
  });

  it('finds keywords in customer messages but not in agent replies', () => {
    const p = severityPolicy();
    const fromCustomer = thread({ messages: [msg(0, 'Hi'), msg(5, 'Checkout fails since noon, is this an outage?')] });
    expect(p.score(fromCustomer, ctx).reasons[0]?.detail).toBe('severity urgent (keyword "outage")');
    const fromAgent = thread({ messages: [msg(0, 'Hi'), msg(5, 'There is no outage on our side', { from: 'agent' })] });
    expect(p.score(fromAgent, ctx).score).toBe(10);
  });

  it('applies custom keyword rules: whole words for strings, RegExp as given (a g flag does not leak state)', () => {
    const p = severityPolicy({
      tags: {},
      keywords: [
        { match: 'chargeback', level: 'high' },
        { match: /refund(ed)?/g, level: 'high' },
      ],
    });
    expect(p.score(thread({ messages: [msg(0, 'I filed a chargeback')] }), ctx).score).toBe(30);
    expect(p.score(thread({ messages: [msg(0, 'chargebacks are annoying')] }), ctx).score).toBe(10);
    const refund = thread({ messages: [msg(0, 'please, refunded twice?')] });
    expect([1, 2, 3].map(() => p.score(refund, ctx).score)).toEqual([30, 30, 30]);
    expect(p.score(thread({ tags: ['outage'] }), ctx).score).toBe(10);
  });

  it('takes the highest signal: keywords never lower an urgent thread', () => {
    const p = severityPolicy({ keywords: [{ match: 'question', level: 'low' }] });
    expect(p.score(thread({ severity: 'urgent', messages: [msg(0, 'a question')] }), ctx).score).toBe(60);
  });

  it('rejects points that fall from low to urgent', () => {
    expect(() => severityPolicy({ points: { high: 5 } })).toThrow(/must not decrease/);
    expect(() => severityPolicy({ defaultLevel: 'critical' as never })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
