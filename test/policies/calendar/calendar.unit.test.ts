import { describe, expect, it } from 'vitest';
import { isOmnithreadError } from '../../../src/errors.js';
import {
  ALWAYS_OPEN,
  type BusinessCalendar,
  type CalendarSpec,
  type LocalInterval,
  addBusinessTime,
  businessTimeBetween,
  createCalendar,
  isOpen,
  nextOpening,
  workingIntervals,
} from '../../../src/policies/calendar/index.js';

const H = 3_600_000;
const M = 60_000;
const at = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad test date ${iso}`);
  return t;
};
const NINE_TO_FIVE: readonly LocalInterval[] = [['09:00', '17:00']];
const weekdays = (intervals: readonly LocalInterval[]) => ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals });
const spans = (cal: BusinessCalendar, from: string, to: string) =>
  [...workingIntervals(cal, at(from), at(to))].map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()]);
const oneDay = (timeZone: string, intervals: readonly LocalInterval[]) => createCalendar({ timeZone, week: { sun: intervals } });

function invalidPaths(spec: unknown): string[] {
  try {
    createCalendar(spec as CalendarSpec);
  } catch (e) {
    if (!isOmnithreadError(e, 'INVALID_ARGUMENT')) throw e;
    return e.issues.map((i) => i.path.join('.'));
  }
  throw new Error('expected createCalendar to throw');
}

const office = createCalendar({
  timeZone: 'America/New_York',
  week: weekdays(NINE_TO_FIVE),
  holidays: ['2026-12-25', { date: '2026-12-24', intervals: [['09:00', '12:00']] }],
});

describe('weekly hours, start inside and outside', () => {
  it('adds within the same interval', () => {
    expect(addBusinessTime(office, at('2026-03-02T10:00:00-05:00'), 2 * H)).toBe(at('2026-03-02T12:00:00-05:00'));
  });

  it('carries the remainder to the next working day', () => {
    expect(addBusinessTime(office, at('2026-03-02T16:00:00-05:00'), 2 * H)).toBe(at('2026-03-03T10:00:00-05:00'));
  });

  it('skips the weekend', () => {
    expect(addBusinessTime(office, at('2026-02-27T16:00:00-05:00'), 2 * H)).toBe(at('2026-03-02T10:00:00-05:00'));
  });

  it('starts the clock at the next opening when outside hours', () => {
    expect(addBusinessTime(office, at('2026-02-28T12:00:00-05:00'), H)).toBe(at('2026-03-02T10:00:00-05:00')); // Saturday
    expect(addBusinessTime(office, at('2026-03-02T07:00:00-05:00'), H)).toBe(at('2026-03-02T10:00:00-05:00')); // early
    expect(addBusinessTime(office, at('2026-03-02T18:00:00-05:00'), H)).toBe(at('2026-03-03T10:00:00-05:00')); // late
  });

  it('ends at the close when a duration uses an interval up exactly', () => {
    expect(addBusinessTime(office, at('2026-03-02T09:00:00-05:00'), 8 * H)).toBe(at('2026-03-02T17:00:00-05:00'));
  });

  it('zero duration: same instant when open, next opening when closed (the close is exclusive)', () => {
    expect(addBusinessTime(office, at('2026-03-02T11:11:00-05:00'), 0)).toBe(at('2026-03-02T11:11:00-05:00'));
    expect(addBusinessTime(office, at('2026-03-02T17:00:00-05:00'), 0)).toBe(at('2026-03-03T09:00:00-05:00'));
    expect(isOpen(office, at('2026-03-02T09:00:00-05:00'))).toBe(true);
    expect(isOpen(office, at('2026-03-02T17:00:00-05:00'))).toBe(false);
    expect(isOpen(office, at('2026-03-02T16:59:59.999-05:00'))).toBe(true);
  });

  it('counts working time between two instants, negated when reversed', () => {
    expect(businessTimeBetween(office, at('2026-03-02T00:00:00-05:00'), at('2026-03-07T00:00:00-05:00'))).toBe(40 * H);
    expect(businessTimeBetween(office, at('2026-03-02T12:00:00-05:00'), at('2026-03-03T10:00:00-05:00'))).toBe(6 * H);
    expect(businessTimeBetween(office, at('2026-03-03T10:00:00-05:00'), at('2026-03-02T12:00:00-05:00'))).toBe(-6 * H);
    expect(businessTimeBetween(office, at('2026-02-28T00:00:00-05:00'), at('2026-03-01T23:00:00-05:00'))).toBe(0);
  });

  it('lists working intervals clipped to the range', () => {
    expect(spans(office, '2026-03-02T12:00:00-05:00', '2026-03-03T10:00:00-05:00')).toEqual([
      ['2026-03-02T17:00:00.000Z', '2026-03-02T22:00:00.000Z'],
      ['2026-03-03T14:00:00.000Z', '2026-03-03T15:00:00.000Z'],
    ]);
  });
});

describe('several intervals per day (Asia/Seoul, no DST)', () => {
  const seoul = createCalendar({ timeZone: 'Asia/Seoul', week: weekdays([['09:00', '12:00'], ['13:00', '18:00']]) });

  it('skips the lunch break', () => {
    expect(addBusinessTime(seoul, at('2026-03-02T11:00:00+09:00'), 2 * H)).toBe(at('2026-03-02T14:00:00+09:00'));
    expect(isOpen(seoul, at('2026-03-02T12:30:00+09:00'))).toBe(false);
    expect(nextOpening(seoul, at('2026-03-02T12:30:00+09:00'))).toBe(at('2026-03-02T13:00:00+09:00'));
  });

  it('has 8 h every weekday, also on the days other zones change clocks', () => {
    for (const day of ['2026-03-09', '2026-03-30', '2026-10-26', '2026-11-02']) {
      expect(businessTimeBetween(seoul, at(`${day}T00:00:00+09:00`), at(`${day}T23:59:00+09:00`))).toBe(8 * H);
    }
    expect(spans(seoul, '2026-03-02T00:00:00+09:00', '2026-03-03T00:00:00+09:00')).toEqual([
      ['2026-03-02T00:00:00.000Z', '2026-03-02T03:00:00.000Z'],
      ['2026-03-02T04:00:00.000Z', '2026-03-02T09:00:00.000Z'],
    ]);
  });

  it('a 01:30–03:30 interval is always 2 h long', () => {
    const night = oneDay('Asia/Seoul', [['01:30', '03:30']]);
    for (const day of ['2026-03-08', '2026-11-01']) {
      expect(businessTimeBetween(night, at(`${day}T00:00:00+09:00`), at(`${day}T12:00:00+09:00`))).toBe(2 * H);
    }
  });
});

describe('overnight intervals and 24:00', () => {
  const nights = createCalendar({ timeZone: 'UTC', week: weekdays([['22:00', '06:00']]), holidays: ['2026-03-04'] });

  it('runs past midnight into the next day', () => {
    expect(addBusinessTime(nights, at('2026-03-02T23:00:00Z'), 3 * H)).toBe(at('2026-03-03T02:00:00Z'));
    expect(addBusinessTime(nights, at('2026-03-03T05:00:00Z'), 2 * H)).toBe(at('2026-03-03T23:00:00Z'));
  });

  it("an interval belongs to the date it starts on (Friday's shift ends Saturday; none starts Sunday)", () => {
    expect(isOpen(nights, at('2026-03-07T05:00:00Z'))).toBe(true);
    expect(isOpen(nights, at('2026-03-07T22:30:00Z'))).toBe(false);
    expect(isOpen(nights, at('2026-03-09T05:00:00Z'))).toBe(false);
  });

  it('a holiday cancels the shift starting that day, not the one ending that morning', () => {
    expect(isOpen(nights, at('2026-03-04T05:00:00Z'))).toBe(true);
    expect(isOpen(nights, at('2026-03-04T23:00:00Z'))).toBe(false);
    expect(nextOpening(nights, at('2026-03-04T23:00:00Z'))).toBe(at('2026-03-05T22:00:00Z'));
  });

  it('merges an overnight shift with the next morning and a 24:00 end with a 00:00 start', () => {
    const cal = createCalendar({
      timeZone: 'Europe/Berlin',
      week: { mon: [['22:00', '06:00']], tue: [['05:00', '09:00']], sat: [['20:00', '24:00']], sun: [['00:00', '02:00']] },
    });
    expect(spans(cal, '2026-03-02T00:00:00+01:00', '2026-03-04T00:00:00+01:00')).toEqual([
      ['2026-03-02T21:00:00.000Z', '2026-03-03T08:00:00.000Z'],
    ]);
    expect(spans(cal, '2026-03-07T00:00:00+01:00', '2026-03-09T00:00:00+01:00')).toEqual([
      ['2026-03-07T19:00:00.000Z', '2026-03-08T01:00:00.000Z'],
    ]);
  });
});

describe('holidays', () => {
  it('a half day, then a whole-day holiday, then the weekend', () => {
    // Thu 24 Dec: 09–12 only; Fri 25 Dec: off; resumes Mon 28 Dec.
    expect(addBusinessTime(office, at('2026-12-24T10:00:00-05:00'), 3 * H)).toBe(at('2026-12-28T10:00:00-05:00'));
    expect(isOpen(office, at('2026-12-24T13:00:00-05:00'))).toBe(false);
    expect(isOpen(office, at('2026-12-25T10:00:00-05:00'))).toBe(false);
    expect(nextOpening(office, at('2026-12-24T12:00:00-05:00'))).toBe(at('2026-12-28T09:00:00-05:00'));
    expect(businessTimeBetween(office, at('2026-12-21T00:00:00-05:00'), at('2026-12-28T00:00:00-05:00'))).toBe(27 * H);
  });

  it('an override can open a day the week leaves closed', () => {
    const events = createCalendar({ timeZone: 'Europe/Berlin', week: {}, holidays: [{ date: '2026-05-02', intervals: [['10:00', '12:00']] }] });
    expect(addBusinessTime(events, at('2026-04-01T00:00:00+02:00'), H)).toBe(at('2026-05-02T11:00:00+02:00'));
    expect(addBusinessTime(events, at('2026-04-01T00:00:00+02:00'), 3 * H)).toBe(Infinity);
  });
});

describe('DST: spring forward', () => {
  it('America/New_York 2026-03-08: 01:30–03:30 lasts 1 h, the whole day 23 h', () => {
    const cal = oneDay('America/New_York', [['01:30', '03:30']]);
    expect(spans(cal, '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00')).toEqual([
      ['2026-03-08T06:30:00.000Z', '2026-03-08T07:30:00.000Z'],
    ]);
    expect(addBusinessTime(cal, at('2026-03-08T01:00:00-05:00'), H)).toBe(at('2026-03-08T03:30:00-04:00'));
    const allDay = oneDay('America/New_York', [['00:00', '24:00']]);
    expect(businessTimeBetween(allDay, at('2026-03-07T00:00:00-05:00'), at('2026-03-10T00:00:00-04:00'))).toBe(23 * H);
  });

  it('Europe/Berlin 2026-03-29: 01:30–03:30 lasts 1 h', () => {
    const cal = oneDay('Europe/Berlin', [['01:30', '03:30']]);
    expect(spans(cal, '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z')).toEqual([['2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z']]);
  });

  it('an interval wholly inside the skipped hour has no working time that day', () => {
    const cal = oneDay('America/New_York', [['02:00', '02:30']]);
    expect(businessTimeBetween(cal, at('2026-03-07T00:00:00Z'), at('2026-03-10T00:00:00Z'))).toBe(0);
    expect(nextOpening(cal, at('2026-03-08T00:00:00-05:00'))).toBe(at('2026-03-15T02:00:00-04:00'));
  });

  it('business days across the change keep local hours (Fri 16:00 EST + 2 h = Mon 10:00 EDT)', () => {
    expect(addBusinessTime(office, at('2026-03-06T16:00:00-05:00'), 2 * H)).toBe(at('2026-03-09T10:00:00-04:00'));
  });
});

describe('DST: fall back (the repeated hour counts: an interval runs from the first time the clock shows its start to the first time it shows its end)', () => {
  it('America/New_York 2026-11-01: 01:30–03:30 lasts 3 h, the whole day 25 h', () => {
    const cal = oneDay('America/New_York', [['01:30', '03:30']]);
    expect(spans(cal, '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00')).toEqual([
      ['2026-11-01T05:30:00.000Z', '2026-11-01T08:30:00.000Z'],
    ]);
    const allDay = oneDay('America/New_York', [['00:00', '24:00']]);
    expect(businessTimeBetween(allDay, at('2026-10-31T00:00:00Z'), at('2026-11-03T00:00:00Z'))).toBe(25 * H);
  });

  it('an interval ending in the repeated hour ends at its first occurrence', () => {
    const cal = oneDay('America/New_York', [['01:00', '01:30']]);
    expect(spans(cal, '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00')).toEqual([
      ['2026-11-01T05:00:00.000Z', '2026-11-01T05:30:00.000Z'],
    ]);
    expect(isOpen(cal, at('2026-11-01T01:15:00-05:00'))).toBe(false); // the second 01:15
  });

  it('Europe/Berlin 2026-10-25: adjacent intervals tile the day without gap or overlap', () => {
    const cal = oneDay('Europe/Berlin', [['00:00', '02:30'], ['02:30', '04:00']]);
    expect(spans(cal, '2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z')).toEqual([['2026-10-24T22:00:00.000Z', '2026-10-25T03:00:00.000Z']]);
    const split = oneDay('Europe/Berlin', [['00:00', '02:30']]);
    expect(businessTimeBetween(split, at('2026-10-24T00:00:00Z'), at('2026-10-26T00:00:00Z'))).toBe(2.5 * H);
    const threeHours = oneDay('Europe/Berlin', [['01:30', '03:30']]);
    expect(businessTimeBetween(threeHours, at('2026-10-24T00:00:00Z'), at('2026-10-26T00:00:00Z'))).toBe(3 * H);
  });
});

describe('long spans', () => {
  it('30 business days across the March DST change', () => {
    const start = at('2026-02-23T09:00:00-05:00');
    const due = addBusinessTime(office, start, 30 * 8 * H);
    expect(due).toBe(at('2026-04-03T17:00:00-04:00'));
    expect(businessTimeBetween(office, start, due)).toBe(240 * H);
  });

  it('a whole year has 261 weekdays minus the holidays', () => {
    // 2026: 261 weekdays; 24 Dec is a half day (3 h), 25 Dec off.
    expect(businessTimeBetween(office, at('2026-01-01T00:00:00-05:00'), at('2027-01-01T00:00:00-05:00'))).toBe((260 * 8 - 5) * H);
  });

  it('is fast: ten years of business days in well under a second, no minute-by-minute walk', () => {
    const t0 = performance.now();
    const due = addBusinessTime(office, at('2026-01-05T09:00:00-05:00'), 2600 * 8 * H);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(due).toBeGreaterThan(at('2035-12-01T00:00:00Z'));
    expect(isOpen(office, due - 1)).toBe(true);
  });
});

describe('calendars without working time', () => {
  const closed = createCalendar({ timeZone: 'Asia/Seoul', week: {} });

  it('addBusinessTime returns Infinity instead of looping', () => {
    expect(addBusinessTime(closed, at('2026-01-01T00:00:00Z'), M)).toBe(Infinity);
    expect(nextOpening(closed, at('2026-01-01T00:00:00Z'))).toBe(Infinity);
    expect(isOpen(closed, at('2026-01-01T00:00:00Z'))).toBe(false);
    expect(businessTimeBetween(closed, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toBe(0);
  });

  it('a week made only of holidays still ends (the walk is bounded by the holiday list)', () => {
    const holidays = Array.from({ length: 60 }, (_, i) => new Date(at('2026-01-01T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10));
    const cal = createCalendar({ timeZone: 'UTC', week: { mon: NINE_TO_FIVE }, holidays });
    expect(addBusinessTime(cal, at('2026-01-01T00:00:00Z'), H)).toBe(at('2026-03-02T10:00:00Z'));
  });
});

describe('ALWAYS_OPEN and whole-day calendars', () => {
  it('business time is raw time', () => {
    const t = at('2026-11-01T03:00:00Z');
    expect(addBusinessTime(ALWAYS_OPEN, t, 12_345_678)).toBe(t + 12_345_678);
    expect(businessTimeBetween(ALWAYS_OPEN, t, t + 999)).toBe(999);
    expect(isOpen(ALWAYS_OPEN, t)).toBe(true);
    expect(nextOpening(ALWAYS_OPEN, t)).toBe(t);
  });

  it('a 24/7 calendar in a DST zone is raw time too', () => {
    const allWeek = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    const cal = createCalendar({ timeZone: 'Europe/Berlin', week: Object.fromEntries(allWeek.map((d) => [d, [['00:00', '24:00']]])) });
    const from = at('2026-10-20T00:00:00Z');
    expect(businessTimeBetween(cal, from, from + 14 * 86_400_000)).toBe(14 * 86_400_000);
  });
});

describe('spec validation and the calendar value', () => {
  it('reports each problem with its path', () => {
    const paths = invalidPaths({
      timeZone: 'Mars/Olympus_Mons',
      week: { mon: [['25:00', '10:00']], fri: [['24:00', '10:00']], tue: [['09:00', '09:00']], funday: [] },
      holidays: ['2026-02-30', 42, { date: '2026-01-01', intervals: [['9:00', '10:00']] }],
    });
    expect(paths).toEqual(
      expect.arrayContaining(['timeZone', 'week.mon.0.0', 'week.fri.0.0', 'week.tue.0', 'week', 'holidays.0', 'holidays.1', 'holidays.2.intervals.0.0']),
    );
    expect(invalidPaths({ timeZone: 'UTC', week: {}, holidays: ['2026-01-01', { date: '2026-01-01' }] })).toEqual(['holidays.1']);
    expect(invalidPaths({ timeZone: 'UTC' })).toEqual(['week']);
  });

  it('rejects bad instants and durations with INVALID_ARGUMENT', () => {
    const t = at('2026-01-01T00:00:00Z');
    for (const call of [
      () => addBusinessTime(office, t, -1),
      () => addBusinessTime(office, Number.NaN, 1),
      () => addBusinessTime(office, t, Infinity),
      () => businessTimeBetween(office, t, Infinity),
      () => isOpen(office, 1e17),
      () => workingIntervals(office, t, Number.NaN),
    ]) {
      expect(call).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('is frozen, JSON-friendly and rebuilds from its spec', () => {
    expect(Object.isFrozen(office)).toBe(true);
    expect(Object.isFrozen(office.spec.week.mon)).toBe(true);
    const copy = JSON.parse(JSON.stringify(office)) as BusinessCalendar;
    expect(copy.spec.week.sat).toEqual([]);
    const t = at('2026-12-24T10:00:00-05:00');
    expect(addBusinessTime(copy, t, 3 * H)).toBe(addBusinessTime(office, t, 3 * H));
    expect(addBusinessTime(createCalendar(office.spec), t, 3 * H)).toBe(at('2026-12-28T10:00:00-05:00'));
  });

  it('canonicalises the zone name and does not freeze the caller’s spec', () => {
    const week = { mon: [['09:00', '17:00']] as LocalInterval[] };
    const cal = createCalendar({ timeZone: 'europe/berlin', week });
    expect(cal.timeZone).toBe('Europe/Berlin');
    expect(Object.isFrozen(week.mon)).toBe(false);
  });
});
