import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ARB_TIME_ZONES, arbCalendar, arbInstantInYears } from '../../../src/testing/calendar/arbitraries.js';
import {
  ALWAYS_OPEN,
  type BusinessCalendar,
  WEEKDAYS,
  addBusinessTime,
  businessTimeBetween,
  isOpen,
  nextOpening,
  workingIntervals,
} from '../../../src/policies/calendar/index.js';
import { offsetChanges, referenceIntervals } from './minute-reference.js';

const RUNS = { numRuns: 200 };
const MIN = 60_000;
const DAY = 86_400_000;
const YEAR_2026 = [Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)] as const;

const instant = arbInstantInYears(2024, 2028);
const duration = fc.oneof(fc.integer({ min: 0, max: 8 * 3_600_000 }), fc.integer({ min: 0, max: 60 * DAY }));
const hasWeeklyTime = (cal: BusinessCalendar) => WEEKDAYS.some((d) => cal.spec.week[d].length > 0);

// Instants just after each zone's 2026 clock changes, so random spans keep landing on DST days.
const changesByZone = new Map(ARB_TIME_ZONES.map((z) => [z, offsetChanges(z, YEAR_2026[0], YEAR_2026[1])]));

/** A minute-aligned start, half the time within two days of a clock change in the calendar's zone. */
function arbStartFor(cal: BusinessCalendar): fc.Arbitrary<number> {
  const changes = changesByZone.get(cal.timeZone) ?? [];
  const random = fc.integer({ min: YEAR_2026[0] / MIN, max: YEAR_2026[1] / MIN - 3 * 1440 }).map((m) => m * MIN);
  if (changes.length === 0) return random;
  const near = fc
    .tuple(fc.constantFrom(...changes), fc.integer({ min: -2 * 1440, max: 1440 }))
    .map(([change, minutes]) => Math.floor(change / MIN) * MIN + minutes * MIN);
  return fc.oneof(random, near);
}

const calendarWithSpan = arbCalendar({ fromYear: 2026, toYear: 2026, allowEmpty: true }).chain((cal) =>
  fc.tuple(fc.constant(cal), arbStartFor(cal), fc.integer({ min: 0, max: 36 * 60 })).map(([c, from, minutes]) => ({ cal: c, from, to: from + minutes * MIN })),
);

describe('business time laws', () => {
  test.prop([arbCalendar({ allowEmpty: true }), instant, duration], RUNS)(
    'between(s, add(s, d)) === d, or Infinity only for a calendar without weekly hours',
    (cal, start, d) => {
      const due = addBusinessTime(cal, start, d);
      if (due === Infinity) {
        expect(hasWeeklyTime(cal)).toBe(false);
        return;
      }
      expect(due).toBeGreaterThanOrEqual(start);
      expect(businessTimeBetween(cal, start, due)).toBe(d);
      if (d > 0) expect(isOpen(cal, due - 1)).toBe(true);
    },
  );

  test.prop([arbCalendar(), instant, instant, duration, duration], RUNS)('addBusinessTime is monotone in start and duration', (cal, s1, s2, d1, d2) => {
    const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1];
    const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
    expect(addBusinessTime(cal, early, short)).toBeLessThanOrEqual(addBusinessTime(cal, late, short));
    expect(addBusinessTime(cal, early, short)).toBeLessThanOrEqual(addBusinessTime(cal, early, long));
  });

  test.prop([arbCalendar(), instant, fc.integer({ min: 0, max: 30 * DAY }), fc.integer({ min: 0, max: 30 * DAY })], RUNS)(
    'businessTimeBetween grows with the range and never exceeds raw time',
    (cal, from, a, b) => {
      const [near, far] = a <= b ? [from + a, from + b] : [from + b, from + a];
      const toNear = businessTimeBetween(cal, from, near);
      expect(toNear).toBeGreaterThanOrEqual(0);
      expect(toNear).toBeLessThanOrEqual(near - from);
      expect(businessTimeBetween(cal, from, far)).toBeGreaterThanOrEqual(toNear);
    },
  );

  test.prop([arbCalendar({ allowEmpty: true }), instant, fc.integer({ min: -20 * DAY, max: 20 * DAY }), fc.integer({ min: -20 * DAY, max: 20 * DAY })], RUNS)(
    'additivity: between(a, c) = between(a, b) + between(b, c), in any order',
    (cal, a, db, dc) => {
      const b = a + db;
      const c = a + dc;
      expect(businessTimeBetween(cal, a, c)).toBe(businessTimeBetween(cal, a, b) + businessTimeBetween(cal, b, c));
    },
  );

  test.prop([instant, instant, fc.integer({ min: 0, max: 400 * DAY })], RUNS)('ALWAYS_OPEN is raw time', (a, b, d) => {
    expect(addBusinessTime(ALWAYS_OPEN, a, d)).toBe(a + d);
    expect(businessTimeBetween(ALWAYS_OPEN, a, b)).toBe(b - a);
    expect(isOpen(ALWAYS_OPEN, a)).toBe(true);
    expect(nextOpening(ALWAYS_OPEN, a)).toBe(a);
  });
});

describe('agreement with a minute-stepping reference (random calendars, spans near DST changes)', () => {
  test.prop([calendarWithSpan], RUNS)('same working intervals, totals, isOpen and nextOpening', ({ cal, from, to }) => {
    const expected = referenceIntervals(cal.spec, from, to);
    const actual = [...workingIntervals(cal, from, to)].map((i) => [i.start, i.end]);
    expect(actual).toEqual(expected);
    expect(businessTimeBetween(cal, from, to)).toBe(expected.reduce((sum, [s, e]) => sum + e - s, 0));
    const first = expected[0];
    if (to > from) expect(isOpen(cal, from)).toBe(first !== undefined && first[0] === from);
    if (first) expect(nextOpening(cal, from)).toBe(first[0]);
    else if (to > from) expect(nextOpening(cal, from)).toBeGreaterThanOrEqual(to);
  });
});
