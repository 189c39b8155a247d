import { z } from 'zod';
import type { Agent } from '../../agents/types.js';
import { eligibilityOptionsSchema, resolveEligibility, resolveRequirements } from './eligibility.js';
import { compileFilter, describeFilter, routingFilterSchema, type RoutingFilter } from './filter.js';
import { selectAndAssign } from './selection.js';
import { selectionStrategySchema, type SelectionStrategy } from './strategies.js';
import { parseOptions } from './options.js';
import { botGuard, formatDuration, reason } from './support.js';
import type { EscalationState, RoutingDecision, RoutingPolicy, RoutingReason, SelectQuery } from './types.js';

/**
 * One step of a workflow (TaskRouter's "target"). A thread waits at a target until someone in it can
 * take the thread or `timeoutMs` passes, then escalates to the next target.
 *
 * @example
 * ```ts
 * import type { WorkflowTarget } from 'omnithread';
 * const experts: WorkflowTarget = {
 *   name: 'billing-experts',
 *   filter: { field: 'agent.skills.billing', op: 'gte', value: 7 },
 *   timeoutMs: 120_000,
 *   skipIfNobody: true,
 * };
 * ```
 */
export interface WorkflowTarget {
  readonly name?: string;
  /** The target applies only to threads matching this (thread/customer fields); others pass by at once. */
  readonly when?: RoutingFilter;
  /** Agents of the target (any field, e.g. `agent.skills.billing gte 5`). */
  readonly filter?: RoutingFilter;
  readonly team?: string;
  /** Time at this target before escalating; none = wait here for good. */
  readonly timeoutMs?: number;
  /** Escalate at once when nobody at the target can take the thread (TaskRouter's `skip_if`). */
  readonly skipIfNobody?: boolean;
  readonly strategy?: SelectionStrategy;
}

const targetSchema = z.strictObject({
  name: z.string().min(1).max(128).optional(),
  when: routingFilterSchema(['thread', 'customer']).optional(),
  filter: routingFilterSchema().optional(),
  team: z.string().min(1).max(128).optional(),
  timeoutMs: z.number().int().min(0).optional(),
  skipIfNobody: z.boolean().optional(),
  strategy: selectionStrategySchema.optional(),
});
const workflowSchema = z.strictObject({
  targets: z.array(targetSchema).min(1).max(50),
  name: z.string().min(1).max(128).optional(),
  /** Where threads go past the last target. */
  defaultQueue: z.string().min(1).max(128).optional(),
  /** Strategy for targets that name none. */
  strategy: selectionStrategySchema.default('roundRobin'),
  eligibility: eligibilityOptionsSchema.optional(),
});
/** Options of `workflow`. */
export type WorkflowOptions = z.input<typeof workflowSchema>;

/**
 * A workflow with escalation, after Twilio TaskRouter: ordered targets, each with a timeout; a
 * thread starts at the first target when it starts waiting (`ctx.waitingSinceMs`, else now), or where
 * `ctx.escalation` says it is. Timeouts are computed from time, so a late call still lands on the
 * right target. Decisions carry the new `escalation` state; `wait.until` is the next timeout.
 * Past the last target the thread is queued in `defaultQueue`.
 *
 * @example
 * ```ts
 * import { workflow } from 'omnithread';
 * const policy = workflow({
 *   targets: [
 *     { name: 'vip-seniors', when: { field: 'customer.vip', op: 'eq', value: true }, team: 'senior', timeoutMs: 60_000 },
 *     { name: 'billing-experts', filter: { field: 'agent.skills.billing', op: 'gte', value: 7 }, timeoutMs: 120_000, skipIfNobody: true },
 *     { name: 'everyone', timeoutMs: 600_000 },
 *   ],
 *   defaultQueue: 'backlog',
 * });
 * ```
 */
export function workflow(options: WorkflowOptions): RoutingPolicy {
  const o = parseOptions('workflow', workflowSchema, options);
  const name = o.name ?? 'workflow';
  const eligibility = resolveEligibility(o.eligibility);
  const targets = o.targets.map((t, i) => ({
    ...t,
    label: t.name ?? `target ${i + 1}`,
    whenTest: t.when ? compileFilter(t.when).test : undefined,
    agentTest: t.filter ? compileFilter(t.filter).test : undefined,
    whenText: t.when ? describeFilter(t.when) : '',
  }));

  return {
    name,
    route(thread, pool, ctx): RoutingDecision {
      const bot = botGuard(name, thread);
      if (bot) return bot;
      const { now, customer } = ctx;
      const req = resolveRequirements(thread, ctx, eligibility);
      let index = Math.max(0, Math.trunc(ctx.escalation?.targetIndex ?? 0));
      let enteredAt = ctx.escalation?.enteredAt ?? ctx.waitingSinceMs ?? now;
      const reasons: RoutingReason[] = [];
      // one env per decision, its agent swapped per candidate: no allocation in the scan
      const env: { thread: typeof thread; customer: typeof customer; agent?: Agent } = { thread, customer };

      while (index < targets.length) {
        const t = targets[index]!;
        if (t.whenTest && !t.whenTest({ thread, customer })) {
          reasons.push(reason(name, 'target-not-applicable', `${t.label} does not apply (${t.whenText} is false)`));
          index++;
          continue;
        }
        const deadline = t.timeoutMs === undefined ? undefined : enteredAt + t.timeoutMs;
        if (deadline !== undefined && now >= deadline) {
          const msg = `waited ${formatDuration(t.timeoutMs!)} at ${t.label} (its timeout); escalating`;
          reasons.push(reason(name, 'target-timeout', msg));
          index++;
          enteredAt = deadline;
          continue;
        }
        const agentTest = t.agentTest;
        const query: SelectQuery = {
          channel: thread.channel,
          skills: req.skills,
          language: req.language,
          team: t.team,
          where: agentTest
            ? (agent) => {
                env.agent = agent;
                return agentTest(env);
              }
            : undefined,
          strategy: t.strategy ?? o.strategy,
        };
        const at = reason(name, 'waiting-at-target', `at ${t.label}`);
        const chosen = selectAndAssign(name, pool, query, thread, ctx, [...reasons, at]);
        if (chosen) return chosen.decision;
        if (t.skipIfNobody) {
          reasons.push(reason(name, 'target-skipped', `nobody at ${t.label} can take it now; skipping`));
          index++;
          enteredAt = now;
          continue;
        }
        const escalation: EscalationState = { targetIndex: index, enteredAt };
        if (deadline === undefined) {
          reasons.push(reason(name, 'waiting-at-target', `nobody at ${t.label} can take it yet; waiting there (no timeout)`));
          return { kind: 'queue', target: t.label, escalation, reasons };
        }
        reasons.push(reason(name, 'waiting-at-target', `nobody at ${t.label} can take it yet; escalating in ${formatDuration(deadline - now)}`));
        return { kind: 'wait', until: deadline, target: t.label, escalation, reasons };
      }

      reasons.push(reason(name, 'workflow-exhausted', `past the last target; queued${o.defaultQueue ? ` in ${o.defaultQueue}` : ''}`));
      const escalation: EscalationState = { targetIndex: targets.length, enteredAt };
      return o.defaultQueue === undefined
        ? { kind: 'queue', escalation, reasons }
        : { kind: 'queue', target: o.defaultQueue, escalation, reasons };
    },
  };
}
