import { describe, expect, it } from 'vitest';
import {
  balanced,
  campaignRules,
  defaultRoutingPolicy,
  firstMatch,
  highestSpareCapacity,
  regionRule,
  roundRobin,
  ruleBased,
  skillsBased,
  sticky,
  vipRule,
  withFallback,
  workflow,
  type AgentPool,
  type RoutingDecision,
  type RoutingPolicy,
} from '../../../src/policies/routing/index.js';
import { assertRoutingPolicy, checkRoutingPolicy } from '../../../src/testing/routing/index.js';

const RUNS = { numRuns: 30, seed: 20250303 };

const builtIns: RoutingPolicy[] = [
  roundRobin(),
  balanced({ eligibility: { skillsByTag: { refund: ['billing'] }, language: 'required' } }),
  highestSpareCapacity({ team: 'general' }),
  skillsBased({ required: ['billing'], preferred: ['tech'], levels: { billing: 3 }, byTag: { outage: ['tech'] } }),
  skillsBased({ language: 'required', then: 'roundRobin' }),
  sticky({ windowMs: 86_400_000 }),
  ruleBased({ rules: [vipRule({ team: 'senior' }), ...campaignRules({ spring: 'campaign-spring' }), regionRule(), { name: 'rest' }] }),
  workflow({
    targets: [
      { name: 'vip', when: { field: 'customer.vip', op: 'eq', value: true }, filter: { field: 'agent.senior', op: 'eq', value: true }, timeoutMs: 60_000 },
      { name: 'region', filter: { field: 'agent.region', op: 'eq', ref: 'customer.region' }, timeoutMs: 120_000, skipIfNobody: true },
      { name: 'billing', filter: { field: 'agent.skills.billing', op: 'gte', value: 5 }, timeoutMs: 300_000 },
    ],
    defaultQueue: 'backlog',
  }),
  withFallback(sticky({ windowMs: 3_600_000 }), { queue: 'general' }),
  firstMatch([sticky({ windowMs: 3_600_000 }), roundRobin({ team: 'senior' }), balanced()]),
  defaultRoutingPolicy({ skillsByTag: { refund: ['billing'] } }),
];

describe('routing laws hold for every built-in', () => {
  for (const policy of builtIns) {
    it(`${policy.name}`, () => {
      const report = checkRoutingPolicy(policy, RUNS);
      expect(report.failures.map((f) => f.message)).toEqual([]);
      expect(report.checked).toEqual(
        policy.fair ? ['eligibility', 'determinism', 'conservation', 'fairness'] : ['eligibility', 'determinism', 'conservation'],
      );
    });
  }
});

const assign = (policy: string, agentId: string): RoutingDecision => ({
  kind: 'assign',
  agentId,
  reasons: [{ policy, code: 'assigned', message: agentId }],
});
const queue = (policy: string): RoutingDecision => ({ kind: 'queue', reasons: [{ policy, code: 'queued', message: 'nobody' }] });
const byId = <T extends { id: string }>(xs: T[]): T[] => xs.sort((a, b) => (a.id < b.id ? -1 : 1));

