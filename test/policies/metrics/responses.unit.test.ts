import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/policies/calendar/index.js';
import { computeMetrics } from '../../../src/policies/metrics/index.js';
import type { Thread } from '../../../src/threading/types.js';
import { HOUR, MIN, call, thread } from './threads.js';

const NOW = 100 * HOUR;
const total = (threads: Thread[], options: Parameters<typeof computeMetrics>[1] = { now: NOW }) => computeMetrics(threads, options).total;

describe('first response', () => {
  it('runs from the first customer message to the first reply; a bot reply counts, but not for the human variant', () => {
    const t = thread({ steps: [{ at: 0, kind: 'in' }, { at: 2 * MIN, kind: 'bot' }, { at: 5 * MIN, kind: 'in' }, { at: 20 * MIN, kind: 'agent' }] });
    const m = total([t]);
    expect(m.firstResponse).toMatchObject({ count: 1, meanMs: 2 * MIN, medianMs: 2 * MIN, p90Ms: 2 * MIN });
    expect(m.firstHumanResponse).toMatchObject({ count: 1, meanMs: 20 * MIN });
  });

  it('agrees with the fold: an outreach message before the customer wrote answers nobody', () => {
    const t = thread({ createdAt: 0, steps: [{ at: 0, kind: 'agent' }, { at: 30 * MIN, kind: 'in' }, { at: 45 * MIN, kind: 'agent' }] });
    expect(total([t]).firstResponse).toMatchObject({ count: 1, meanMs: 15 * MIN });
  });

  it('is not measured while nobody has replied, and is the first reply even after a resolution', () => {
    const waiting = thread({ id: 'w', steps: [{ at: 0, kind: 'in' }] });
    const late = thread({ id: 'l', steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'status', status: 'resolved' }, { at: 3 * HOUR, kind: 'agent' }] });
    expect(total([waiting, late]).firstResponse).toMatchObject({ count: 1, meanMs: 3 * HOUR });
  });

  it('a call answered live is a response at once; a missed call waits for the callback', () => {
    const answered = thread({ id: 'a', steps: [] }, { more: [call('c1', HOUR, 'answered')], createdAt: HOUR });
    const missed = thread({ id: 'm', steps: [{ at: 2 * HOUR + 10 * MIN, kind: 'agent' }] }, { more: [call('c1', 2 * HOUR, 'missed')], createdAt: 2 * HOUR });
    const m = total([answered, missed]);
    expect(m.firstResponse).toMatchObject({ count: 2, meanMs: 5 * MIN, medianMs: 5 * MIN, p90Ms: 10 * MIN });
    expect(m.firstHumanResponse.count).toBe(2);
  });

  it('counts only working time in the business figures', () => {
    // Mon 2026-11-02 16:30 UTC → Tue 09:30 UTC: 17 h raw, 1 h of a 09:00–17:00 day.
    const mon1630 = Date.UTC(2026, 10, 2, 16, 30);
    const t = thread({ steps: [{ at: mon1630, kind: 'in' }, { at: mon1630 + 17 * HOUR, kind: 'agent' }] });
    const day: [string, string][] = [['09:00', '17:00']];
    const calendar = createCalendar({ timeZone: 'UTC', week: { mon: day, tue: day, wed: day, thu: day, fri: day } });
    expect(total([t], { now: mon1630 + 20 * HOUR, calendar }).firstResponse).toMatchObject({ meanMs: 17 * HOUR, businessMeanMs: HOUR, businessMedianMs: HOUR, businessP90Ms: HOUR });
    expect(total([t], { now: mon1630 + 20 * HOUR }).firstResponse.businessMeanMs).toBe(17 * HOUR);
  });
});

describe('next response', () => {
  it('one sample per later cycle, from the oldest unanswered customer message', () => {
    const t = thread({
      steps: [
        { at: 0, kind: 'in' },
        { at: 10 * MIN, kind: 'agent' },
        { at: HOUR, kind: 'in' },
        { at: HOUR + 30 * MIN, kind: 'in' },
        { at: 2 * HOUR, kind: 'bot' },
        { at: 2 * HOUR + 5 * MIN, kind: 'agent' },
        { at: 3 * HOUR, kind: 'in' },
        { at: 3 * HOUR + 20 * MIN, kind: 'agent' },
      ],
    });
    // Cycles: 1h → 2h (bot) = 60 min; 3h → 3h20 = 20 min. The agent at 2h05 answers nobody.
    expect(total([t]).nextResponse).toMatchObject({ count: 2, meanMs: 40 * MIN, medianMs: 40 * MIN, p90Ms: 60 * MIN });
  });

  it('a resolution ends a waiting cycle unmeasured; a reply at that very instant still counts', () => {
    const t = thread({
      steps: [
        { at: 0, kind: 'in' },
        { at: 5 * MIN, kind: 'agent' },
        { at: HOUR, kind: 'in' }, // "thanks!"
        { at: 2 * HOUR, kind: 'status', status: 'resolved' },
        { at: 50 * HOUR, kind: 'in' }, // days later: a new cycle, and the fold reopens the thread
        { at: 50 * HOUR, kind: 'status', status: 'open' },
        { at: 50 * HOUR + 15 * MIN, kind: 'agent' },
        { at: 60 * HOUR, kind: 'in' },
        { at: 61 * HOUR, kind: 'status', status: 'closed' },
        { at: 61 * HOUR, kind: 'agent' },
      ],
    });
    expect(total([t]).nextResponse).toMatchObject({ count: 2, meanMs: (15 * MIN + HOUR) / 2 });
  });

  it('a thread resolved the instant it was split off had its waiting cycle ended by that resolution', () => {
    // A split thread is created at the split, holding older messages; born open, resolved at once.
    const base = thread({ steps: [{ at: 0, kind: 'in' }, { at: MIN, kind: 'agent' }, { at: 2 * HOUR, kind: 'in' }, { at: 5 * HOUR, kind: 'agent' }] });
    const split = { ...base, createdAt: 3 * HOUR, statusHistory: [{ status: 'open' as const, at: 3 * HOUR, eventId: 'split' }, { status: 'resolved' as const, at: 3 * HOUR, eventId: 'r' }] };
    expect(total([split]).nextResponse.count).toBe(0);
    expect(total([{ ...split, statusHistory: [] }]).nextResponse).toMatchObject({ count: 1, meanMs: 3 * HOUR });
  });

  it('a call answered live answers a waiting cycle but never starts one', () => {
    const t = thread({ steps: [{ at: 0, kind: 'in' }, { at: MIN, kind: 'agent' }, { at: HOUR, kind: 'in' }] }, { more: [call('c1', 2 * HOUR, 'answered'), call('c2', 5 * HOUR, 'answered')] });
    expect(total([t]).nextResponse).toMatchObject({ count: 1, meanMs: HOUR });
  });
});
