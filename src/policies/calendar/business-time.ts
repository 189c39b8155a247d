/**
 * Service-level arithmetic on a {@link BusinessCalendar}: epoch ms in, epoch ms out.
 */
import { OmnithreadError } from '../../errors.js';
import { type BusinessCalendar, compiledOf } from './calendar.js';
import { workingTimeFrom } from './intervals.js';
import { MAX_INSTANT, MIN_INSTANT } from './time-zone.js';

/**
 * A stretch of working time, `[start, end)` in epoch ms.
 *
 * @example
 * ```ts
 * import { type WorkingInterval, workingIntervals } from 'omnithread';
 * const from = Date.parse('2026-03-02T00:00:00Z'), to = from + 7 * 86_400_000;
 * const [first]: WorkingInterval[] = [...workingIntervals(cal, from, to)];
 * ```
 */
export interface WorkingInterval {
  readonly start: number;
  readonly end: number;
}

function invalid(name: string, message: string): OmnithreadError {
  return new OmnithreadError('INVALID_ARGUMENT', `${name}: ${message}`, { issues: [{ path: [name], message }] });
}

function checkInstant(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(name, 'expected a finite epoch-ms number');
  if (value < MIN_INSTANT || value > MAX_INSTANT) throw invalid(name, 'expected an instant between years 0001 and 9999');
}

/**
 * The instant at which `durationMs` of working time has elapsed from `start`. Outside working
 * hours the clock starts at the next opening, so a zero duration gives `nextOpening(cal, start)`.
 * A positive duration that exactly uses up an interval ends at that interval's close.
 *
 * Returns `Infinity` when the calendar never accumulates that much working time (a calendar with no
 * working hours at all, or only a few dated ones): a deadline that never arrives.
 *
 * @throws OmnithreadError `INVALID_ARGUMENT` for a non-finite `start` or a negative/non-finite duration.
 * @example
 * ```ts
 * import { addBusinessTime } from 'omnithread';
 * // Fri 16:00 New York + 2 business hours (Mon–Fri 09:00–17:00) → Mon 10:00.
 * const due = addBusinessTime(cal, Date.parse('2026-03-06T16:00:00-05:00'), 2 * 3_600_000);
 * ```
 */
export function addBusinessTime(calendar: BusinessCalendar, start: number, durationMs: number): number {
  checkInstant('start', start);
  if (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs < 0) {
    throw invalid('durationMs', 'expected a finite, non-negative number of ms');
  }
  let remaining = durationMs;
  for (const [from, to] of workingTimeFrom(compiledOf(calendar), start)) {
    if (remaining <= to - from) return from + remaining;
    remaining -= to - from;
  }
  return Infinity;
}

/**
 * Working ms in `[from, to)`. Antisymmetric like subtraction: `to < from` gives the negated
 * working time of `[to, from)`, so `between(a, c) = between(a, b) + between(b, c)` for any a, b, c.
 *
 * @example
 * ```ts
 * import { businessTimeBetween } from 'omnithread';
 * const worked = businessTimeBetween(cal, thread.createdAt, now); // vs. raw: now - thread.createdAt
 * ```
 */
export function businessTimeBetween(calendar: BusinessCalendar, from: number, to: number): number {
  checkInstant('from', from);
  checkInstant('to', to);
  if (to < from) return 0 - businessTimeBetween(calendar, to, from); // 0 - x, not -x: never -0
  let total = 0;
  for (const [start, end] of workingTimeFrom(compiledOf(calendar), from)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
  }
  return total;
}

/**
 * True when instant `t` lies inside working hours (intervals are closed at the start, open at the end).
 *
 * @example
 * ```ts
 * import { isOpen, nextOpening } from 'omnithread';
 * if (!isOpen(cal, now)) console.log('We are closed; we will answer from ' + new Date(nextOpening(cal, now)).toISOString());
 * ```
 */
export function isOpen(calendar: BusinessCalendar, t: number): boolean {
  checkInstant('t', t);
  for (const [start] of workingTimeFrom(compiledOf(calendar), t)) return start === t;
  return false;
}

/**
 * `t` itself when open, else the start of the next working interval; `Infinity` when none follows.
 *
 * @example
 * ```ts
 * import { nextOpening } from 'omnithread';
 * const opensAt = nextOpening(cal, Date.parse('2026-12-25T12:00:00+01:00')); // after the holiday
 * ```
 */
export function nextOpening(calendar: BusinessCalendar, t: number): number {
  checkInstant('t', t);
  for (const [start] of workingTimeFrom(compiledOf(calendar), t)) return start;
  return Infinity;
}

/**
 * The working intervals within `[from, to)`, clipped to it, merged, in order (lazily computed).
 *
 * @example
 * ```ts
 * import { workingIntervals } from 'omnithread';
 * const weekStart = Date.parse('2026-03-02T00:00:00Z');
 * for (const { start, end } of workingIntervals(cal, weekStart, weekStart + 7 * 86_400_000)) {
 *   console.log(new Date(start).toISOString(), '→', new Date(end).toISOString());
 * }
 * ```
 */
export function workingIntervals(calendar: BusinessCalendar, from: number, to: number): IterableIterator<WorkingInterval> {
  checkInstant('from', from);
  checkInstant('to', to);
  const compiled = compiledOf(calendar);
  return (function* clipped(): Generator<WorkingInterval> {
    if (to <= from) return;
    for (const [start, end] of workingTimeFrom(compiled, from)) {
      if (start >= to) return;
      yield { start, end: Math.min(end, to) };
    }
  })();
}
