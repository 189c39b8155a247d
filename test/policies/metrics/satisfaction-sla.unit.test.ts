import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../src/identity/types.js';
import { computeMetrics } from '../../../src/policies/metrics/index.js';
import { defineSlaPolicy } from '../../../src/policies/sla/index.js';
import { customer } from '../sla/thread-builder.js';
import { HOUR, MIN, thread } from './threads.js';

const NOW = 100 * HOUR;

describe('CSAT, CES, NPS', () => {
  it('averages every answer on its scale; answers off the scale are left out', () => {
    const a = thread({ id: 'a', steps: [{ at: 0, kind: 'in' }] }, { surveys: [{ survey: 'csat', score: 5 }, { survey: 'csat', score: 2 }, { survey: 'nps', score: 10 }, { survey: 'ces', score: 7 }] });
    const b = thread(
      { id: 'b', steps: [{ at: 0, kind: 'in' }] },
      { surveys: [{ survey: 'csat', score: 4 }, { survey: 'csat', score: 9 }, { survey: 'csat', score: 0 }, { survey: 'nps', score: 8 }, { survey: 'nps', score: 3 }, { survey: 'nps', score: 9 }, { survey: 'ces', score: 2 }, { survey: 'ces', score: 8 }] },
    );
    const m = computeMetrics([a, b], { now: NOW }).total;
    expect(m.csat).toEqual({ count: 3, mean: 11 / 3, satisfiedRate: 2 / 3 });
    expect(m.ces).toEqual({ count: 2, mean: 4.5 });
    // 2 promoters, 1 passive, 1 detractor of 4: 50% − 25%.
    expect(m.nps).toEqual({ count: 4, score: 25 });
  });

  it('no answers: counts zero, figures null', () => {
    const m = computeMetrics([thread({ steps: [{ at: 0, kind: 'in' }] })], { now: NOW }).total;
    expect(m.csat).toEqual({ count: 0, mean: null, satisfiedRate: null });
    expect(m.ces).toEqual({ count: 0, mean: null });
    expect(m.nps).toEqual({ count: 0, score: null });
  });

  it('NPS of all detractors is −100', () => {
    const t = thread({ steps: [{ at: 0, kind: 'in' }] }, { surveys: [{ survey: 'nps', score: 0 }, { survey: 'nps', score: 6 }] });
    expect(computeMetrics([t], { now: NOW }).total.nps.score).toBe(-100);
  });
});

describe('SLA hit rate', () => {
  const policy = defineSlaPolicy({ default: { firstResponse: 30 * MIN, resolution: 10 * HOUR } });

  it('met clocks / finished clocks, judged at now; running and paused clocks are active', () => {
    const met = thread({ id: 'met', steps: [{ at: 0, kind: 'in' }, { at: 10 * MIN, kind: 'agent' }, { at: HOUR, kind: 'status', status: 'resolved' }] });
    const late = thread({ id: 'late', steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'agent' }] });
    const waiting = thread({ id: 'waiting', steps: [{ at: 4 * HOUR, kind: 'in' }, { at: 4 * HOUR + MIN, kind: 'agent' }, { at: 5 * HOUR, kind: 'status', status: 'pending' }] });
    const m = computeMetrics([met, late, waiting], { now: 6 * HOUR, sla: policy }).total;
    // met: 2 hits. late: first response missed, resolution active. waiting: 1 hit, resolution paused.
    expect(m.sla).toEqual({ hitRate: 3 / 4, hits: 3, misses: 1, active: 2 });
    expect(computeMetrics([met, late, waiting], { now: 20 * HOUR, sla: policy }).total.sla).toEqual({ hitRate: 3 / 5, hits: 3, misses: 2, active: 1 });
  });

  it('uses customerOf and priorityOf to pick the rule', () => {
    const tiered = defineSlaPolicy({
      default: { firstResponse: HOUR },
      rules: [
        { name: 'gold', when: { tier: ['gold'] }, targets: { firstResponse: 5 * MIN } },
        { name: 'urgent', when: { priority: ['urgent'] }, targets: { firstResponse: MIN } },
      ],
    });
    const t = thread({ steps: [{ at: 0, kind: 'in' }, { at: 10 * MIN, kind: 'agent' }] });
    const gold: Customer = customer({ tier: 'gold' });
    expect(computeMetrics([t], { now: NOW, sla: tiered }).total.sla.hits).toBe(1);
    expect(computeMetrics([t], { now: NOW, sla: tiered, customerOf: (id) => (id === 'c1' ? gold : undefined) }).total.sla.misses).toBe(1);
    expect(computeMetrics([t], { now: NOW, sla: tiered, priorityOf: () => 'urgent' }).total.sla.misses).toBe(1);
  });

  it('without a policy the block is empty', () => {
    const t = thread({ steps: [{ at: 0, kind: 'in' }] });
    expect(computeMetrics([t], { now: NOW }).total.sla).toEqual({ hitRate: null, hits: 0, misses: 0, active: 0 });
  });
});
