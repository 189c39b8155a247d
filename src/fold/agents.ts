import type { Agent } from '../agents/types.js';
import type { Channel } from '../events/primitives.js';
import type { EventOf } from '../events/schemas.js';
import { type Envelope, compareEnvelopes } from './envelope.js';
import { type Mutable, nextVersion } from './state.js';

export type AgentRec = Mutable<Omit<Agent, 'load' | 'capacity' | 'exclusive'>> & {
  capacity: Partial<Record<Channel, number>>;
  exclusive?: Partial<Record<Channel, Channel[]>>;
  version: number;
};

type AgentEvent = EventOf<'agent.status_changed'> | EventOf<'agent.profile_set'>;

export function blank(tenantId: string, agentId: string, at: number): AgentRec {
  // Every field present from the start (unset ones undefined): one object shape for all agents.
  return {
    id: agentId,
    tenantId,
    name: undefined,
    status: 'offline',
    statusSince: at,
    skills: [],
    languages: [],
    region: undefined,
    teams: [],
    capacity: {},
    exclusive: undefined,
    senior: false,
    lastAssignedAt: undefined,
    version: 0,
  };
}

/** The agents of one tenant, folded from `agent.*` events in fold order (late ones re-fold all agents). */
export class AgentBook {
  envelopes: Envelope[] = [];
  readonly agents = new Map<string, AgentRec>();
  readonly touched = new Set<string>();
  readonly lastAssigned = new Map<string, number>();
  private stale = false;

  constructor(readonly tenantId: string) {}

  /** Puts back agents restored from a snapshot (their events in fold order, records, last assignments). */
  restore(envelopes: Envelope[], recs: readonly AgentRec[], lastAssigned: readonly (readonly [string, number])[]): void {
    this.envelopes = envelopes;
    for (const rec of recs) {
      this.agents.set(rec.id, rec);
      this.touched.add(rec.id);
    }
    for (const [id, at] of lastAssigned) this.lastAssigned.set(id, at);
  }

  insert(env: Envelope): void {
    const last = this.envelopes[this.envelopes.length - 1];
    this.envelopes.push(env);
    if (last !== undefined && compareEnvelopes(last, env) > 0) {
      this.stale = true;
      return;
    }
    if (!this.stale) this.apply(env.event as AgentEvent);
  }

  /** Re-folds after late events; returns whether it did. */
  settle(): boolean {
    if (!this.stale) return false;
    this.envelopes.sort(compareEnvelopes);
    for (const id of this.agents.keys()) this.touched.add(id);
    this.agents.clear();
    for (const env of this.envelopes) this.apply(env.event as AgentEvent);
    this.stale = false;
    return true;
  }

  private apply(e: AgentEvent): void {
    const a = this.agents.get(e.agentId) ?? blank(this.tenantId, e.agentId, e.occurredAt);
    if (e.type === 'agent.status_changed') {
      if (a.status !== e.status) a.statusSince = e.occurredAt;
      a.status = e.status;
    } else {
      // A profile is set whole: what the event leaves out is cleared, so a region can be removed.
      if (e.name === undefined) a.name = undefined;
      else a.name = e.name;
      a.skills = e.skills;
      a.languages = e.languages;
      if (e.region === undefined) a.region = undefined;
      else a.region = e.region;
      a.teams = e.teams;
      a.capacity = e.capacity;
      if (e.exclusive === undefined) a.exclusive = undefined;
      else a.exclusive = e.exclusive as Partial<Record<Channel, Channel[]>>;
      a.senior = e.senior ?? false;
    }
    const assigned = this.lastAssigned.get(e.agentId);
    if (assigned !== undefined) a.lastAssignedAt = assigned;
    a.version = nextVersion();
    this.agents.set(e.agentId, a);
    this.touched.add(e.agentId);
  }

  /**
   * Records an assignment (from `thread.assigned`) for round robin. Kept as a maximum, apart from the
   * agent records, so it does not depend on whether the profile or the assignment arrived first.
   */
  noteAssignment(agentId: string, at: number): void {
    const previous = this.lastAssigned.get(agentId);
    if (previous !== undefined && previous >= at) return;
    this.lastAssigned.set(agentId, at);
    const a = this.agents.get(agentId);
    if (a) {
      a.lastAssignedAt = at;
      a.version = nextVersion();
      this.touched.add(agentId);
    }
  }
}
