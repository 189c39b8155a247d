import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import type { SlaPolicyInput } from '../../src/policies/sla/index.js';

const T0 = Date.UTC(2026, 10, 23, 9);
const MIN = 60_000;
const policy: SlaPolicyInput = { default: { firstResponse: 30 * MIN, nextResponse: 60 * MIN, resolution: 24 * 60 * MIN }, warnBeforeMs: 10 * MIN };

const msg = (id: string, minute: number, extra: Record<string, unknown> = {}) => ({
  id,
  tenantId: 'acme',
  type: 'message.received',
  schemaVersion: 2,
  occurredAt: T0 + minute * MIN,
  channel: 'chat',
  from: { kind: 'chat', visitorId: `v-${id}` },
  content: { text: 'help' },
  ...extra,
});

describe('engine service levels', () => {
  it('reports deadlines and emits warning then breach once, at the right moment', async () => {
    const engine = createEngine({ policies: { sla: policy } });
    const warnings: string[] = [];
    const breaches: string[] = [];
    engine.on('sla.warning', (e) => warnings.push(`${e.metric}@${(e.at - T0) / MIN}`));
    engine.on('sla.breached', (e) => breaches.push(`${e.metric}@${(e.at - T0) / MIN}`));
    await engine.ingest(msg('c1', 0));
    const thread = engine.threads()[0]!;
    expect(engine.sla(thread.id, T0)?.nextDeadline).toMatchObject({ metric: 'firstResponse', dueAt: T0 + 30 * MIN });
    expect(engine.nextDue()).toBe(T0 + 20 * MIN);
    await engine.advanceTo(T0 + 19 * MIN);
    expect(warnings).toEqual([]);
    await engine.advanceTo(T0 + 25 * MIN);
    expect(warnings).toEqual(['firstResponse@20']);
    await engine.advanceTo(T0 + 31 * MIN);
    await engine.advanceTo(T0 + 31 * MIN);
    expect(breaches).toEqual(['firstResponse@30']);
    expect(engine.sla(thread.id, T0 + 31 * MIN)?.outcome).toBe('active-with-misses');
  });

  it('an answer in time means no breach; a late event that creates a past miss fires on the next advance', async () => {
    const engine = createEngine({ policies: { sla: policy } });
    const breaches: string[] = [];
    engine.on('sla.breached', (e) => breaches.push(e.missId));
    await engine.ingest(msg('c1', 0));
    const thread = engine.threads()[0]!;
    await engine.ingest({ id: 'r1', tenantId: 'acme', type: 'message.sent', schemaVersion: 2, occurredAt: T0 + 5 * MIN, channel: 'chat', to: { kind: 'chat', visitorId: 'v-c1' }, author: { type: 'agent', agentId: 'a1' } });
    await engine.advanceTo(T0 + 120 * MIN);
    expect(breaches).toEqual([]);
    // A second customer whose message we only learn about now, two hours late.
    await engine.ingest(msg('c2', 10));
    await engine.advanceTo(T0 + 121 * MIN);
    expect(breaches).toHaveLength(1);
    expect(engine.sla(thread.id, T0 + 121 * MIN)?.firstResponse?.status).toBe('hit');
  });

  it('exactly one sla.breached per miss under any advanceTo stepping', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 600 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat({ max: 3000 }), { minLength: 1, maxLength: 12 }),
        async (arrivals, steps) => {
          const engine = createEngine({ policies: { sla: policy } });
          const fired: string[] = [];
          engine.on('sla.breached', (e) => fired.push(e.missId));
          await engine.ingest(arrivals.map((m, i) => msg(`c${i}`, m)));
          for (const s of [...steps].sort((a, b) => a - b)) await engine.advanceTo(T0 + s * MIN);
          await engine.advanceTo(T0 + 4000 * MIN);
          expect(new Set(fired).size).toBe(fired.length);
          const misses = engine.threads().flatMap((t) => engine.sla(t.id, T0 + 4000 * MIN)!.misses.map((m) => m.id));
          expect([...fired].sort()).toEqual([...misses].sort());
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('engine.metrics', () => {
  it('reports response times and SLA hits for the engine threads, per channel', async () => {
    const engine = createEngine({ policies: { sla: policy } });
    await engine.ingest([
      msg('c1', 0),
      { id: 'r1', tenantId: 'acme', type: 'message.sent', schemaVersion: 2, occurredAt: T0 + 10 * MIN, channel: 'chat', to: { kind: 'chat', visitorId: 'v-c1' }, author: { type: 'agent', agentId: 'a1' } },
      msg('c2', 0),
      { id: 'r2', tenantId: 'acme', type: 'message.sent', schemaVersion: 2, occurredAt: T0 + 28 * MIN, channel: 'chat', to: { kind: 'chat', visitorId: 'v-c2' }, author: { type: 'agent', agentId: 'a1' } },
    ]);
    const report = engine.metrics({ tenantId: 'acme', now: T0 + 60 * MIN, groupBy: 'channel' });
    expect(report.total.threads).toBe(2);
    expect(report.total.firstResponse.meanMs).toBe(19 * MIN);
    expect(report.total.sla.hits).toBe(2);
    expect(report.total.sla.misses).toBe(0);
    expect(report.groups.map((g) => g.key)).toEqual(['chat']);
  });
});
