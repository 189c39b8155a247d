import type { Agent } from '../agents/types.js';
import type { Channel } from '../events/primitives.js';
import type { EventInput } from '../events/schemas.js';
import { createAgentPool } from '../policies/routing/pool.js';
import type { EscalationState, RoutingDecision, RoutingPolicy } from '../policies/routing/types.js';
import type { Thread } from '../threading/types.js';
import type { EngineCore } from './core.js';

/** How the engine routes: the policy, and how long an offer waits for the agent's first reply. */
export interface RoutingOptions {
  readonly policy: RoutingPolicy;
  /** An assignment the agent has not answered within this time goes back to the queue. Default: never. */
  readonly offerTimeoutMs?: number;
}

/** One routing decision the engine made, with its reasons (also emitted as `routing.decided`). */
export interface RoutingRecord {
  readonly tenantId: string;
  readonly threadId: string;
  readonly at: number;
  readonly decision: RoutingDecision;
}

const ROUTER = { type: 'system', id: 'router' } as const;

/** The agent who last handled this customer (was assigned or replied), for sticky routing. */
function history(core: EngineCore, thread: Thread): { lastAgentId?: string; lastHandledAt?: number } {
  const customer = core.customer(thread.customerId);
  let best: { lastAgentId?: string; lastHandledAt?: number } = {};
  for (const id of customer?.threadIds ?? []) {
    const t = core.thread(id);
    if (!t) continue;
    // Being assigned counts as handling, as does replying.
    if (t.assignee !== undefined && t.assignedAt !== undefined && (best.lastHandledAt ?? -Infinity) < t.assignedAt) {
      best = { lastAgentId: t.assignee, lastHandledAt: t.assignedAt };
    }
    for (let i = t.messages.length - 1; i >= 0; i--) {
      const m = t.messages[i]!;
      if (m.author.type === 'agent') {
        if ((best.lastHandledAt ?? -Infinity) < m.occurredAt) best = { lastAgentId: m.author.agentId, lastHandledAt: m.occurredAt };
        break;
      }
    }
  }
  return best;
}

function isRoutable(t: Thread): boolean {
  return t.status === 'open' && t.assignee === undefined;
}

/**
 * Routes the tenant's open, unassigned threads in queue order and returns the `thread.assigned`
 * events to store. Pure apart from reading the core: the decisions become events, so a replay of the
 * log reproduces them without routing again. Event ids are derived from the thread and its assignment
 * count, so two replicas routing the same state write the same events.
 */
export function routeTenant(
  core: EngineCore,
  tenantId: string,
  options: RoutingOptions,
  now: number,
  order: (threads: Thread[]) => Thread[],
  escalations: Map<string, EscalationState>,
  exclude: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): { events: EventInput[]; records: RoutingRecord[] } {
  const agents = core.agents({ tenantId });
  const events: EventInput[] = [];
  const records: RoutingRecord[] = [];
  if (agents.length === 0) return { events, records };
  const pool = createAgentPool(agents);
  const channels: Channel[] = ['email', 'sms', 'whatsapp', 'chat', 'call', 'social'];
  const anyCapacity = () => channels.some((c) => pool.availableCount(c) > 0);
  if (!anyCapacity()) return { events, records };
  const candidates = order(core.threads({ tenantId, status: 'open', assignee: null }).filter(isRoutable));
  for (const thread of candidates) {
    if (pool.availableCount(thread.channel) === 0) continue;
    const customer = core.customer(thread.customerId);
    const excluded = [...(exclude.get(thread.id) ?? [])].map((id) => pool.get(id)).filter((a): a is Agent => a !== undefined);
    for (const a of excluded) pool.remove(a.id);
    const escalation = escalations.get(thread.id);
    const decision = options.policy.route(thread, pool, {
      now,
      ...(customer ? { customer } : {}),
      history: history(core, thread),
      waitingSinceMs: thread.awaitingReplySince ?? thread.createdAt,
      ...(escalation ? { escalation } : {}),
    });
    for (const a of excluded) pool.update(a);
    records.push({ tenantId, threadId: thread.id, at: now, decision });
    if (decision.kind !== 'assign') {
      if (decision.escalation) escalations.set(thread.id, decision.escalation);
      continue;
    }
    escalations.delete(thread.id);
    const agent = pool.get(decision.agentId);
    if (agent) {
      const load = { ...agent.load, [thread.channel]: (agent.load[thread.channel] ?? 0) + 1 };
      pool.update({ ...agent, load, lastAssignedAt: now });
    }
    events.push({
      id: `route:${thread.id}:${thread.assignments + 1}`,
      tenantId,
      type: 'thread.assigned',
      schemaVersion: 2,
      occurredAt: Math.max(now, thread.lastActivityAt),
      threadId: thread.id,
      agentId: decision.agentId,
      by: ROUTER,
      reasons: decision.reasons.map((r) => `${r.policy}: ${r.message}`.slice(0, 512)),
    });
    if (!anyCapacity()) break;
  }
  return { events, records };
}

/**
 * Assignments whose agent has not replied within `offerTimeoutMs` by `now`: the offer expires and
 * the thread goes back to the queue (the agent is skipped when it is routed again).
 */
export function expiredOffers(core: EngineCore, tenantId: string, offerTimeoutMs: number, now: number): EventInput[] {
  const out: EventInput[] = [];
  for (const t of core.threads({ tenantId, status: 'open' })) {
    if (t.assignee === undefined || t.assignedAt === undefined) continue;
    const expiresAt = t.assignedAt + offerTimeoutMs;
    if (expiresAt > now) continue;
    const answered = t.messages.some((m) => m.direction === 'outbound' && m.occurredAt >= t.assignedAt! && m.author.type === 'agent' && m.author.agentId === t.assignee);
    if (answered) continue;
    out.push({
      id: `offer-expired:${t.id}:${t.assignments}`,
      tenantId,
      type: 'thread.unassigned',
      schemaVersion: 2,
      occurredAt: expiresAt,
      threadId: t.id,
      reason: `offer to ${t.assignee} expired after ${Math.round(offerTimeoutMs / 1000)} s without a reply`,
    });
  }
  return out;
}
