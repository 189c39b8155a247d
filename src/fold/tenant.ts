import type { Channel } from '../events/primitives.js';
import { AgentBook, type AgentRec } from './agents.js';
import { customerIdFor, threadIdFor } from './ids.js';
import type { FoldPolicies } from './apply.js';
import { isMessageUpdate } from './message-updates.js';
import { Component } from './component.js';
import { type Envelope, compareEnvelopes } from './envelope.js';
import { type ComponentState, nextVersion } from './state.js';
import { sameData, sameRecord } from './unchanged.js';

/** What changed in a tenant since the engine last looked: drives events, view caches and the queue. */
export class TenantChanges {
  readonly threads = new Set<string>();
  readonly removedThreads = new Set<string>();
  readonly customers = new Set<string>();
  readonly removedCustomers = new Set<string>();
  readonly agents = new Set<string>();
  clear(): void {
    this.threads.clear();
    this.removedThreads.clear();
    this.customers.clear();
    this.removedCustomers.clear();
    this.agents.clear();
  }
}

/**
 * Anchors tie an event to the component it belongs to. Identity keys (`email:…`, `phone:…`) come into
 * being with the event, and so does a merge's or link's own `e:` anchor. `c:`, `t:` and `e:` anchors
 * naming something else are references: `c:X` resolves to the identity key X derives from, `t:X` to
 * the event X derives from (a message or split), `e:X` to the merge or link X — whenever such an event
 * is in the set, whatever the order of arrival and whether or not a fold has created the customer or
 * thread yet. An event with a reference that resolves to nothing waits in `pending`. So where an event
 * is placed, and whether it waits, depends only on the set of events (docs/concepts.md: references to
 * things that do not exist yet). No identity key starts with a single letter and a colon, so the two
 * kinds never collide.
 */
const refAnchor = (r: NonNullable<Envelope['refs']>[number]) => ('customerId' in r ? `c:${r.customerId}` : r.key);

function anchorsOf(env: Envelope): string[] {
  const e = env.event;
  switch (e.type) {
    case 'message.received':
    case 'message.sent':
      return [env.identity!.key];
    case 'identity.linked':
      // A link may merge two customers; its own `e:` anchor lets a later unmerge find it.
      return [env.identity!.key, refAnchor(env.refs![0]!), `e:${e.id}`];
    case 'customer.merged':
      return [...env.refs!.map(refAnchor), `e:${e.id}`];
    case 'customer.attributes_set':
      return [refAnchor(env.refs![0]!)];
    case 'customer.unmerged':
      return [`e:${e.mergeEventId}`];
    case 'thread.merged':
      return [`t:${e.threadId}`, `t:${e.intoThreadId}`];
    case 'agent.status_changed':
    case 'agent.profile_set':
      return [];
    default:
      // A message update goes where its message went: by the customer identity's key.
      if (isMessageUpdate(e)) return [env.identity!.key];
      return [`t:${e.threadId}`];
  }
}

const isIdentityKey = (anchor: string) => anchor.charCodeAt(1) !== 58; /* ':' */

/** Identity keys come into being with the event, and so does a merge's or link's own `e:` anchor. */
function bornWithEvent(anchor: string, env: Envelope): boolean {
  if (isIdentityKey(anchor)) return true;
  const type = env.event.type;
  return (type === 'customer.merged' || type === 'identity.linked') && anchor === `e:${env.event.id}`;
}

/** Events whose id a thread id can derive from (`threadIdFor(tenantId, event.id)`). */
const createsThreads = (env: Envelope) => {
  const type = env.event.type;
  return type === 'message.received' || type === 'message.sent' || type === 'thread.split';
};

/** A tenant's state as a snapshot keeps it: events once, everything else by index into them. */
export interface TenantParts<S> {
  readonly envelopes: readonly Envelope[];
  /** The events' ids and latest time, when restoring: given, so that no event is read for them. */
  readonly ids?: readonly string[];
  readonly latestAt?: number;
  readonly components: readonly { readonly envelopes: readonly number[]; readonly last: readonly [number, number, string] | null; readonly state: S }[];
  readonly home: readonly (readonly [anchor: string, component: number])[];
  readonly pending: readonly (readonly [anchor: string, envelopes: readonly number[]])[];
  readonly agents: { readonly envelopes: readonly number[]; readonly recs: readonly AgentRec[]; readonly lastAssigned: readonly (readonly [string, number])[] };
  readonly threadsIndexed: boolean;
  readonly customersIndexed: boolean;
}

