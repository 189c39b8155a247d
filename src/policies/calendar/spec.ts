/**
 * The calendar spec: its public types and the zod schema that validates it.
 */
import { z } from 'zod';
import { parseIsoDate, parseLocalTime } from './civil.js';
import { resolveTimeZone } from './time-zone.js';

/** Days of the week, as keys of {@link WeekSpec}. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A working interval in local wall time, `['HH:MM', 'HH:MM']`. An end earlier than the start means
 * the next day (`['22:00', '06:00']` runs overnight); `'24:00'` is allowed as an end.
 */
export type LocalInterval = readonly [start: string, end: string];

/** Working intervals per weekday; a missing day has none. */
export type WeekSpec = { readonly [D in Weekday]?: readonly LocalInterval[] };

/**
 * A local date off work (`'2026-12-25'`), or a date whose intervals replace the weekday's
 * (`{ date: '2026-12-24', intervals: [['09:00', '12:00']] }`; no intervals = whole day off).
 */
export type HolidaySpec = string | { readonly date: string; readonly intervals?: readonly LocalInterval[] };

/**
 * What {@link createCalendar} reads: a time zone, a weekly pattern and dated exceptions.
 *
 * @example
 * ```ts
 * import type { CalendarSpec } from 'omnithread';
 * const spec: CalendarSpec = {
 *   timeZone: 'Europe/Berlin',
 *   week: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] },
 *   holidays: ['2026-12-25', { date: '2026-12-24', intervals: [['09:00', '12:00']] }],
 * };
 * ```
 */
export interface CalendarSpec {
  /** An IANA zone name that `Intl.DateTimeFormat` accepts, e.g. `'America/New_York'`. */
  readonly timeZone: string;
  readonly week: WeekSpec;
  readonly holidays?: readonly HolidaySpec[];
}

const localTime = z.string().refine((s) => parseLocalTime(s) !== undefined, {
  message: "expected 'HH:MM' (00:00–23:59, or 24:00 as an end)",
});

const localInterval = z.tuple([localTime, localTime]).superRefine(([start, end], ctx) => {
  if (start === '24:00') ctx.addIssue({ code: 'custom', path: [0], message: "'24:00' can only end an interval" });
  else if (start === end) {
    ctx.addIssue({ code: 'custom', message: "an interval must not be empty; a whole day is ['00:00', '24:00']" });
  }
});

const dayIntervals = z.array(localInterval).max(48);

const isoDate = z.string().refine((s) => parseIsoDate(s) !== undefined, { message: 'expected a real date as YYYY-MM-DD' });

const holiday = z.union([isoDate, z.strictObject({ date: isoDate, intervals: dayIntervals.optional() })], {
  error: "expected 'YYYY-MM-DD' or { date, intervals }",
});

const weekShape: Record<Weekday, z.ZodOptional<typeof dayIntervals>> = {
  mon: dayIntervals.optional(),
  tue: dayIntervals.optional(),
  wed: dayIntervals.optional(),
  thu: dayIntervals.optional(),
  fri: dayIntervals.optional(),
  sat: dayIntervals.optional(),
  sun: dayIntervals.optional(),
};

/** Validates a {@link CalendarSpec}; `createCalendar` turns its issues into an `OmnithreadError`. */
export const calendarSpecSchema = z
  .strictObject({
    timeZone: z
      .string()
      .min(1)
      .max(128)
      .refine((s) => resolveTimeZone(s) !== undefined, { message: 'unknown time zone (expected an IANA name such as Europe/Berlin)' }),
    week: z.strictObject(weekShape),
    holidays: z.array(holiday).max(20_000).optional(),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.holidays?.forEach((h, i) => {
      const date = typeof h === 'string' ? h : h.date;
      if (seen.has(date)) ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `date ${date} is listed twice` });
      seen.add(date);
    });
  });
