import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../src/policies/metrics/index.js';
import type { Thread } from '../../../src/threading/types.js';
import { HOUR, MIN, agentReply, call, thread } from './threads.js';

const NOW = 500 * HOUR;
const total = (threads: Thread[]) => computeMetrics(threads, { now: NOW }).total;

describe('resolution time', () => {
  it('runs from creation to when the thread last became resolved or closed; live threads are not measured', () => {
    const resolvedThenClosed = thread({ id: 'a', steps: [{ at: 0, kind: 'in' }, { at: 2 * HOUR, kind: 'status', status: 'resolved' }, { at: 9 * HOUR, kind: 'status', status: 'closed' }] });
    const reopenedAndResolved = thread(
      { id: 'b', steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'status', status: 'resolved' }, { at: 3 * HOUR, kind: 'status', status: 'open' }, { at: 4 * HOUR, kind: 'status', status: 'resolved' }] },
      { reopens: 1 },
    );
    const closedFromOpen = thread({ id: 'c', steps: [{ at: 0, kind: 'in' }, { at: 6 * HOUR, kind: 'status', status: 'closed' }] });
    const reopenedAndOpen = thread({ id: 'd', steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'status', status: 'resolved' }, { at: 2 * HOUR, kind: 'in' }, { at: 2 * HOUR, kind: 'status', status: 'open' }] }, { reopens: 1 });
    const m = total([resolvedThenClosed, reopenedAndResolved, closedFromOpen, reopenedAndOpen]);
    expect(m.resolution).toMatchObject({ count: 3, meanMs: 4 * HOUR, medianMs: 4 * HOUR, p90Ms: 6 * HOUR });
  });
});

describe('handle time', () => {
  it('is the time spent open before the resolution: pending and snoozed do not count', () => {
    const t = thread({
      steps: [
        { at: 0, kind: 'in' },
        { at: HOUR, kind: 'status', status: 'pending' },
        { at: 5 * HOUR, kind: 'in' },
        { at: 5 * HOUR, kind: 'status', status: 'open' },
        { at: 6 * HOUR, kind: 'status', status: 'snoozed' },
        { at: 8 * HOUR, kind: 'status', status: 'open' },
        { at: 8 * HOUR + 30 * MIN, kind: 'status', status: 'resolved' },
      ],
    });
    const m = total([t]);
    expect(m.handleTime).toMatchObject({ count: 1, meanMs: 2 * HOUR + 30 * MIN });
    expect(m.resolution.meanMs).toBe(8 * HOUR + 30 * MIN);
  });

  it('only for resolved or closed threads', () => {
    expect(total([thread({ steps: [{ at: 0, kind: 'in' }] })]).handleTime).toMatchObject({ count: 0, meanMs: null, medianMs: null, p90Ms: null });
  });
});

describe('transfers and reopens', () => {
  it('sums the fold counters; the reopen rate is over threads resolved at least once', () => {
    const resolved = [{ at: 0, kind: 'in' as const }, { at: HOUR, kind: 'status' as const, status: 'resolved' as const }];
    const m = total([
      thread({ id: 'a', steps: resolved }, { transfers: 2 }),
      thread({ id: 'b', steps: [...resolved, { at: 2 * HOUR, kind: 'status', status: 'open' }] }, { transfers: 1, reopens: 1 }),
      thread({ id: 'c', steps: [{ at: 0, kind: 'in' }] }),
      thread({ id: 'd', steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'status', status: 'closed' }] }),
    ]);
    expect(m.transfers).toEqual({ total: 3, perThread: 0.75 });
    expect(m.reopenRate).toBe(0.5);
  });

  it('no resolved thread: the reopen rate is null, not zero', () => {
    expect(total([thread({ steps: [{ at: 0, kind: 'in' }] })]).reopenRate).toBeNull();
  });
});

describe('first-contact resolution (one touch)', () => {
  const done = { at: 2 * HOUR, kind: 'status', status: 'resolved' } as const;
  it('resolved with exactly one agent touch, never reopened or transferred', () => {
    const cases: Thread[] = [
      thread({ id: 'one-touch', steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'agent' }, done] }),
      thread({ id: 'bot-and-agent', steps: [{ at: 0, kind: 'in' }, { at: MIN, kind: 'bot' }, { at: HOUR, kind: 'agent' }, done] }),
      thread({ id: 'answered-call', steps: [done] }, { more: [call('c1', 0, 'answered')], createdAt: 0 }),
      thread({ id: 'two-touches', steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'agent' }, { at: HOUR + MIN, kind: 'agent' }, done] }),
      thread({ id: 'bot-only', steps: [{ at: 0, kind: 'in' }, { at: MIN, kind: 'bot' }, done] }),
      thread({ id: 'transferred', steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'agent' }, done] }, { transfers: 1 }),
      thread({ id: 'reopened', steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'agent' }, done] }, { reopens: 1 }),
      // Not eligible: still open; or resolved without the customer ever writing.
      thread({ id: 'open', steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'agent' }] }),
      thread({ id: 'outreach', createdAt: 0, steps: [{ at: 0, kind: 'agent' }, done] }),
    ];
    expect(total(cases).firstContactResolution).toEqual({ rate: 3 / 7, resolved: 3, eligible: 7 });
  });

  it('counts agent replies whoever wrote them', () => {
    const t = thread({ steps: [{ at: 0, kind: 'in' }, done] }, { more: [agentReply('r1', HOUR, 'a1'), agentReply('r2', HOUR + MIN, 'a2')] });
    expect(total([t]).firstContactResolution).toEqual({ rate: 0, resolved: 0, eligible: 1 });
  });
});