/** One tenant's state: its events, their components, its agents and the indexes queries use. */
export class TenantState {
  readonly events = new Map<string, Envelope>();
  readonly agents: AgentBook;
  readonly changes = new TenantChanges();
  readonly threadHome = new Map<string, Component>();
  readonly customerHome = new Map<string, Component>();
  /** Open, assigned threads per agent with the thread's channel: agent load without a scan. */
  readonly load = new Map<string, Map<string, Channel>>();
  /** When each agent's load last changed, on the record version clock: what views of it are keyed on. */
  readonly loadVersion = new Map<string, number>();
  private readonly assigneeOf = new Map<string, string>();
  /**
   * anchor → the component holding it. Components form their own union–find: an absorbed component
   * points at its absorber (`into`), the larger of the two, and lookups shorten the path they walk.
   * One Map lookup places a message; a new thread or customer costs one Map entry.
   */
  private readonly home = new Map<string, Component>();
  private readonly pending = new Map<string, Envelope[]>();
  private readonly dirty = new Set<Component>();
  /** Components that applied events since the last settle and still need re-indexing. */
  private readonly touched = new Set<Component>();
  private readonly retired = new Map<Component, ComponentState[]>();
  /** Every component not absorbed by another: where ignored events and suggestions are read from. */
  readonly components = new Set<Component>();
  /**
   * Until a `t:` (`c:`) reference misses, `home` knows only the threads (customers) some fold created:
   * enough, since what a fold created lives with the event it derives from. The first miss indexes
   * every event a thread can derive from (every identity key), once; from then on each new one is
   * indexed as it is placed. Most tenants never pay for it.
   */
  private threadsIndexed = false;
  private customersIndexed = false;

  constructor(
    readonly tenantId: string,
    private readonly policies: FoldPolicies,
  ) {
    this.agents = new AgentBook(tenantId);
  }

  /** The latest `occurredAt` of any accepted event: the tenant's clock in event time. */
  latestAt = -Infinity;

  /** Adds an accepted envelope. Call {@link settle} after a batch. */
  add(env: Envelope): void {
    this.events.set(env.event.id, env);
    if (env.event.occurredAt > this.latestAt) this.latestAt = env.event.occurredAt;
    const e = env.event;
    if (e.type === 'agent.status_changed' || e.type === 'agent.profile_set') {
      this.agents.insert(env);
      return;
    }
    if (e.type === 'thread.assigned') this.agents.noteAssignment(e.agentId, e.occurredAt);
    this.place(env);
  }

  /** The live component holding `anchor`, if any (following absorptions, shortening the path). */
  private resolve(anchor: string): Component | undefined {
    const comp = this.home.get(anchor);
    if (comp === undefined || comp.into === undefined) return comp;
    let live = comp.into;
    while (live.into !== undefined) live = live.into;
    this.home.set(anchor, live);
    return live;
  }

  private newComponent(): Component {
    const comp = new Component(this.tenantId);
    this.components.add(comp);
    return comp;
  }

  private place(env: Envelope): void {
    const e = env.event;
    if (e.type === 'message.received' || e.type === 'message.sent') {
      // Nearly every event: one identity key, nothing to wait for.
      const key = env.identity!.key;
      let comp = this.resolve(key);
      const fresh = comp === undefined;
      if (comp === undefined) {
        comp = this.newComponent();
        this.home.set(key, comp);
      }
      this.insert(comp, env);
      // Only now: what waited for this customer or thread is placed, and may absorb `comp`.
      if (fresh && this.customersIndexed) this.indexCustomerKey(key, this.resolve(key)!);
      if (this.threadsIndexed) this.indexThreadSource(env, this.resolve(key)!);
      return;
    }
    const anchors = anchorsOf(env);
    for (const a of anchors) {
      if (!bornWithEvent(a, env) && !this.resolvable(a)) {
        const waiting = this.pending.get(a);
        if (waiting) waiting.push(env);
        else this.pending.set(a, [env]);
        return;
      }
    }
    let comp: Component | undefined;
    for (const a of anchors) {
      const c = this.resolve(a);
      if (c !== undefined) comp = this.join(comp, c);
    }
    comp ??= this.newComponent();
    let fresh: string[] | undefined;
    for (const a of anchors) {
      if (this.home.has(a)) continue;
      this.home.set(a, comp);
      if (this.customersIndexed && isIdentityKey(a)) (fresh ??= []).push(a);
    }
    this.insert(comp, env);
    if (fresh) for (const key of fresh) this.indexCustomerKey(key, this.resolve(key)!);
    if (this.threadsIndexed && e.type === 'thread.split') this.indexThreadSource(env, this.resolve(anchors[0]!)!);
    // A merge or link brings its own `e:` anchor: unmerges that arrived first can now be placed.
    if (e.type === 'customer.merged' || e.type === 'identity.linked') this.release(`e:${e.id}`);
  }

