import { describe, expect, it } from 'vitest';
import {
  campaignRules,
  createAgentPool,
  regionRule,
  roundRobin,
  ruleBased,
  vipRule,
  withFallback,
  type RoutingDecision,
} from '../../../src/policies/routing/index.js';
import { NOW, agent, customer, thread } from './fixtures.js';

const assigned = (d: RoutingDecision): string | undefined => (d.kind === 'assign' ? d.agentId : undefined);

describe('ruleBased', () => {
  const agents = [
    agent('junior-eu', { region: 'eu', teams: ['general'] }),
    agent('senior-us', { region: 'us', teams: ['senior'], senior: true }),
    agent('senior-eu', { region: 'eu', teams: ['senior'], senior: true, load: { chat: 1 } }),
    agent('spring-1', { region: 'us', teams: ['campaign-spring'] }),
    agent('apac-1', { region: 'apac', teams: ['general'] }),
  ];
  const policy = ruleBased({
    rules: [vipRule({ team: 'senior' }), ...campaignRules({ spring: 'campaign-spring' }), regionRule()],
  });

  it('routes a VIP customer to the senior team', () => {
    const d = policy.route(thread(), createAgentPool(agents), { now: NOW, customer: customer({ vip: true, region: 'eu' }) });
    expect(assigned(d)).toBe('senior-us'); // fewest open threads within the senior team
    expect(d.reasons[0]).toMatchObject({ code: 'rule-matched', message: 'vip matched (when customer.vip eq true → team senior)' });
  });

  it('routes VIPs to senior agents (no team) and by tier', () => {
    const tiered = ruleBased({ rules: [vipRule({ tiers: ['platinum'] })] });
    const d = tiered.route(thread(), createAgentPool(agents), { now: NOW, customer: customer({ tier: 'platinum' }) });
    expect(['senior-us', 'senior-eu']).toContain(assigned(d));
  });

  it('queues a VIP for the senior team when no senior is free, rather than giving them a junior', () => {
    const pool = createAgentPool(agents.filter((a) => !a.senior));
    const d = policy.route(thread(), pool, { now: NOW, customer: customer({ vip: true }) });
    expect(d).toMatchObject({ kind: 'queue', target: 'senior' });
    expect(d.reasons.map((r) => r.code)).toEqual(['rule-matched', 'no-eligible-agent']);
  });

  it('routes campaign threads to the campaign team, by campaign field or campaign tag', () => {
    const pool = createAgentPool(agents);
    expect(assigned(policy.route(thread({ campaign: 'spring' }), pool, { now: NOW }))).toBe('spring-1');
    expect(assigned(policy.route(thread({ tags: ['campaign:spring'] }), pool, { now: NOW }))).toBe('spring-1');
  });

  it('routes by location, falling through to the next rule when nobody of the region is free', () => {
    const pool = createAgentPool(agents);
    expect(assigned(policy.route(thread(), pool, { now: NOW, customer: customer({ region: 'apac' }) }))).toBe('apac-1');
    pool.update({ ...agents[4]!, status: 'offline' });
    const d = policy.route(thread(), pool, { now: NOW, customer: customer({ region: 'apac' }) });
    expect(d.kind).toBe('queue');
    expect(d.reasons.map((r) => r.code)).toEqual(['rule-matched', 'no-eligible-agent', 'no-rule-matched']);
    const withRest = withFallback(policy, roundRobin());
    expect(assigned(withRest.route(thread(), pool, { now: NOW, customer: customer({ region: 'apac' }) }))).toBeDefined();
  });

  it('queues with no-rule-matched when nothing applies', () => {
    const d = policy.route(thread(), createAgentPool(agents), { now: NOW });
    expect(d).toEqual({ kind: 'queue', reasons: [{ policy: 'ruleBased', code: 'no-rule-matched', message: 'no rule routes this thread' }] });
  });

  it('never routes to an agent the rule admits but who is not eligible', () => {
    const pool = createAgentPool([agent('senior-away', { teams: ['senior'], status: 'away' }), agent('senior-full', { teams: ['senior'], load: { chat: 3 } })]);
    expect(policy.route(thread(), pool, { now: NOW, customer: customer({ vip: true }) }).kind).toBe('queue');
  });
});
