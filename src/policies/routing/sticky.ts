import { z } from 'zod';
import { eligibilityOptionsSchema, ineligibility, resolveEligibility, resolveRequirements } from './eligibility.js';
import { parseOptions } from './options.js';
import { botGuard, formatDuration, reason } from './support.js';
import type { RoutingDecision, RoutingPolicy } from './types.js';

const stickySchema = z.strictObject({
  /** How long after their last contact the previous agent keeps the customer. */
  windowMs: z.number().int().min(0),
  name: z.string().min(1).max(128).optional(),
  eligibility: eligibilityOptionsSchema.optional(),
});
/** Options of `sticky`. */
export type StickyOptions = z.input<typeof stickySchema>;

/**
 * Sticky routing: the agent who last handled this customer (`ctx.history`), if they did so within
 * `windowMs` and are eligible now; otherwise it queues, saying why — compose it with `firstMatch`.
 *
 * @example
 * ```ts
 * import { balanced, createAgentPool, firstMatch, sticky } from 'omnithread';
 * const pool = createAgentPool(engine.agents({ tenantId: 'acme' }));
 * const policy = firstMatch([sticky({ windowMs: 24 * 3_600_000 }), balanced()]);
 * policy.route(thread, pool, { now, history: { lastAgentId: 'a-7', lastHandledAt: now - 600_000 } });
 * ```
 */
export function sticky(options: StickyOptions): RoutingPolicy {
  const o = parseOptions('sticky', stickySchema, options);
  const name = o.name ?? 'sticky';
  const eligibility = resolveEligibility(o.eligibility);
  const miss = (message: string): RoutingDecision => ({ kind: 'queue', reasons: [reason(name, 'sticky-miss', message)] });
  return {
    name,
    route(thread, pool, ctx) {
      const bot = botGuard(name, thread);
      if (bot) return bot;
      const id = ctx.history?.lastAgentId;
      const at = ctx.history?.lastHandledAt;
      if (id === undefined) return miss('no previous agent for this customer');
      if (at === undefined) return miss(`previous agent ${id}, but no time of last contact`);
      const age = ctx.now - at;
      if (age > o.windowMs) {
        return miss(`${id} last handled this customer ${formatDuration(age)} ago, outside the ${formatDuration(o.windowMs)} window`);
      }
      const agent = pool.get(id);
      if (agent === undefined) return miss(`previous agent ${id} is not in the pool`);
      const why = ineligibility(agent, thread, resolveRequirements(thread, ctx, eligibility));
      if (why.length > 0) return miss(`previous agent ${id} cannot take it now: ${why.join('; ')}`);
      const message = `${id} handled this customer ${formatDuration(Math.max(0, age))} ago (window ${formatDuration(o.windowMs)})`;
      return { kind: 'assign', agentId: id, reasons: [reason(name, 'sticky-hit', message, id)] };
    },
  };
}
