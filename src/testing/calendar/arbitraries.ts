/**
 * fast-check arbitraries for business calendars (re-exported from `omnithread/testing`).
 */
import * as fc from 'fast-check';
import { DAY_MS, daysFromCivil, formatIsoDate } from '../../policies/calendar/civil.js';
import { type BusinessCalendar, createCalendar } from '../../policies/calendar/calendar.js';
import { type CalendarSpec, type HolidaySpec, type LocalInterval, WEEKDAYS, type WeekSpec } from '../../policies/calendar/spec.js';

/** Zones with DST at night, at midnight (Santiago), by 30 min (Lord Howe), suspended (Casablanca), or none. */
export const ARB_TIME_ZONES: readonly string[] = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Asia/Seoul',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Africa/Casablanca',
  'Pacific/Chatham',
];

/**
 * Knobs for {@link arbCalendarSpec} / {@link arbCalendar}.
 *
 * @example
 * ```ts
 * import { arbCalendar } from 'omnithread/testing';
 * const berlinOnly = arbCalendar({ timeZones: ['Europe/Berlin'], fromYear: 2026, toYear: 2026, allowEmpty: true });
 * ```
 */
export interface ArbCalendarOptions {
  /** Zones to draw from (default {@link ARB_TIME_ZONES}). */
  readonly timeZones?: readonly string[];
  /** Holidays fall in these years, inclusive (default 2024–2028): pick the years your instants span. */
  readonly fromYear?: number;
  readonly toYear?: number;
  /** Interval bounds are multiples of this many minutes (default 15; must divide 1440). */
  readonly stepMinutes?: number;
  /** Also produce calendars without any weekly working time (default false). */
  readonly allowEmpty?: boolean;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function arbInterval(step: number): fc.Arbitrary<LocalInterval> {
  const slots = 1440 / step;
  const wholeDay = fc.constant<LocalInterval>(['00:00', '24:00']);
  const partial = fc.tuple(fc.integer({ min: 0, max: slots - 1 }), fc.integer({ min: 1, max: slots - 1 })).map(([start, length]): LocalInterval => {
    const end = start + length; // past `slots` wraps into an overnight interval
    return [hhmm(start * step), end === slots ? '24:00' : hhmm((end % slots) * step)];
  });
  return fc.oneof({ arbitrary: partial, weight: 12 }, { arbitrary: wholeDay, weight: 1 });
}

function arbDay(step: number): fc.Arbitrary<readonly LocalInterval[]> {
  return fc.array(arbInterval(step), { maxLength: 3 });
}

/**
 * Random valid {@link CalendarSpec}s: several (possibly overlapping or overnight) intervals per day,
 * whole-day and partial holidays, DST-heavy zones.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { createCalendar } from 'omnithread';
 * import { arbCalendarSpec } from 'omnithread/testing';
 * fc.assert(fc.property(arbCalendarSpec(), (spec) => createCalendar(spec).timeZone.length > 0));
 * ```
 */
export function arbCalendarSpec(options: ArbCalendarOptions = {}): fc.Arbitrary<CalendarSpec> {
  const { timeZones = ARB_TIME_ZONES, fromYear = 2024, toYear = 2028, stepMinutes = 15, allowEmpty = false } = options;
  const firstDay = daysFromCivil(fromYear, 1, 1);
  const lastDay = daysFromCivil(toYear, 12, 31);
  const day = arbDay(stepMinutes);
  const week = fc.record(
    Object.fromEntries(WEEKDAYS.map((d) => [d, day])) as Record<(typeof WEEKDAYS)[number], fc.Arbitrary<readonly LocalInterval[]>>,
    { requiredKeys: [] },
  );
  const nonEmptyWeek = week.filter((w: WeekSpec) => WEEKDAYS.some((d) => (w[d]?.length ?? 0) > 0));
  const holiday = fc.tuple(fc.integer({ min: firstDay, max: lastDay }), fc.option(day, { freq: 3 })).map(
    ([d, intervals]): HolidaySpec => (intervals === null ? formatIsoDate(d) : { date: formatIsoDate(d), intervals }),
  );
  const holidays = fc.uniqueArray(holiday, {
    maxLength: 8,
    selector: (h) => (typeof h === 'string' ? h : h.date),
  });
  return fc.record({
    timeZone: fc.constantFrom(...timeZones),
    week: allowEmpty ? fc.oneof({ arbitrary: nonEmptyWeek, weight: 9 }, { arbitrary: fc.constant({}), weight: 1 }) : nonEmptyWeek,
    holidays,
  });
}

/**
 * Random {@link BusinessCalendar}s (see {@link arbCalendarSpec} for what varies); the calendar's
 * `spec` shows in counterexamples.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { addBusinessTime, businessTimeBetween } from 'omnithread';
 * import { arbCalendar } from 'omnithread/testing';
 * fc.assert(
 *   fc.property(arbCalendar(), fc.integer({ min: 1.7e12, max: 1.8e12 }), (cal, t) =>
 *     businessTimeBetween(cal, t, addBusinessTime(cal, t, 3_600_000)) === 3_600_000,
 *   ),
 * );
 * ```
 */
export function arbCalendar(options: ArbCalendarOptions = {}): fc.Arbitrary<BusinessCalendar> {
  return arbCalendarSpec(options).map((spec) => createCalendar(spec));
}

/** Epoch ms within the years an {@link ArbCalendarOptions} range covers (default 2024–2028). */
export function arbInstantInYears(fromYear = 2024, toYear = 2028): fc.Arbitrary<number> {
  return fc.integer({ min: daysFromCivil(fromYear, 1, 1) * DAY_MS, max: daysFromCivil(toYear + 1, 1, 1) * DAY_MS - 1 });
}
