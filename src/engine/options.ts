/**
 * What `createEngine` takes, and the one place that resolves a tenant's policies from it: the fold's
 * (threading, merge, phone region), service levels, routing and priority — each resolved once per
 * tenant and kept.
 */
import type { IngestLimits } from '../events/limits.js';
import { type MergePolicy, conservativeMergePolicy } from '../identity/merge-policy.js';
import type { CountryCode } from '../identity/normalize.js';
import type { EventStore } from '../store/types.js';
import { defaultThreadingPolicy } from '../threading/default-policy.js';
import type { ThreadingPolicy } from '../threading/policy.js';
import type { TenantPolicies } from '../fold/core.js';
import type { SlaPolicy, SlaPolicyInput } from '../policies/sla/policy.js';
import type { RoutingPolicy } from '../policies/routing/types.js';
import type { PriorityPolicy } from '../policies/priority/types.js';
import type { FlagOptions } from '../policies/priority/flags.js';
import { defaultPriorityPolicy } from '../policies/priority/default.js';
import { type RoutingOptions, checkRoutingOptions } from './router.js';
import type { EngineSnapshot } from './snapshot.js';

/**
 * Per-tenant settings.
 *
 * @example
 * ```ts
 * import { type EngineOptions, defaultRoutingPolicy } from 'omnithread';
 * const options: EngineOptions = { tenants: { 'acme-kr': { defaultRegion: 'KR', routing: defaultRoutingPolicy() } } };
 * ```
 */
export interface TenantOptions {
  /** Region for national phone numbers of this tenant (`KR`, `US`, …). */
  readonly defaultRegion?: CountryCode;
  readonly threading?: ThreadingPolicy;
  /** Service levels of this tenant (else the engine-wide `policies.sla`). */
  readonly sla?: SlaPolicy | SlaPolicyInput;
  /** Routing of this tenant (else the engine-wide `policies.routing`). */
  readonly routing?: RoutingPolicy | RoutingOptions;
  /** Priority of this tenant's work (else the engine-wide `policies.priority`). */
  readonly priority?: PriorityPolicy;
}

/**
 * What an engine may do: a `'writer'` validates, stores, folds and decides (routing); a
 * `'follower'` only tails its store and answers queries — `ingest`, `advanceTo` and `startTimers`
 * are refused with `ENGINE_READ_ONLY`.
 *
 * @example
 * ```ts
 * import { type EngineMode, createEngine } from 'omnithread';
 * const follower = createEngine({ store, mode: 'follower' satisfies EngineMode });
 * ```
 */
export type EngineMode = 'writer' | 'follower';

/**
 * Options of {@link createEngine}.
 *
 * @example
 * ```ts
 * import { type EngineOptions, createFileStore, defaultRoutingPolicy } from 'omnithread';
 * const options: EngineOptions = { store: await createFileStore({ path: './events.jsonl' }), defaultRegion: 'US', policies: { routing: defaultRoutingPolicy() } };
 * ```
 */
