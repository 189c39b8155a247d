/**
 * computeMetrics over engine-folded threads equals a recomputation written independently: from the
 * raw events where the engine's rules are simple enough to replay (thread channel, survey answers,
 * transfers, assignees), from thread fields otherwise (see brute-force.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine.js';
import { threadIdFor } from '../../../src/fold/ids.js';
import { ALWAYS_OPEN, createCalendar } from '../../../src/policies/calendar/index.js';
import { type MetricsGroupBy, computeMetrics } from '../../../src/policies/metrics/index.js';
import type { SlaPolicyInput } from '../../../src/policies/sla/index.js';
import type { Thread } from '../../../src/threading/types.js';
import { bruteGroup, rounded } from './brute-force.js';
import { MIN, type Raw, START, arbConversations, foldOrder, isMessage } from './conversations.js';

const day: [string, string][] = [['09:00', '17:00']];
const OFFICE = createCalendar({ timeZone: 'UTC', week: { mon: day, tue: day, wed: day, thu: day, fri: day } });
const SLA: SlaPolicyInput = { default: { firstResponse: 30 * MIN, nextResponse: 60 * MIN, resolution: 8 * 60 * MIN } };
const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
const key = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

const arbCase = fc.boolean().chain((threadMerges) =>
  fc.record({
    events: arbConversations(threadMerges),
    threadMerges: fc.constant(threadMerges),
    groupBy: fc.constantFrom<MetricsGroupBy>('channel', 'team', 'agent', 'priority', 'none'),
    nowMinute: fc.nat({ max: 1500 }),
    window: fc.option(fc.tuple(fc.nat({ max: 600 }), fc.nat({ max: 600 })), { nil: undefined }),
    office: fc.boolean(),
    withSla: fc.boolean(),
    withPriorityOf: fc.boolean(),
  }),
);

/** The replayable part of the fold: who a thread is assigned to, its team and its transfers (apply.ts). */
function replayAssignments(events: readonly Raw[], created: (tenantId: string, eventId: string) => boolean) {
  const exists = new Set<string>();
  const assignee = new Map<string, string>();
  const team = new Map<string, string>();
  const transfers = new Map<string, number>();
  const bump = (id: string) => transfers.set(id, (transfers.get(id) ?? 0) + 1);
  const closed = new Set<string>();
  for (const e of [...events].sort(foldOrder)) {
    if ((isMessage(e) || e.type === 'thread.split') && created(e.tenantId, e.id)) exists.add(threadIdFor(e.tenantId, e.id));
    if (!('threadId' in e) || e.threadId === undefined || !exists.has(e.threadId) || isMessage(e)) continue;
    const id = e.threadId;
    if (e.type === 'thread.status_changed' && e.status === 'closed') closed.add(id);
    // A closed thread takes no assignment or transfer (apply.ts refuses them).
    if (closed.has(id) && (e.type === 'thread.assigned' || e.type === 'thread.transferred')) continue;
    if (e.type === 'thread.assigned' && assignee.get(id) !== e.agentId) {
      if (assignee.has(id)) bump(id);
      assignee.set(id, e.agentId);
    } else if (e.type === 'thread.unassigned') {
      assignee.delete(id);
    } else if (e.type === 'thread.transferred' && (e.toAgentId !== undefined || e.toTeam !== undefined)) {
      bump(id);
      if (e.toTeam !== undefined) team.set(id, e.toTeam);
      if (e.toAgentId !== undefined) assignee.set(id, e.toAgentId);
      else assignee.delete(id);
    }
  }
  return { assignee, team, transfers };
}

