import { describe, expect, it } from 'vitest';
import { createAgentPool } from '../../../src/policies/routing/index.js';
import { agent } from './fixtures.js';

const ids = (agents: readonly { id: string }[]): string[] => agents.map((a) => a.id).sort();

describe('createAgentPool', () => {
  const agents = [
    agent('a-1', { skills: [{ name: 'billing', level: 5 }], languages: ['ko', 'en'], teams: ['senior'] }),
    agent('a-2', { skills: [{ name: 'billing', level: 2 }], teams: ['general'] }),
    agent('a-3', { status: 'offline', skills: [{ name: 'billing', level: 9 }] }),
    agent('a-4', { load: { chat: 3 } }),
    agent('a-5', { capacity: { email: 5 } }),
  ];

  it('indexes availability per channel', () => {
    const pool = createAgentPool(agents);
    expect(pool.size).toBe(5);
    expect(pool.availableCount('chat')).toBe(2);
    expect(pool.availableCount('email')).toBe(4);
    expect(pool.availableCount('sms')).toBe(0);
    expect(ids(pool.candidates({ channel: 'chat' }))).toEqual(['a-1', 'a-2']);
  });

  it('narrows by skill level, language, team and a predicate', () => {
    const pool = createAgentPool(agents);
    expect(ids(pool.candidates({ channel: 'chat', skills: [{ name: 'billing', level: 3 }] }))).toEqual(['a-1']);
    expect(ids(pool.candidates({ channel: 'email', skills: [{ name: 'billing' }] }))).toEqual(['a-1', 'a-2']);
    expect(ids(pool.candidates({ channel: 'chat', language: 'ko-KR' }))).toEqual(['a-1']);
    expect(ids(pool.candidates({ channel: 'chat', team: 'general' }))).toEqual(['a-2']);
    expect(ids(pool.candidates({ channel: 'chat', skills: [{ name: 'unknown' }] }))).toEqual([]);
    expect(ids(pool.candidates({ channel: 'email', where: (a) => a.id.endsWith('5') }))).toEqual(['a-5']);
  });

  it('follows updates and removals', () => {
    const pool = createAgentPool(agents);
    pool.update({ ...agents[3]!, load: { chat: 2 } });
    expect(ids(pool.candidates({ channel: 'chat' }))).toEqual(['a-1', 'a-2', 'a-4']);
    pool.update({ ...agents[0]!, status: 'away' });
    expect(ids(pool.candidates({ channel: 'chat' }))).toEqual(['a-2', 'a-4']);
    pool.update({ ...agents[1]!, skills: [] });
    expect(ids(pool.candidates({ channel: 'email', skills: [{ name: 'billing' }] }))).toEqual([]);
    expect(pool.remove('a-2')).toBe(true);
    expect(pool.remove('a-2')).toBe(false);
    expect(pool.get('a-2')).toBeUndefined();
    expect(ids(pool.candidates({ channel: 'chat' }))).toEqual(['a-4']);
    expect(pool.size).toBe(4);
    expect(ids([...pool.agents()])).toEqual(['a-1', 'a-3', 'a-4', 'a-5']);
  });

  it('selects by strategy with preferences first', () => {
    const pool = createAgentPool([
      agent('a-1', { lastAssignedAt: 100, load: { chat: 2 } }),
      agent('a-2', { lastAssignedAt: 50, load: { chat: 1, email: 2 } }),
      agent('a-3', { lastAssignedAt: 200, languages: ['ko'], load: {} }),
    ]);
    expect(pool.select({ channel: 'chat', strategy: 'roundRobin' })?.agent.id).toBe('a-2');
    expect(pool.select({ channel: 'chat', strategy: 'balanced' })?.agent.id).toBe('a-3');
    expect(pool.select({ channel: 'chat', strategy: 'highestSpareCapacity' })?.agent.id).toBe('a-3');
    const ko = pool.select({ channel: 'chat', strategy: 'roundRobin', prefer: { language: 'ko' } });
    expect(ko).toMatchObject({ agent: { id: 'a-3' }, eligible: 3, speaksPreferred: true, preferredSkills: 0 });
    expect(pool.select({ channel: 'sms', strategy: 'roundRobin' })).toBeUndefined();
  });
});