  /**
   * Whether a reference names something some placed event can create. A `t:` or `c:` miss indexes the
   * tenant's thread sources (identity keys) once, then answers from `home` alone.
   */
  private resolvable(anchor: string): boolean {
    if (this.home.has(anchor)) return true;
    if (anchor.startsWith('t:') && !this.threadsIndexed) {
      this.threadsIndexed = true;
      for (const comp of this.components) for (const env of comp.envelopes) if (createsThreads(env)) this.indexThreadSource(env, comp);
      return this.home.has(anchor);
    }
    if (anchor.startsWith('c:') && !this.customersIndexed) {
      this.customersIndexed = true;
      for (const key of [...this.home.keys()]) if (isIdentityKey(key)) this.indexCustomerKey(key, this.resolve(key)!);
      return this.home.has(anchor);
    }
    return false;
  }

  /** Anchors the thread id `env` would create, and places what waited for it. */
  private indexThreadSource(env: Envelope, comp: Component): void {
    if (!createsThreads(env)) return;
    const anchor = `t:${threadIdFor(this.tenantId, env.event.id)}`;
    if (this.home.has(anchor)) return;
    this.home.set(anchor, comp);
    this.release(anchor);
  }

  /** Anchors the customer id identity `key` would create, and places what waited for it. */
  private indexCustomerKey(key: string, comp: Component): void {
    const anchor = `c:${customerIdFor(this.tenantId, key)}`;
    if (this.home.has(anchor)) return;
    this.home.set(anchor, comp);
    this.release(anchor);
  }

  private insert(comp: Component, env: Envelope): void {
    if (comp.insert(env, this.policies)) {
      // Later events of the batch may name what this one created: anchor it now. The rest of the
      // re-indexing waits for settle(), once per component, however many events touched it.
      this.touched.add(comp);
      if (comp.state.born.length > 0) this.anchorBorn(comp, comp.state.takeBorn());
    } else this.dirty.add(comp);
  }

  private release(anchor: string): void {
    const waiting = this.pending.get(anchor);
    if (!waiting) return;
    this.pending.delete(anchor);
    for (const env of waiting) this.place(env);
  }

  /** Two components became connected: the larger absorbs the smaller and re-folds. */
  private join(a: Component | undefined, b: Component): Component {
    if (!a || a === b) return b;
    const [big, small] = a.envelopes.length >= b.envelopes.length ? [a, b] : [b, a];
    big.absorb(small);
    const retired = this.retired.get(big) ?? [];
    retired.push(small.state, ...(this.retired.get(small) ?? []));
    // Anchors not looked up since still name `small`: let it keep nothing but the way to `big`.
    small.absorbedBy(big);
    this.components.delete(small);
    this.retired.set(big, retired);
    this.retired.delete(small);
    this.dirty.delete(small);
    this.dirty.add(big);
    return big;
  }

  /** Registers the anchors of what the component's fold just created, and releases their waiters. */
  private anchorBorn(comp: Component, born: readonly string[]): void {
    let fresh: string[] | undefined;
    for (const anchor of born) {
      if (this.home.has(anchor)) continue;
      this.home.set(anchor, comp);
      if (this.pending.has(anchor)) (fresh ??= []).push(anchor);
    }
    if (fresh) for (const anchor of fresh) this.release(anchor);
  }

  /** Re-indexes touched components and re-folds stale ones, until nothing is left to do. */
  settle(): void {
    if (this.agents.settle()) for (const id of this.agents.agents.keys()) this.changes.agents.add(id);
    while (this.touched.size > 0 || this.dirty.size > 0) {
      const touched = [...this.touched];
      this.touched.clear();
      for (const comp of touched) {
        // A component absorbed by another, or due a re-fold, is indexed by that re-fold instead.
        if (this.dirty.has(comp) || comp.into !== undefined) continue;
        this.sync(comp, undefined);
      }
      const batch = [...this.dirty];
      this.dirty.clear();
      for (const comp of batch) {
        if (!comp.stale && comp.applied === comp.envelopes.length) continue;
        const previous = comp.refold(this.policies);
        const gone = [previous, ...(this.retired.get(comp) ?? [])];
        this.retired.delete(comp);
        this.sync(comp, gone);
      }
    }
    for (const id of this.agents.touched) this.changes.agents.add(id);
    this.agents.touched.clear();
  }

