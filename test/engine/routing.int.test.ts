import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { defaultRoutingPolicy } from '../../src/policies/routing/index.js';
import { stateOf } from '../helpers/state.js';

const T0 = Date.UTC(2026, 10, 23, 9);
const MIN = 60_000;
const base = { tenantId: 'acme', schemaVersion: 2 } as const;
const agent = (id: string, minute: number, chat: number) => [
  { ...base, id: `p-${id}`, type: 'agent.profile_set', occurredAt: T0 + minute * MIN, agentId: id, languages: ['en'], capacity: { chat } },
  { ...base, id: `s-${id}`, type: 'agent.status_changed', occurredAt: T0 + minute * MIN, agentId: id, status: 'online' },
];
const chat = (n: number, minute: number) => ({
  ...base,
  id: `chat-${n}`,
  type: 'message.received',
  occurredAt: T0 + minute * MIN,
  channel: 'chat',
  from: { kind: 'chat', visitorId: `visitor-${n}` },
  chat: { sessionId: `session-${n}` },
  content: { text: 'hello' },
});

describe('routing in the engine', () => {
  it('assigns within capacity, queues the rest, and re-drains in waiting order when capacity frees', async () => {
    const engine = createEngine({ policies: { routing: defaultRoutingPolicy({ stickyWindowMs: 0 }) } });
    const assigned: string[] = [];
    engine.on('thread.assigned', (e) => assigned.push(`${e.thread.messages[0]!.id}->${e.agentId}`));
    await engine.ingest([...agent('ana', 0, 1), ...agent('bo', 0, 1)]);
    await engine.ingest([chat(1, 1), chat(2, 2), chat(3, 3), chat(4, 4)]);
    expect(assigned).toHaveLength(2);
    expect(engine.agents().map((a) => a.load.chat)).toEqual([1, 1]);
    const waiting = engine.threads({ assignee: null });
    expect(waiting.map((t) => t.messages[0]!.id)).toEqual(['chat-3', 'chat-4']);
    const first = engine.threads().find((t) => t.messages[0]!.id === 'chat-1')!;
    await engine.ingest({ ...base, id: 'resolve-1', type: 'thread.status_changed', occurredAt: T0 + 10 * MIN, threadId: first.id, status: 'resolved' });
    expect(assigned).toHaveLength(3);
    expect(assigned[2]).toBe(`chat-3->${first.assignee}`);
    for (const a of engine.agents()) expect(a.load.chat ?? 0).toBeLessThanOrEqual(1);
  });

  it('emits ingest.completed once per ingest call, router assignments included', async () => {
    const engine = createEngine({ policies: { routing: defaultRoutingPolicy() } });
    let completed = 0;
    engine.on('ingest.completed', () => completed++);
    await engine.ingest([...agent('ana', 0, 2), chat(1, 1)]);
    expect(engine.threads()[0]!.assignee).toBe('ana');
    expect(completed).toBe(1);
  });

  it('a profile is set whole: leaving out the region clears it', async () => {
    const engine = createEngine();
    await engine.ingest({ ...base, id: 'p1', type: 'agent.profile_set', occurredAt: T0, agentId: 'x', region: 'EU', senior: true, capacity: { chat: 1 } });
    await engine.ingest({ ...base, id: 'p2', type: 'agent.profile_set', occurredAt: T0 + MIN, agentId: 'x', capacity: { chat: 2 } });
    expect(engine.agent('acme', 'x')).toMatchObject({ senior: false, capacity: { chat: 2 } });
    expect(engine.agent('acme', 'x')?.region).toBeUndefined();
  });

  it('never assigns to an offline agent; an agent coming online drains the queue', async () => {
    const engine = createEngine({ policies: { routing: defaultRoutingPolicy() } });
    await engine.ingest([{ ...base, id: 'p-x', type: 'agent.profile_set', occurredAt: T0, agentId: 'x', capacity: { chat: 3 } }]);
    await engine.ingest([chat(1, 1)]);
    expect(engine.threads()[0]!.assignee).toBeUndefined();
    await engine.ingest({ ...base, id: 'on-x', type: 'agent.status_changed', occurredAt: T0 + 2 * MIN, agentId: 'x', status: 'online' });
    expect(engine.threads()[0]!.assignee).toBe('x');
  });

  it('an unanswered offer expires back to the queue and goes to someone else', async () => {
    const engine = createEngine({ policies: { routing: { policy: defaultRoutingPolicy({ stickyWindowMs: 0 }), offerTimeoutMs: 5 * MIN } } });
    await engine.ingest([...agent('ana', 0, 1), ...agent('bo', 0, 1)]);
    await engine.ingest([chat(1, 1)]);
    const firstAgent = engine.threads()[0]!.assignee!;
    await engine.advanceTo(T0 + 3 * MIN);
    expect(engine.threads()[0]!.assignee).toBe(firstAgent);
    await engine.advanceTo(T0 + 7 * MIN);
    const thread = engine.threads()[0]!;
    expect(thread.assignee).toBeDefined();
    expect(thread.assignee).not.toBe(firstAgent);
    expect(thread.transfers).toBe(0);
    expect(thread.assignments).toBe(2);
  });

  it('router decisions are events in the log: a replay reproduces them without routing again', async () => {
    const engine = createEngine({ policies: { routing: defaultRoutingPolicy() } });
    await engine.ingest([...agent('ana', 0, 2), chat(1, 1), chat(2, 2), chat(3, 3)]);
    const replayed = createEngine({ store: engine.store });
    await replayed.ready();
    expect(stateOf(replayed)).toEqual(stateOf(engine));
    expect(replayed.threads().filter((t) => t.assignee === 'ana')).toHaveLength(2);
  });
});

