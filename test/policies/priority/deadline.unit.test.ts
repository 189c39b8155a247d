import { describe, expect, it } from 'vitest';
import { serviceLevelPolicy } from '../../../src/policies/priority/deadline.js';
import { MIN, T0, thread } from './helpers.js';

describe('serviceLevelPolicy', () => {
  const p = serviceLevelPolicy();
  const now = T0 + 10 * MIN;
  const due = (minutes: number, breached = false) => ({ now, sla: { nextDeadline: now + minutes * MIN, breached } });

  it('puts the earliest deadline first', () => {
    const t = thread();
    const soon = p.score(t, due(5)).score;
    const later = p.score(t, due(120)).score;
    const tomorrow = p.score(t, due(26 * 60)).score;
    expect(soon).toBeGreaterThan(later);
    expect(later).toBeGreaterThan(tomorrow);
    expect(soon - later).toBeCloseTo(0.5 * 115, 6);
  });

  it('explains: due in, overdue by, and a breach on top', () => {
    const t = thread();
    expect(p.score(t, due(5)).reasons).toEqual([
      { factor: 'deadline', points: 0.5 * (1440 - 5), detail: 'next deadline due in 5 min (0.5/min)', value: 5 },
    ]);
    const late = p.score(t, due(-30, true));
    expect(late.reasons.map((r) => r.factor)).toEqual(['sla-breached', 'deadline']);
    expect(late.reasons[1]?.detail).toBe('next deadline overdue by 30 min (0.5/min)');
    expect(late.score).toBeCloseTo(300 + 0.5 * (1440 + 30), 6);
  });

  it('ranks a breached thread above one merely close to its deadline', () => {
    const t = thread();
    expect(p.score(t, { now, sla: { breached: true, nextDeadline: now + 8 * 60 * MIN } }).score).toBeGreaterThan(p.score(t, due(1)).score);
  });

  it('assumes a waiting thread without a deadline is due a horizon after it started waiting', () => {
    const t = thread({ awaitingReplySince: T0 });
    const r = p.score(t, { now });
    expect(r.score).toBeCloseTo(0.5 * 10, 6);
    expect(r.reasons[0]?.detail).toBe('no deadline; assumed due in 23 h 50 min (0.5/min)');
    expect(serviceLevelPolicy({ assumeDeadline: false }).score(t, { now }).score).toBe(0);
    expect(serviceLevelPolicy({ assumeDeadline: false }).orderingKey?.(t, { now })).toBeUndefined();
  });

  it('scores 0 with no key for a thread with no deadline and nobody waiting', () => {
    const t = thread({ awaitingReplySince: undefined });
    expect(p.score(t, { now })).toEqual({ score: 0, reasons: [{ factor: 'deadline', points: 0, detail: 'no service-level deadline running' }] });
    expect(p.orderingKey?.(t, { now })).toBeUndefined();
  });

  it('has a fixed key: the deadline, and never changes order as time passes', () => {
    const t = thread();
    const a = due(30);
    const b = { now, sla: { nextDeadline: now + 90 * MIN, breached: true } };
    for (const later of [0, 60, 600, 6000]) {
      const at = (c: typeof a) => ({ ...c, now: now + later * MIN });
      expect(p.orderingKey!(t, at(a))).toBe(p.orderingKey!(t, a));
      const keyOrder = Math.sign(p.orderingKey!(t, a)! - p.orderingKey!(t, b)!);
      expect(Math.sign(p.score(t, at(a)).score - p.score(t, at(b)).score)).toBe(keyOrder);
    }
  });
});
