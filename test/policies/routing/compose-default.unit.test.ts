import { describe, expect, it } from 'vitest';
import {
  createAgentPool,
  defaultRoutingPolicy,
  firstMatch,
  queueTo,
  roundRobin,
  sticky,
  withFallback,
  workflow,
  type RoutingDecision,
  type RoutingPolicy,
} from '../../../src/policies/routing/index.js';
import { MIN, NOW, agent, customer, thread } from './fixtures.js';

const assigned = (d: RoutingDecision): string | undefined => (d.kind === 'assign' ? d.agentId : undefined);
const codes = (d: RoutingDecision): string[] => d.reasons.map((r) => r.code);

describe('firstMatch and withFallback', () => {
  it('returns the first assignment with the reasons of every policy tried', () => {
    const policy = firstMatch([sticky({ windowMs: 60 * MIN }), roundRobin()]);
    expect(policy.name).toBe('firstMatch(sticky, roundRobin)');
    const d = policy.route(thread(), createAgentPool([agent('a')]), { now: NOW });
    expect(assigned(d)).toBe('a');
    expect(codes(d)).toEqual(['sticky-miss', 'assigned']);
  });

  it('keeps the earliest pending timeout when nobody assigns', () => {
    const escalating = workflow({ targets: [{ name: 'seniors', team: 'senior', timeoutMs: 5 * MIN }] });
    const d = firstMatch([escalating, queueTo({ target: 'general' })]).route(thread(), createAgentPool([]), { now: NOW, waitingSinceMs: NOW });
    expect(d).toMatchObject({ kind: 'wait', until: NOW + 5 * MIN, target: 'seniors' });
    expect(codes(d)).toEqual(['waiting-at-target', 'queued']);
  });

  it('withFallback queues in the named queue, or tries the fallback policy', () => {
    const none = createAgentPool([agent('a', { status: 'offline' })]);
    const toQueue = withFallback(roundRobin({ team: 'vip' }), { queue: 'vip-backlog' });
    expect(toQueue.route(thread(), none, { now: NOW })).toMatchObject({ kind: 'queue', target: 'vip-backlog' });
    const toPolicy = withFallback(roundRobin({ team: 'vip' }), roundRobin());
    expect(assigned(toPolicy.route(thread(), createAgentPool([agent('a')]), { now: NOW }))).toBe('a');
  });

  it('rejects things that are not policies', () => {
    expect(() => firstMatch([])).toThrow(/firstMatch: invalid options: policies/);
    expect(() => firstMatch([{ name: 'x' } as unknown as RoutingPolicy])).toThrow(/expected a routing policy/);
    expect(() => withFallback(roundRobin(), { queue: '' })).toThrow(/withFallback: invalid options/);
  });

  it('does not let a queue fallback pull a bot thread out of the bot', () => {
    const d = withFallback(roundRobin(), { queue: 'general' }).route(thread({ handledBy: 'bot' }), createAgentPool([agent('a')]), { now: NOW });
    expect(d).toMatchObject({ kind: 'queue', target: 'bot', reasons: [{ code: 'bot-handling' }] });
  });
});

describe('defaultRoutingPolicy', () => {
  const agents = [
    agent('en-1', { languages: ['en'], skills: [{ name: 'billing', level: 5 }] }),
    agent('ko-1', { languages: ['ko'], skills: [{ name: 'tech', level: 5 }], load: { chat: 2 } }),
    agent('ko-2', { languages: ['ko'], skills: [{ name: 'billing', level: 5 }], load: { chat: 2 } }),
  ];
  const policy = defaultRoutingPolicy({ skillsByTag: { refund: ['billing'] } });

  it('keeps a customer with their recent agent first', () => {
    const d = policy.route(thread({ language: 'ko' }), createAgentPool(agents), { now: NOW, history: { lastAgentId: 'ko-1', lastHandledAt: NOW - 3 * 60 * MIN } });
    expect(assigned(d)).toBe('ko-1');
    expect(codes(d)).toEqual(['sticky-hit']);
  });

  it('then an agent with the skills who speaks the language', () => {
    const d = policy.route(thread({ tags: ['refund'] }), createAgentPool(agents), { now: NOW, customer: customer({ language: 'ko' }) });
    expect(assigned(d)).toBe('ko-2');
    expect(codes(d)).toEqual(['sticky-miss', 'skills', 'assigned']);
  });

  it('then the least busy skilled agent, even without the language', () => {
    const pool = createAgentPool(agents.filter((a) => a.id !== 'ko-2'));
    const d = policy.route(thread({ tags: ['refund'], language: 'ko' }), pool, { now: NOW });
    expect(assigned(d)).toBe('en-1');
    expect(codes(d)).toEqual(['sticky-miss', 'skills', 'no-eligible-agent', 'assigned']);
  });

  it('else queues, with every step explained', () => {
    const d = policy.route(thread({ tags: ['refund'] }), createAgentPool([agent('x', { status: 'away' })]), { now: NOW });
    expect(d).toMatchObject({ kind: 'queue', target: 'default' });
    expect(codes(d)).toEqual(['sticky-miss', 'skills', 'no-eligible-agent', 'no-eligible-agent', 'queued']);
    expect(d.reasons.at(-1)?.message).toBe('nobody can take it now; queued in default');
  });

  it('with language required, never gives the thread to someone who does not speak it', () => {
    const strict = defaultRoutingPolicy({ language: 'required', queue: 'ko-desk' });
    const pool = createAgentPool(agents.filter((a) => !a.languages.includes('ko')));
    expect(strict.route(thread({ language: 'ko' }), pool, { now: NOW })).toMatchObject({ kind: 'queue', target: 'ko-desk' });
  });
});
