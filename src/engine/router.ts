import type { Agent } from '../agents/types.js';
import { OmnithreadError } from '../errors.js';
import type { Channel } from '../events/primitives.js';
import type { EventInput } from '../events/schemas.js';
import { createAgentPool } from '../policies/routing/pool.js';
import type { EscalationState, RoutingContext, RoutingDecision, RoutingPolicy, RoutingReason } from '../policies/routing/types.js';
import type { Thread } from '../threading/types.js';
import type { EngineCore } from '../fold/core.js';

/**
 * How the engine routes: the policy, how long an offer waits for the agent, and when an agent who
 * refused a thread may be offered it again.
 *
 * @example
 * ```ts
 * import { createEngine, defaultRoutingPolicy } from 'omnithread';
 * const engine = createEngine({ policies: { routing: { policy: defaultRoutingPolicy(), offerTimeoutMs: 2 * 60_000, reofferAfterMs: 15 * 60_000 } } });
 * ```
 */
export interface RoutingOptions {
  readonly policy: RoutingPolicy;
  /**
   * An assignment is an offer until the agent accepts it (`thread.offer_accepted`, or their first
   * reply). One not accepted within this time expires (`thread.offer_expired`) and the thread goes
   * back to the queue. Default: offers never expire. At least 1 ms.
   */
  readonly offerTimeoutMs?: number;
  /**
   * An agent who declined a thread, or let an offer of it expire, is not offered it again for this
   * long — unless every agent who could take it now has refused it, when it is offered again at once
   * rather than left waiting. Default 30 minutes.
   */
  readonly reofferAfterMs?: number;
}

/** One routing decision the engine made, with its reasons (also emitted as `routing.decided`). */
export interface RoutingRecord {
  readonly tenantId: string;
  readonly threadId: string;
  readonly at: number;
  readonly decision: RoutingDecision;
}

/** Checks the numbers of routing options once, when the engine is created. */
export function checkRoutingOptions(options: RoutingOptions, path: readonly string[]): RoutingOptions {
  const bad = (field: string, message: string) =>
    new OmnithreadError('INVALID_ARGUMENT', `${[...path, field].join('.')}: ${message}`, { issues: [{ path: [...path, field], message }] });
  if (typeof options.policy?.route !== 'function') throw bad('policy', 'expected a routing policy (an object with route())');
  const { offerTimeoutMs, reofferAfterMs } = options;
  if (offerTimeoutMs !== undefined && !(Number.isSafeInteger(offerTimeoutMs) && offerTimeoutMs >= 1)) throw bad('offerTimeoutMs', 'expected a whole number of milliseconds ≥ 1');
  if (reofferAfterMs !== undefined && !(Number.isSafeInteger(reofferAfterMs) && reofferAfterMs >= 0)) throw bad('reofferAfterMs', 'expected a whole number of milliseconds ≥ 0');
  return options;
}

/** The default {@link RoutingOptions.reofferAfterMs}. */
export const DEFAULT_REOFFER_AFTER_MS = 30 * 60_000;

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
 * When and after what an engine decision about a thread is dated: at `now`, or at the thread's last
 * event if that is later, and ordered after that event when the two share an instant (see `cause`).
 */
function decidedAt(core: EngineCore, thread: Thread, now: number): { occurredAt: number; cause: { eventId: string; depth: number } } {
  const last = core.lastEventOf(thread.id);
  if (last === undefined || now > last.at) return { occurredAt: now, cause: { eventId: last?.id ?? thread.id, depth: 1 } };
  return { occurredAt: last.at, cause: { eventId: last.id, depth: last.depth + 1 } };
}

/**
 * `base`, or `base~2`, `base~3` … if the tenant already has an event with that id: a decision the
 * fold set aside (a late event changed the thread) never makes the next one conflict with it.
 */
function freshId(core: EngineCore, tenantId: string, base: string): string {
  if (core.existing(tenantId, base) === undefined) return base;
  for (let n = 2; ; n++) if (core.existing(tenantId, `${base}~${n}`) === undefined) return `${base}~${n}`;
}

const sameEscalation = (a: EscalationState | undefined, b: EscalationState | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.targetIndex === b.targetIndex && a.enteredAt === b.enteredAt);

/** Agents who refused `thread` within the re-offer window before `now`. */
function recentlyDeclined(thread: Thread, now: number, reofferAfterMs: number): Set<string> {
  const out = new Set<string>();
  for (const d of thread.declines) if (d.at > now - reofferAfterMs) out.add(d.agentId);
  return out;
}

const REOFFER: RoutingReason = {
  policy: 'engine',
  code: 'reoffer',
  message: 'every agent who could take it now had declined it or let an offer expire: offered again',
};

/**
 * Routes the tenant's open, unassigned threads in queue order and returns the events to store:
 * `thread.assigned` for each assignment, `thread.escalated` when a workflow moves a thread. Pure
 * apart from reading the core: every decision and all the memory the next one needs (declines,
 * workflow positions) are events, so a replay, a snapshot or `at()` reproduces what comes next. Ids
 * derive from the thread and its assignment count, so two replicas routing one state write the
 * same events.
 */
