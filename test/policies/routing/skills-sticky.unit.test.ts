import { describe, expect, it } from 'vitest';
import { createAgentPool, skillsBased, sticky, type RoutingDecision } from '../../../src/policies/routing/index.js';
import { MIN, NOW, agent, customer, thread } from './fixtures.js';

const assigned = (d: RoutingDecision): string | undefined => (d.kind === 'assign' ? d.agentId : undefined);
const codes = (d: RoutingDecision): string[] => d.reasons.map((r) => r.code);

describe('skillsBased', () => {
  const team = [
    agent('en-billing', { languages: ['en'], skills: [{ name: 'billing', level: 8 }] }),
    agent('ko-billing', { languages: ['ko', 'en'], skills: [{ name: 'billing', level: 4 }], load: { chat: 2 } }),
    agent('ko-novice', { languages: ['ko'], skills: [{ name: 'billing', level: 1 }] }),
    agent('tech', { languages: ['ko'], skills: [{ name: 'tech', level: 9 }] }),
  ];

  it('sends a Korean-speaking customer to a ko agent with the skill, even when busier', () => {
    const policy = skillsBased({ required: ['billing'], levels: { billing: 3 } });
    const d = policy.route(thread(), createAgentPool(team), { now: NOW, customer: customer({ language: 'ko-KR' }) });
    expect(assigned(d)).toBe('ko-billing');
    expect(codes(d)).toEqual(['skills', 'language-match', 'assigned']);
    expect(d.reasons[0]?.message).toBe('requires billing≥3');
    expect(d.reasons[1]?.message).toBe('ko-billing speaks ko-KR');
  });

  it('with a preferred language, falls back to other skilled agents and says so', () => {
    const pool = createAgentPool(team.filter((a) => a.id !== 'ko-billing'));
    const d = skillsBased({ required: [{ name: 'billing', level: 3 }] }).route(thread({ language: 'ko' }), pool, { now: NOW });
    expect(assigned(d)).toBe('en-billing');
    expect(d.reasons[1]?.message).toBe('nobody free speaks ko; taking another skilled agent');
  });

  it('with a required language, queues instead', () => {
    const pool = createAgentPool(team.filter((a) => a.id !== 'ko-billing'));
    const d = skillsBased({ required: [{ name: 'billing', level: 3 }], language: 'required', queue: 'ko-desk' }).route(thread({ language: 'ko' }), pool, {
      now: NOW,
    });
    expect(d).toMatchObject({ kind: 'queue', target: 'ko-desk' });
    expect(d.reasons.at(-1)?.message).toBe('no agent can take it now (chat, skills billing≥3, speaking ko; 3 online with spare chat capacity)');
  });

  it('maps tags to skills at levels, and prefers agents with more preferred skills', () => {
    const pool = createAgentPool([
      agent('generalist', { skills: [{ name: 'tech', level: 7 }] }),
      agent('specialist', { skills: [{ name: 'tech', level: 7 }, { name: 'api', level: 5 }], load: { chat: 2 } }),
      agent('junior', { skills: [{ name: 'tech', level: 3 }, { name: 'api', level: 9 }] }),
    ]);
    const policy = skillsBased({ byTag: { outage: ['tech'] }, levels: { tech: 6 }, preferred: ['api'] });
    const d = policy.route(thread({ tags: ['outage'] }), pool, { now: NOW });
    expect(assigned(d)).toBe('specialist');
    expect(d.reasons.map((r) => r.message)).toContain('specialist holds 1 of 1 preferred skills');
    // without the tag nothing is required: the junior qualifies and wins on the preferred skill with no load
    expect(assigned(policy.route(thread(), pool, { now: NOW }))).toBe('junior');
  });

  it('never routes to an unskilled agent', () => {
    const pool = createAgentPool([agent('a', { skills: [{ name: 'billing', level: 2 }] })]);
    expect(skillsBased({ required: [{ name: 'billing', level: 3 }] }).route(thread(), pool, { now: NOW }).kind).toBe('queue');
  });
});

describe('sticky', () => {
  const pool = createAgentPool([agent('a-7'), agent('a-8', { status: 'offline' }), agent('a-9', { load: { chat: 3 } })]);
  const policy = sticky({ windowMs: 60 * MIN });

  it('assigns the agent who last handled the customer within the window', () => {
    const d = policy.route(thread(), pool, { now: NOW, history: { lastAgentId: 'a-7', lastHandledAt: NOW - 12 * MIN } });
    expect(d).toEqual({
      kind: 'assign',
      agentId: 'a-7',
      reasons: [{ policy: 'sticky', code: 'sticky-hit', agentId: 'a-7', message: 'a-7 handled this customer 12 min ago (window 1 h)' }],
    });
  });

  it('misses, saying why: outside the window, offline, at capacity, unknown, no history', () => {
    const msg = (history?: { lastAgentId?: string; lastHandledAt?: number }): string | undefined => {
      const d = policy.route(thread(), pool, { now: NOW, ...(history ? { history } : {}) });
      expect(d.kind).toBe('queue');
      expect(d.reasons[0]?.code).toBe('sticky-miss');
      return d.reasons[0]?.message;
    };
    expect(msg({ lastAgentId: 'a-7', lastHandledAt: NOW - 2 * 60 * MIN })).toBe('a-7 last handled this customer 2 h ago, outside the 1 h window');
    expect(msg({ lastAgentId: 'a-8', lastHandledAt: NOW - MIN })).toBe('previous agent a-8 cannot take it now: status is offline');
    expect(msg({ lastAgentId: 'a-9', lastHandledAt: NOW - MIN })).toBe('previous agent a-9 cannot take it now: chat load 3 ≥ capacity 3');
    expect(msg({ lastAgentId: 'gone', lastHandledAt: NOW - MIN })).toBe('previous agent gone is not in the pool');
    expect(msg()).toBe('no previous agent for this customer');
  });

  it('keeps required skills: the previous agent must still qualify', () => {
    const d = policy.route(thread(), pool, {
      now: NOW,
      history: { lastAgentId: 'a-7', lastHandledAt: NOW - MIN },
      requiredSkills: [{ name: 'billing' }],
    });
    expect(d.kind).toBe('queue');
    expect(d.reasons[0]?.message).toBe('previous agent a-7 cannot take it now: lacks skill billing');
  });
});
