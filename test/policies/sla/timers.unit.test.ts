import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/policies/calendar/index.js';
import { allSlaEvents, defineSlaPolicy, dueSlaEvents, evaluateSla, slaTimers } from '../../../src/policies/sla/index.js';
import { HOUR, MIN, buildThread } from './thread-builder.js';

const policy = defineSlaPolicy({
  default: { firstResponse: 30 * MIN, nextResponse: HOUR, resolution: 4 * HOUR },
  warnBeforeMs: 10 * MIN,
});

describe('slaTimers', () => {
  it('lists the warnings and breaches still to come, soonest first', () => {
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }] });
    const timers = slaTimers(thread, { now: 5 * MIN, policy });
    expect(timers.map((t) => [t.kind, t.id, t.at])).toEqual([
      ['warning', 't1:firstResponse:0:warning', 20 * MIN],
      ['breach', 't1:firstResponse:0', 30 * MIN],
      ['warning', 't1:resolution:0:warning', 4 * HOUR - 10 * MIN],
      ['breach', 't1:resolution:0', 4 * HOUR],
    ]);
    expect(timers[1]).toMatchObject({ missId: 't1:firstResponse:0', metric: 'firstResponse', dueAt: 30 * MIN, threadId: 't1' });
    expect(slaTimers(thread, { now: 30 * MIN, policy }).map((t) => t.kind)).toEqual(['warning', 'breach']);
  });

  it('drops what a reply has made moot: no warning, no breach after an answer', () => {
    const early = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 15 * MIN, kind: 'agent' }, { at: HOUR, kind: 'status', status: 'resolved' }] });
    expect(allSlaEvents(early, { policy })).toEqual([]);
    const between = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 25 * MIN, kind: 'agent' }, { at: HOUR, kind: 'status', status: 'resolved' }] });
    expect(allSlaEvents(between, { policy }).map((e) => e.id)).toEqual(['t1:firstResponse:0:warning']);
  });

  it('moves the timers while paused and resumes them from the status history', () => {
    const thread = buildThread({
      steps: [
        { at: 0, kind: 'in' },
        { at: 10 * MIN, kind: 'status', status: 'pending' },
        { at: HOUR, kind: 'status', status: 'open' },
      ],
    });
    const fr = slaTimers(thread, { now: 0, policy }).filter((t) => t.kind !== 'followUp' && t.metric === 'firstResponse');
    expect(fr.map((t) => t.at)).toEqual([HOUR + 10 * MIN, HOUR + 20 * MIN]);
  });

  it('sends no warning when the lead time is not shorter than the target', () => {
    const long = defineSlaPolicy({ default: { firstResponse: 10 * MIN }, warnBeforeMs: 10 * MIN });
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }] });
    expect(allSlaEvents(thread, { policy: long }).map((e) => e.kind)).toEqual(['breach']);
  });

  it('places warnings in business time, like the deadline', () => {
    const cal = createCalendar({ timeZone: 'UTC', week: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] } });
    const p = defineSlaPolicy({ default: { firstResponse: HOUR }, warnBeforeMs: 30 * MIN, calendar: cal });
    const mondayEvening = Date.parse('2026-03-02T16:45:00Z');
    const thread = buildThread({ steps: [{ at: mondayEvening, kind: 'in' }] });
    expect(allSlaEvents(thread, { policy: p }).map((e) => [e.kind, new Date(e.at).toISOString()])).toEqual([
      ['warning', '2026-03-03T09:15:00.000Z'],
      ['breach', '2026-03-03T09:45:00.000Z'],
    ]);
  });
});

describe('dueSlaEvents', () => {
  const thread = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 2 * HOUR, kind: 'in' }] });

  it('returns exactly the events in (from, to]', () => {
    expect(dueSlaEvents(thread, 0, 20 * MIN, { policy }).map((e) => e.id)).toEqual(['t1:firstResponse:0:warning']);
    expect(dueSlaEvents(thread, 20 * MIN, 30 * MIN, { policy }).map((e) => e.id)).toEqual(['t1:firstResponse:0']);
    expect(dueSlaEvents(thread, 30 * MIN, HOUR, { policy })).toEqual([]);
    expect(dueSlaEvents(thread, HOUR, 0, { policy })).toEqual([]);
  });

  it('emits one breach per miss that evaluateSla reports', () => {
    const now = 10 * HOUR;
    const breaches = dueSlaEvents(thread, Number.NEGATIVE_INFINITY, now, { policy }).filter((e) => e.kind === 'breach');
    expect(breaches.map((e) => e.id)).toEqual(evaluateSla(thread, { now, policy }).misses.map((m) => m.id));
    expect(breaches).toHaveLength(2);
  });

  it('rejects non-finite bounds with the typed error', () => {
    expect(() => dueSlaEvents(thread, 0, Number.NaN, { policy })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('follow-ups', () => {
  const withFollowUp = defineSlaPolicy({ default: {}, followUp: { afterMs: 24 * HOUR } });

  it('fires a business-time interval after each resolution', () => {
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: HOUR, kind: 'agent' }, { at: 2 * HOUR, kind: 'status', status: 'resolved' }] });
    expect(allSlaEvents(thread, { policy: withFollowUp })).toEqual([
      { kind: 'followUp', id: 't1:followUp:7200000', threadId: 't1', resolvedAt: 2 * HOUR, at: 26 * HOUR },
    ]);
  });

  it('is cancelled by a customer message or a reopen before it is due, but survives closing', () => {
    const answered = buildThread({
      steps: [{ at: 0, kind: 'in' }, { at: 2 * HOUR, kind: 'status', status: 'resolved' }, { at: 5 * HOUR, kind: 'in' }],
    });
    expect(allSlaEvents(answered, { policy: withFollowUp })).toEqual([]);
    const reopened = buildThread({
      steps: [{ at: 0, kind: 'in' }, { at: 2 * HOUR, kind: 'status', status: 'resolved' }, { at: 3 * HOUR, kind: 'status', status: 'open' }],
    });
    expect(allSlaEvents(reopened, { policy: withFollowUp })).toEqual([]);
    const closed = buildThread({
      steps: [{ at: 0, kind: 'in' }, { at: 2 * HOUR, kind: 'status', status: 'resolved' }, { at: 3 * HOUR, kind: 'status', status: 'closed' }],
    });
    expect(allSlaEvents(closed, { policy: withFollowUp }).map((e) => e.kind)).toEqual(['followUp']);
    const lateReply = buildThread({
      steps: [{ at: 0, kind: 'in' }, { at: 2 * HOUR, kind: 'status', status: 'resolved' }, { at: 30 * HOUR, kind: 'in' }],
    });
    expect(allSlaEvents(lateReply, { policy: withFollowUp }).map((e) => e.at)).toEqual([26 * HOUR]);
  });
});
