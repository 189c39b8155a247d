/**
 * The fold as a plain function, in the spirit of Emmett's Decider (`initialState` / `evolve`) and
 * XState's `transition`: no store, no engine, no clock, no `async`. The engine is this fold behind a
 * shell that validates, stores, routes and emits; a test of a policy, or a service that keeps its
 * own log, can use it directly.
 */
import { OmnithreadError } from '../errors.js';
import type { OmnithreadEvent } from '../events/schemas.js';
import { type MergePolicy, conservativeMergePolicy } from '../identity/merge-policy.js';
import type { CountryCode } from '../identity/normalize.js';
import { defaultThreadingPolicy } from '../threading/default-policy.js';
import type { ThreadingPolicy } from '../threading/policy.js';
import { EngineCore, type TenantPolicies } from './core.js';
import type { StateQueries } from './queries.js';

/**
 * The policies the fold itself uses (routing, priority and service levels are the shell's).
 *
 * @example
 * ```ts
 * import { type FoldOptions, defaultThreadingPolicy } from 'omnithread';
 * const options: FoldOptions = { defaultRegion: 'US', threading: defaultThreadingPolicy({ continuity: 'single' }) };
 * ```
 */
export interface FoldOptions {
  readonly threading?: ThreadingPolicy;
  readonly merge?: MergePolicy;
  /** Region for national phone numbers (`US`, `KR`, …). */
  readonly defaultRegion?: CountryCode;
  readonly tenants?: Readonly<Record<string, { readonly defaultRegion?: CountryCode; readonly threading?: ThreadingPolicy }>>;
}

/**
 * A folded state: the queries of {@link StateQueries}. Opaque otherwise; {@link fold} moves it on.
 *
 * @example
 * ```ts
 * import { type FoldState, fold, initialState } from 'omnithread';
 * const state: FoldState = fold(initialState(), events);
 * state.customers().length;
 * ```
 */
export interface FoldState extends StateQueries {
  /** How many events the state holds. */
  readonly size: number;
}

class PureState implements FoldState {
  readonly core: EngineCore;
  size = 0;
  constructor(policiesFor: (tenantId: string) => TenantPolicies) {
    this.core = new EngineCore(policiesFor);
  }
  customers: FoldState['customers'] = (f) => this.core.customers(f);
  customer: FoldState['customer'] = (id, t) => this.core.customer(id, t);
  timeline: FoldState['timeline'] = (id, t) => this.core.timeline(id, t);
  threads: FoldState['threads'] = (f) => this.core.threads(f);
  thread: FoldState['thread'] = (id, t) => this.core.thread(id, t);
  agents: FoldState['agents'] = (f) => this.core.agents(f);
  agent: FoldState['agent'] = (t, id) => this.core.agent(t, id);
  mergeSuggestions: FoldState['mergeSuggestions'] = (f) => this.core.mergeSuggestions(f);
  unapplied: FoldState['unapplied'] = (f) => this.core.unapplied(f);
}

/**
 * The state before any event.
 *
 * @example
 * ```ts
 * import { initialState } from 'omnithread';
 * initialState({ defaultRegion: 'US' }).threads(); // []
 * ```
 */
export function initialState(options: FoldOptions = {}): FoldState {
  const threading = options.threading ?? defaultThreadingPolicy();
  const merge = options.merge ?? conservativeMergePolicy;
  const cache = new Map<string, TenantPolicies>();
  return new PureState((tenantId) => {
    let p = cache.get(tenantId);
    if (p === undefined) {
      const t = options.tenants?.[tenantId];
      const region = t?.defaultRegion ?? options.defaultRegion;
      p = { ...(region === undefined ? {} : { defaultRegion: region }), fold: { threading: t?.threading ?? threading, merge } };
      cache.set(tenantId, p);
    }
    return p;
  });
}

/**
 * The state after `events`: any order, any duplicates — the result depends only on the set. Takes
 * validated events (`parseEvent`); an identity that does not normalise is `INVALID_IDENTITY`, the
 * same id with other content `DUPLICATE_CONFLICT` (thrown before anything is applied). States are
 * large, so `state` itself is moved on and returned, not copied: keep using the returned one.
 *
 * @example
 * ```ts
 * import { fold, initialState, parseEvent } from 'omnithread';
 * const state = fold(initialState(), [
 *   parseEvent({ id: 'SM1', tenantId: 'acme', type: 'message.received', schemaVersion: 2, occurredAt: '2026-11-23T09:00:00Z',
 *     channel: 'sms', from: { kind: 'phone', value: '+14158675310' }, content: { text: 'Where is my order?' } }),
 * ]);
 * state.threads()[0]?.messages.length; // 1
 * ```
 */
export function fold(state: FoldState, events: readonly OmnithreadEvent[]): FoldState {
  if (!(state instanceof PureState)) throw new OmnithreadError('INVALID_ARGUMENT', 'fold() takes a state from initialState() or fold()', { issues: [{ path: ['state'], message: 'not a fold state' }] });
  const core = state.core;
  const fresh = new Map<string, ReturnType<EngineCore['prepare']>>();
  for (const [index, event] of events.entries()) {
    const key = `${event.tenantId.length}:${event.tenantId}${event.id}`;
    const prior = fresh.get(key) ?? core.existing(event.tenantId, event.id);
    const env = core.prepare(event, state.size + fresh.size + 1, index);
    if (env instanceof OmnithreadError) throw env;
    if (prior !== undefined && !(prior instanceof OmnithreadError)) {
      if (JSON.stringify(prior.event) !== JSON.stringify(env.event)) {
        throw new OmnithreadError('DUPLICATE_CONFLICT', `Event ${event.id} of tenant ${event.tenantId} is already in the state with different content`, {
          index,
          eventId: event.id,
          issues: [{ path: [index, 'id'], message: 'same id, different content' }],
        });
      }
      continue;
    }
    fresh.set(key, env);
  }
  for (const env of fresh.values()) if (!(env instanceof OmnithreadError)) core.add(env);
  core.settle();
  state.size += fresh.size;
  return state;
}
