/**
 * Judging a thread's SLA clocks at one instant: which targets are hit, missed, running or paused.
 */
import { OmnithreadError } from '../../errors.js';
import type { Thread } from '../../threading/types.js';
import type { SlaMetric } from './policy.js';
import { type ScheduledClock, type SlaContext, type SlaSchedule, type SlaStopReason, slaSchedule } from './schedule.js';
import { DONE_STATUSES, type StatusSegment, runningBetween, statusAt } from './timeline.js';

/** `hit`: stopped before its deadline. `missed`: the deadline passed while it ran. `paused`: the thread is in a paused (or done) state. */
export type SlaClockStatus = 'hit' | 'missed' | 'active' | 'paused';
export type SlaOutcome = 'hit' | 'missed' | 'active' | 'active-with-misses';

/**
 * One clock as of `now`.
 *
 * @example
 * ```ts
 * import { type SlaClock, evaluateSla, type SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const clock: SlaClock = evaluateSla(thread, { now, policy }).firstResponse!;
 * if (clock.status === 'active') console.log(`due in ${clock.dueAt! - now} ms`);
 * ```
 */
export interface SlaClock {
  /** `${threadId}:${metric}:${startedAt}`; a miss of this clock carries the same id. */
  readonly id: string;
  readonly metric: SlaMetric;
  /** Business milliseconds allowed. */
  readonly target: number;
  readonly startedAt: number;
  /** Deadline, pause- and business-hours aware; undefined while paused with no known resume. */
  readonly dueAt?: number;
  /** Reply clocks: the reply or resolution that stopped it. Resolution: when the thread was last resolved, while it stays so. */
  readonly stoppedAt?: number;
  readonly stoppedBy?: SlaStopReason;
  readonly status: SlaClockStatus;
  /** Wall-clock time from start to stop (or `now`). */
  readonly rawElapsedMs: number;
  /** Time the clock counted: business hours, minus paused and done periods. */
  readonly businessElapsedMs: number;
  /** `target - businessElapsedMs`; negative once over. */
  readonly remainingMs: number;
}

/**
 * One missed target. At most one per clock, so at most one per reply cycle.
 *
 * @example
 * ```ts
 * import { type SlaPolicy, evaluateSla } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const report = evaluateSla(thread, { now, policy });
 * const missed = new Map<string, number>();
 * for (const miss of report.misses) missed.set(miss.metric, (missed.get(miss.metric) ?? 0) + 1);
 * ```
 */
export interface SlaMiss {
  /** Stable: `${threadId}:${metric}:${startedAt}`. */
  readonly id: string;
  readonly threadId: string;
  readonly metric: SlaMetric;
  readonly startedAt: number;
  /** The instant the target ran out. */
  readonly dueAt: number;
  readonly target: number;
}

/**
 * The SLA state of a thread at `now`.
 *
 * @example
 * ```ts
 * import { type SlaReport, evaluateSla, type SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const report: SlaReport = evaluateSla(thread, { now, policy, customer });
 * report.outcome; // 'active-with-misses'
 * ```
 */
export interface SlaReport {
  readonly threadId: string;
  readonly now: number;
  /** The rule whose targets apply (`'default'` when none matched). */
  readonly rule: string;
  readonly firstResponse?: SlaClock;
  /** Every reply cycle after the first, oldest first. */
  readonly nextResponse: readonly SlaClock[];
  readonly resolution?: SlaClock;
  /** All of the above, by start time. */
  readonly clocks: readonly SlaClock[];
  /** The earliest deadline among active clocks. */
  readonly nextDeadline?: { readonly id: string; readonly metric: SlaMetric; readonly dueAt: number };
  readonly outcome: SlaOutcome;
  /** Ordered by `dueAt`. */
  readonly misses: readonly SlaMiss[];
}

/**
 * The context of {@link evaluateSla}: the policy, the customer, and the instant to judge at.
 *
 * @example
 * ```ts
 * import type { SlaEvaluationContext, SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const ctx: SlaEvaluationContext = { now: Date.parse('2026-11-23T10:00:00Z'), policy, customer };
 * ```
 */
export interface SlaEvaluationContext extends SlaContext {
  readonly now: number;
}

export function assertInstant(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new OmnithreadError('INVALID_ARGUMENT', `${name} must be a finite number of epoch milliseconds`, {
      issues: [{ path: [name], message: 'expected a finite number (epoch milliseconds)' }],
    });
  }
}