describe('bots and humans', () => {
  it('a bot-handled thread waits for a handover, then goes to a person at once with its wait counted from the first message', async () => {
    const engine = createEngine({ policies: { routing: defaultRoutingPolicy({ stickyWindowMs: 0 }) } });
    await engine.ingest([...agent('ana', 0, 2)]);
    await engine.ingest([
      chat(1, 1),
      { ...base, id: 'bot-1', type: 'message.sent', occurredAt: T0 + 2 * MIN, channel: 'chat', to: { kind: 'chat', visitorId: 'visitor-1' }, author: { type: 'bot', botId: 'helper-bot' }, content: { text: 'I am a bot. How can I help?' } },
    ]);
    const thread = engine.threads()[0]!;
    expect(thread.handledBy).toBe('bot');
    expect(thread.assignee).toBeUndefined();
    expect(thread.awaitingReplySince).toBe(T0 + MIN);
    await engine.ingest({ ...base, id: 'handover', type: 'thread.handover_requested', occurredAt: T0 + 3 * MIN, threadId: thread.id, requestedBy: 'customer' });
    const after = engine.thread(thread.id)!;
    expect(after.assignee).toBe('ana');
    expect(after.handledBy).toBe('human');
    expect(after.awaitingReplySince).toBe(T0 + MIN);
    expect(engine.timeline(after.customerId).map((e) => e.author.type)).toEqual(['customer', 'bot']);
  });
});

describe('a day of traffic', () => {
  it('never over capacity or to an offline agent, re-drains as agents come and go, and keeps customers with their agent', async () => {
    const engine = createEngine({ policies: { routing: defaultRoutingPolicy({ stickyWindowMs: 8 * 60 * MIN }) } });
    const check = () => {
      const agents = new Map(engine.agents().map((a) => [a.id, a]));
      for (const t of engine.threads({ status: 'open' })) {
        if (t.assignee === undefined) continue;
        const a = agents.get(t.assignee)!;
        for (const [ch, n] of Object.entries(a.load)) expect(n).toBeLessThanOrEqual(a.capacity[ch as 'chat'] ?? 0);
      }
    };
    const assignedTo = new Map<string, string>();
    engine.on('thread.assigned', (e) => {
      // At the moment of assignment the agent is online.
      expect(engine.agent('acme', e.agentId)?.status).toBe('online');
      assignedTo.set(e.thread.id, e.agentId);
    });
    await engine.ingest([...agent('ana', 0, 2), ...agent('bo', 0, 2)]);
    let minute = 1;
    for (let round = 0; round < 6; round++) {
      await engine.ingest([chat(round * 10 + 1, minute++), chat(round * 10 + 2, minute++), chat(round * 10 + 3, minute++)]);
      check();
      if (round === 2) await engine.ingest({ ...base, id: 'bo-off', type: 'agent.status_changed', occurredAt: T0 + minute++ * MIN, agentId: 'bo', status: 'offline' });
      if (round === 4) await engine.ingest({ ...base, id: 'bo-on', type: 'agent.status_changed', occurredAt: T0 + minute++ * MIN, agentId: 'bo', status: 'online' });
      // Resolve the oldest assigned thread: capacity frees and the queue re-drains, oldest first.
      const open = engine.threads({ status: 'open' }).filter((t) => t.assignee !== undefined);
      const oldest = open.sort((a, b) => a.createdAt - b.createdAt)[0];
      const waitingBefore = engine.threads({ status: 'open', assignee: null }).sort((a, b) => a.createdAt - b.createdAt);
      if (oldest) {
        await engine.ingest({ ...base, id: `resolve-${round}`, type: 'thread.status_changed', occurredAt: T0 + minute++ * MIN, threadId: oldest.id, status: 'resolved' });
        const next = waitingBefore[0];
        if (next) expect(engine.thread(next.id)?.assignee).toBeDefined();
      }
      check();
    }
    // A returning customer comes back to the agent who helped them, not to whoever is least busy.
    const open = engine.threads({ status: 'open' });
    await engine.ingest(open.map((t, i) => ({ ...base, id: `close-${i}`, type: 'thread.status_changed', occurredAt: T0 + minute * MIN, threadId: t.id, status: 'closed' })));
    minute++;
    const [helpedThread, helper] = [...assignedTo.entries()][0]!;
    const visitor = engine.customer(engine.thread(helpedThread)!.customerId)!.identities[0]!.value;
    // Make the helper the busier agent, so balanced routing alone would pick the other one.
    await engine.ingest([chat(90, minute++)]);
    const busy = engine.threads().find((t) => t.messages[0]!.id === 'chat-90')!;
    if (busy.assignee !== helper) {
      await engine.ingest({ ...base, id: 'to-helper', type: 'thread.assigned', occurredAt: T0 + minute++ * MIN, threadId: busy.id, agentId: helper });
    }
    expect(engine.agent('acme', helper)!.load.chat).toBe(1);
    expect(engine.agents().find((a) => a.id !== helper)!.load.chat ?? 0).toBe(0);
    await engine.ingest({ ...base, id: 'again', type: 'message.received', occurredAt: T0 + minute++ * MIN, channel: 'chat', from: { kind: 'chat', visitorId: visitor }, chat: { sessionId: 'a-new-session' }, content: { text: 'me again' } });
    const back = engine.threads().find((t) => t.messages.some((m) => m.id === 'again'))!;
    expect(back.id).not.toBe(helpedThread);
    expect(back.assignee).toBe(helper);
  });
});
