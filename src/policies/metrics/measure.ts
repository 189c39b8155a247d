/**
 * Everything the report needs from one thread, measured once: its group key, its durations, its
 * counters and its survey answers. Aggregation only adds these up.
 */
import { OmnithreadError } from '../../errors.js';
import { PRIORITY_LEVELS, type PriorityLevel } from '../../events/primitives.js';
import type { SurveyAnswer, Thread, ThreadMessage } from '../../threading/types.js';
import { type BusinessCalendar, businessTimeBetween } from '../calendar/index.js';
import { evaluateSla } from '../sla/evaluate.js';
import { type StatusSegment, statusSegments } from '../sla/timeline.js';
import type { ResolvedMetricsOptions } from './options.js';
import { inFoldOrder } from '../../threading/order.js';
import { type Span, isAnsweredCall, replyCycles } from './responses.js';
import type { DurationSample } from './stats.js';

/** The group key of threads without an assignee (agent) or a team (team). */
export const UNASSIGNED = 'unassigned';
/** The key of the single group when not grouping. */
export const ALL = 'all';

const FINISHED = new Set(['resolved', 'closed']);

export interface ThreadMeasures {
  readonly key: string;
  readonly firstResponse?: DurationSample;
  readonly firstHumanResponse?: DurationSample;
  readonly nextResponses: readonly DurationSample[];
  readonly resolution?: DurationSample;
  readonly handleTime?: DurationSample;
  readonly transfers: number;
  readonly fcrEligible: boolean;
  readonly fcrResolved: boolean;
  readonly everResolved: boolean;
  readonly reopened: boolean;
  readonly sla: { readonly hits: number; readonly misses: number; readonly active: number };
  readonly csat: readonly number[];
  readonly ces: readonly number[];
  readonly nps: readonly number[];
}

/** The priority used for grouping and SLA rules: yours, else the thread's override, severity, `normal`. */
export function priorityFor(thread: Thread, priorityOf: ResolvedMetricsOptions['priorityOf']): PriorityLevel {
  const chosen = priorityOf?.(thread);
  if (chosen !== undefined && !(PRIORITY_LEVELS as readonly unknown[]).includes(chosen)) {
    const message = `returned ${JSON.stringify(chosen)} for thread ${thread.id}; expected one of ${PRIORITY_LEVELS.join(', ')}`;
    throw new OmnithreadError('INVALID_ARGUMENT', `priorityOf ${message}`, { issues: [{ path: ['priorityOf'], message }] });
  }
  return chosen ?? thread.priorityOverride ?? thread.severity ?? 'normal';
}

/**
 * The channel a thread is reported under: where the customer first wrote (else its first message,
 * else `thread.channel`). Unlike `thread.channel`, it does not move when the customer switches.
 *
 * @example
 * ```ts
 * import { originChannel } from 'omnithread';
 * // The customer opened on chat, then continued by SMS: thread.channel is 'sms'.
 * originChannel(thread); // 'chat'
 * ```
 */
export function originChannel(thread: Thread, messages: readonly ThreadMessage[] = inFoldOrder(thread.messages)): Thread['channel'] {
  return (messages.find((m) => m.direction === 'inbound') ?? messages[0])?.channel ?? thread.channel;
}

function groupKey(thread: Thread, messages: readonly ThreadMessage[], priority: PriorityLevel, o: ResolvedMetricsOptions): string {
  switch (o.groupBy) {
    case 'channel':
      return originChannel(thread, messages);
    case 'team':
      return thread.team ?? UNASSIGNED;
    case 'agent':
      return thread.assignee ?? UNASSIGNED;
    case 'priority':
      return priority;
    case 'none':
      return ALL;
  }
}

function sample(calendar: BusinessCalendar, [from, to]: Span): DurationSample {
  return { raw: to - from, business: businessTimeBetween(calendar, from, to) };
}

/**
 * Instants at which the thread became resolved or closed from a live state. Before its creation a
 * thread counts as live, so one resolved at the instant it was created (a split) finishes then.
 */
