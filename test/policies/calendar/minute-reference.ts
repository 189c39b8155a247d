/**
 * A deliberately naive model of a business calendar, for property tests: it steps minute by minute,
 * reads each minute's local wall time straight from Intl, and shares no code with src/.
 *
 * The documented rule, restated for a walk: an interval (date D, start S, end E) is running at
 * instant t when the highest wall time the clock has shown so far, M(t), satisfies S ≤ M(t) < E.
 * (That is "from the first time the clock shows S until the first time it shows E".)
 */
import type { CalendarSpec, LocalInterval } from '../../../src/policies/calendar/index.js';

const MIN = 60_000;
const DAY = 86_400_000;
const KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const; // Date#getUTCDay order

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function toMinutePairs(intervals: readonly LocalInterval[]): [number, number][] {
  return intervals.map(([s, e]) => {
    const start = minutesOf(s);
    const end = minutesOf(e);
    return [start, end <= start ? end + 1440 : end];
  });
}

/** Working intervals `[start, end)` (epoch ms) within `[from, to)`; both must be whole minutes. */
export function referenceIntervals(spec: CalendarSpec, from: number, to: number): [number, number][] {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: spec.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const wallOf = (t: number): number => {
    const p = Object.fromEntries(format.formatToParts(t).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
  };
  const overrides = new Map<string, readonly LocalInterval[]>();
  for (const h of spec.holidays ?? []) {
    if (typeof h === 'string') overrides.set(h, []);
    else overrides.set(h.date, h.intervals ?? []);
  }
  const byDate = new Map<number, [number, number][]>();
  const intervalsOfDate = (dayStart: number): [number, number][] => {
    let pairs = byDate.get(dayStart);
    if (!pairs) {
      const date = new Date(dayStart);
      pairs = toMinutePairs(overrides.get(date.toISOString().slice(0, 10)) ?? spec.week[KEYS[date.getUTCDay()]!] ?? []);
      byDate.set(dayStart, pairs);
    }
    return pairs;
  };
  const wallIsWorking = (wall: number): boolean => {
    const dayStart = Math.floor(wall / DAY) * DAY;
    const minute = (wall - dayStart) / MIN;
    return (
      intervalsOfDate(dayStart).some(([s, e]) => s <= minute && minute < e) ||
      intervalsOfDate(dayStart - DAY).some(([s, e]) => s <= minute + 1440 && minute + 1440 < e)
    );
  };

  const out: [number, number][] = [];
  let highestWall = -Infinity;
  for (let t = from - 3 * 60 * MIN; t < to; t += MIN) {
    highestWall = Math.max(highestWall, wallOf(t));
    if (t < from || !wallIsWorking(highestWall)) continue;
    const last = out[out.length - 1];
    if (last && last[1] === t) last[1] = t + MIN;
    else out.push([t, t + MIN]);
  }
  return out;
}

/** Instants in `[from, to)` within `step` ms after a change of the zone's UTC offset. */
export function offsetChanges(timeZone: string, from: number, to: number, step = 3 * 3_600_000): number[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const offsetOf = (t: number) => format.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value;
  const changes: number[] = [];
  let previous = offsetOf(from);
  for (let t = from + step; t < to; t += step) {
    const current = offsetOf(t);
    if (current !== previous) changes.push(t);
    previous = current;
  }
  return changes;
}
