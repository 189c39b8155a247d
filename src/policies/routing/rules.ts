import { z } from 'zod';
import type { Agent } from '../../agents/types.js';
import { eligibilityOptionsSchema, resolveEligibility, resolveRequirements } from './eligibility.js';
import { compileFilter, describeFilter, routingFilterSchema, type RoutingFilter } from './filter.js';
import { noEligibleAgent, selectAndAssign } from './selection.js';
import { selectionStrategySchema, type SelectionStrategy } from './strategies.js';
import { parseOptions } from './options.js';
import { botGuard, reason } from './support.js';
import type { RoutingPolicy, RoutingReason, SelectQuery } from './types.js';

/**
 * One rule: when the thread (and its customer) match `when`, route to `team` and/or the agents
 * matching `agentFilter`. When nobody can take it: queue (in `queue`, else `team`), or try the next
 * rule when `fallthrough`.
 *
 * @example
 * ```ts
 * import type { RoutingRule } from 'omnithread';
 * const enterprise: RoutingRule = {
 *   name: 'enterprise',
 *   when: { field: 'customer.extra.plan', op: 'eq', value: 'enterprise' },
 *   agentFilter: { field: 'agent.skills.enterprise', op: 'gte', value: 5 },
 *   queue: 'enterprise-backlog',
 * };
 * ```
 */
export interface RoutingRule {
  readonly name?: string;
  readonly when?: RoutingFilter;
  readonly team?: string;
  readonly agentFilter?: RoutingFilter;
  readonly strategy?: SelectionStrategy;
  readonly queue?: string;
  readonly fallthrough?: boolean;
}

const ruleSchema = z.strictObject({
  name: z.string().min(1).max(128).optional(),
  when: routingFilterSchema(['thread', 'customer']).optional(),
  team: z.string().min(1).max(128).optional(),
  agentFilter: routingFilterSchema().optional(),
  strategy: selectionStrategySchema.optional(),
  queue: z.string().min(1).max(128).optional(),
  fallthrough: z.boolean().optional(),
});
const ruleBasedSchema = z.strictObject({
  rules: z.array(ruleSchema).min(1).max(200),
  name: z.string().min(1).max(128).optional(),
  /** Strategy for rules that name none. */
  strategy: selectionStrategySchema.default('balanced'),
  eligibility: eligibilityOptionsSchema.optional(),
});
/** Options of `ruleBased`. */
export type RuleBasedOptions = z.input<typeof ruleBasedSchema>;

/**
 * Rule-based routing: the first rule whose `when` matches decides (see `RoutingRule`). No rule
 * matching → queue, so it composes with `withFallback`.
 *
 * @example
 * ```ts
 * import { campaignRules, regionRule, ruleBased, vipRule } from 'omnithread';
 * const policy = ruleBased({
 *   rules: [vipRule({ team: 'senior' }), ...campaignRules({ 'spring-sale': 'sales' }), regionRule()],
 * });
 * ```
 */
export function ruleBased(options: RuleBasedOptions): RoutingPolicy {
  const o = parseOptions('ruleBased', ruleBasedSchema, options);
  const name = o.name ?? 'ruleBased';
  const eligibility = resolveEligibility(o.eligibility);
  const rules = o.rules.map((r, i) => ({
    ...r,
    label: r.name ?? `rule ${i + 1}`,
    whenTest: r.when ? compileFilter(r.when).test : undefined,
    agentTest: r.agentFilter ? compileFilter(r.agentFilter).test : undefined,
    text: [r.when ? `when ${describeFilter(r.when)}` : 'always', r.team ? `team ${r.team}` : '', r.agentFilter ? describeFilter(r.agentFilter) : '']
      .filter(Boolean)
      .join(' → '),
  }));
  return {
    name,
    route(thread, pool, ctx) {
      const bot = botGuard(name, thread);
      if (bot) return bot;
      const customer = ctx.customer;
      const req = resolveRequirements(thread, ctx, eligibility);
      const lead: RoutingReason[] = [];
      // one env per decision, its agent swapped per candidate: no allocation in the scan
      const env: { thread: typeof thread; customer: typeof customer; agent?: Agent } = { thread, customer };
      for (const rule of rules) {
        if (rule.whenTest && !rule.whenTest({ thread, customer })) continue;
        const agentTest = rule.agentTest;
        const query: SelectQuery = {
          channel: thread.channel,
          skills: req.skills,
          language: req.language,
          team: rule.team,
          where: agentTest
            ? (agent) => {
                env.agent = agent;
                return agentTest(env);
              }
            : undefined,
          strategy: rule.strategy ?? o.strategy,
        };
        const matched = reason(name, 'rule-matched', `${rule.label} matched (${rule.text})`);
        const chosen = selectAndAssign(name, pool, query, thread, ctx, [...lead, matched]);
        if (chosen) return chosen.decision;
        if (!rule.fallthrough) return noEligibleAgent(name, query, pool, rule.queue ?? rule.team, [...lead, matched]);
        lead.push(matched, reason(name, 'no-eligible-agent', `nobody can take it under ${rule.label}; trying the next rule`));
      }
      return { kind: 'queue', reasons: [...lead, reason(name, 'no-rule-matched', 'no rule routes this thread')] };
    },
  };
}

/**
 * VIP customers (or customers of the given tiers) to a team, or to senior agents when no team is given.
 *
 * @example
 * ```ts
 * import { vipRule } from 'omnithread';
 * vipRule({ team: 'senior', tiers: ['gold', 'platinum'] });
 * ```
 */
export function vipRule(options: { team?: string; tiers?: readonly string[]; queue?: string } = {}): RoutingRule {
  const vip: RoutingFilter = { field: 'customer.vip', op: 'eq', value: true };
  const when: RoutingFilter = options.tiers?.length ? { any: [vip, { field: 'customer.tier', op: 'in', value: [...options.tiers] }] } : vip;
  return {
    name: 'vip',
    when,
    ...(options.team ? { team: options.team } : { agentFilter: { field: 'agent.senior', op: 'eq', value: true } }),
    ...(options.queue ? { queue: options.queue } : {}),
  };
}

/**
 * Customers with a region to agents of the same region; falls through to the next rule by default
 * (location is usually a preference).
 *
 * @example
 * ```ts
 * import { regionRule } from 'omnithread';
 * regionRule(); // customer.region = agent.region
 * ```
 */
export function regionRule(options: { fallthrough?: boolean } = {}): RoutingRule {
  return {
    name: 'region',
    when: { field: 'customer.region', op: 'exists' },
    agentFilter: { field: 'agent.region', op: 'eq', ref: 'customer.region' },
    fallthrough: options.fallthrough ?? true,
  };
}

/**
 * One rule per campaign: threads of the campaign (`thread.campaign`, or a `campaign:<name>` tag) go
 * to its team.
 *
 * @example
 * ```ts
 * import { campaignRules } from 'omnithread';
 * campaignRules({ 'spring-sale': 'sales', 'recall-2025': 'recall-desk' });
 * ```
 */
export function campaignRules(teams: Readonly<Record<string, string>>): RoutingRule[] {
  return Object.entries(teams).map(([campaign, team]) => ({
    name: `campaign ${campaign}`,
    when: {
      any: [
        { field: 'thread.campaign', op: 'eq', value: campaign },
        { field: 'thread.tags', op: 'has', value: `campaign:${campaign}` },
      ],
    },
    team,
  }));
}
