/**
 * Building a {@link BusinessCalendar} from a spec: validation, then a compiled form in minutes that
 * the interval walk reads without re-parsing strings.
 */
import type { z } from 'zod';
import { type ErrorIssue, OmnithreadError, formatIssues } from '../../errors.js';
import { MINUTES_PER_DAY, parseIsoDate, parseLocalTime } from './civil.js';
import { type CalendarSpec, type HolidaySpec, type LocalInterval, WEEKDAYS, type Weekday, calendarSpecSchema } from './spec.js';
import { resolveTimeZone } from './time-zone.js';

/** `[start, end]` in minutes after local midnight of the date it belongs to; `end` may pass 1440. */
export type MinuteInterval = readonly [start: number, end: number];

/**
 * The spec as validated: every weekday present, holidays always an array, the zone canonical.
 *
 * @example
 * ```ts
 * import { createCalendar } from 'omnithread';
 * createCalendar({ timeZone: 'utc', week: {} }).spec; // { timeZone: 'UTC', week: { mon: [], …, sun: [] }, holidays: [] }
 * ```
 */
export interface NormalizedCalendarSpec extends CalendarSpec {
  readonly week: { readonly [D in Weekday]: readonly LocalInterval[] };
  readonly holidays: readonly HolidaySpec[];
}

/**
 * Working hours in one time zone: a weekly pattern of intervals plus holidays. Immutable and
 * JSON-friendly: `JSON.stringify(cal)` keeps `spec`, and `createCalendar(cal.spec)` rebuilds it.
 *
 * @example
 * ```ts
 * import { type BusinessCalendar, createCalendar } from 'omnithread';
 * const cal: BusinessCalendar = createCalendar({ timeZone: 'Asia/Seoul', week: { mon: [['09:00', '18:00']] } });
 * cal.timeZone; // 'Asia/Seoul'
 * ```
 */
export interface BusinessCalendar {
  readonly kind: 'business-calendar';
  readonly timeZone: string;
  readonly spec: NormalizedCalendarSpec;
}

/** What the interval walk reads. */
export interface CompiledCalendar {
  readonly timeZone: string;
  /** Index 0 = Monday; each list sorted by start. */
  readonly week: readonly (readonly MinuteInterval[])[];
  /** Local day number → the intervals that replace the weekday's (empty = day off). */
  readonly overrides: ReadonlyMap<number, readonly MinuteInterval[]>;
  /** Last local day that can hold working time: Infinity when the weekly pattern has any. */
  readonly lastWorkingDay: number;
  /** Every day fully open and no holidays: business time is raw time. */
  readonly alwaysOpen: boolean;
}

// Symbol.for so two loaded copies of the package read each other's calendars.
const COMPILED = Symbol.for('omnithread.calendar.compiled');
const compiledFromSpec = new WeakMap<object, CompiledCalendar>();

function toMinutes(intervals: readonly LocalInterval[] = []): MinuteInterval[] {
  return intervals
    .map(([s, e]): MinuteInterval => {
      const start = parseLocalTime(s)!;
      const end = parseLocalTime(e)!;
      return [start, end <= start ? end + MINUTES_PER_DAY : end];
    })
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function coversWholeDay(intervals: readonly MinuteInterval[]): boolean {
  let reached = 0;
  for (const [start, end] of intervals) {
    if (start > reached) return false;
    reached = Math.max(reached, end);
  }
  return reached >= MINUTES_PER_DAY;
}

function compile(spec: NormalizedCalendarSpec): CompiledCalendar {
  const week = WEEKDAYS.map((d) => toMinutes(spec.week[d]));
  const overrides = new Map<number, readonly MinuteInterval[]>();
  let lastOverrideWithTime = -Infinity;
  for (const h of spec.holidays) {
    const day = parseIsoDate(typeof h === 'string' ? h : h.date)!;
    const intervals = toMinutes(typeof h === 'string' ? [] : h.intervals);
    overrides.set(day, intervals);
    if (intervals.length > 0) lastOverrideWithTime = Math.max(lastOverrideWithTime, day);
  }
  return {
    timeZone: spec.timeZone,
    week,
    overrides,
    lastWorkingDay: week.some((d) => d.length > 0) ? Infinity : lastOverrideWithTime,
    alwaysOpen: overrides.size === 0 && week.every(coversWholeDay),
  };
}

function toIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

/**
 * Validates a spec and builds an immutable calendar. Overlapping intervals are allowed and simply
 * unite; an interval belongs to the local date it starts on (see docs/business-hours.md).
 *
 * @throws OmnithreadError `INVALID_ARGUMENT`, with one issue (path + message) per problem.
 * @example
 * ```ts
 * import { createCalendar } from 'omnithread';
 * const support = createCalendar({
 *   timeZone: 'America/New_York',
 *   week: { mon: [['09:00', '12:00'], ['13:00', '17:00']], fri: [['22:00', '06:00']] },
 *   holidays: ['2026-12-25', { date: '2026-12-24', intervals: [['09:00', '12:00']] }],
 * });
 * ```
 */
export function createCalendar(spec: CalendarSpec): BusinessCalendar {
  const parsed = calendarSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const issues = toIssues(parsed.error);
    throw new OmnithreadError('INVALID_ARGUMENT', `Invalid calendar spec: ${formatIssues(issues)}`, { issues });
  }
  const { timeZone, week, holidays = [] } = parsed.data;
  const normalized: NormalizedCalendarSpec = deepFreeze({
    timeZone: resolveTimeZone(timeZone)!,
    week: {
      mon: week.mon ?? [],
      tue: week.tue ?? [],
      wed: week.wed ?? [],
      thu: week.thu ?? [],
      fri: week.fri ?? [],
      sat: week.sat ?? [],
      sun: week.sun ?? [],
    },
    holidays,
  });
  const calendar = { kind: 'business-calendar' as const, timeZone: normalized.timeZone, spec: normalized };
  Object.defineProperty(calendar, COMPILED, { value: compile(normalized), enumerable: false });
  return Object.freeze(calendar);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The compiled form of a calendar; a copy without the hidden field is recompiled from its spec. */
export function compiledOf(calendar: BusinessCalendar): CompiledCalendar {
  if (typeof calendar !== 'object' || calendar === null || typeof calendar.spec !== 'object' || calendar.spec === null) {
    throw new OmnithreadError('INVALID_ARGUMENT', 'Expected a calendar made by createCalendar', {
      issues: [{ path: ['calendar'], message: 'expected a calendar made by createCalendar' }],
    });
  }
  const own = (calendar as unknown as Record<symbol, CompiledCalendar | undefined>)[COMPILED];
  if (own) return own;
  let compiled = compiledFromSpec.get(calendar.spec);
  if (!compiled) {
    compiled = compiledOf(createCalendar(calendar.spec));
    compiledFromSpec.set(calendar.spec, compiled);
  }
  return compiled;
}

const ALL_DAY: readonly LocalInterval[] = [['00:00', '24:00']];

/**
 * Open around the clock, every day, no holidays: business time equals raw elapsed time.
 *
 * @example
 * ```ts
 * import { ALWAYS_OPEN, addBusinessTime } from 'omnithread';
 * const start = Date.parse('2026-12-25T03:00:00Z');
 * addBusinessTime(ALWAYS_OPEN, start, 3_600_000) === start + 3_600_000; // true
 * ```
 */
export const ALWAYS_OPEN: BusinessCalendar = /* @__PURE__ */ createCalendar({
  timeZone: 'UTC',
  week: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
});
