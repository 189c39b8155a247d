import type { AgentStatus, Channel } from '../events/primitives.js';

export interface AgentSkill {
  readonly name: string;
  /** 1 (basic) to 10 (expert). */
  readonly level: number;
}

/** An agent as folded from `agent.*` events, with load derived from assigned open threads. */
export interface Agent {
  readonly id: string;
  readonly tenantId: string;
  readonly name?: string;
  readonly status: AgentStatus;
  readonly statusSince: number;
  readonly skills: readonly AgentSkill[];
  readonly languages: readonly string[];
  readonly region?: string;
  readonly teams: readonly string[];
  /** Open threads at once, per channel; a missing channel means the agent does not take it. */
  readonly capacity: Readonly<Partial<Record<Channel, number>>>;
  /** While handling a thread on channel K, take no new thread on the listed channels. */
  readonly exclusive?: Readonly<Partial<Record<Channel, readonly Channel[]>>>;
  readonly senior: boolean;
  readonly lastAssignedAt?: number;
  /** Open (not resolved/closed) threads assigned to the agent, per channel of the thread. */
  readonly load: Readonly<Partial<Record<Channel, number>>>;
}
