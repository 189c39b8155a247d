import { z } from 'zod';
import { languageModeSchema, skillRequirementSchema } from './eligibility.js';
import { firstMatch } from './compose.js';
import { balanced, queueTo } from './selection.js';
import { skillsBased } from './skills.js';
import { sticky } from './sticky.js';
import { parseOptions } from './options.js';
import type { RoutingPolicy } from './types.js';

const DAY = 86_400_000;

const defaultSchema = z.strictObject({
  /** Keep a customer with their previous agent for this long after the last contact (default 1 day); 0 turns it off. */
  stickyWindowMs: z.number().int().min(0).default(DAY),
  /** Skills required when a thread carries a tag. */
  skillsByTag: z.record(z.string().min(1).max(128), z.array(skillRequirementSchema).max(50)).default({}),
  /** `preferred` (default): try speakers of the language first, then anyone skilled. `required`: speakers only. */
  language: languageModeSchema.default('preferred'),
  /** The queue for threads nobody can take. */
  queue: z.string().min(1).max(128).default('default'),
});
/** Options of `defaultRoutingPolicy`. */
export type DefaultRoutingOptions = z.input<typeof defaultSchema>;

/**
 * The routing most teams want: the previous agent of the customer (sticky, within a day) → an agent
 * with the skills who speaks the thread's language → the least busy agent with the skills → queue.
 *
 * @example
 * ```ts
 * import { createAgentPool, defaultRoutingPolicy } from 'omnithread';
 * const routing = defaultRoutingPolicy({ skillsByTag: { refund: ['billing'] }, queue: 'support' });
 * const decision = routing.route(thread, createAgentPool(engine.agents({ tenantId: 'acme' })), { now, customer });
 * ```
 */
export function defaultRoutingPolicy(options?: DefaultRoutingOptions): RoutingPolicy {
  const o = parseOptions('defaultRoutingPolicy', defaultSchema, options ?? {});
  const eligibility = { skillsByTag: o.skillsByTag, language: o.language };
  const steps: RoutingPolicy[] = [];
  if (o.stickyWindowMs > 0) steps.push(sticky({ windowMs: o.stickyWindowMs, eligibility }));
  if (o.language !== 'ignored') steps.push(skillsBased({ byTag: o.skillsByTag, language: 'required', then: 'balanced' }));
  steps.push(balanced({ eligibility }), queueTo({ target: o.queue, message: `nobody can take it now; queued in ${o.queue}` }));
  return firstMatch(steps, { name: 'default' });
}
