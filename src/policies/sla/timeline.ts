/**
 * When SLA clocks run: the thread's status over time (from `statusHistory`), and business time
 * measured only while the status lets clocks run.
 */
import type { Thread, ThreadStatus } from '../../threading/types.js';
import { type BusinessCalendar, addBusinessTime, businessTimeBetween } from '../calendar/index.js';

/** States that end the work on a thread: they stop every clock (a reopen restarts some). */
export const DONE_STATUSES: ReadonlySet<ThreadStatus> = new Set(['resolved', 'closed', 'merged']);

/** `[from, to)` in one status; the last segment runs to `Infinity`. */
export interface StatusSegment {
  readonly from: number;
  readonly to: number;
  readonly status: ThreadStatus;
}

/**
 * The status timeline from creation on. A thread is `open` until its first recorded change; changes
 * at one instant collapse to the last; a change dated before creation counts from creation. The
 * current snooze ends by itself at `snoozedUntil` (the fold records a wake-up only when something
 * happens, but the deadline must not wait for that).
 */
export function statusSegments(thread: Thread): StatusSegment[] {
  const changes = [...thread.statusHistory].sort((a, b) => a.at - b.at);
  const points: { at: number; status: ThreadStatus }[] = [{ at: thread.createdAt, status: 'open' }];
  for (const c of changes) {
    const at = Math.max(c.at, thread.createdAt);
    const last = points[points.length - 1]!;
    if (last.at === at) last.status = c.status;
    else points.push({ at, status: c.status });
  }
  const last = points[points.length - 1]!;
  if (last.status === 'snoozed' && thread.snoozedUntil !== undefined) {
    const wake = Math.max(thread.snoozedUntil, last.at);
    if (wake === last.at) last.status = 'open';
    else points.push({ at: wake, status: 'open' });
  }
  const segments: StatusSegment[] = [];
  points.forEach((p, i) => {
    const prev = segments[segments.length - 1];
    const to = points[i + 1]?.at ?? Infinity;
    if (prev && prev.status === p.status) segments[segments.length - 1] = { ...prev, to };
    else segments.push({ from: p.at, to, status: p.status });
  });
  return segments;
}

/** The status in force at `t` (changes at `t` already applied). */
export function statusAt(segments: readonly StatusSegment[], t: number): StatusSegment {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.from <= t) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!;
}

/** Raw intervals in which clocks run: status neither paused nor done. Business hours come later. */
export interface RunningTime {
  readonly intervals: readonly (readonly [from: number, to: number])[];
  readonly calendar: BusinessCalendar;
}

export function runningTime(segments: readonly StatusSegment[], pauseIn: readonly ThreadStatus[], calendar: BusinessCalendar): RunningTime {
  const paused = new Set(pauseIn);
  const intervals = segments
    .filter((s) => !paused.has(s.status) && !DONE_STATUSES.has(s.status))
    .map((s) => [s.from, s.to] as const);
  return { intervals, calendar };
}

/** Business time the clock ran in `[from, to)`. */
export function runningBetween(time: RunningTime, from: number, to: number): number {
  let total = 0;
  for (const [a, b] of time.intervals) {
    if (a >= to) break;
    const start = Math.max(a, from);
    const end = Math.min(b, to);
    if (end > start) total += businessTimeBetween(time.calendar, start, end);
  }
  return total;
}

/**
 * The instant at which the clock, started at `start`, has run `budget` of business time; undefined
 * when the known history never lets it run that long (paused or done for good).
 */
export function instantAfterRunning(time: RunningTime, start: number, budget: number): number | undefined {
  let left = budget;
  for (const [a, b] of time.intervals) {
    if (b <= start) continue;
    const from = Math.max(a, start);
    const available = b === Infinity ? Infinity : businessTimeBetween(time.calendar, from, b);
    if (available >= left) {
      const at = addBusinessTime(time.calendar, from, left);
      return Number.isFinite(at) ? at : undefined;
    }
    left -= available;
  }
  return undefined;
}
