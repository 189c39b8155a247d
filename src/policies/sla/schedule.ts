/**
 * The SLA schedule of a thread: every clock with its deadline, every warning, breach and follow-up
 * instant. It depends on the thread and the policy only — never on `now` — which is what makes
 * "events due in (from, to]" add up across any partition of time.
 */
import { inFoldOrder } from '../../threading/order.js';
import type { PriorityLevel } from '../../events/primitives.js';
import type { Customer } from '../../identity/types.js';
import type { Thread, ThreadMessage } from '../../threading/types.js';
import { addBusinessTime } from '../calendar/index.js';
import { type SlaMetric, type SlaPolicy, type SlaPolicyInput, type SlaSelection, defineSlaPolicy, selectSlaRule } from './policy.js';
import {
  DONE_STATUSES,
  type RunningTime,
  type StatusSegment,
  instantAfterRunning,
  runningTime,
  statusSegments,
} from './timeline.js';

/**
 * What every SLA function needs besides the thread.
 *
 * @example
 * ```ts
 * import type { SlaContext, SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const ctx: SlaContext = { policy, customer, priority: 'high' };
 * ```
 */
export interface SlaContext {
  readonly policy: SlaPolicy | SlaPolicyInput;
  /** Used by tier / vip rules. */
  readonly customer?: Customer;
  /** Overrides the priority level read from the thread (e.g. the one your priority policy chose). */
  readonly priority?: PriorityLevel;
}

/** Why a response clock stopped. */
export type SlaStopReason = 'reply' | 'resolution';

/**
 * One run of one metric, before it is judged against a `now`.
 *
 * @example
 * ```ts
 * import { type ScheduledClock, slaSchedule, type SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const late: ScheduledClock[] = slaSchedule(thread, { policy }).clocks.filter((c) => c.breached);
 * ```
 */
export interface ScheduledClock {
  /** `${threadId}:${metric}:${startedAt}`: stable across replays; also the id of its miss. */
  readonly id: string;
  readonly metric: SlaMetric;
  readonly target: number;
  readonly startedAt: number;
  /** When the target runs out (pause- and business-hours aware); undefined if it never can. */
  readonly dueAt?: number;
  /** When the warning fires, if the policy warns and the clock is still running then. */
  readonly warnAt?: number;
  /** Response clocks only: the reply, or the resolution, that stopped it. */
  readonly stoppedAt?: number;
  readonly stoppedBy?: SlaStopReason;
  /** True when the clock was still running at `dueAt`: the target is (or will be) missed. */
  readonly breached: boolean;
}

/**
 * A follow-up after one resolution, with the instant it was cancelled, if it was.
 *
 * @example
 * ```ts
 * import { type SlaPolicy, slaSchedule } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const pending = slaSchedule(thread, { policy }).followUps.filter((f) => f.cancelledAt === undefined);
 * ```
 */
export interface ScheduledFollowUp {
  /** `${threadId}:followUp:${resolvedAt}`. */
  readonly id: string;
  readonly resolvedAt: number;
  readonly at: number;
  /** Set when the customer wrote, or the thread reopened, before `at`. */
  readonly cancelledAt?: number;
}

/**
 * Everything the SLA functions derive from a thread, independent of `now`.
 *
 * @example
 * ```ts
 * import { type SlaSchedule, slaSchedule, type SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const schedule: SlaSchedule = slaSchedule(thread, { policy });
 * schedule.selection.rule; // 'default'
 * ```
 */
export interface SlaSchedule {
  readonly threadId: string;
  readonly policy: SlaPolicy;
  readonly selection: SlaSelection;
  readonly segments: readonly StatusSegment[];
  readonly running: RunningTime;
  /** Ordered by start, then metric order. */
  readonly clocks: readonly ScheduledClock[];
  readonly followUps: readonly ScheduledFollowUp[];
}

interface RawClock {
  metric: SlaMetric;
  startedAt: number;
  stoppedAt?: number;
  stoppedBy?: SlaStopReason;
}


/** Instants at which the thread enters a done state from a live one. */
function doneEntries(segments: readonly StatusSegment[]): number[] {
  const out: number[] = [];
  segments.forEach((s, i) => {
    const before = segments[i - 1];
    if (i > 0 && before && DONE_STATUSES.has(s.status) && !DONE_STATUSES.has(before.status)) out.push(s.from);
  });
  return out;
}

/**
 * Reply cycles. The first cycle (first response) starts at creation unless the thread opened with
 * our own outbound message. Every later cycle (next response) starts at the oldest customer
 * message nobody has answered. A cycle ends at the next reply, or when the thread is resolved,
 * closed or merged — whichever comes first; a reply at the very instant of a resolution counts
 * as the reply, a customer message at that instant starts a fresh cycle.
 */
