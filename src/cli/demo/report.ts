/**
 * What the demo shows, as plain data: the same object is printed as JSON (`--json`) or rendered as
 * text. Built from the engine at the end of the day and what it emitted along the way.
 */
import type { Customer } from '../../identity/types.js';
import type { RoutingRecord } from '../../engine/router.js';
import type { RoutingReason } from '../../policies/routing/types.js';
import type { Thread } from '../../threading/types.js';
import { DEMO_AGENTS } from './agents.js';
import { DEMO_DATE, DEMO_TIME_ZONE, MINUTE, formatLocal, iso } from './clock.js';
import type { DemoRun } from './simulate.js';
import { buildMetrics, type ChannelMetrics } from './report-metrics.js';

export type { ChannelMetrics } from './report-metrics.js';

/** One contact in a customer's unified history. */
export interface TimelineRow {
  readonly at: string;
  readonly time: string;
  readonly threadId: string;
  readonly threadRef: string;
  readonly channel: string;
  readonly direction: 'inbound' | 'outbound';
  /** `customer`, or the agent's id. */
  readonly author: string;
  readonly summary: string;
}

export interface CustomerSection {
  readonly id: string;
  readonly name: string;
  readonly language: string | null;
  readonly tier: string | null;
  readonly vip: boolean;
  readonly identities: readonly string[];
  /** Profiles merged into this customer (identity.linked joined them). */
  readonly mergedFrom: readonly string[];
  readonly threads: readonly { readonly id: string; readonly ref: string; readonly status: string; readonly assignee: string | null; readonly channels: readonly string[]; readonly messages: number }[];
  readonly timeline: readonly TimelineRow[];
}

export interface QueueRow {
  readonly rank: number;
  readonly threadId: string;
  readonly customer: string;
  readonly channel: string;
  readonly status: string;
  readonly assignee: string | null;
  readonly waitingMs: number | null;
  readonly score: number;
  readonly reasons: readonly { readonly factor: string; readonly points: number; readonly detail: string }[];
}

/** A routing outcome of a thread; repeated identical decisions (re-queued every step) count once. */
export interface RoutingRow {
  readonly at: string;
  readonly time: string;
  readonly threadId: string;
  readonly customer: string;
  readonly channel: string;
  readonly outcome: 'assigned' | 'queued';
  readonly agentId: string | null;
  readonly queue: string | null;
  readonly why: string;
}

export interface AgentRow {
  readonly id: string;
  readonly name: string;
  readonly languages: readonly string[];
  readonly skills: readonly string[];
  readonly teams: readonly string[];
  readonly assigned: number;
  readonly openAtEnd: number;
  readonly statusAtEnd: string;
}

export interface SlaRow {
  readonly threadId: string;
  readonly customer: string;
  readonly channel: string;
  readonly metric: string;
  readonly at: string;
  readonly time: string;
  readonly statusNow: string;
}

export interface AtRiskRow {
  readonly threadId: string;
  readonly customer: string;
  readonly channel: string;
  readonly metric: string;
  readonly rule: string;
  readonly dueAt: string;
  /** Business time left; negative when already over. */
  readonly remainingMs: number;
}

/** Everything `omnithread demo` prints. */
export interface DemoReport {
  readonly seed: number;
  readonly tenantId: string;
  readonly day: { readonly date: string; readonly timeZone: string; readonly businessHours: string; readonly start: string; readonly end: string };
  readonly totals: {
    readonly events: number;
    readonly rejected: number;
    readonly customers: number;
    readonly mergedProfiles: number;
    readonly threads: number;
    readonly messages: number;
    readonly agents: number;
  };
  readonly customers: readonly CustomerSection[];
  readonly queue: readonly QueueRow[];
  readonly routing: { readonly agents: readonly AgentRow[]; readonly decisions: readonly RoutingRow[]; readonly stillQueued: readonly RoutingRow[] };
  readonly sla: {
    readonly breaches: readonly SlaRow[];
    /** Warnings whose clock was then met (the others appear as breaches). */
    readonly warningsMet: readonly SlaRow[];
    readonly atRisk: readonly AtRiskRow[];
    readonly flagged: readonly { readonly threadId: string; readonly customer: string; readonly reason: string }[];
    readonly hitRate: number | null;
  };
  readonly metrics: { readonly byChannel: readonly ChannelMetrics[]; readonly total: ChannelMetrics };
}

const QUEUE_LIMIT = 10;
const AT_RISK_MS = 60 * MINUTE;

