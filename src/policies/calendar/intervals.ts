/**
 * The one walk every calendar function is built on: working time from an instant onwards, as
 * disjoint UTC intervals in order, one local day at a time.
 */
import type { CompiledCalendar } from './calendar.js';
import { DAY_MS, MINUTE_MS, weekdayOfDay } from './civil.js';
import { MAX_INSTANT, zoneClock } from './time-zone.js';

/**
 * Yields `[start, end)` pairs (epoch ms) of working time at or after `from`: the first is clipped to
 * start at `from`; overlapping or touching intervals (an overnight shift running into the next
 * morning's) are merged. Ends when the calendar has no working time left, or past {@link MAX_INSTANT}.
 */
export function* workingTimeFrom(calendar: CompiledCalendar, from: number): Generator<readonly [number, number]> {
  if (calendar.alwaysOpen) {
    yield [from, Infinity];
    return;
  }
  const clock = zoneClock(calendar.timeZone);
  let pendingStart = 0;
  let pendingEnd = -Infinity;
  // The previous day's overnight interval may still be running at `from`; earlier days' have ended.
  for (let day = clock.localDayOf(from) - 1; day <= calendar.lastWorkingDay && day * DAY_MS <= MAX_INSTANT; day++) {
    const midnight = day * DAY_MS;
    for (const [startMinute, endMinute] of calendar.overrides.get(day) ?? calendar.week[weekdayOfDay(day)]!) {
      const end = clock.wallToInstant(midnight + endMinute * MINUTE_MS);
      if (end <= from) continue;
      const start = Math.max(from, clock.wallToInstant(midnight + startMinute * MINUTE_MS));
      if (end <= start) continue; // swallowed whole by a spring-forward gap
      if (start <= pendingEnd) {
        pendingEnd = Math.max(pendingEnd, end);
        continue;
      }
      if (pendingEnd > pendingStart) yield [pendingStart, pendingEnd];
      pendingStart = start;
      pendingEnd = end;
    }
  }
  if (pendingEnd > pendingStart) yield [pendingStart, pendingEnd];
}
