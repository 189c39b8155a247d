import { z } from 'zod';
import type { Thread } from '../../threading/types.js';
import { eligibilityOptionsSchema, resolveEligibility, resolveRequirements } from './eligibility.js';
import { parseOptions } from './options.js';
import { describeChoice } from './strategies.js';
import { botGuard, reason } from './support.js';
import type {
  AgentPool,
  CandidateQuery,
  RoutingContext,
  RoutingDecision,
  RoutingPolicy,
  RoutingReason,
  SelectQuery,
  Selection,
  SelectionStrategy,
} from './types.js';

/** `chat, skills billing≥3, speaking ko, team senior` — what a query asked for, in words. */
export function describeQuery(q: CandidateQuery): string {
  const parts: string[] = [q.channel];
  if (q.skills?.length) parts.push(`skills ${q.skills.map((s) => `${s.name}≥${s.level ?? 1}`).join(', ')}`);
  if (q.language !== undefined) parts.push(`speaking ${q.language}`);
  if (q.team !== undefined) parts.push(`team ${q.team}`);
  return parts.join(', ');
}

/**
 * Asks the pool for the best agent of `query` and turns it into an assignment with its reason;
 * undefined when nobody can take the thread. `lead` reasons go first.
 */
export function selectAndAssign(
  policy: string,
  pool: AgentPool,
  query: SelectQuery,
  thread: Thread,
  ctx: RoutingContext,
  lead: readonly RoutingReason[] = [],
): { decision: RoutingDecision; selection: Selection } | undefined {
  const selection = pool.select(query);
  if (selection === undefined) return undefined;
  const { agent } = selection;
  const why = describeChoice(query.strategy, agent, thread.channel, ctx.now, selection.eligible);
  return { decision: { kind: 'assign', agentId: agent.id, reasons: [...lead, reason(policy, 'assigned', why, agent.id)] }, selection };
}

/** A queue decision saying which agents were missing and how many are free on the channel at all. */
export function noEligibleAgent(
  policy: string,
  query: CandidateQuery,
  pool: AgentPool,
  target: string | undefined,
  lead: readonly RoutingReason[] = [],
): RoutingDecision {
  const free = pool.availableCount(query.channel);
  const msg = `no agent can take it now (${describeQuery(query)}; ${free} online with spare ${query.channel} capacity)`;
  const reasons = [...lead, reason(policy, 'no-eligible-agent', msg)];
  return target === undefined ? { kind: 'queue', reasons } : { kind: 'queue', reasons, target };
}

const selectionOptionsSchema = z.strictObject({
  /** Overrides the policy's name (shown in reasons). */
  name: z.string().min(1).max(128).optional(),
  eligibility: eligibilityOptionsSchema.optional(),
  /** Only agents of this team. */
  team: z.string().min(1).max(128).optional(),
  /** The queue to name when nobody can take the thread. */
  queue: z.string().min(1).max(128).optional(),
});
/** Options of `roundRobin`, `balanced` and `highestSpareCapacity`. */
export type SelectionOptions = z.input<typeof selectionOptionsSchema>;

function selectionPolicy(strategy: SelectionStrategy, input: SelectionOptions | undefined): RoutingPolicy {
  const options = parseOptions(strategy, selectionOptionsSchema, input ?? {});
  const name = options.name ?? strategy;
  const eligibility = resolveEligibility(options.eligibility);
  return {
    name,
    // among identical agents each strategy rotates, since an assignment raises load and lastAssignedAt
    fair: true,
    route(thread, pool, ctx) {
      const bot = botGuard(name, thread);
      if (bot) return bot;
      const req = resolveRequirements(thread, ctx, eligibility);
      const query: SelectQuery = { channel: thread.channel, skills: req.skills, language: req.language, team: options.team, strategy };
      return selectAndAssign(name, pool, query, thread, ctx)?.decision ?? noEligibleAgent(name, query, pool, options.queue);
    },
  };
}

/**
 * Round robin: the eligible agent who has waited longest since their last assignment (never assigned
 * first), ties by id. Fair.
 *
 * @example
 * ```ts
 * import { roundRobin } from 'omnithread';
 * const policy = roundRobin({ team: 'support', eligibility: { language: 'required' } });
 * ```
 */
export function roundRobin(options?: SelectionOptions): RoutingPolicy {
  return selectionPolicy('roundRobin', options);
}

/**
 * Balanced: the eligible agent with the fewest open threads (all channels), then round robin.
 *
 * @example
 * ```ts
 * import { balanced } from 'omnithread';
 * const policy = balanced({ eligibility: { skillsByTag: { refund: ['billing'] } } });
 * ```
 */
export function balanced(options?: SelectionOptions): RoutingPolicy {
  return selectionPolicy('balanced', options);
}

/**
 * Highest spare capacity: the eligible agent with the most free slots on the thread's channel, then
 * balanced.
 *
 * @example
 * ```ts
 * import { highestSpareCapacity } from 'omnithread';
 * const policy = highestSpareCapacity({ queue: 'overflow' });
 * ```
 */
export function highestSpareCapacity(options?: SelectionOptions): RoutingPolicy {
  return selectionPolicy('highestSpareCapacity', options);
}

const queueToSchema = z.strictObject({
  target: z.string().min(1).max(128).optional(),
  message: z.string().min(1).max(512).optional(),
});

/**
 * Never assigns: queues every thread (in `target`, if given). The usual last resort of `withFallback`.
 *
 * @example
 * ```ts
 * import { queueTo, skillsBased, withFallback } from 'omnithread';
 * const policy = withFallback(skillsBased({ required: ['billing'] }), queueTo({ target: 'billing-backlog' }));
 * ```
 */
export function queueTo(options?: z.input<typeof queueToSchema>): RoutingPolicy {
  const { target, message } = parseOptions('queueTo', queueToSchema, options ?? {});
  const name = 'queue';
  return {
    name,
    route(thread) {
      const bot = botGuard(name, thread);
      if (bot) return bot;
      const reasons = [reason(name, 'queued', message ?? (target ? `queued in ${target}` : 'queued'))];
      return target === undefined ? { kind: 'queue', reasons } : { kind: 'queue', reasons, target };
    },
  };
}