/** A person's name, else the identity they were first seen with. */
export function customerName(c: Customer | undefined): string {
  if (!c) return '?';
  return c.attributes.name ?? c.identities[0]?.key ?? c.id;
}

function customerSection(run: DemoRun, c: Customer): CustomerSection {
  const threads = c.threadIds.map((id) => run.engine.thread(id)).filter((t): t is Thread => t !== undefined && t.customerId === c.id);
  const refOf = new Map(threads.map((t) => [t.id, t.ref]));
  return {
    id: c.id,
    name: customerName(c),
    language: c.attributes.language ?? null,
    tier: c.attributes.tier ?? null,
    vip: c.attributes.vip === true,
    identities: c.identities.map((i) => i.key),
    mergedFrom: [...c.mergedFrom],
    threads: threads.map((t) => ({ id: t.id, ref: t.ref, status: t.status, assignee: t.assignee ?? null, channels: [...t.channels], messages: t.messages.length })),
    timeline: run.engine.timeline(c.id).map((e) => ({
      at: iso(e.occurredAt),
      time: formatLocal(e.occurredAt),
      threadId: e.threadId,
      threadRef: refOf.get(e.threadId) ?? '',
      channel: e.channel,
      direction: e.direction,
      author: e.author.type === 'agent' ? e.author.agentId : e.author.type === 'bot' ? e.author.botId : 'customer',
      summary: e.summary,
    })),
  };
}

function outcomeKey(r: RoutingRecord): string {
  const d = r.decision;
  return d.kind === 'assign' ? `assign:${d.agentId}` : `${d.kind}:${d.target ?? ''}`;
}

/** The reasons that explain a decision, shortest useful form first. */
function explain(reasons: readonly RoutingReason[]): string {
  const sticky = reasons.find((r) => r.code === 'sticky-hit');
  if (sticky) return `sticky: ${sticky.message}`;
  const parts: string[] = [];
  const rule = reasons.find((r) => r.code === 'rule-matched');
  if (rule) parts.push(`${rule.message.split(' matched')[0]} rule`);
  const missed = reasons.find((r) => r.code === 'sticky-miss' && !r.message.startsWith('no previous agent'));
  if (missed) parts.push(missed.message);
  const skills = reasons.find((r) => r.code === 'skills');
  if (skills) parts.push(skills.message);
  const last = reasons[reasons.length - 1];
  const blocked = [...reasons].reverse().find((r) => r.code === 'no-eligible-agent');
  if (last?.code === 'assigned') {
    if (blocked && blocked.policy === 'skillsBased') parts.push('no speaker of the language free');
    parts.push(last.message);
  } else if (blocked) parts.push(blocked.message);
  else if (last) parts.push(last.message);
  return parts.join('; ');
}

function routingRows(run: DemoRun, nameOf: (threadId: string) => string): { decisions: RoutingRow[]; stillQueued: RoutingRow[] } {
  const last = new Map<string, string>();
  const latest = new Map<string, RoutingRow>();
  const decisions: RoutingRow[] = [];
  for (const r of run.routing) {
    const key = outcomeKey(r);
    const row: RoutingRow = {
      at: iso(r.at),
      time: formatLocal(r.at),
      threadId: r.threadId,
      customer: nameOf(r.threadId),
      channel: run.engine.thread(r.threadId)?.channel ?? '?',
      outcome: r.decision.kind === 'assign' ? 'assigned' : 'queued',
      agentId: r.decision.kind === 'assign' ? r.decision.agentId : null,
      queue: r.decision.kind === 'assign' ? null : (r.decision.target ?? null),
      why: explain(r.decision.reasons),
    };
    latest.set(r.threadId, row);
    if (last.get(r.threadId) === key) continue;
    last.set(r.threadId, key);
    decisions.push(row);
  }
  const stillQueued = [...latest.values()].filter((row) => {
    const t = run.engine.thread(row.threadId);
    return row.outcome === 'queued' && t !== undefined && t.assignee === undefined && (t.status === 'open' || t.status === 'pending');
  });
  return { decisions, stillQueued };
}

function agentRows(run: DemoRun): AgentRow[] {
  const assigned = new Map<string, number>();
  for (const r of run.routing) if (r.decision.kind === 'assign') assigned.set(r.decision.agentId, (assigned.get(r.decision.agentId) ?? 0) + 1);
  return DEMO_AGENTS.map((a) => {
    const agent = run.engine.agent(run.scenario.tenantId, a.id);
    return {
      id: a.id,
      name: a.name,
      languages: [...a.languages],
      skills: a.skills.map((s) => `${s.name} ${s.level}`),
      teams: [...a.teams],
      assigned: assigned.get(a.id) ?? 0,
      openAtEnd: Object.values(agent?.load ?? {}).reduce((n, k) => n + (k ?? 0), 0),
      statusAtEnd: agent?.status ?? 'unknown',
    };
  });
}