export function routeTenant(
  core: EngineCore,
  tenantId: string,
  options: RoutingOptions,
  now: number,
  order: (threads: Thread[]) => Thread[],
): { events: EventInput[]; records: RoutingRecord[] } {
  const agents = core.agents({ tenantId });
  const events: EventInput[] = [];
  const records: RoutingRecord[] = [];
  if (agents.length === 0) return { events, records };
  const pool = createAgentPool(agents);
  const channels: Channel[] = ['email', 'sms', 'whatsapp', 'chat', 'call', 'social'];
  const anyCapacity = () => channels.some((c) => pool.availableCount(c) > 0);
  if (!anyCapacity()) return { events, records };
  const reofferAfterMs = options.reofferAfterMs ?? DEFAULT_REOFFER_AFTER_MS;
  const candidates = order(core.threads({ tenantId, status: 'open', assignee: null }).filter(isRoutable));
  for (const thread of candidates) {
    if (pool.availableCount(thread.channel) === 0) continue;
    const customer = core.customer(thread.customerId);
    const context: RoutingContext = {
      now,
      ...(customer ? { customer } : {}),
      history: history(core, thread),
      waitingSinceMs: thread.awaitingReplySince ?? thread.createdAt,
      ...(thread.escalation ? { escalation: { targetIndex: thread.escalation.targetIndex, enteredAt: thread.escalation.enteredAt } } : {}),
    };
    const declined = [...recentlyDeclined(thread, now, reofferAfterMs)].map((id) => pool.get(id)).filter((a): a is Agent => a !== undefined);
    for (const a of declined) pool.remove(a.id);
    let decision = options.policy.route(thread, pool, context);
    for (const a of declined) pool.update(a);
    if (decision.kind !== 'assign' && declined.length > 0) {
      // Nobody else can take it: rather than let it starve, offer it again to those who refused.
      const again = options.policy.route(thread, pool, context);
      if (again.kind === 'assign') decision = { ...again, reasons: [REOFFER, ...again.reasons] };
    }
    records.push({ tenantId, threadId: thread.id, at: now, decision });
    const when = decidedAt(core, thread, now);
    if (decision.kind !== 'assign') {
      const escalation = decision.escalation;
      if (escalation && !sameEscalation(escalation, thread.escalation)) {
        events.push({
          id: freshId(core, tenantId, `escalate:${thread.id}:${escalation.targetIndex}:${escalation.enteredAt}`),
          tenantId,
          type: 'thread.escalated',
          schemaVersion: 2,
          ...when,
          threadId: thread.id,
          targetIndex: escalation.targetIndex,
          enteredAt: escalation.enteredAt,
          ...(decision.target === undefined ? {} : { target: decision.target.slice(0, 128) }),
          reasons: decision.reasons.slice(0, 50).map((r) => `${r.policy}: ${r.message}`.slice(0, 512)),
        });
      }
      continue;
    }
    const agent = pool.get(decision.agentId);
    if (agent) {
      const load = { ...agent.load, [thread.channel]: (agent.load[thread.channel] ?? 0) + 1 };
      pool.update({ ...agent, load, lastAssignedAt: now });
    }
    events.push({
      id: freshId(core, tenantId, `route:${thread.id}:${thread.assignments + 1}`),
      tenantId,
      type: 'thread.assigned',
      schemaVersion: 2,
      ...when,
      threadId: thread.id,
      agentId: decision.agentId,
      by: ROUTER,
      reasons: decision.reasons.slice(0, 50).map((r) => `${r.policy}: ${r.message}`.slice(0, 512)),
    });
    if (!anyCapacity()) break;
  }
  return { events, records };
}

/**
 * Offers not accepted within `offerTimeoutMs` by `now`: each expires (`thread.offer_expired`, dated
 * at the deadline) and the thread goes back to the queue; the agent is not offered it again for a
 * while ({@link RoutingOptions.reofferAfterMs}).
 */
export function expiredOffers(core: EngineCore, tenantId: string, offerTimeoutMs: number, now: number): EventInput[] {
  const out: EventInput[] = [];
  for (const t of core.threads({ tenantId, status: 'open' })) {
    if (t.assignee === undefined || t.assignedAt === undefined || t.acceptedAt !== undefined) continue;
    const expiresAt = t.assignedAt + offerTimeoutMs;
    if (expiresAt > now) continue;
    const last = core.lastEventOf(t.id);
    out.push({
      id: freshId(core, tenantId, `offer-expired:${t.id}:${t.assignments}`),
      tenantId,
      type: 'thread.offer_expired',
      schemaVersion: 2,
      occurredAt: expiresAt,
      // After the offer (strictly earlier: the timeout is at least 1 ms), and after whatever else
      // happened to the thread at that very instant.
      cause: last !== undefined && last.at === expiresAt ? { eventId: last.id, depth: last.depth + 1 } : { eventId: last?.assignment ?? t.id, depth: 1 },
      threadId: t.id,
      agentId: t.assignee,
      offeredAt: t.assignedAt,
      reason: `offer to ${t.assignee} not accepted within ${Math.round(offerTimeoutMs / 1000)} s`,
    });
  }
  return out;
}
