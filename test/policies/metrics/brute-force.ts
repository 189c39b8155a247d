/**
 * An independent, deliberately naive recomputation of every metric from a thread's fields (the
 * fold's own `firstInboundAt` / `firstResponseAt`, its status history replayed point by point), to
 * check `computeMetrics` against. Shares no code with src/policies/metrics.
 */
import type { Customer } from '../../../src/identity/types.js';
import { type BusinessCalendar, businessTimeBetween } from '../../../src/policies/calendar/index.js';
import type { MetricsGroup } from '../../../src/policies/metrics/index.js';
import { type SlaPolicyInput, evaluateSla } from '../../../src/policies/sla/index.js';
import type { Thread, ThreadMessage, ThreadStatus } from '../../../src/threading/types.js';

export interface BruteSetup {
  readonly now: number;
  readonly calendar: BusinessCalendar;
  readonly sla?: SlaPolicyInput;
  readonly customerOf?: (id: string) => Customer | undefined;
}

type Pair = [raw: number, business: number];

function stats(pairs: readonly Pair[]): MetricsGroup['firstResponse'] {
  const pick = (k: 0 | 1) => pairs.map((p) => p[k]).sort((a, b) => a - b);
  const summary = (v: number[]) => {
    if (v.length === 0) return { mean: null, median: null, p90: null };
    const sum = v.reduce((a, b) => a + b, 0);
    const median = v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
    return { mean: sum / v.length, median, p90: v[Math.ceil(v.length * 0.9) - 1]! };
  };
  const r = summary(pick(0));
  const b = summary(pick(1));
  return { count: pairs.length, meanMs: r.mean, medianMs: r.median, p90Ms: r.p90, businessMeanMs: b.mean, businessMedianMs: b.median, businessP90Ms: b.p90 };
}

const answeredCall = (m: ThreadMessage) => m.direction === 'inbound' && m.channel === 'call' && m.call?.status === 'answered';
const isReply = (m: ThreadMessage) => m.direction === 'outbound' || answeredCall(m);
const FINISHED: readonly ThreadStatus[] = ['resolved', 'closed'];

/** The status timeline as points: creation is `open`; one status per instant (the last recorded). */
function points(t: Thread): { at: number; status: ThreadStatus }[] {
  const out = [{ at: t.createdAt, status: 'open' as ThreadStatus }];
  for (const c of [...t.statusHistory].sort((a, b) => a.at - b.at)) {
    const at = Math.max(c.at, t.createdAt);
    if (out[out.length - 1]!.at === at) out[out.length - 1]!.status = c.status;
    else out.push({ at, status: c.status });
  }
  return out;
}

function finishEntries(t: Thread): number[] {
  let before: ThreadStatus = 'open';
  const out: number[] = [];
  for (const p of points(t)) {
    if (FINISHED.includes(p.status) && !FINISHED.includes(before)) out.push(p.at);
    before = p.status;
  }
  return out;
}

/** Later reply cycles: done instants are spliced into the message list, then a plain state machine. */
function nextCycles(t: Thread, firstIndex: number): [number, number][] {
  type Item = { kind: 'done'; at: number } | { kind: 'msg'; m: ThreadMessage };
  const items: Item[] = t.messages.slice(firstIndex + 1).map((m) => ({ kind: 'msg', m }));
  for (const d of finishEntries(t)) {
    let i = items.findIndex((x) => x.kind === 'msg' && (x.m.occurredAt > d || (x.m.occurredAt === d && !isReply(x.m))));
    if (i < 0) i = items.length;
    items.splice(i, 0, { kind: 'done', at: d });
  }
  const out: [number, number][] = [];
  let since: number | undefined;
  for (const x of items) {
    if (x.kind === 'done') since = undefined;
    else if (isReply(x.m)) {
      if (since !== undefined) out.push([since, x.m.occurredAt]);
      since = undefined;
    } else if (x.m.direction === 'inbound' && since === undefined) since = x.m.occurredAt;
  }
  return out;
}

