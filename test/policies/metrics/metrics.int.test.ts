import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine.js';
import { computeMetrics } from '../../../src/policies/metrics/index.js';

const T0 = Date.UTC(2026, 10, 23, 9); // Monday 09:00 UTC
const MIN = 60_000;
const at = (minutes: number) => T0 + minutes * MIN;
const base = (id: string, minutes: number) => ({ id, tenantId: 'acme', schemaVersion: 2, occurredAt: at(minutes) });
const chat = { kind: 'chat', visitorId: 'v-1' } as const;
const phone = { kind: 'phone', value: '+14155550100' } as const;

describe('metrics of engine threads', () => {
  it('a bot-first chat transferred to billing, and a call answered live', async () => {
    const engine = createEngine();
    const { rejected } = await engine.ingest([
      { ...base('c1', 0), type: 'message.received', channel: 'chat', from: chat, content: { text: 'I was charged twice' } },
      { ...base('c2', 1), type: 'message.sent', channel: 'chat', to: chat, author: { type: 'bot', botId: 'helper' }, content: { text: 'I am a bot; let me find someone.' } },
      { ...base('p1', 30), type: 'message.received', channel: 'call', from: phone, call: { status: 'answered', durationSec: 240 }, content: {} },
    ]);
    expect(rejected).toEqual([]);
    const [chatThread, callThread] = engine.threads();
    await engine.ingest([
      { ...base('c3', 2), type: 'thread.assigned', threadId: chatThread!.id, agentId: 'ann' },
      { ...base('c4', 10), type: 'thread.transferred', threadId: chatThread!.id, toAgentId: 'bob', toTeam: 'billing' },
      { ...base('c5', 12), type: 'message.sent', channel: 'chat', to: chat, author: { type: 'agent', agentId: 'bob' }, content: { text: 'Refunded.' } },
      { ...base('c6', 20), type: 'message.received', channel: 'chat', from: chat, content: { text: 'Thanks!' } },
      { ...base('c7', 25), type: 'message.sent', channel: 'chat', to: chat, author: { type: 'agent', agentId: 'bob' }, content: { text: 'Anytime.' } },
      { ...base('c8', 26), type: 'thread.status_changed', threadId: chatThread!.id, status: 'resolved' },
      { ...base('c9', 40), type: 'survey.answered', threadId: chatThread!.id, survey: 'csat', score: 5 },
      { ...base('p2', 33), type: 'thread.status_changed', threadId: callThread!.id, status: 'resolved' },
      { ...base('p3', 50), type: 'survey.answered', threadId: callThread!.id, survey: 'nps', score: 9 },
    ]);
    const now = at(60);
    const report = computeMetrics(engine.threads(), { now, groupBy: 'channel', sla: { default: { firstResponse: 5 * MIN, resolution: 60 * MIN } } });
    expect(report.groups.map((g) => [g.key, g.threads])).toEqual([['call', 1], ['chat', 1]]);
    const { total } = report;
    expect(total.firstResponse).toMatchObject({ count: 2, meanMs: 0.5 * MIN, medianMs: 0.5 * MIN, p90Ms: MIN });
    expect(total.firstHumanResponse).toMatchObject({ count: 2, meanMs: 6 * MIN });
    expect(total.nextResponse).toMatchObject({ count: 1, meanMs: 5 * MIN });
    expect(total.resolution).toMatchObject({ count: 2, meanMs: 14.5 * MIN });
    expect(total.handleTime).toMatchObject({ count: 2, meanMs: 14.5 * MIN });
    expect(total.transfers).toEqual({ total: 1, perThread: 0.5 });
    // The call was one touch; the chat had two agent replies and a transfer.
    expect(total.firstContactResolution).toEqual({ rate: 0.5, resolved: 1, eligible: 2 });
    expect(total.reopenRate).toBe(0);
    expect(total.sla).toEqual({ hitRate: 1, hits: 4, misses: 0, active: 0 });
    expect(total.csat).toEqual({ count: 1, mean: 5, satisfiedRate: 1 });
    expect(total.nps).toEqual({ count: 1, score: 100 });
    expect(computeMetrics(engine.threads(), { now, groupBy: 'team' }).groups.map((g) => g.key)).toEqual(['billing', 'unassigned']);
    expect(computeMetrics(engine.threads(), { now, groupBy: 'agent' }).groups.map((g) => g.key)).toEqual(['bob', 'unassigned']);
  });

  it('reports on the past through engine.at', async () => {
    const engine = createEngine();
    await engine.ingest([
      { ...base('m1', 0), type: 'message.received', channel: 'chat', from: chat, content: { text: 'hello?' } },
      { ...base('m2', 20), type: 'message.sent', channel: 'chat', to: chat, author: { type: 'agent', agentId: 'ann' }, content: { text: 'hi' } },
    ]);
    expect(computeMetrics(engine.at({ time: at(10) }).threads(), { now: at(10) }).total.firstResponse.count).toBe(0);
    expect(computeMetrics(engine.threads(), { now: at(120) }).total.firstResponse.meanMs).toBe(20 * MIN);
  });
});
