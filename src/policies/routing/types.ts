import type { Agent } from '../../agents/types.js';
import type { Channel } from '../../events/primitives.js';
import type { Customer } from '../../identity/types.js';
import type { Thread } from '../../threading/types.js';

/**
 * A skill a thread needs, at a minimum level (1 basic … 10 expert; default 1).
 *
 * @example
 * ```ts
 * import type { RoutingContext } from 'omnithread';
 * const ctx: RoutingContext = { now, requiredSkills: [{ name: 'billing', level: 3 }, { name: 'refunds' }] };
 * ```
 */
export interface SkillRequirement {
  readonly name: string;
  readonly level?: number;
}

/** Reason codes the built-in policies use. Your own policies may use any other string. */
export type KnownRoutingReasonCode =
  | 'bot-handling'
  | 'handover-requested'
  | 'assigned'
  | 'no-eligible-agent'
  | 'sticky-hit'
  | 'sticky-miss'
  | 'language-match'
  | 'skills'
  | 'preferred-skills'
  | 'rule-matched'
  | 'no-rule-matched'
  | 'target-not-applicable'
  | 'target-timeout'
  | 'target-skipped'
  | 'waiting-at-target'
  | 'workflow-exhausted'
  | 'queued';

/**
 * One step of the explanation of a routing decision: machine-readable `code`, human-readable
 * `message`, and the policy that said it.
 *
 * @example
 * ```ts
 * import type { RoutingReason } from 'omnithread';
 * const reason: RoutingReason = {
 *   policy: 'sticky', code: 'sticky-hit', agentId: 'a-7',
 *   message: 'a-7 handled this customer 12 min ago (window 60 min)',
 * };
 * ```
 */
export interface RoutingReason {
  readonly policy: string;
  readonly code: KnownRoutingReasonCode | (string & {});
  readonly message: string;
  /** The agent the reason is about, when there is one. */
  readonly agentId?: string;
}

/**
 * Where a thread is in a workflow: the target it is at and since when (epoch ms). Keep the one a
 * decision returns and pass it back on the next call.
 *
 * @example
 * ```ts
 * import { type EscalationState, createAgentPool, defaultRoutingPolicy } from 'omnithread';
 * const policy = defaultRoutingPolicy();
 * const saved = new Map<string, EscalationState>();
 * const pool = createAgentPool(engine.agents({ tenantId: 'acme' }));
 * const d = policy.route(thread, pool, { now, escalation: saved.get(thread.id) });
 * if (d.kind !== 'assign' && d.escalation) saved.set(thread.id, d.escalation);
 * ```
 */
export interface EscalationState {
  readonly targetIndex: number;
  readonly enteredAt: number;
}

/**
 * What a routing policy decided:
 * - `assign`: give the thread to `agentId` now;
 * - `queue`: nobody now; keep it in queue `target` and route again when capacity frees up;
 * - `wait`: nobody now, but the decision changes on its own at `until` (e.g. a workflow timeout):
 *   route again then, or earlier when capacity frees up.
 * Workflows also return their new `escalation` state, for the engine to keep and pass back in
 * `RoutingContext.escalation` (and to record as an event).
 *
 * @example
 * ```ts
 * import type { RoutingDecision } from 'omnithread';
 * function describe(d: RoutingDecision): string {
 *   return d.kind === 'assign' ? `to ${d.agentId}` : d.reasons.map((r) => r.message).join('; ');
 * }
 * ```
 */
export type RoutingDecision =
  | { readonly kind: 'assign'; readonly agentId: string; readonly reasons: readonly RoutingReason[] }
  | {
      readonly kind: 'queue';
      readonly reasons: readonly RoutingReason[];
      readonly target?: string;
      readonly escalation?: EscalationState;
    }
  | {
      readonly kind: 'wait';
      readonly until?: number;
      readonly reasons: readonly RoutingReason[];
      readonly target?: string;
      readonly escalation?: EscalationState;
    };

/**
 * Everything a routing policy may look at besides the thread and the agents. Time is an input.
 *
 * @example
 * ```ts
 * import type { RoutingContext } from 'omnithread';
 * const ctx: RoutingContext = {
 *   now: Date.parse('2025-03-01T10:00:00Z'),
 *   history: { lastAgentId: 'a-7', lastHandledAt: Date.parse('2025-03-01T09:48:00Z') },
 *   requiredSkills: [{ name: 'billing', level: 3 }],
 * };
 * ```
 */
export interface RoutingContext {
  /** Epoch milliseconds. */
  readonly now: number;
  readonly customer?: Customer;
  /** The agent who last handled this customer, and when (for sticky routing). */
  readonly history?: { readonly lastAgentId?: string; readonly lastHandledAt?: number };
  /** Skills the caller requires on top of what the policy's options derive from the thread. */
  readonly requiredSkills?: readonly SkillRequirement[];
  /** Epoch ms at which the thread started waiting for an agent (workflow timeouts count from it). */
  readonly waitingSinceMs?: number;
  /** The workflow state returned by the previous decision for this thread. */
  readonly escalation?: EscalationState;
}

