import { describe, expect, it } from 'vitest';
import { isOmnithreadError } from '../../../src/errors.js';
import { compileFilter, describeFilter, ruleBased, type RoutingFilter } from '../../../src/policies/routing/index.js';
import { agent, customer, thread } from './fixtures.js';

const env = {
  thread: thread({ tags: ['refund', 'campaign:spring'], campaign: 'spring', language: 'ko' }),
  customer: customer({ vip: true, region: 'eu', tier: 'gold', extra: { plan: 'enterprise', seats: 40 } }),
  agent: agent('a-1', { region: 'eu', teams: ['senior'], senior: true, skills: [{ name: 'billing', level: 6 }] }),
};
const test = (f: RoutingFilter, e: Parameters<ReturnType<typeof compileFilter>['test']>[0] = env): boolean => compileFilter(f).test(e);

describe('routing filters', () => {
  it('compares fields with constants', () => {
    expect(test({ field: 'customer.vip', op: 'eq', value: true })).toBe(true);
    expect(test({ field: 'customer.tier', op: 'in', value: ['gold', 'platinum'] })).toBe(true);
    expect(test({ field: 'customer.tier', op: 'notIn', value: ['gold'] })).toBe(false);
    expect(test({ field: 'thread.tags', op: 'has', value: 'refund' })).toBe(true);
    expect(test({ field: 'thread.tags', op: 'in', value: ['outage', 'refund'] })).toBe(true);
    expect(test({ field: 'customer.extra.plan', op: 'eq', value: 'enterprise' })).toBe(true);
    expect(test({ field: 'customer.extra.seats', op: 'gte', value: 40 })).toBe(true);
    expect(test({ field: 'customer.extra.seats', op: 'gt', value: 40 })).toBe(false);
    expect(test({ field: 'agent.skills.billing', op: 'gte', value: 5 })).toBe(true);
    expect(test({ field: 'agent.skills.tech', op: 'lt', value: 5 })).toBe(false); // missing never compares
  });

  it('compares fields with other fields through ref', () => {
    expect(test({ field: 'agent.region', op: 'eq', ref: 'customer.region' })).toBe(true);
    expect(test({ field: 'agent.region', op: 'eq', ref: 'customer.region' }, { ...env, customer: customer({}) })).toBe(false);
    expect(test({ field: 'agent.teams', op: 'has', ref: 'thread.team' })).toBe(false);
  });

  it('combines with all, any and not', () => {
    const f: RoutingFilter = {
      all: [{ any: [{ field: 'customer.vip', op: 'eq', value: true }, { field: 'customer.tier', op: 'eq', value: 'gold' }] }, { not: { field: 'thread.campaign', op: 'exists' } }],
    };
    expect(test(f)).toBe(false);
    expect(test(f, { ...env, thread: thread() })).toBe(true);
    expect(test({ all: [] })).toBe(true);
    expect(test({ any: [] })).toBe(false);
    expect(compileFilter(f).usesAgent).toBe(false);
    expect(compileFilter({ not: { field: 'thread.tags', op: 'has', ref: 'agent.id' } }).usesAgent).toBe(true);
  });

  it('reads only own properties, never the prototype chain', () => {
    expect(test({ field: 'customer.extra.toString', op: 'exists' })).toBe(false);
    expect(test({ field: 'thread.tags.length', op: 'eq', value: 2 })).toBe(true);
  });

  it('describes itself in words', () => {
    expect(describeFilter({ all: [{ field: 'customer.vip', op: 'eq', value: true }, { field: 'agent.region', op: 'eq', ref: 'customer.region' }] })).toBe(
      '(customer.vip eq true and agent.region eq customer.region)',
    );
  });

  it('rejects unsafe or malformed filters with the path of the problem', () => {
    const bad = (when: unknown): string[] => {
      try {
        ruleBased({ rules: [{ when: when as RoutingFilter, team: 'x' }] });
      } catch (e) {
        if (isOmnithreadError(e, 'INVALID_ARGUMENT')) return e.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
        throw e;
      }
      return [];
    };
    expect(bad({ field: 'thread.__proto__', op: 'exists' }).join()).toMatch(/forbidden/);
    expect(bad({ field: 'thread.constructor', op: 'exists' }).join()).toMatch(/forbidden/);
    expect(bad({ field: 'process.env', op: 'exists' }).join()).toMatch(/must start with thread\. or customer\./);
    expect(bad({ field: 'agent.region', op: 'eq', value: 'eu' }).join()).toMatch(/must start with/); // `when` cannot look at agents
    expect(bad({ field: 'customer.tier', op: 'in', value: 'gold' }).join()).toMatch(/array value/);
    expect(bad({ field: 'customer.tier', op: 'eq' }).join()).toMatch(/exactly one of value or ref/);
    expect(bad({ field: 'customer.tier', op: 'gt', value: 'a' }).join()).toMatch(/needs a number/);
    expect(bad({ field: 'customer.tier', op: 'matches', value: '.*' }).length).toBeGreaterThan(0);
    expect(bad({ field: 'customer.tier', op: 'exists' })).toEqual([]);
  });
});