describe('computeMetrics against an independent recomputation', () => {
  it('every group and the total equal the brute force; raw-event counts agree', async () => {
    await fc.assert(
      fc.asyncProperty(arbCase, async (c) => {
        const events = c.events;
        const engine = createEngine();
        const { rejected } = await engine.ingest(events);
        expect(rejected).toEqual([]);
        const threads = engine.threads();
        const created = (tenantId: string, eventId: string) => engine.thread(threadIdFor(tenantId, eventId)) !== undefined;
        const raw = new Map(events.map((e) => [key(e.tenantId, e.id), e]));

        const now = START + c.nowMinute * MIN;
        const [a, b] = c.window ?? [0, 0];
        const window = c.window ? { from: START + Math.min(a, b) * MIN, to: START + Math.max(a, b) * MIN } : {};
        const priorityOf = c.withPriorityOf ? (t: Thread) => (t.id.charCodeAt(5) % 3 === 0 ? ('urgent' as const) : undefined) : undefined;
        const calendar = c.office ? OFFICE : ALWAYS_OPEN;
        const report = computeMetrics(threads, {
          now,
          groupBy: c.groupBy,
          calendar,
          ...window,
          ...(c.withSla ? { sla: SLA } : {}),
          ...(priorityOf ? { priorityOf } : {}),
        });

        // --- The expected partition, keyed from raw events where possible.
        const replay = c.threadMerges ? undefined : replayAssignments(events, created);
        const channelOf = (t: Thread) => {
          const own = t.messages.map((m) => raw.get(key(t.tenantId, m.id))!).filter(isMessage).sort(foldOrder);
          return (own.find((e) => e.type === 'message.received') ?? own[0])?.channel ?? t.channel;
        };
        const priority = (t: Thread) => priorityOf?.(t) ?? t.priorityOverride ?? t.severity ?? 'normal';
        const keyOf = (t: Thread): string => {
          switch (c.groupBy) {
            case 'channel':
              return channelOf(t);
            case 'agent':
              return (replay ? replay.assignee.get(t.id) : t.assignee) ?? 'unassigned';
            case 'team':
              return (replay ? replay.team.get(t.id) : t.team) ?? 'unassigned';
            case 'priority':
              return priority(t);
            case 'none':
              return 'all';
          }
        };
        const inWindow = threads.filter((t) => !c.window || (t.createdAt >= window.from! && t.createdAt < window.to!));
        const byKey = new Map<string, Thread[]>();
        for (const t of inWindow) byKey.set(keyOf(t), [...(byKey.get(keyOf(t)) ?? []), t]);
        const expectedKeys = [...byKey.keys()].sort((x, y) =>
          c.groupBy === 'priority' ? PRIORITY_RANK[x]! - PRIORITY_RANK[y]! : x === 'unassigned' ? 1 : y === 'unassigned' ? -1 : x < y ? -1 : 1,
        );
        expect(report.groups.map((g) => g.key)).toEqual(expectedKeys);

        const setup = { now, calendar, ...(c.withSla ? { sla: SLA } : {}) };
        const pri = (t: Thread) => priority(t);
        for (const g of report.groups) expect(rounded(g)).toEqual(rounded(bruteGroup(g.key, byKey.get(g.key)!, setup, pri)));
        expect(rounded(report.total)).toEqual(rounded(bruteGroup('all', inWindow, setup, pri)));

        // --- Raw events: every survey answer on a thread that existed by then is counted once.
        const creator = new Map(events.filter(isMessage).map((e) => [threadIdFor(e.tenantId, e.id), e]));
        const answers = events.filter((e) => {
          if (e.type !== 'survey.answered') return false;
          const origin = creator.get(e.threadId);
          return origin !== undefined && created(origin.tenantId, origin.id) && foldOrder(origin, e) < 0;
        }) as Extract<Raw, { type: 'survey.answered' }>[];
        const folded = new Set(threads.flatMap((t) => t.surveys.map((s) => key(t.tenantId, s.id))));
        expect(new Set(answers.map((e) => key(e.tenantId, e.id)))).toEqual(folded);
        if (!c.window) {
          const csat = answers.filter((e) => e.survey === 'csat' && e.score >= 1 && e.score <= 5).map((e) => e.score);
          const ces = answers.filter((e) => e.survey === 'ces' && e.score >= 1 && e.score <= 7).map((e) => e.score);
          const nps = answers.filter((e) => e.survey === 'nps').map((e) => e.score);
          expect(report.total.ces.count).toBe(ces.length);
          if (ces.length) expect(report.total.ces.mean).toBeCloseTo(ces.reduce((x, y) => x + y, 0) / ces.length, 9);
          expect(report.total.csat.count).toBe(csat.length);
          if (csat.length) expect(report.total.csat.mean).toBeCloseTo(csat.reduce((x, y) => x + y, 0) / csat.length, 9);
          expect(report.total.nps.count).toBe(nps.length);
          if (nps.length) expect(report.total.nps.score).toBeCloseTo((100 * (nps.filter((s) => s >= 9).length - nps.filter((s) => s <= 6).length)) / nps.length, 9);
        }

        // --- Raw events: transfers as apply.ts counts them (replayable without thread merges).
        if (replay) {
          for (const g of report.groups) {
            const inGroup = byKey.get(g.key)!;
            expect(g.transfers.total).toBe(inGroup.reduce((n, t) => n + (replay.transfers.get(t.id) ?? 0), 0));
          }
        }
      }),
      { numRuns: 220 },
    );
  });
});