/**
 * What a policy asks the pool for: agents who can take a thread on `channel` now, with the skills
 * (at their levels), optionally speaking `language`, in `team`, and passing `where`.
 *
 * @example
 * ```ts
 * import { type CandidateQuery, createAgentPool } from 'omnithread';
 * const pool = createAgentPool(engine.agents({ tenantId: 'acme' }));
 * const q: CandidateQuery = { channel: 'chat', skills: [{ name: 'billing', level: 3 }], language: 'ko', where: (a) => a.senior };
 * const agents = pool.candidates(q);
 * ```
 */
export interface CandidateQuery {
  readonly channel: Channel;
  readonly skills?: readonly SkillRequirement[];
  readonly language?: string;
  readonly team?: string;
  readonly where?: (agent: Agent) => boolean;
}

/** How to choose among eligible agents. Every order ends with the agent id, so choices are deterministic. */
export type SelectionStrategy = 'roundRobin' | 'balanced' | 'highestSpareCapacity';

/**
 * A candidate query plus how to choose: agents scoring higher on `prefer` (speaking `language` counts
 * more than all preferred `skills` together) first, then `strategy`.
 *
 * @example
 * ```ts
 * import { createAgentPool } from 'omnithread';
 * const pool = createAgentPool(engine.agents({ tenantId: 'acme' }));
 * const best = pool.select({ channel: 'email', strategy: 'balanced', prefer: { language: 'de', skills: [{ name: 'api' }] } });
 * ```
 */
export interface SelectQuery extends CandidateQuery {
  readonly strategy: SelectionStrategy;
  readonly prefer?: { readonly language?: string; readonly skills?: readonly SkillRequirement[] };
}

/**
 * The chosen agent, how many were eligible, and what the chosen one matched of `prefer`.
 *
 * @example
 * ```ts
 * import { createAgentPool } from 'omnithread';
 * const pool = createAgentPool(engine.agents({ tenantId: 'acme' }));
 * const s = pool.select({ channel: 'chat', strategy: 'roundRobin', prefer: { language: 'ko' } });
 * if (s && !s.speaksPreferred) console.log(`no ko speaker free; ${s.agent.id} of ${s.eligible}`);
 * ```
 */
export interface Selection {
  readonly agent: Agent;
  readonly eligible: number;
  readonly speaksPreferred: boolean;
  readonly preferredSkills: number;
}

/**
 * An index of agents by availability per channel, skill, team and language, so a decision does not
 * scan every agent. Mutable: the engine keeps it up to date with `update`/`remove` as agents change;
 * policies only read it. Iteration order is unspecified: policies must not depend on it.
 *
 * @example
 * ```ts
 * import { createAgentPool } from 'omnithread';
 * const pool = createAgentPool(engine.agents({ tenantId: 'acme' }));
 * const canTakeChat = pool.candidates({ channel: 'chat', skills: [{ name: 'billing', level: 3 }] });
 * const next = pool.select({ channel: 'chat', strategy: 'roundRobin', prefer: { language: 'ko' } });
 * pool.update({ ...agent, load: { chat: 1 } });
 * ```
 */
export interface AgentPool {
  readonly size: number;
  get(id: string): Agent | undefined;
  /** Every agent, in no particular order. */
  agents(): IterableIterator<Agent>;
  /** How many agents are online with spare capacity on `channel` (exclusive rules applied). */
  availableCount(channel: Channel): number;
  /** Agents who can take a thread now: available on the channel and meeting the query. */
  candidates(query: CandidateQuery): Agent[];
  /** The best candidate by a built-in strategy, without listing them all; undefined when none. */
  select(query: SelectQuery): Selection | undefined;
  /** Adds or replaces an agent (by id). */
  update(agent: Agent): void;
  /** Removes an agent; false when it was not there. */
  remove(id: string): boolean;
}

/**
 * A routing policy: a pure function of the thread, the agent pool and the context. Set `fair` when,
 * among equally eligible agents, it spreads assignments evenly (the law checker then verifies it).
 *
 * @example
 * ```ts
 * import type { RoutingPolicy } from 'omnithread';
 * const seniorsOnly: RoutingPolicy = {
 *   name: 'seniors-only',
 *   route(thread, pool) {
 *     // candidates come in no particular order: sort for a deterministic choice
 *     const [agent] = pool
 *       .candidates({ channel: thread.channel, where: (a) => a.senior })
 *       .sort((a, b) => (a.id < b.id ? -1 : 1));
 *     return agent
 *       ? { kind: 'assign', agentId: agent.id, reasons: [{ policy: 'seniors-only', code: 'assigned', message: `senior ${agent.id}` }] }
 *       : { kind: 'queue', reasons: [{ policy: 'seniors-only', code: 'no-eligible-agent', message: 'no senior free' }] };
 *   },
 * };
 * ```
 */
export interface RoutingPolicy {
  readonly name: string;
  readonly fair?: boolean;
  route(thread: Thread, agents: AgentPool, ctx: RoutingContext): RoutingDecision;
}