function responseCycles(thread: Thread, responders: ReadonlySet<string>, dones: readonly number[]): RawClock[] {
  const isReply = (m: ThreadMessage) => m.direction === 'outbound' && responders.has(m.author.type);
  const doneAfter = (t: number) => dones.find((d) => d > t);
  const clocks: RawClock[] = [];
  let open: (RawClock & { limit: number | undefined }) | undefined;
  const stop = (at: number, by: SlaStopReason) => {
    if (!open) return;
    clocks.push({ metric: open.metric, startedAt: open.startedAt, stoppedAt: at, stoppedBy: by });
    open = undefined;
  };
  const messages = inFoldOrder(thread.messages);
  const first = messages[0];
  if (!first || first.direction === 'inbound') {
    open = { metric: 'firstResponse', startedAt: thread.createdAt, limit: doneAfter(thread.createdAt) };
  }
  for (const m of messages) {
    if (open?.limit !== undefined && (open.limit < m.occurredAt || (open.limit === m.occurredAt && !isReply(m)))) {
      stop(open.limit, 'resolution');
    }
    if (m.direction === 'inbound') {
      if (!open) open = { metric: 'nextResponse', startedAt: m.occurredAt, limit: doneAfter(m.occurredAt) };
    } else if (isReply(m)) {
      stop(m.occurredAt, 'reply');
    }
  }
  if (open) {
    if (open.limit !== undefined) stop(open.limit, 'resolution');
    else clocks.push({ metric: open.metric, startedAt: open.startedAt });
  }
  return clocks;
}

function followUps(thread: Thread, policy: SlaPolicy, selection: SlaSelection, segments: readonly StatusSegment[]): ScheduledFollowUp[] {
  if (!policy.followUp) return [];
  const out: ScheduledFollowUp[] = [];
  segments.forEach((s, i) => {
    if (s.status !== 'resolved' || segments[i - 1]?.status === 'resolved') return;
    const at = addBusinessTime(selection.calendar, s.from, policy.followUp!.afterMs);
    if (!Number.isFinite(at)) return;
    // Leaving `resolved` for `closed` keeps the follow-up; any other change means someone is on it.
    const reopened = segments.slice(i + 1).find((n) => n.status !== 'closed');
    const wrote = thread.messages.find((m) => m.direction === 'inbound' && m.occurredAt >= s.from && m.occurredAt < at);
    const cancels = [reopened?.from, wrote?.occurredAt].filter((t): t is number => t !== undefined && t < at);
    out.push({
      id: `${thread.id}:followUp:${s.from}`,
      resolvedAt: s.from,
      at,
      ...(cancels.length > 0 ? { cancelledAt: Math.min(...cancels) } : {}),
    });
  });
  return out;
}

/**
 * Computes the full schedule of a thread under a policy (no `now`: nothing here depends on it).
 *
 * @example
 * ```ts
 * import { type SlaPolicy, slaSchedule } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const { clocks } = slaSchedule(thread, { policy });
 * clocks.filter((c) => c.breached).map((c) => c.id); // every miss this thread will ever have, as known
 * ```
 */
export function slaSchedule(thread: Thread, ctx: SlaContext): SlaSchedule {
  const policy = defineSlaPolicy(ctx.policy);
  const selection = selectSlaRule(policy, thread, ctx.customer, ctx.priority);
  const segments = statusSegments(thread);
  const running = runningTime(segments, policy.pauseIn, selection.calendar);
  const raw: RawClock[] = responseCycles(thread, new Set(policy.responders), doneEntries(segments));
  raw.push({ metric: 'resolution', startedAt: thread.createdAt });
  const order: Record<SlaMetric, number> = { firstResponse: 0, nextResponse: 1, resolution: 2 };
  raw.sort((a, b) => a.startedAt - b.startedAt || order[a.metric] - order[b.metric]);

  const ids = new Map<string, number>();
  const clocks: ScheduledClock[] = [];
  for (const c of raw) {
    const target = selection.targets[c.metric];
    if (target === undefined) continue;
    let id = `${thread.id}:${c.metric}:${c.startedAt}`;
    // Two reply cycles can share a start only if the first was answered at once; keep ids unique.
    const seen = ids.get(id) ?? 0;
    ids.set(id, seen + 1);
    if (seen > 0) id = `${id}:${seen}`;
    const runsAt = (t: number | undefined) => t !== undefined && (c.stoppedAt === undefined || c.stoppedAt >= t);
    const dueAt = instantAfterRunning(running, c.startedAt, target);
    const warnBy = policy.warnBeforeMs > 0 && policy.warnBeforeMs < target;
    const warnAt = warnBy ? instantAfterRunning(running, c.startedAt, target - policy.warnBeforeMs) : undefined;
    clocks.push({
      id,
      metric: c.metric,
      target,
      startedAt: c.startedAt,
      ...(dueAt === undefined ? {} : { dueAt }),
      ...(runsAt(warnAt) ? { warnAt: warnAt! } : {}),
      ...(c.stoppedAt === undefined ? {} : { stoppedAt: c.stoppedAt, stoppedBy: c.stoppedBy! }),
      breached: runsAt(dueAt),
    });
  }
  return { threadId: thread.id, policy, selection, segments, running, clocks, followUps: followUps(thread, policy, selection, segments) };
}