export interface EngineOptions {
  /** Where accepted events are kept. Default: an in-memory store. */
  readonly store?: EventStore;
  readonly policies?: {
    readonly threading?: ThreadingPolicy;
    readonly merge?: MergePolicy;
    /** Service levels; without one, no SLA clocks run and `advanceTo` emits nothing for them. */
    readonly sla?: SlaPolicy | SlaPolicyInput;
    /**
     * Who works each thread. With a routing policy the engine assigns open, unassigned threads after
     * every ingest and on `advanceTo`, writing each assignment to the store as a `thread.assigned`
     * event (so replays reproduce it). Without one, assignments come only from your events.
     */
    readonly routing?: RoutingPolicy | RoutingOptions;
    /** What to answer first. Default: `defaultPriorityPolicy()`. */
    readonly priority?: PriorityPolicy;
  };
  /** When to raise `thread.flagged` (negative sentiment, a score over a threshold). */
  readonly flags?: FlagOptions;
  readonly defaultRegion?: CountryCode;
  readonly tenants?: Readonly<Record<string, TenantOptions>>;
  readonly limits?: Partial<IngestLimits>;
  /**
   * The shell's clock, in epoch ms (default `Date.now`). `ingest` rejects events more than
   * `limits.maxFutureSkewMs` ahead of it (`CLOCK_SKEW`), and `startTimers()` runs on it. Routing after
   * an ingest happens at the tenant's latest event time, but never later than the clock, so one event
   * dated in the future cannot move routing time. The fold never reads it; events read back from the
   * store or a snapshot are not checked against it. Pass a fixed or simulated clock to ingest a
   * simulated day that lies in the future.
   */
  readonly clock?: () => number;
  /**
   * Resume from a snapshot: only the store's tail after it is read. Checked whole here
   * (`SNAPSHOT_INVALID`, `SNAPSHOT_INCOMPATIBLE`), and against the store by `ready()` (taken over
   * another store, or past its end: `SNAPSHOT_INCOMPATIBLE`).
   */
  readonly snapshot?: EngineSnapshot;
  /**
   * `'writer'` (the default) or `'follower'`: a read-only engine, in any process, that tails the
   * store others write and answers queries; its lag is `engine.lag()`. See docs/scaling.md.
   */
  readonly mode?: EngineMode;
  /**
   * Tail the store after `ready()`: fold what other processes append, as it commits (default: true
   * for a follower, false for a writer). A writer that follows also decides (routes) for the
   * tenants the tailed events name — what a partition owner does.
   */
  readonly follow?: boolean;
  /**
   * The tenants this engine folds (default: every one). Events of other tenants in the store are
   * passed over; ingesting one is rejected `INVALID_ARGUMENT`. A partition owner holds its
   * partition's tenants (`omnithread/postgres`: `partitionOf`).
   */
  readonly holds?: (tenantId: string) => boolean;
  /**
   * Whether the engine may write decisions now (assignments, expired offers, escalations); checked
   * before each write. A partition owner answers false from the moment it may have lost its lock.
   * Default: always.
   */
  readonly decides?: () => boolean;
}

/** Everything the shell needs to know about one tenant's policies. */
export interface ResolvedTenant extends TenantPolicies {
  readonly sla: SlaPolicy | SlaPolicyInput | undefined;
  readonly routing: RoutingOptions | undefined;
  readonly priority: PriorityPolicy;
}

/** Resolves each tenant's policies from the engine options, once; checks routing options up front. */
export class TenantPolicyBook {
  private readonly resolved = new Map<string, ResolvedTenant>();
  private readonly threading: ThreadingPolicy;
  private readonly merge: MergePolicy;
  private readonly priority: PriorityPolicy;
  private readonly routing: RoutingOptions | undefined;
  private readonly tenantRouting = new Map<string, RoutingOptions | undefined>();

  constructor(private readonly options: EngineOptions) {
    this.threading = options.policies?.threading ?? defaultThreadingPolicy();
    this.merge = options.policies?.merge ?? conservativeMergePolicy;
    this.priority = options.policies?.priority ?? defaultPriorityPolicy();
    // Checked at construction, so a bad option fails createEngine rather than the first ingest.
    this.routing = routingOf(options.policies?.routing, ['policies', 'routing']);
    for (const [id, t] of Object.entries(options.tenants ?? {})) {
      if (t.routing !== undefined) this.tenantRouting.set(id, routingOf(t.routing, ['tenants', id, 'routing']));
    }
  }

  /** The policies of `tenantId`. */
  of(tenantId: string): ResolvedTenant {
    let r = this.resolved.get(tenantId);
    if (r === undefined) {
      const o = this.options;
      const t = o.tenants?.[tenantId];
      const region = t?.defaultRegion ?? o.defaultRegion;
      r = {
        ...(region === undefined ? {} : { defaultRegion: region }),
        fold: { threading: t?.threading ?? this.threading, merge: this.merge },
        sla: t?.sla ?? o.policies?.sla,
        routing: this.tenantRouting.has(tenantId) ? this.tenantRouting.get(tenantId) : this.routing,
        priority: t?.priority ?? this.priority,
      };
      this.resolved.set(tenantId, r);
    }
    return r;
  }
}

function routingOf(r: RoutingPolicy | RoutingOptions | undefined, path: string[]): RoutingOptions | undefined {
  return r === undefined ? undefined : 'route' in r ? { policy: r } : checkRoutingOptions(r, path);
}