/** When the thread last became done (resolved, then closed, counts from the resolution). */
function doneSince(segments: readonly StatusSegment[], now: number): number | undefined {
  let i = segments.indexOf(statusAt(segments, now));
  if (!DONE_STATUSES.has(segments[i]!.status)) return undefined;
  while (i > 0 && DONE_STATUSES.has(segments[i - 1]!.status)) i--;
  return segments[i]!.from;
}

function judge(schedule: SlaSchedule, c: ScheduledClock, now: number): SlaClock {
  const current = statusAt(schedule.segments, now);
  let stoppedAt = c.stoppedAt !== undefined && c.stoppedAt <= now ? c.stoppedAt : undefined;
  // Resolution resumes on reopen (like Zendesk's requester wait time), so it only "stops" while done.
  if (c.metric === 'resolution') stoppedAt = doneSince(schedule.segments, now);
  const missed = c.breached && c.dueAt !== undefined && c.dueAt <= now;
  const running = !schedule.policy.pauseIn.includes(current.status) && !DONE_STATUSES.has(current.status);
  const status: SlaClockStatus = missed ? 'missed' : stoppedAt !== undefined ? 'hit' : running ? 'active' : 'paused';
  const end = stoppedAt ?? now;
  const businessElapsedMs = runningBetween(schedule.running, c.startedAt, end);
  return {
    id: c.id,
    metric: c.metric,
    target: c.target,
    startedAt: c.startedAt,
    ...(c.dueAt === undefined ? {} : { dueAt: c.dueAt }),
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
    ...(stoppedAt !== undefined && c.stoppedBy ? { stoppedBy: c.stoppedBy } : {}),
    status,
    rawElapsedMs: Math.max(0, end - c.startedAt),
    businessElapsedMs,
    remainingMs: c.target - businessElapsedMs,
  };
}

/**
 * Evaluates every SLA clock of a thread at `now`. Pure: facts after `now` (replies, status changes)
 * are not counted as having happened yet.
 *
 * @throws OmnithreadError `INVALID_ARGUMENT` for a bad policy or a non-finite `now`.
 * @example
 * ```ts
 * import { defineSlaPolicy, evaluateSla } from 'omnithread';
 * const policy = defineSlaPolicy({ default: { firstResponse: 30 * 60_000, resolution: 86_400_000 } });
 * const report = evaluateSla(thread, { now: Date.parse('2026-11-23T10:00:00Z'), policy });
 * report.firstResponse?.status; // 'hit'
 * report.nextDeadline?.dueAt;   // when the resolution target runs out
 * ```
 */
export function evaluateSla(thread: Thread, ctx: SlaEvaluationContext): SlaReport {
  assertInstant(ctx.now, 'now');
  const { now } = ctx;
  const schedule = slaSchedule(thread, ctx);
  const clocks = schedule.clocks.filter((c) => c.startedAt <= now).map((c) => judge(schedule, c, now));
  const misses: SlaMiss[] = clocks
    .filter((c) => c.status === 'missed')
    .map((c) => ({ id: c.id, threadId: thread.id, metric: c.metric, startedAt: c.startedAt, dueAt: c.dueAt!, target: c.target }))
    .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
  let nextDeadline: SlaReport['nextDeadline'];
  for (const c of clocks) {
    if (c.status !== 'active' || c.dueAt === undefined) continue;
    if (!nextDeadline || c.dueAt < nextDeadline.dueAt) nextDeadline = { id: c.id, metric: c.metric, dueAt: c.dueAt };
  }
  const live = clocks.some((c) => c.status === 'active' || c.status === 'paused');
  const outcome: SlaOutcome = misses.length > 0 ? (live ? 'active-with-misses' : 'missed') : live ? 'active' : 'hit';
  const firstResponse = clocks.find((c) => c.metric === 'firstResponse');
  const resolution = clocks.find((c) => c.metric === 'resolution');
  return {
    threadId: thread.id,
    now,
    rule: schedule.selection.rule,
    ...(firstResponse ? { firstResponse } : {}),
    nextResponse: clocks.filter((c) => c.metric === 'nextResponse'),
    ...(resolution ? { resolution } : {}),
    clocks,
    ...(nextDeadline ? { nextDeadline } : {}),
    outcome,
    misses,
  };
}