/** Brute-force expectations for one group of threads (already windowed and keyed by the caller). */
export function bruteGroup(key: string, threads: readonly Thread[], setup: BruteSetup, priorityOf: (t: Thread) => string): MetricsGroup {
  const cal = setup.calendar;
  const pair = (a: number, b: number): Pair => [b - a, businessTimeBetween(cal, a, b)];
  const first: Pair[] = [];
  const human: Pair[] = [];
  const next: Pair[] = [];
  const resolution: Pair[] = [];
  const handle: Pair[] = [];
  let fcrEligible = 0;
  let fcrResolved = 0;
  let resolvedOnce = 0;
  let reopened = 0;
  let hits = 0;
  let misses = 0;
  let clocks = 0;
  for (const t of threads) {
    if (t.firstInboundAt !== undefined && t.firstResponseAt !== undefined) {
      first.push(pair(t.firstInboundAt, t.firstResponseAt));
      const firstIndex = t.messages.findIndex((m, i) => i >= t.messages.findIndex((x) => x.direction === 'inbound') && isReply(m));
      next.push(...nextCycles(t, firstIndex).map(([a, b]) => pair(a, b)));
    }
    const start = t.messages.findIndex((m) => m.direction === 'inbound');
    const humanReply = t.messages.find((m, i) => start >= 0 && i >= start && ((m.direction === 'outbound' && m.author.type === 'agent') || answeredCall(m)));
    if (humanReply) human.push(pair(t.messages[start]!.occurredAt, humanReply.occurredAt));

    const ps = points(t);
    // A reopen is a recorded change from resolved to open, even two changes at one instant.
    const history = t.statusHistory.map((c) => c.status);
    const reopens = history.filter((s, i) => s === 'open' && (history[i - 1] ?? 'open') === 'resolved').length;
    if (t.statusHistory.some((c) => c.status === 'resolved')) {
      resolvedOnce++;
      if (reopens > 0) reopened++;
    }
    if (FINISHED.includes(ps[ps.length - 1]!.status)) {
      let i = ps.length - 1;
      while (i > 0 && FINISHED.includes(ps[i - 1]!.status)) i--;
      const end = ps[i]!.at;
      resolution.push(pair(t.createdAt, end));
      const open: Pair = [0, 0];
      for (let j = 0; j < i; j++) {
        if (ps[j]!.status !== 'open') continue;
        const [r, b] = pair(ps[j]!.at, ps[j + 1]!.at);
        open[0] += r;
        open[1] += b;
      }
      handle.push(open);
      if (t.messages.some((m) => m.direction === 'inbound')) {
        fcrEligible++;
        const touches = t.messages.filter((m) => (m.direction === 'outbound' && m.author.type === 'agent') || answeredCall(m)).length;
        if (touches === 1 && reopens === 0 && t.transfers === 0) fcrResolved++;
      }
    }
    if (setup.sla) {
      const customer = setup.customerOf?.(t.customerId);
      const report = evaluateSla(t, { policy: setup.sla, now: setup.now, priority: priorityOf(t) as never, ...(customer ? { customer } : {}) });
      clocks += report.clocks.length;
      hits += report.clocks.filter((c) => c.status === 'hit').length;
      misses += report.clocks.filter((c) => c.status === 'missed').length;
    }
  }
  const surveys = threads.flatMap((t) => t.surveys);
  const scores = (kind: string, lo: number, hi: number) => surveys.filter((s) => s.survey === kind && s.score >= lo && s.score <= hi).map((s) => s.score);
  const avg = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
  const csat = scores('csat', 1, 5);
  const ces = scores('ces', 1, 7);
  const nps = scores('nps', 0, 10);
  const transfers = threads.reduce((n, t) => n + t.transfers, 0);
  return {
    key,
    threads: threads.length,
    firstResponse: stats(first),
    firstHumanResponse: stats(human),
    nextResponse: stats(next),
    resolution: stats(resolution),
    handleTime: stats(handle),
    transfers: { total: transfers, perThread: threads.length ? transfers / threads.length : null },
    firstContactResolution: { rate: fcrEligible ? fcrResolved / fcrEligible : null, resolved: fcrResolved, eligible: fcrEligible },
    reopenRate: resolvedOnce ? reopened / resolvedOnce : null,
    sla: { hitRate: hits + misses ? hits / (hits + misses) : null, hits, misses, active: clocks - hits - misses },
    csat: { count: csat.length, mean: avg(csat), satisfiedRate: csat.length ? csat.filter((s) => s > 3).length / csat.length : null },
    ces: { count: ces.length, mean: avg(ces) },
    nps: { count: nps.length, score: nps.length ? (nps.filter((s) => s > 8).length / nps.length - nps.filter((s) => s < 7).length / nps.length) * 100 : null },
  };
}

/** Rounds every number so float noise (a different but equivalent formula) does not count. */
export function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v))) as T;
}