function finishings(segments: readonly StatusSegment[]): number[] {
  return segments.filter((s, i) => FINISHED.has(s.status) && (i === 0 || !FINISHED.has(segments[i - 1]!.status))).map((s) => s.from);
}

/**
 * Resolution and handle time of a thread that is resolved or closed now. The end is when it last
 * became so (closing a resolved thread does not move it); handle time is the time spent `open`
 * before that — pending and snoozed (waiting on the customer, deferred) do not count.
 */
function lifecycle(thread: Thread, segments: readonly StatusSegment[], calendar: BusinessCalendar): { resolution: DurationSample; handleTime: DurationSample } | undefined {
  let i = segments.length - 1;
  if (!FINISHED.has(segments[i]!.status)) return undefined;
  while (i > 0 && FINISHED.has(segments[i - 1]!.status)) i--;
  const end = segments[i]!.from;
  let raw = 0;
  let business = 0;
  for (const s of segments.slice(0, i)) {
    if (s.status !== 'open') continue;
    raw += s.to - s.from;
    business += businessTimeBetween(calendar, s.from, s.to);
  }
  return { resolution: sample(calendar, [thread.createdAt, end]), handleTime: { raw, business } };
}

const SCALES: Record<SurveyAnswer['survey'], readonly [min: number, max: number]> = { csat: [1, 5], ces: [1, 7], nps: [0, 10] };

/** Scores of one survey kind; answers outside the survey's scale are left out. */
function scores(surveys: readonly SurveyAnswer[], kind: SurveyAnswer['survey']): number[] {
  const [min, max] = SCALES[kind];
  return surveys.filter((s) => s.survey === kind && Number.isInteger(s.score) && s.score >= min && s.score <= max).map((s) => s.score);
}

function slaCounts(thread: Thread, priority: PriorityLevel, o: ResolvedMetricsOptions): ThreadMeasures['sla'] {
  if (!o.sla) return { hits: 0, misses: 0, active: 0 };
  const customer = o.customerOf?.(thread.customerId);
  const report = evaluateSla(thread, { policy: o.sla, now: o.now, priority, ...(customer ? { customer } : {}) });
  let hits = 0;
  let misses = 0;
  for (const c of report.clocks) {
    if (c.status === 'hit') hits++;
    else if (c.status === 'missed') misses++;
  }
  return { hits, misses, active: report.clocks.length - hits - misses };
}

/** Measures one (not merged) thread. */
export function measureThread(thread: Thread, o: ResolvedMetricsOptions): ThreadMeasures {
  const messages = inFoldOrder(thread.messages);
  const priority = priorityFor(thread, o.priorityOf);
  const segments = statusSegments(thread);
  const cycles = replyCycles(messages, finishings(segments));
  const finished = lifecycle(thread, segments, o.calendar);
  const touches = messages.filter((m) => (m.direction === 'outbound' && m.author.type === 'agent') || isAnsweredCall(m)).length;
  const fcrEligible = finished !== undefined && messages.some((m) => m.direction === 'inbound');
  const everResolved = thread.statusHistory.some((c) => c.status === 'resolved');
  return {
    key: groupKey(thread, messages, priority, o),
    ...(cycles.first ? { firstResponse: sample(o.calendar, cycles.first) } : {}),
    ...(cycles.firstHuman ? { firstHumanResponse: sample(o.calendar, cycles.firstHuman) } : {}),
    nextResponses: cycles.next.map((s) => sample(o.calendar, s)),
    ...(finished ?? {}),
    transfers: thread.transfers,
    fcrEligible,
    fcrResolved: fcrEligible && touches === 1 && thread.reopens === 0 && thread.transfers === 0,
    everResolved,
    reopened: everResolved && thread.reopens > 0,
    sla: slaCounts(thread, priority, o),
    csat: scores(thread.surveys, 'csat'),
    ces: scores(thread.surveys, 'ces'),
    nps: scores(thread.surveys, 'nps'),
  };
}
