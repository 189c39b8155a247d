import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { defaultPriorityPolicy } from '../../src/policies/priority/index.js';
import { arbEventHistory } from '../../src/testing/histories.js';

const T0 = Date.UTC(2026, 10, 23, 9);
const MIN = 60_000;
const base = { tenantId: 'acme', schemaVersion: 2 } as const;
const msg = (id: string, minute: number, extra: Record<string, unknown> = {}) => ({
  ...base,
  id,
  type: 'message.received',
  occurredAt: T0 + minute * MIN,
  channel: 'email',
  from: { kind: 'email', value: `${id}@example.com` },
  content: { text: 'I have a question about my invoice' },
  ...extra,
});

describe('engine.queue', () => {
  it('orders by priority with reasons; severity, VIP and waiting time count', async () => {
    const engine = createEngine();
    await engine.ingest([
      msg('plain', 0),
      msg('urgent', 5, { severity: 'urgent' }),
      msg('vip', 10),
      { ...base, id: 'vip-attr', type: 'customer.attributes_set', occurredAt: T0 + 10 * MIN, customer: { kind: 'email', value: 'vip@example.com' }, vip: true, tier: 'platinum' },
    ]);
    const q = engine.queue({ now: T0 + 30 * MIN });
    // The plain thread waited longest, yet both the urgent and the platinum VIP thread go before it.
    expect(q.at(-1)!.thread.messages[0]!.id).toBe('plain');
    expect(q.map((e) => e.thread.messages[0]!.id).sort()).toEqual(['plain', 'urgent', 'vip']);
    for (const e of q) expect(e.reasons.length).toBeGreaterThan(0);
    expect(q[0]!.reasons.some((r) => r.factor.includes('severity'))).toBe(true);
  });

  it('resolved, pending and assigned threads leave the queue; snoozed ones return when their time comes', async () => {
    const engine = createEngine();
    await engine.ingest([msg('a', 0), msg('b', 1), msg('c', 2)]);
    const [a, b, c] = engine.threads();
    await engine.ingest([
      { ...base, id: 'ra', type: 'thread.status_changed', occurredAt: T0 + 3 * MIN, threadId: a!.id, status: 'resolved' },
      { ...base, id: 'sb', type: 'thread.status_changed', occurredAt: T0 + 3 * MIN, threadId: b!.id, status: 'snoozed', until: T0 + 60 * MIN },
      { ...base, id: 'ac', type: 'thread.assigned', occurredAt: T0 + 3 * MIN, threadId: c!.id, agentId: 'ana' },
    ]);
    expect(engine.queue({ now: T0 + 10 * MIN })).toEqual([]);
    expect(engine.queue({ now: T0 + 61 * MIN }).map((e) => e.thread.id)).toEqual([b!.id]);
    expect(engine.queue({ now: T0 + 10 * MIN, includeAssigned: true }).map((e) => e.thread.id)).toEqual([c!.id]);
  });

  it('equals a brute-force sort of every queued thread by score on generated states', async () => {
    const policy = defaultPriorityPolicy();
    await fc.assert(
      fc.asyncProperty(arbEventHistory({ maxEvents: 40 }), fc.nat({ max: 2000 }), async (events, minutes) => {
        const engine = createEngine({ policies: { priority: policy } });
        await engine.ingest(events);
        const now = Date.UTC(2026, 10, 2, 8) + minutes * MIN;
        const got = engine.queue({ now, limit: 1000 });
        const wait = (t: { awaitingReplySince?: number; createdAt: number }) => t.awaitingReplySince ?? t.createdAt;
        const expected = engine
          .threads()
          .filter((t) => t.assignee === undefined && (t.status === 'open' || (t.status === 'snoozed' && (t.snoozedUntil ?? Infinity) <= now)))
          .map((t) => ({ t, s: policy.score(t, { now, ...(engine.customer(t.customerId) ? { customer: engine.customer(t.customerId)! } : {}) }).score }))
          .sort((x, y) => y.s - x.s || wait(x.t) - wait(y.t) || (x.t.id < y.t.id ? -1 : 1));
        expect(got.map((e) => e.thread.id)).toEqual(expected.map((x) => x.t.id));
        for (let i = 0; i < got.length; i++) expect(got[i]!.score).toBeCloseTo(expected[i]!.s, 6);
      }),
      { numRuns: 200 },
    );
  });
});

describe('engine.queue with service levels', () => {
  it('stays equal to brute force as deadlines pass between queries, forwards and backwards in time', async () => {
    const policy = defaultPriorityPolicy();
    const sla = { default: { firstResponse: 20 * MIN, nextResponse: 40 * MIN, resolution: 600 * MIN } };
    await fc.assert(
      fc.asyncProperty(arbEventHistory({ maxEvents: 30 }), fc.array(fc.nat({ max: 1500 }), { minLength: 1, maxLength: 5 }), async (events, minutes) => {
        const engine = createEngine({ policies: { priority: policy, sla } });
        await engine.ingest(events);
        const latest = Math.max(Date.UTC(2026, 10, 2, 8), ...events.map((e) => e.occurredAt as number));
        for (const m of minutes) {
          const now = latest + m * MIN;
          const got = engine.queue({ now, limit: 1000 });
          const wait = (t: { awaitingReplySince?: number; createdAt: number }) => t.awaitingReplySince ?? t.createdAt;
          const expected = engine
            .threads()
            .filter((t) => t.assignee === undefined && (t.status === 'open' || (t.status === 'snoozed' && (t.snoozedUntil ?? Infinity) <= now)))
            .map((t) => {
              const report = engine.sla(t.id, now)!;
              const customer = engine.customer(t.customerId);
              const running = report.clocks.filter((c) => c.stoppedAt === undefined && c.dueAt !== undefined).map((c) => c.dueAt!);
              const next = running.length ? Math.min(...running) : undefined;
              const breached = next !== undefined && next <= now;
              const ctx = { now, ...(customer ? { customer } : {}), ...(next === undefined ? {} : { sla: { nextDeadline: next, breached } }) };
              return { t, s: policy.score(t, ctx).score };
            })
            .sort((x, y) => y.s - x.s || wait(x.t) - wait(y.t) || (x.t.id < y.t.id ? -1 : 1));
          expect(got.map((e) => e.thread.id)).toEqual(expected.map((x) => x.t.id));
        }
      }),
      { numRuns: 150 },
    );
  });
});
