import { describe, expect, it } from 'vitest';
import { weightedPriority } from '../../../src/policies/priority/weighted.js';
import { defaultPriorityPolicy } from '../../../src/policies/priority/default.js';
import { waitingTimePolicy } from '../../../src/policies/priority/aging.js';
import { severityPolicy } from '../../../src/policies/priority/severity.js';
import { sentimentPolicy } from '../../../src/policies/priority/sentiment.js';
import type { PriorityPolicy } from '../../../src/policies/priority/types.js';
import { MIN, T0, customer, msg, pointsOf, thread } from './helpers.js';

const unkeyed: PriorityPolicy = { name: 'plain', score: () => ({ score: 1, reasons: [{ factor: 'plain', points: 1, detail: 'one' }] }) };

describe('weightedPriority', () => {
  it('sums weighted parts and weights the reasons so they still add up', () => {
    const p = weightedPriority({ policies: [{ policy: severityPolicy(), weight: 2 }, { policy: waitingTimePolicy() }] });
    const r = p.score(thread({ severity: 'high' }), { now: T0 + 40 * MIN });
    expect(r.score).toBe(2 * 30 + 10);
    expect(r.reasons.map((x) => [x.factor, x.points])).toEqual([['severity', 60], ['aging', 10]]);
  });

  it('caps a part and says so in a reason', () => {
    const p = weightedPriority({ policies: [{ policy: sentimentPolicy({ scorer: () => -1 }), cap: 25 }] });
    const r = p.score(thread(), { now: T0 });
    expect(r.score).toBe(25);
    expect(r.reasons.at(-1)).toEqual({ factor: 'cap', points: -15, detail: 'sentiment capped at 25 (was 40)' });
    expect(pointsOf(r)).toBe(25);
    expect(p.orderingKey?.(thread(), { now: T0 })).toBe(25);
  });

  it('has an additive key and drift only when every part has a key', () => {
    const keyed = weightedPriority({ policies: [{ policy: severityPolicy(), weight: 2 }, { policy: waitingTimePolicy(), weight: 3 }] });
    expect(keyed.drift).toBe(0.75);
    const t = thread({ severity: 'urgent' });
    const now = T0 + 33 * MIN;
    expect(keyed.orderingKey!(t, { now })).toBeCloseTo(2 * 60 + (3 * -0.25 * T0) / MIN, 6);
    expect(keyed.orderingKey!(t, { now })! + (0.75 * now) / MIN).toBeCloseTo(keyed.score(t, { now }).score, 6);
    expect(weightedPriority({ policies: [{ policy: severityPolicy() }, { policy: unkeyed }] }).orderingKey).toBeUndefined();
  });

  it('drops the key when a part that drifts is capped (a cap would bend the line)', () => {
    const p = weightedPriority({ policies: [{ policy: waitingTimePolicy(), cap: 50 }] });
    expect(p.orderingKey).toBeUndefined();
    expect(p.score(thread(), { now: T0 + 1000 * MIN }).score).toBe(50);
  });

  it('returns an undefined key for a thread a part cannot key', () => {
    const p = weightedPriority({ policies: [{ policy: severityPolicy() }, { policy: waitingTimePolicy() }] });
    expect(p.orderingKey!(thread({ awaitingReplySince: undefined }), { now: T0 })).toBeUndefined();
  });

  it('validates its parts', () => {
    expect(() => weightedPriority({ policies: [] })).toThrow(/at least one/);
    expect(() => weightedPriority({ policies: [{ policy: {} as PriorityPolicy }] })).toThrow(/priority policy/);
    expect(() => weightedPriority({ policies: [{ policy: unkeyed, weight: -1 }] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => weightedPriority({ policies: [{ policy: unkeyed, weight: 0 }] })).toThrow(/weight > 0/);
  });
});

describe('defaultPriorityPolicy', () => {
  const p = defaultPriorityPolicy();
  const now = T0 + 10 * MIN;

  it('explains every factor and its reasons add up to the score', () => {
    const r = p.score(thread({ channel: 'chat', tags: ['escalated'] }), { now, customer: customer({ tier: 'gold' }), sla: { breached: false, nextDeadline: now + 20 * MIN } });
    expect(r.reasons.map((x) => x.factor)).toEqual(['override', 'severity', 'deadline', 'tier', 'channel', 'sentiment', 'aging']);
    expect(pointsOf(r)).toBeCloseTo(r.score, 9);
    expect(p.orderingKey).toBeDefined();
    expect(p.drift).toBe(0.75);
  });

  it('answers the right thing first in a realistic inbox', () => {
    const ctx = (sla?: { nextDeadline?: number; breached: boolean }, tier?: string) => ({ now, ...(sla ? { sla } : {}), ...(tier ? { customer: customer({ tier }) } : {}) });
    const inbox = {
      newsletterReply: p.score(thread({ messages: [msg(9, 'Thanks, great newsletter!')], awaitingReplySince: T0 + 9 * MIN }), ctx()),
      angryChat: p.score(
        thread({ channel: 'chat', messages: [msg(0, 'My order is late'), msg(8, 'This is unacceptable, I am very angry')] }),
        ctx({ breached: false, nextDeadline: now + 2 * MIN }),
      ),
      outageEmail: p.score(thread({ messages: [msg(0, 'Production is down, outage!')] }), ctx(undefined, 'platinum')),
      breachedEmail: p.score(thread(), ctx({ breached: true, nextDeadline: now + 60 * MIN })),
    };
    const order = Object.entries(inbox).sort((a, b) => b[1].score - a[1].score).map(([k]) => k);
    expect(order).toEqual(['breachedEmail', 'angryChat', 'outageEmail', 'newsletterReply']);
  });

  it('takes options per part and weights, and rejects unknown keys', () => {
    const noSentiment = defaultPriorityPolicy({ weights: { sentiment: 0 }, tier: { tiers: { pro: 99 } } });
    const r = noSentiment.score(thread(), { now, customer: customer({ tier: 'pro' }) });
    expect(r.reasons.map((x) => x.factor)).not.toContain('sentiment');
    expect(r.reasons.find((x) => x.factor === 'tier')?.points).toBe(99);
    expect(() => defaultPriorityPolicy({ sentimnet: {} } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => defaultPriorityPolicy({ aging: { perMinute: -2 } })).toThrow(/waitingTimePolicy/);
  });
});
