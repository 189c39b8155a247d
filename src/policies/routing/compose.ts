import { z } from 'zod';
import { queueTo } from './selection.js';
import { parseOptions } from './options.js';
import { botGuard, isRoutingPolicy } from './support.js';
import type { RoutingDecision, RoutingPolicy, RoutingReason } from './types.js';

const policySchema = z.custom<RoutingPolicy>(isRoutingPolicy, { message: 'expected a routing policy { name, route }' });
const firstMatchSchema = z.strictObject({
  policies: z.array(policySchema).min(1).max(100),
  name: z.string().min(1).max(128).optional(),
});

/** The earlier of two holds: a `wait` with an `until` beats everything, the earliest `until` wins. */
function earlierWait(a: RoutingDecision | undefined, b: RoutingDecision): RoutingDecision | undefined {
  if (b.kind !== 'wait' || b.until === undefined) return a;
  if (a?.kind === 'wait' && a.until !== undefined && a.until <= b.until) return a;
  return b;
}

/**
 * Tries each policy in order and returns the first assignment. When none assigns, returns the
 * `wait` with the earliest `until` (so a pending timeout is not lost), else the last policy's
 * decision — carrying the reasons of every policy tried, in order.
 *
 * @example
 * ```ts
 * import { balanced, firstMatch, skillsBased, sticky } from 'omnithread';
 * const policy = firstMatch([sticky({ windowMs: 86_400_000 }), skillsBased({ required: ['billing'] }), balanced()]);
 * ```
 */
export function firstMatch(policies: readonly RoutingPolicy[], options?: { name?: string }): RoutingPolicy {
  const parsed = parseOptions('firstMatch', firstMatchSchema, { policies, ...options });
  const list = parsed.policies;
  const name = parsed.name ?? `firstMatch(${list.map((p) => p.name).join(', ')})`;
  return {
    name,
    route(thread, pool, ctx) {
      const bot = botGuard(name, thread);
      if (bot) return bot;
      const reasons: RoutingReason[] = [];
      let hold: RoutingDecision | undefined;
      let last: RoutingDecision | undefined;
      for (const policy of list) {
        const d = policy.route(thread, pool, ctx);
        if (d.kind === 'assign') return { ...d, reasons: [...reasons, ...d.reasons] };
        reasons.push(...d.reasons);
        hold = earlierWait(hold, d);
        last = d;
      }
      return { ...(hold ?? last!), reasons };
    },
  };
}

const fallbackSchema = z.union([policySchema, z.strictObject({ queue: z.string().min(1).max(128) })]);

/**
 * Uses `fallback` when `primary` does not assign (same rules as `firstMatch([primary, fallback])`).
 * `fallback` may be a policy or `{ queue }`: the queue to put the thread in.
 *
 * @example
 * ```ts
 * import { roundRobin, ruleBased, vipRule, withFallback } from 'omnithread';
 * const policy = withFallback(ruleBased({ rules: [vipRule({ team: 'senior' })] }), roundRobin());
 * const strict = withFallback(ruleBased({ rules: [vipRule({ team: 'senior' })] }), { queue: 'vip-backlog' });
 * ```
 */
export function withFallback(primary: RoutingPolicy, fallback: RoutingPolicy | { queue: string }): RoutingPolicy {
  const fb = parseOptions('withFallback', fallbackSchema, fallback);
  const second = 'route' in fb ? fb : queueTo({ target: fb.queue, message: `fell back to queue ${fb.queue}` });
  const label = 'route' in fb ? fb.name : `queue ${fb.queue}`;
  return firstMatch([primary, second], { name: `withFallback(${primary.name}, ${label})` });
}
