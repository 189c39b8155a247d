import type { Agent } from '../agents/types.js';
import type { OmnithreadEvent } from '../events/schemas.js';
import type { CountryCode } from '../identity/normalize.js';
import type { Customer, MergeSuggestion } from '../identity/types.js';
import type { IgnoredAction, Thread } from '../threading/types.js';
import { type FoldPolicies, missingReason } from './apply.js';
import type { Envelope } from './envelope.js';
import { IdentityNormalizer, prepareEnvelope } from './prepare.js';
import { TenantState } from './tenant.js';
import type { StateQueries, ThreadFilter, TimelineEntry } from './queries.js';
import { ViewCache, agentView, customerView, threadView } from './views.js';

export type { ThreadFilter, TimelineEntry } from './queries.js';

export interface TenantPolicies {
  readonly defaultRegion?: CountryCode;
  readonly fold: FoldPolicies;
}

function summarize(text: string | undefined, subject: string | undefined, fallback: string): string {
  const line = (subject ?? text ?? fallback).split('\n', 1)[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/**
 * The state half of the engine: tenants, the fold, and read queries. No store, no emitter, no clock —
 * the shell adds those. `at()` builds one of these from a prefix of the log.
 */
export class EngineCore implements StateQueries {
  readonly tenants = new Map<string, TenantState>();
  readonly normalizer = new IdentityNormalizer();
  private readonly storedNormalizer = new IdentityNormalizer(true);
  private readonly threadViews = new ViewCache<Thread>();
  private readonly customerViews = new ViewCache<Customer>();
  private readonly agentViews = new ViewCache<Agent>();

  constructor(private readonly policiesFor: (tenantId: string) => TenantPolicies) {}

  tenant(tenantId: string): TenantState {
    let t = this.tenants.get(tenantId);
    if (!t) {
      t = new TenantState(tenantId, this.policiesFor(tenantId).fold);
      this.tenants.set(tenantId, t);
    }
    return t;
  }

  /** Envelope for an accepted event (normalised identities), or its identity error. */
  prepare(event: OmnithreadEvent, position: number, index?: number) {
    return prepareEnvelope(event, position, this.normalizer, this.policiesFor(event.tenantId).defaultRegion, index);
  }

  /** Envelope for an event read back from our own store: its identities are canonical already. */
  prepareStored(event: OmnithreadEvent, position: number) {
    return prepareEnvelope(event, position, this.storedNormalizer, this.policiesFor(event.tenantId).defaultRegion);
  }

  /** The envelope already accepted under this tenant and id, if any. */
  existing(tenantId: string, id: string): Envelope | undefined {
    return this.tenants.get(tenantId)?.events.get(id);
  }

  add(env: Envelope): void {
    this.tenant(env.event.tenantId).add(env);
  }

  settle(): void {
    for (const t of this.tenants.values()) t.settle();
  }

  /** Tenants in id order: listings never depend on which tenant happened to arrive first. */
  private sortedTenants(tenantId?: string): TenantState[] {
    if (tenantId !== undefined) {
      const t = this.tenants.get(tenantId);
      return t ? [t] : [];
    }
    if (this.tenants.size <= 1) return [...this.tenants.values()];
    return [...this.tenants.values()].sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
  }

  /** Finds the tenant holding a thread, following merge redirects. */
  private locateThread(id: string, tenantId?: string) {
    for (const tenant of this.sortedTenants(tenantId)) {
      const comp = tenant.threadHome.get(id);
      if (!comp) continue;
      const rec = comp.state.thread(id);
      if (rec) return { tenant, rec: tenant.threadHome.get(rec.id)?.state.threads.get(rec.id) ?? rec };
    }
    return undefined;
  }

  private locateCustomer(id: string, tenantId?: string) {
    for (const tenant of this.sortedTenants(tenantId)) {
      const comp = tenant.customerHome.get(id);
      if (!comp) continue;
      const rec = comp.state.customers.get(comp.state.resolveCustomerId(id));
      if (rec) return { tenant, rec };
    }
    return undefined;
  }

  /** The fold-order key of the last event a thread saw, for ordering the engine's decisions after it. */
  lastEventOf(threadId: string, tenantId?: string): { readonly at: number; readonly depth: number; readonly id: string; readonly assignment?: string } | undefined {
    const rec = this.locateThread(threadId, tenantId)?.rec;
    return rec && { at: rec.lastEventAt, depth: rec.lastEventDepth, id: rec.lastEventId, ...(rec.assignEventId === undefined ? {} : { assignment: rec.assignEventId }) };
  }

  thread(id: string, tenantId?: string): Thread | undefined {
    const hit = this.locateThread(id, tenantId);
    return hit && this.threadViews.get(hit.rec.id, hit.rec.version, () => threadView(hit.rec));
  }

  /**
   * Views for the engine's own use (its events, SLA timers, the queue's index): the same objects a
   * query gets while both are current, but not kept past {@link forgetRecentViews} unless a query
   * asked for them (see ViewCache).
   */
  transientThread(id: string): Thread | undefined {
    const hit = this.locateThread(id);
    return hit && this.threadViews.transient(hit.rec.id, hit.rec.version, () => threadView(hit.rec));
  }

  transientCustomer(id: string): Customer | undefined {
    const hit = this.locateCustomer(id);
    return hit && this.customerViews.transient(hit.rec.id, hit.rec.version, () => customerView(hit.rec));
  }

  /** Called as the engine publishes a batch's changes: views built for the previous one may go. */
  forgetRecentViews(): void {
    this.threadViews.forgetRecent();
    this.customerViews.forgetRecent();
    this.agentViews.forgetRecent();
  }

  threads(filter: ThreadFilter = {}): Thread[] {
    const statuses = filter.status === undefined ? undefined : new Set(Array.isArray(filter.status) ? filter.status : [filter.status]);
    const out: Thread[] = [];
    for (const tenant of this.sortedTenants(filter.tenantId)) {
      const ids = filter.customerId === undefined ? tenant.threadHome.keys() : (this.customer(filter.customerId)?.threadIds ?? []);
      for (const id of ids) {
        const comp = tenant.threadHome.get(id);
        const rec = comp?.state.threads.get(id);
        if (!rec || rec.status === 'merged') continue;
        if (statuses && !statuses.has(rec.status)) continue;
        if (filter.channel !== undefined && !rec.channels.includes(filter.channel)) continue;
        if (filter.assignee !== undefined && (rec.assignee ?? null) !== filter.assignee) continue;
        out.push(this.threadViews.get(rec.id, rec.version, () => threadView(rec)));
      }
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** A customer by id; an absorbed id returns the survivor. */
  customer(id: string, tenantId?: string): Customer | undefined {
    const hit = this.locateCustomer(id, tenantId);
    return hit && this.customerViews.get(hit.rec.id, hit.rec.version, () => customerView(hit.rec));
  }

  customers(filter: { readonly tenantId?: string } = {}): Customer[] {
    const out: Customer[] = [];
    for (const tenant of this.sortedTenants(filter.tenantId)) {
      for (const [id, comp] of tenant.customerHome) {
        const rec = comp.state.customers.get(id);
        if (!rec || rec.mergedInto !== undefined) continue;
        out.push(this.customerViews.get(rec.id, rec.version, () => customerView(rec)));
      }
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Every contact of the customer, all channels, in `occurredAt` then id order. */
  timeline(customerId: string, tenantId?: string): TimelineEntry[] {
    const customer = this.customer(customerId, tenantId);
    if (!customer) return [];
    const entries: TimelineEntry[] = [];
    for (const threadId of customer.threadIds) {
      const t = this.thread(threadId);
      if (!t || t.customerId !== customer.id) continue;
      for (const m of t.messages) {
        entries.push(
          Object.freeze({
            eventId: m.id,
            occurredAt: m.occurredAt,
            channel: m.channel,
            direction: m.direction,
            author: m.author,
            threadId: t.id,
            summary: summarize(m.text, m.subject, m.channel === 'call' ? `call (${m.call?.status ?? 'unknown'})` : m.channel),
          }),
        );
      }
    }
    return entries.sort((a, b) => a.occurredAt - b.occurredAt || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  }

  agents(filter: { readonly tenantId?: string } = {}): Agent[] {
    const out: Agent[] = [];
    for (const tenant of this.sortedTenants(filter.tenantId)) {
      const ids = [...tenant.agents.agents.keys()].sort();
      for (const id of ids) out.push(this.agentOf(tenant, id)!);
    }
    return out;
  }

  agent(tenantId: string, agentId: string): Agent | undefined {
    const tenant = this.tenants.get(tenantId);
    return tenant && this.agentOf(tenant, agentId);
  }

  private agentOf(tenant: TenantState, agentId: string): Agent | undefined {
    const rec = tenant.agents.agents.get(agentId);
    if (!rec) return undefined;
    const load = tenant.load.get(agentId);
    // Load changes without the agent record changing: key the cache on both. Both come from one
    // increasing clock, so the later of the two changes whenever either does.
    const version = Math.max(rec.version, tenant.loadVersion.get(agentId) ?? 0);
    return this.agentViews.get(`${tenant.tenantId}\u0000${agentId}`, version, () => agentView(rec, load));
  }

  mergeSuggestions(filter: { readonly tenantId?: string } = {}): MergeSuggestion[] {
    const out: MergeSuggestion[] = [];
    for (const tenant of this.sortedTenants(filter.tenantId)) {
      const mine: MergeSuggestion[] = [];
      for (const comp of tenant.components) mine.push(...comp.state.suggestions);
      out.push(...mine.sort((a, b) => a.occurredAt - b.occurredAt || (a.eventId < b.eventId ? -1 : 1)));
    }
    return out.map((s) => Object.freeze({ ...s }));
  }

  /**
   * Accepted events that changed nothing, with the reason: actions on a thread or customer unknown at
   * their point in time, and events still waiting for one. Nothing accepted is ever silently lost.
   */
  unapplied(filter: { readonly tenantId?: string } = {}): IgnoredAction[] {
    const out: IgnoredAction[] = [];
    for (const tenant of this.sortedTenants(filter.tenantId)) {
      const mine: IgnoredAction[] = [];
      for (const comp of tenant.components) mine.push(...comp.state.ignored);
      for (const { env, anchor } of tenant.waiting()) {
        mine.push({ eventId: env.event.id, type: env.event.type, occurredAt: env.event.occurredAt, reason: missingReason(env.event.type, anchor) });
      }
      out.push(...mine.sort((a, b) => a.occurredAt - b.occurredAt || (a.eventId < b.eventId ? -1 : 1)));
    }
    return out;
  }
}
