/**
 * When the engine routes, and what happens to the decisions: after every ingest (for the tenants
 * the batch named) and on every `advanceTo`, expired offers first, then the open, unassigned
 * threads in queue order. The decisions themselves are made by `router.ts` from the fold's state;
 * here they are written to the log (through the engine's own ingest) and announced.
 */
import type { EventInput } from '../events/schemas.js';
import type { EngineCore } from '../fold/core.js';
import type { Thread } from '../threading/types.js';
import type { TenantPolicyBook } from './options.js';
import { type RoutingRecord, expiredOffers, routeTenant } from './router.js';
import type { TenantQueue } from './work-queue.js';

/** What the dispatch needs from the engine around it. */
export interface RoutingHost {
  readonly core: EngineCore;
  readonly policies: TenantPolicyBook;
  queueOf(tenantId: string): TenantQueue;
  /** Stores and folds the engine's own events. */
  writeOwn(events: readonly EventInput[]): Promise<unknown>;
  decided(record: RoutingRecord): void;
}

export class RoutingDispatch {
  constructor(private readonly host: RoutingHost) {}

  /**
   * Routes the tenants a batch named. Routing time is the tenant's latest event time, but never
   * later than the clock: one event dated in the future cannot move it.
   */
  async afterIngest(tenantIds: Iterable<string>, clockNow: number): Promise<void> {
    const { core } = this.host;
    await this.route([...tenantIds], (tenantId) => Math.min(core.tenants.get(tenantId)?.latestAt ?? -Infinity, clockNow));
  }

  /** Time moved to `now`: expire offers not accepted in time, then route every routed tenant. */
  async advanceTo(now: number): Promise<void> {
    const { core, policies } = this.host;
    const routed = [...core.tenants.keys()].filter((t) => policies.of(t).routing !== undefined);
    for (const tenantId of routed) {
      const timeout = policies.of(tenantId).routing!.offerTimeoutMs;
      if (timeout === undefined) continue;
      const expired = expiredOffers(core, tenantId, timeout, now);
      if (expired.length > 0) await this.host.writeOwn(expired);
    }
    await this.route(routed, () => now);
  }

  private async route(tenantIds: readonly string[], nowOf: (tenantId: string) => number): Promise<void> {
    const { core, policies } = this.host;
    for (const tenantId of tenantIds) {
      const routing = policies.of(tenantId).routing;
      if (!routing || !core.tenants.has(tenantId)) continue;
      const now = nowOf(tenantId);
      if (!Number.isFinite(now)) continue;
      const { events, records } = routeTenant(core, tenantId, routing, now, (ts) => this.inQueueOrder(ts, now));
      // The engine's own ingest emits `event.rejected` for any it refuses (it never should: see freshId).
      if (events.length > 0) await this.host.writeOwn(events);
      for (const record of records) this.host.decided(record);
    }
  }

  /** Routing takes threads in queue order: priority, then waiting time. */
  private inQueueOrder(threads: Thread[], now: number): Thread[] {
    if (threads.length === 0) return threads;
    const ids = new Set(threads.map((t) => t.id));
    const ordered = this.host
      .queueOf(threads[0]!.tenantId)
      .top({ now, limit: Number.MAX_SAFE_INTEGER, filter: (t) => ids.has(t.id) })
      .map((e) => e.thread);
    const seen = new Set(ordered.map((t) => t.id));
    return [...ordered, ...threads.filter((t) => !seen.has(t.id))];
  }
}
