import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/policies/calendar/index.js';
import { defineSlaPolicy, evaluateSla } from '../../../src/policies/sla/index.js';
import { HOUR, MIN, buildThread } from './thread-builder.js';

// Berlin is UTC+1 in early March 2026 (summer time starts on the 29th). 2026-03-06 is a Friday.
const weekdays: [string, string][] = [['09:00', '17:00']];
const spec = {
  timeZone: 'Europe/Berlin',
  week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
};
const office = createCalendar(spec);
const officeWithHoliday = createCalendar({ ...spec, holidays: ['2026-03-09'] });
const at = (iso: string) => Date.parse(iso);

const fridayLate = at('2026-03-06T16:30:00+01:00');

describe('business-hours deadlines', () => {
  it('carries the remaining target over the weekend', () => {
    const policy = defineSlaPolicy({ default: { firstResponse: HOUR }, calendar: office });
    const thread = buildThread({ steps: [{ at: fridayLate, kind: 'in' }] });
    const r = evaluateSla(thread, { now: at('2026-03-09T09:00:00+01:00'), policy });
    expect(r.firstResponse?.dueAt).toBe(at('2026-03-09T09:30:00+01:00'));
    expect(r.firstResponse?.businessElapsedMs).toBe(30 * MIN);
    expect(r.firstResponse?.rawElapsedMs).toBe(64.5 * HOUR);
    expect(r.firstResponse?.status).toBe('active');
  });

  it('is due at closing time when the target ends exactly there', () => {
    const policy = defineSlaPolicy({ default: { firstResponse: 30 * MIN }, calendar: office });
    const thread = buildThread({ steps: [{ at: fridayLate, kind: 'in' }] });
    expect(evaluateSla(thread, { now: fridayLate, policy }).firstResponse?.dueAt).toBe(at('2026-03-06T17:00:00+01:00'));
  });

  it('skips a holiday', () => {
    const policy = defineSlaPolicy({ default: { firstResponse: HOUR }, calendar: officeWithHoliday });
    const thread = buildThread({ steps: [{ at: fridayLate, kind: 'in' }, { at: at('2026-03-10T09:20:00+01:00'), kind: 'agent' }] });
    const r = evaluateSla(thread, { now: at('2026-03-11T12:00:00+01:00'), policy });
    expect(r.firstResponse).toMatchObject({ dueAt: at('2026-03-10T09:30:00+01:00'), status: 'hit', businessElapsedMs: 50 * MIN });
  });

  it('counts neither closed hours nor paused time, and reports raw time beside it', () => {
    const policy = defineSlaPolicy({ default: { firstResponse: 2 * HOUR }, calendar: office });
    const thread = buildThread({
      steps: [
        { at: fridayLate, kind: 'in' },
        // pending over Monday morning: 09:00–10:00 does not count either
        { at: at('2026-03-08T12:00:00+01:00'), kind: 'status', status: 'pending' },
        { at: at('2026-03-09T10:00:00+01:00'), kind: 'status', status: 'open' },
      ],
    });
    const r = evaluateSla(thread, { now: at('2026-03-09T11:00:00+01:00'), policy });
    expect(r.firstResponse).toMatchObject({ dueAt: at('2026-03-09T11:30:00+01:00'), businessElapsedMs: 90 * MIN });
  });

  it('uses the calendar of the matching rule over the policy calendar', () => {
    const policy = defineSlaPolicy({
      default: { firstResponse: HOUR },
      calendar: office,
      rules: [{ name: 'urgent around the clock', when: { priority: ['urgent'] }, targets: { firstResponse: HOUR }, calendar: createCalendar({ timeZone: 'UTC', week: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']], fri: [['00:00', '24:00']], sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] } }) }],
    });
    const thread = buildThread({ priorityOverride: 'urgent', steps: [{ at: fridayLate, kind: 'in' }] });
    expect(evaluateSla(thread, { now: fridayLate, policy }).firstResponse?.dueAt).toBe(fridayLate + HOUR);
  });
});
