import type { Agent } from '../../agents/types.js';
import { CHANNELS, type Channel } from '../../events/primitives.js';
import { isAvailableOn, languageKey } from './eligibility.js';
import { openThreads } from './strategies.js';
import type { AgentPool, CandidateQuery, SelectQuery, Selection, SkillRequirement } from './types.js';

/** An agent with its lookups precomputed, shared by every index it is in. */
interface Entry {
  readonly agent: Agent;
  readonly id: string;
  readonly skills: ReadonlyMap<string, number>;
  readonly languages: ReadonlySet<string>;
  readonly teams: ReadonlySet<string>;
  /** Open threads over all channels (the `balanced` key), computed once per update. */
  readonly open: number;
  /** `lastAssignedAt`, never assigned = -Infinity (the round-robin key). */
  readonly last: number;
  /** load − capacity per channel, in CHANNELS order (the negated spare-capacity key). */
  readonly used: readonly number[];
}

/** A set of entries kept as a dense array (fast to walk) with O(1) swap-removal. */
class Bucket {
  readonly list: Entry[] = [];
  private readonly at = new Map<string, number>();

  has(id: string): boolean {
    return this.at.has(id);
  }

  add(entry: Entry): void {
    const i = this.at.get(entry.id);
    if (i !== undefined) this.list[i] = entry;
    else {
      this.at.set(entry.id, this.list.length);
      this.list.push(entry);
    }
  }

  delete(id: string): void {
    const i = this.at.get(id);
    if (i === undefined) return;
    const last = this.list.pop()!;
    this.at.delete(id);
    if (last.id !== id) {
      this.list[i] = last;
      this.at.set(last.id, i);
    }
  }
}

const EMPTY = new Bucket();

class Index {
  private readonly buckets = new Map<string, Bucket>();
  get(key: string): Bucket {
    return this.buckets.get(key) ?? EMPTY;
  }
  add(key: string, entry: Entry): void {
    let b = this.buckets.get(key);
    if (b === undefined) this.buckets.set(key, (b = new Bucket()));
    b.add(entry);
  }
  delete(key: string, id: string): void {
    const b = this.buckets.get(key);
    if (b === undefined) return;
    b.delete(id);
    if (b.list.length === 0) this.buckets.delete(key);
  }
}

function meetsSkills(entry: Entry, skills: readonly SkillRequirement[]): boolean {
  for (let i = 0; i < skills.length; i++) {
    const s = skills[i]!;
    if ((entry.skills.get(s.name) ?? 0) < (s.level ?? 1)) return false;
  }
  return true;
}

class IndexedAgentPool implements AgentPool {
  private readonly byId = new Map<string, Entry>();
  /** Online, taking the channel, under capacity, not blocked by an exclusive rule. */
  private readonly available = new Index();
  private readonly bySkill = new Index();
  private readonly byTeam = new Index();
  private readonly byLanguage = new Index();