describe('the law checker catches broken policies', () => {
  it('an ineligible assignment, with a readable counterexample', () => {
    const firstInPool: RoutingPolicy = {
      name: 'first-in-pool',
      route: (_t, pool) => {
        const [a] = byId([...pool.agents()]);
        return a ? assign('first-in-pool', a.id) : queue('first-in-pool');
      },
    };
    const report = checkRoutingPolicy(firstInPool, { ...RUNS, laws: ['eligibility'] });
    expect(report.ok).toBe(false);
    const message = report.failures[0]!.message;
    expect(message).toMatch(/^routing law 'eligibility' broken by policy 'first-in-pool': assigned th-1 to a-0, who may not take it: /);
    expect(message).toMatch(/thread: +th-1 on \w+/);
    expect(message).toMatch(/agents \(\d+\):\n +a-0 /);
    expect(message).toMatch(/replay: seed 20250303/);
    expect(() => assertRoutingPolicy(firstInPool, { ...RUNS, laws: ['eligibility'] })).toThrow(/who may not take it/);
  });

  it('a policy that routes bot-handled threads to humans', () => {
    const ignoresBots: RoutingPolicy = {
      name: 'ignores-bots',
      route: (t, pool) => {
        const [a] = byId(pool.candidates({ channel: t.channel }));
        return a ? assign('ignores-bots', a.id) : queue('ignores-bots');
      },
    };
    const [failure] = checkRoutingPolicy(ignoresBots, { ...RUNS, numRuns: 200 }).failures;
    expect(failure?.law).toBe('eligibility');
    expect(failure?.message).toMatch(/thread is handled by a bot/);
  });

  it('non-determinism (hidden state)', () => {
    let calls = 0;
    const flaky: RoutingPolicy = {
      name: 'flaky',
      route: (t, pool) => {
        const list = byId(pool.candidates({ channel: t.channel, skills: [] })).filter(() => t.handledBy === 'human');
        const a = list[calls++ % Math.max(1, list.length)];
        return a ? assign('flaky', a.id) : queue('flaky');
      },
    };
    const report = checkRoutingPolicy(flaky, { ...RUNS, laws: ['determinism'] });
    expect(report.failures[0]?.message).toMatch(/not deterministic: the same call again gave a different decision/);
  });

  it('dependence on the order of agents', () => {
    const orderDependent: RoutingPolicy = {
      name: 'order-dependent',
      route: (t, pool) => {
        const [a] = t.handledBy === 'human' ? pool.candidates({ channel: t.channel }) : [];
        return a ? assign('order-dependent', a.id) : queue('order-dependent');
      },
    };
    const report = checkRoutingPolicy(orderDependent, { ...RUNS, laws: ['determinism'] });
    expect(report.failures[0]?.message).toMatch(/the agents in reverse order gave a different decision/);
  });

  it('mutating its inputs', () => {
    const mutator: RoutingPolicy = {
      name: 'mutator',
      route: (t) => {
        (t.tags as string[]).push('seen');
        return queue('mutator');
      },
    };
    expect(checkRoutingPolicy(mutator, { ...RUNS, laws: ['eligibility'] }).failures[0]?.message).toMatch(/the policy threw: .*not extensible/);
  });

  it('a stale cache that ignores load updates (conservation: over capacity)', () => {
    const cache = new WeakMap<AgentPool, string[]>();
    const stale: RoutingPolicy = {
      name: 'stale-cache',
      route: (t, pool, ctx) => {
        if (t.handledBy === 'bot' && t.handoverRequestedAt === undefined) return queue('stale-cache');
        let ids = cache.get(pool);
        if (!ids) cache.set(pool, (ids = byId(pool.candidates({ channel: t.channel, skills: ctx.requiredSkills })).map((a) => a.id)));
        return ids[0] ? assign('stale-cache', ids[0]) : queue('stale-cache');
      },
    };
    const report = checkRoutingPolicy(stale, { ...RUNS, numRuns: 100 });
    expect(report.failures.map((f) => f.law)).toEqual(['conservation']);
    expect(report.failures[0]?.message).toMatch(/who may not take it: .*(≥ capacity|does not take|busy on)/);
    expect(report.failures[0]?.message).toMatch(/earlier: +th-0→a-\d/);
  });

  it('an unfair policy that claims to be fair', () => {
    const lowestId: RoutingPolicy = {
      name: 'lowest-id',
      fair: true,
      route: (t, pool, ctx) => {
        if (t.handledBy === 'bot' && t.handoverRequestedAt === undefined) return queue('lowest-id');
        const [a] = byId(pool.candidates({ channel: t.channel, skills: ctx.requiredSkills }));
        return a ? assign('lowest-id', a.id) : queue('lowest-id');
      },
    };
    const report = checkRoutingPolicy(lowestId, RUNS);
    expect(report.failures.map((f) => f.law)).toEqual(['fairness']);
    expect(report.failures[0]?.message).toMatch(/unfair: \d identical agents got a-0: \d+, a-1: \d+.* \(may differ by at most 1\)/);
    expect(report.failures[0]?.message).toMatch(/sequence: th-0→a-0 th-1→a-0/);
  });

  it('malformed decisions: no reasons, or a wait that would spin', () => {
    const silent: RoutingPolicy = { name: 'silent', route: () => ({ kind: 'queue', reasons: [] }) };
    expect(checkRoutingPolicy(silent, { ...RUNS, laws: ['eligibility'] }).failures[0]?.message).toMatch(/a decision must carry at least one reason/);
    const spinner: RoutingPolicy = {
      name: 'spinner',
      route: (_t, _p, ctx) => ({ kind: 'wait', until: ctx.now, reasons: [{ policy: 'spinner', code: 'wait', message: 'soon' }] }),
    };
    expect(checkRoutingPolicy(spinner, { ...RUNS, laws: ['conservation'] }).failures[0]?.message).toMatch(/is not after now .*would spin/);
  });

  it('a policy that throws', () => {
    const thrower: RoutingPolicy = {
      name: 'thrower',
      route: (t) => {
        if (t.tags.includes('outage')) throw new Error('boom');
        return queue('thrower');
      },
    };
    expect(checkRoutingPolicy(thrower, { ...RUNS, laws: ['eligibility'] }).failures[0]?.message).toMatch(/the policy threw: boom/);
  });
});
