/**
 * The desk's policies: routing (VIP and campaign rules first, then sticky → skills and language →
 * least busy), the default priority policy, and service levels on Seoul business hours.
 */
import { createCalendar } from '../../policies/calendar/index.js';
import { defaultPriorityPolicy } from '../../policies/priority/default.js';
import type { PriorityPolicy } from '../../policies/priority/types.js';
import { defaultRoutingPolicy } from '../../policies/routing/default-policy.js';
import { campaignRules, ruleBased, vipRule } from '../../policies/routing/rules.js';
import type { RoutingPolicy } from '../../policies/routing/types.js';
import { type SlaPolicy, defineSlaPolicy } from '../../policies/sla/policy.js';
import { DEMO_TIME_ZONE, HOUR, MINUTE } from './clock.js';
import { CAMPAIGN } from './scenario.js';

/** Tags a triage step puts on messages, and the skills they call for. */
const SKILLS_BY_TAG = {
  outage: [{ name: 'tech', level: 5 }],
  tech: [{ name: 'tech', level: 4 }],
  billing: [{ name: 'billing', level: 4 }],
};

/**
 * Rules decide the threads they match (a VIP waits for the VIP team rather than going to anyone);
 * threads no rule matches go to `rest`. `firstMatch` would instead hand a VIP the next free agent.
 */
function rulesThen(rules: RoutingPolicy, rest: RoutingPolicy): RoutingPolicy {
  return {
    name: 'desk',
    route(thread, pool, ctx) {
      const d = rules.route(thread, pool, ctx);
      if (d.kind === 'assign' || !d.reasons.some((r) => r.code === 'no-rule-matched')) return d;
      return rest.route(thread, pool, ctx);
    },
  };
}

/**
 * Who works what: VIPs and platinum customers to the VIP team, Black Friday questions to the
 * campaign team, everyone else to their previous agent (within a day), else a skilled agent who
 * speaks their language, else the least busy skilled agent, else the `general` queue.
 *
 * @example
 * ```ts
 * import { createEngine } from 'omnithread';
 * createEngine({ policies: { routing: demoRouting() } });
 * ```
 */
export function demoRouting(): RoutingPolicy {
  const eligibility = { skillsByTag: SKILLS_BY_TAG, language: 'preferred' as const };
  const rules = ruleBased({
    rules: [vipRule({ team: 'vip', tiers: ['platinum'], queue: 'vip' }), ...campaignRules({ [CAMPAIGN]: 'campaign' })],
    eligibility,
  });
  return rulesThen(rules, defaultRoutingPolicy({ stickyWindowMs: 24 * HOUR, skillsByTag: SKILLS_BY_TAG, queue: 'general' }));
}

/** The default composition: severity, deadlines, tier and VIP, channel, sentiment, waiting time. */
export function demoPriority(): PriorityPolicy {
  return defaultPriorityPolicy();
}

/**
 * Service levels, counted in Seoul business hours (Mon–Fri 08:00–18:00): VIPs and urgent threads
 * fastest, live channels next, messaging, then email. Warnings 10 business minutes before a deadline.
 *
 * @example
 * ```ts
 * demoSla().rules.map((r) => r.name); // ['vip', 'urgent', 'live', 'messaging']
 * ```
 */
export function demoSla(): SlaPolicy {
  const day: [string, string][] = [['08:00', '18:00']];
  return defineSlaPolicy({
    calendar: createCalendar({ timeZone: DEMO_TIME_ZONE, week: { mon: day, tue: day, wed: day, thu: day, fri: day } }),
    warnBeforeMs: 10 * MINUTE,
    rules: [
      { name: 'vip', when: { vip: true }, targets: { firstResponse: 15 * MINUTE, nextResponse: 30 * MINUTE, resolution: 4 * HOUR } },
      { name: 'urgent', when: { priority: ['urgent'] }, targets: { firstResponse: 20 * MINUTE, nextResponse: 30 * MINUTE, resolution: 4 * HOUR } },
      { name: 'live', when: { channel: ['chat', 'call'] }, targets: { firstResponse: 10 * MINUTE, nextResponse: 15 * MINUTE } },
      { name: 'messaging', when: { channel: ['sms', 'whatsapp', 'social'] }, targets: { firstResponse: HOUR, nextResponse: 2 * HOUR } },
    ],
    default: { firstResponse: 2 * HOUR, nextResponse: 4 * HOUR, resolution: 24 * HOUR },
  });
}