  constructor(agents: Iterable<Agent>) {
    for (const agent of agents) this.update(agent);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Agent | undefined {
    return this.byId.get(id)?.agent;
  }

  *agents(): IterableIterator<Agent> {
    for (const entry of this.byId.values()) yield entry.agent;
  }

  availableCount(channel: Channel): number {
    return this.available.get(channel).list.length;
  }

  candidates(query: CandidateQuery): Agent[] {
    const out: Agent[] = [];
    this.scan(query, (e) => void out.push(e.agent));
    return out;
  }

  select(query: SelectQuery): Selection | undefined {
    const { strategy } = query;
    const slot = CHANNELS.indexOf(query.channel);
    const lang = query.prefer?.language === undefined ? undefined : languageKey(query.prefer.language);
    const preferred = query.prefer?.skills ?? [];
    let best: Entry | undefined;
    let bestScore = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    let eligible = 0;
    this.scan(query, (e) => {
      eligible++;
      let score = 0;
      if (lang !== undefined && e.languages.has(lang)) score += 1000;
      for (let i = 0; i < preferred.length; i++) {
        const p = preferred[i]!;
        if ((e.skills.get(p.name) ?? 0) >= (p.level ?? 1)) score++;
      }
      // Keys ascending, as strategyOrder defines them: [primary, secondary, tertiary], then id.
      let k1: number;
      let k2 = 0;
      let k3 = 0;
      if (strategy === 'roundRobin') k1 = e.last;
      else if (strategy === 'balanced') {
        k1 = e.open;
        k2 = e.last;
      } else {
        k1 = e.used[slot]!;
        k2 = e.open;
        k3 = e.last;
      }
      const better =
        best === undefined ||
        score > bestScore ||
        (score === bestScore &&
          (k1 < b1 || (k1 === b1 && (k2 < b2 || (k2 === b2 && (k3 < b3 || (k3 === b3 && e.id < best.id)))))));
      if (better) {
        best = e;
        bestScore = score;
        b1 = k1;
        b2 = k2;
        b3 = k3;
      }
    });
    if (best === undefined) return undefined;
    return { agent: best.agent, eligible, speaksPreferred: bestScore >= 1000, preferredSkills: bestScore % 1000 };
  }

  /** Calls `visit` for every agent meeting the query, walking the smallest index that must hold it. */
  private scan(query: CandidateQuery, visit: (e: Entry) => void): void {
    const open = this.available.get(query.channel);
    let smallest = open;
    const skills = query.skills ?? [];
    for (const s of skills) {
      const b = this.bySkill.get(s.name);
      if (b.list.length < smallest.list.length) smallest = b;
    }
    const lang = query.language === undefined ? undefined : languageKey(query.language);
    if (lang !== undefined) {
      const b = this.byLanguage.get(lang);
      if (b.list.length < smallest.list.length) smallest = b;
    }
    const team = query.team;
    if (team !== undefined) {
      const b = this.byTeam.get(team);
      if (b.list.length < smallest.list.length) smallest = b;
    }
    const where = query.where;
    const checkOpen = smallest !== open;
    const list = smallest.list;
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      if (checkOpen && !open.has(e.id)) continue;
      if (skills.length > 0 && !meetsSkills(e, skills)) continue;
      if (lang !== undefined && !e.languages.has(lang)) continue;
      if (team !== undefined && !e.teams.has(team)) continue;
      if (where !== undefined && !where(e.agent)) continue;
      visit(e);
    }
  }

  update(agent: Agent): void {
    this.remove(agent.id);
    const entry: Entry = {
      agent,
      id: agent.id,
      skills: new Map(agent.skills.map((s) => [s.name, s.level])),
      languages: new Set(agent.languages.map(languageKey)),
      teams: new Set(agent.teams),
      open: openThreads(agent),
      last: agent.lastAssignedAt ?? -Infinity,
      used: CHANNELS.map((c) => (agent.load[c] ?? 0) - (agent.capacity[c] ?? 0)),
    };
    this.byId.set(agent.id, entry);
    for (const channel of CHANNELS) if (isAvailableOn(agent, channel)) this.available.add(channel, entry);
    for (const name of entry.skills.keys()) this.bySkill.add(name, entry);
    for (const team of entry.teams) this.byTeam.add(team, entry);
    for (const lang of entry.languages) this.byLanguage.add(lang, entry);
  }

  remove(id: string): boolean {
    const entry = this.byId.get(id);
    if (entry === undefined) return false;
    this.byId.delete(id);
    for (const channel of CHANNELS) this.available.delete(channel, id);
    for (const name of entry.skills.keys()) this.bySkill.delete(name, id);
    for (const team of entry.teams) this.byTeam.delete(team, id);
    for (const lang of entry.languages) this.byLanguage.delete(lang, id);
    return true;
  }
}

/**
 * Builds the agent index policies route against. Keep one per tenant and feed it agent changes
 * (status, load, profile) with `update`, departures with `remove`.
 *
 * @example
 * ```ts
 * import { createAgentPool, defaultRoutingPolicy } from 'omnithread';
 *
 * const pool = createAgentPool(engine.agents({ tenantId: 'acme' }));
 * const decision = defaultRoutingPolicy().route(thread, pool, { now });
 * if (decision.kind === 'assign') {
 *   const a = pool.get(decision.agentId)!;
 *   pool.update({ ...a, lastAssignedAt: now, load: { ...a.load, [thread.channel]: (a.load[thread.channel] ?? 0) + 1 } });
 * }
 * ```
 */
export function createAgentPool(agents: Iterable<Agent> = []): AgentPool {
  return new IndexedAgentPool(agents);
}