function slaSection(run: DemoRun, nameOf: (threadId: string) => string): DemoReport['sla'] {
  const end = run.scenario.end;
  const row = (a: { threadId: string; metric: string; at: number }): SlaRow => {
    const t = run.engine.thread(a.threadId);
    return { threadId: a.threadId, customer: nameOf(a.threadId), channel: t?.channel ?? '?', metric: a.metric, at: iso(a.at), time: formatLocal(a.at), statusNow: t?.status ?? '?' };
  };
  const breached = new Set(run.alerts.filter((a) => a.kind === 'breach').map((a) => `${a.threadId}:${a.metric}`));
  const byTime = [...run.alerts].sort((a, b) => a.at - b.at || (a.threadId < b.threadId ? -1 : 1));
  const atRisk: AtRiskRow[] = [];
  for (const t of run.engine.threads({ tenantId: run.scenario.tenantId, status: ['open', 'pending'] })) {
    const report = run.engine.sla(t.id, end);
    for (const c of report?.clocks ?? []) {
      if (c.status !== 'active' || c.dueAt === undefined || c.remainingMs > AT_RISK_MS) continue;
      atRisk.push({ threadId: t.id, customer: nameOf(t.id), channel: t.channel, metric: c.metric, rule: report!.rule, dueAt: iso(c.dueAt), remainingMs: c.remainingMs });
    }
  }
  atRisk.sort((a, b) => a.remainingMs - b.remainingMs || (a.threadId < b.threadId ? -1 : 1));
  const total = run.engine.metrics({ tenantId: run.scenario.tenantId, now: end }).total;
  return {
    breaches: byTime.filter((a) => a.kind === 'breach').map(row),
    warningsMet: byTime.filter((a) => a.kind === 'warning' && !breached.has(`${a.threadId}:${a.metric}`)).map(row),
    atRisk,
    flagged: run.flags.map((f) => ({ threadId: f.threadId, customer: nameOf(f.threadId), reason: f.reason })),
    hitRate: total.sla.hitRate,
  };
}

/**
 * The report of a finished demo day.
 *
 * @example
 * ```ts
 * import { simulateDay } from './simulate.js';
 * const run = await simulateDay({ seed: 42, store });
 * const report = buildReport(run);
 * report.sla.breaches.length; // service levels missed during the day
 * ```
 */
export function buildReport(run: DemoRun): DemoReport {
  const { engine, scenario } = run;
  const tenantId = scenario.tenantId;
  const nameOf = (threadId: string) => customerName(engine.customer(engine.thread(threadId)?.customerId ?? ''));
  const customers = engine.customers({ tenantId });
  const threads = engine.threads({ tenantId });
  const end = scenario.end;
  const queue = engine.queue({ now: end, tenantId, limit: QUEUE_LIMIT, includeAssigned: true }).map((e, i) => ({
    rank: i + 1,
    threadId: e.thread.id,
    customer: nameOf(e.thread.id),
    channel: e.thread.channel,
    status: e.thread.status,
    assignee: e.thread.assignee ?? null,
    waitingMs: e.thread.awaitingReplySince === undefined ? null : end - e.thread.awaitingReplySince,
    score: Math.round(e.score * 10) / 10,
    reasons: e.reasons.map((r) => ({ factor: r.factor, points: Math.round(r.points * 10) / 10, detail: r.detail })),
  }));
  return {
    seed: scenario.seed,
    tenantId,
    day: { date: DEMO_DATE, timeZone: DEMO_TIME_ZONE, businessHours: 'Mon-Fri 08:00-18:00', start: iso(scenario.start), end: iso(end) },
    totals: {
      events: engine.position(),
      rejected: run.rejected.length,
      customers: customers.length,
      mergedProfiles: customers.reduce((n, c) => n + c.mergedFrom.length, 0),
      threads: threads.length,
      messages: threads.reduce((n, t) => n + t.messages.length, 0),
      agents: engine.agents({ tenantId }).length,
    },
    customers: customers.map((c) => customerSection(run, c)),
    queue,
    routing: { agents: agentRows(run), ...routingRows(run, nameOf) },
    sla: slaSection(run, nameOf),
    metrics: buildMetrics(engine.metrics({ tenantId, now: end, groupBy: 'channel', calendar: run.sla.calendar })),
  };
}
