import { describe, expect, it } from 'vitest';
import { isOmnithreadError } from '../../../src/errors.js';
import {
  balanced,
  createAgentPool,
  highestSpareCapacity,
  queueTo,
  roundRobin,
  type RoutingDecision,
} from '../../../src/policies/routing/index.js';
import { MIN, NOW, agent, thread } from './fixtures.js';

const assigned = (d: RoutingDecision): string | undefined => (d.kind === 'assign' ? d.agentId : undefined);
const ctx = { now: NOW };

describe('roundRobin', () => {
  it('picks the agent longest since their last assignment, never-assigned first, ties by id', () => {
    const pool = createAgentPool([
      agent('a-3', { lastAssignedAt: NOW - 30 * MIN }),
      agent('a-2', { lastAssignedAt: NOW - 5 * MIN }),
      agent('a-1', { lastAssignedAt: NOW - 30 * MIN }),
    ]);
    const d = roundRobin().route(thread(), pool, ctx);
    expect(assigned(d)).toBe('a-1');
    expect(d.reasons.at(-1)).toMatchObject({ policy: 'roundRobin', code: 'assigned', agentId: 'a-1' });
    expect(d.reasons.at(-1)?.message).toBe('a-1 longest since last assignment, 30 min ago (round robin, of 3 eligible)');
    pool.update(agent('a-9'));
    expect(assigned(roundRobin().route(thread(), pool, ctx))).toBe('a-9');
  });

  it('rotates through a team as assignments happen', () => {
    const pool = createAgentPool(['a', 'b', 'c'].map((id) => agent(id, { capacity: { chat: 10 } })));
    const policy = roundRobin();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const now = NOW + i * 1000;
      const id = assigned(policy.route(thread(), pool, { now }))!;
      order.push(id);
      const a = pool.get(id)!;
      pool.update({ ...a, lastAssignedAt: now, load: { chat: (a.load.chat ?? 0) + 1 } });
    }
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('never routes to offline, away, at-capacity, channel-less or call-blocked agents', () => {
    const pool = createAgentPool([
      agent('offline', { status: 'offline' }),
      agent('away', { status: 'away' }),
      agent('full', { load: { chat: 3 } }),
      agent('email-only', { capacity: { email: 10 } }),
      agent('on-call', { load: { call: 1 }, exclusive: { call: ['chat'] } }),
    ]);
    const d = roundRobin({ queue: 'chat-backlog' }).route(thread(), pool, ctx);
    expect(d).toMatchObject({ kind: 'queue', target: 'chat-backlog' });
    expect(d.reasons[0]?.code).toBe('no-eligible-agent');
    expect(d.reasons[0]?.message).toBe('no agent can take it now (chat; 0 online with spare chat capacity)');
    pool.update(agent('ok'));
    expect(assigned(roundRobin().route(thread(), pool, ctx))).toBe('ok');
  });

  it('respects required skills from the context and tag mapping, and a team', () => {
    const pool = createAgentPool([
      agent('novice', { skills: [{ name: 'billing', level: 2 }], lastAssignedAt: 0 }),
      agent('expert', { skills: [{ name: 'billing', level: 8 }], lastAssignedAt: NOW }),
      agent('sales', { teams: ['sales'], skills: [{ name: 'billing', level: 9 }], lastAssignedAt: NOW }),
    ]);
    expect(assigned(roundRobin().route(thread(), pool, { now: NOW, requiredSkills: [{ name: 'billing', level: 5 }] }))).toBe('expert');
    const byTag = roundRobin({ eligibility: { skillsByTag: { refund: [{ name: 'billing', level: 5 }] } } });
    expect(assigned(byTag.route(thread({ tags: ['refund'] }), pool, ctx))).toBe('expert');
    expect(assigned(byTag.route(thread(), pool, ctx))).toBe('novice');
    expect(assigned(roundRobin({ team: 'sales' }).route(thread(), pool, ctx))).toBe('sales');
  });

  it('does not route a thread a bot is handling, until handover', () => {
    const pool = createAgentPool([agent('a')]);
    const d = roundRobin().route(thread({ handledBy: 'bot' }), pool, ctx);
    expect(d).toMatchObject({ kind: 'queue', target: 'bot', reasons: [{ code: 'bot-handling' }] });
    expect(d.reasons[0]?.message).toMatch(/^bot handling/);
    expect(assigned(roundRobin().route(thread({ handledBy: 'bot', handoverRequestedAt: NOW }), pool, ctx))).toBe('a');
  });
});

describe('balanced', () => {
  it('picks the agent with the fewest open threads across channels', () => {
    const pool = createAgentPool([
      agent('busy', { load: { chat: 1, email: 4 }, lastAssignedAt: 0 }),
      agent('calm', { load: { chat: 2 }, lastAssignedAt: NOW }),
    ]);
    const d = balanced().route(thread(), pool, ctx);
    expect(assigned(d)).toBe('calm');
    expect(d.reasons.at(-1)?.message).toBe('calm has the fewest open threads, 2 (balanced, of 2 eligible)');
  });
});

describe('highestSpareCapacity', () => {
  it('picks the agent with the most free slots on the channel', () => {
    const pool = createAgentPool([
      agent('small', { capacity: { chat: 2 }, load: {} }),
      agent('big', { capacity: { chat: 6 }, load: { chat: 3 } }),
    ]);
    const d = highestSpareCapacity().route(thread(), pool, ctx);
    expect(assigned(d)).toBe('big');
    expect(d.reasons.at(-1)?.message).toBe('big has the most spare chat capacity, 3 (of 2 eligible)');
  });
});

describe('options validation', () => {
  it('rejects unknown and invalid options with INVALID_ARGUMENT', () => {
    expect(() => roundRobin({ team: '' })).toThrow(/roundRobin: invalid options: team/);
    try {
      balanced({ tema: 'x' } as never);
      expect.unreachable();
    } catch (e) {
      expect(isOmnithreadError(e, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('queueTo always queues, in its target', () => {
    const d = queueTo({ target: 'overflow' }).route(thread(), createAgentPool([agent('a')]), ctx);
    expect(d).toEqual({ kind: 'queue', target: 'overflow', reasons: [{ policy: 'queue', code: 'queued', message: 'queued in overflow' }] });
  });
});
