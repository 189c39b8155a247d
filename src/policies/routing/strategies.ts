import { z } from 'zod';
import type { Agent } from '../../agents/types.js';
import type { Channel } from '../../events/primitives.js';
import { formatDuration } from './support.js';
import type { SelectionStrategy } from './types.js';

/** How to choose among eligible agents. Every order ends with the agent id, so choices are deterministic. */
export const selectionStrategySchema = z.enum(['roundRobin', 'balanced', 'highestSpareCapacity']);
export type { SelectionStrategy };

/**
 * Open threads across all channels (the `balanced` key).
 *
 * @example
 * ```ts
 * import { openThreads } from 'omnithread';
 * openThreads({ ...agent, load: { chat: 2, email: 3 } }); // 5
 * ```
 */
export function openThreads(agent: Agent): number {
  let n = 0;
  const load = agent.load;
  for (const ch in load) n += load[ch as Channel] ?? 0;
  return n;
}

function spare(agent: Agent, channel: Channel): number {
  return (agent.capacity[channel] ?? 0) - (agent.load[channel] ?? 0);
}

/** Longest since last assignment first (never assigned = longest), then id. */
function roundRobinOrder(a: Agent, b: Agent): number {
  const la = a.lastAssignedAt ?? -Infinity;
  const lb = b.lastAssignedAt ?? -Infinity;
  if (la !== lb) return la < lb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function balancedOrder(a: Agent, b: Agent): number {
  const d = openThreads(a) - openThreads(b);
  return d !== 0 ? d : roundRobinOrder(a, b);
}

/**
 * The comparator of a strategy for a thread on `channel`: negative when `a` should be chosen first.
 *
 * @example
 * ```ts
 * import { createAgentPool, strategyOrder } from 'omnithread';
 * const pool = createAgentPool(engine.agents({ tenantId: 'acme' }));
 * const ranked = [...pool.candidates({ channel: 'chat' })].sort(strategyOrder('balanced', 'chat'));
 * ```
 */
export function strategyOrder(strategy: SelectionStrategy, channel: Channel): (a: Agent, b: Agent) => number {
  switch (strategy) {
    case 'roundRobin':
      return roundRobinOrder;
    case 'balanced':
      return balancedOrder;
    case 'highestSpareCapacity':
      return (a, b) => spare(b, channel) - spare(a, channel) || balancedOrder(a, b);
  }
}

/**
 * The best agent by a comparator, in one pass (no sort).
 *
 * @example
 * ```ts
 * import { createAgentPool, pickBest, strategyOrder } from 'omnithread';
 * const pool = createAgentPool(engine.agents({ tenantId: 'acme' }));
 * const agent = pickBest(pool.candidates({ channel: 'email' }), strategyOrder('roundRobin', 'email'));
 * ```
 */
export function pickBest(agents: readonly Agent[], order: (a: Agent, b: Agent) => number): Agent | undefined {
  let best = agents[0];
  for (let i = 1; i < agents.length; i++) {
    const a = agents[i]!;
    if (order(a, best!) < 0) best = a;
  }
  return best;
}

/** Why `agent` won under `strategy`, in words. */
export function describeChoice(strategy: SelectionStrategy, agent: Agent, channel: Channel, now: number, of: number): string {
  const among = `of ${of} eligible`;
  switch (strategy) {
    case 'roundRobin':
      return agent.lastAssignedAt === undefined
        ? `${agent.id} never assigned yet (round robin, ${among})`
        : `${agent.id} longest since last assignment, ${formatDuration(now - agent.lastAssignedAt)} ago (round robin, ${among})`;
    case 'balanced':
      return `${agent.id} has the fewest open threads, ${openThreads(agent)} (balanced, ${among})`;
    case 'highestSpareCapacity':
      return `${agent.id} has the most spare ${channel} capacity, ${spare(agent, channel)} (${among})`;
  }
}