  /** Re-indexes what a fold touched, registers new anchors, and releases events waiting on them. */
  private sync(comp: Component, replaced: ComponentState[] | undefined): void {
    const state = comp.state;
    if (replaced) {
      for (const old of replaced) {
        for (const id of old.threads.keys()) if (!state.threads.has(id)) this.dropThread(id);
        for (const id of old.customers.keys()) if (!state.customers.has(id)) this.dropCustomer(id);
      }
    }
    if (replaced) return this.syncRefolded(comp, replaced);
    for (const id of state.touchedThreads) {
      if (this.threadHome.get(id) !== comp) this.threadHome.set(id, comp);
      this.changes.threads.add(id);
      this.trackLoad(id, state);
    }
    for (const id of state.touchedCustomers) {
      if (this.customerHome.get(id) !== comp) this.customerHome.set(id, comp);
      this.changes.customers.add(id);
    }
    this.syncBorn(comp);
  }

  /**
   * After a re-fold every record is new: each is indexed again, but only those whose content differs
   * from what was last indexed count as changed (no engine event, SLA or queue update for the rest).
   * A record the replaced states touched since they were last indexed counts as changed whatever it
   * holds now, and so does a thread whose customer's attributes changed: SLA and priority read them.
   */
  private syncRefolded(comp: Component, replaced: readonly ComponentState[]): void {
    const state = comp.state;
    // The record each id had, from whichever replaced state held it (one lookup per record, however
    // many components the batch joined).
    const before = <R>(pick: (s: ComponentState) => Map<string, R>): Map<string, R> => {
      if (replaced.length === 1) return pick(replaced[0]!);
      const all = new Map<string, R>();
      for (const old of replaced) for (const [id, r] of pick(old)) if (!all.has(id)) all.set(id, r);
      return all;
    };
    const oldCustomers = before((s) => s.customers);
    const oldThreads = before((s) => s.threads);
    const unsyncedThreads = new Set(replaced.flatMap((s) => s.touchedThreads));
    const unsyncedCustomers = new Set(replaced.flatMap((s) => s.touchedCustomers));
    /** Customers whose attributes (what SLA and priority read) may differ from what was indexed. */
    const reattributed = new Set<string>();
    for (const [id, c] of state.customers) {
      if (this.customerHome.get(id) !== comp) this.customerHome.set(id, comp);
      const old = oldCustomers.get(id);
      if (old !== undefined && !unsyncedCustomers.has(id) && sameRecord(old, c)) continue;
      if (old === undefined || unsyncedCustomers.has(id) || !sameData(old.attributes, c.attributes)) reattributed.add(id);
      this.changes.customers.add(id);
    }
    for (const [id, t] of state.threads) {
      if (this.threadHome.get(id) !== comp) this.threadHome.set(id, comp);
      const old = oldThreads.get(id);
      if (old !== undefined && !unsyncedThreads.has(id) && !reattributed.has(t.customerId) && sameRecord(old, t)) continue;
      this.changes.threads.add(id);
      this.trackLoad(id, state);
    }
    this.syncBorn(comp);
  }

  private syncBorn(comp: Component): void {
    const state = comp.state;
    // A re-fold created its threads and customers again: anchor the ones no fold had created before.
    // Only once the touched lists are cleared: events released here fold into this component, and
    // their touches must be left for the next settle round to re-index.
    const born = state.takeBorn();
    state.synced();
    if (born.length > 0) this.anchorBorn(comp, born);
  }

  private dropThread(id: string): void {
    this.threadHome.delete(id);
    this.changes.threads.delete(id);
    this.changes.removedThreads.add(id);
    this.untrackLoad(id);
  }

  private dropCustomer(id: string): void {
    this.customerHome.delete(id);
    this.changes.customers.delete(id);
    this.changes.removedCustomers.add(id);
  }

  private untrackLoad(threadId: string): void {
    const agent = this.assigneeOf.get(threadId);
    if (agent === undefined) return;
    this.assigneeOf.delete(threadId);
    this.load.get(agent)?.delete(threadId);
    this.loadVersion.set(agent, nextVersion());
    this.changes.agents.add(agent);
  }

  private trackLoad(threadId: string, state: ComponentState): void {
    const t = state.threads.get(threadId);
    // Most threads are never assigned: nothing to track or untrack.
    if (t !== undefined && t.assignee === undefined && this.assigneeOf.size === 0) return;
    const before = this.assigneeOf.get(threadId);
    const counts = t && t.assignee !== undefined && t.status !== 'resolved' && t.status !== 'closed' && t.status !== 'merged';
    if (before !== undefined && (!counts || before !== t!.assignee)) this.untrackLoad(threadId);
    if (!counts) return;
    const agent = t!.assignee!;
    let mine = this.load.get(agent);
    if (!mine) this.load.set(agent, (mine = new Map()));
    if (mine.get(threadId) !== t!.channel) {
      this.changes.agents.add(agent);
      this.loadVersion.set(agent, nextVersion());
    }
    mine.set(threadId, t!.channel);
    this.assigneeOf.set(threadId, agent);
  }

  /**
   * Events accepted but waiting for a thread, customer or merge that no event in the set can create,
   * each with the reference it waits on: the first of its references that resolves to nothing.
   */
  waiting(): { env: Envelope; anchor: string }[] {
    const out: { env: Envelope; anchor: string }[] = [];
    for (const [anchor, list] of this.pending) for (const env of list) out.push({ env, anchor });
    return out.sort((a, b) => compareEnvelopes(a.env, b.env));
  }

  /**
   * What a snapshot keeps of this tenant, by reference (call after {@link settle}): every event once,
   * and the components, anchors, waiting events and agents as indexes into that list.
   */
  parts(): TenantParts<ComponentState> {
    const envelopes = [...this.events.values()];
    const at = new Map<Envelope, number>(envelopes.map((e, i) => [e, i]));
    const comps = [...this.components];
    const compAt = new Map(comps.map((c, i) => [c, i]));
    return {
      envelopes,
      components: comps.map((c) => ({ envelopes: c.envelopes.map((e) => at.get(e)!), last: c.lastKey(), state: c.state })),
      home: [...this.home.keys()].map((a) => [a, compAt.get(this.resolve(a)!)!] as const),
      pending: [...this.pending].map(([a, list]) => [a, list.map((e) => at.get(e)!)] as const),
      agents: { envelopes: this.agents.envelopes.map((e) => at.get(e)!), recs: [...this.agents.agents.values()], lastAssigned: [...this.agents.lastAssigned] },
      threadsIndexed: this.threadsIndexed,
      customersIndexed: this.customersIndexed,
    };
  }

  /**
   * A tenant restored from {@link parts} (with the components' states decoded): nothing is folded
   * again; the indexes queries use are rebuilt from the components.
   */
  static restore(tenantId: string, policies: FoldPolicies, parts: TenantParts<ComponentState>): TenantState {
    const t = new TenantState(tenantId, policies);
    const { envelopes, ids } = parts;
    if (ids !== undefined && parts.latestAt !== undefined) {
      for (let i = 0; i < envelopes.length; i++) t.events.set(ids[i]!, envelopes[i]!);
      t.latestAt = parts.latestAt;
    } else {
      for (const env of envelopes) {
        t.events.set(env.event.id, env);
        if (env.event.occurredAt > t.latestAt) t.latestAt = env.event.occurredAt;
      }
    }
    const of = (i: number) => {
      const env = envelopes[i];
      if (env === undefined) throw new Error(`no envelope ${i}`);
      return env;
    };
    const comps = parts.components.map((c) => Component.restored(tenantId, c.envelopes.map(of), c.state, c.last));
    for (const comp of comps) {
      t.components.add(comp);
      for (const id of comp.state.threads.keys()) {
        t.threadHome.set(id, comp);
        t.trackLoad(id, comp.state);
        t.changes.threads.add(id);
      }
      for (const id of comp.state.customers.keys()) {
        t.customerHome.set(id, comp);
        t.changes.customers.add(id);
      }
      comp.state.synced();
    }
    for (const [anchor, i] of parts.home) t.home.set(anchor, comps[i]!);
    for (const [anchor, list] of parts.pending) t.pending.set(anchor, list.map(of));
    t.agents.restore(parts.agents.envelopes.map(of), parts.agents.recs, parts.agents.lastAssigned);
    for (const id of t.agents.agents.keys()) t.changes.agents.add(id);
    t.threadsIndexed = parts.threadsIndexed;
    t.customersIndexed = parts.customersIndexed;
    return t;
  }

  /** Every accepted event, in fold order. */
  envelopesInOrder(): Envelope[] {
    return [...this.events.values()].sort(compareEnvelopes);
  }
}
