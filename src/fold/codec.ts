/**
 * The folded state as plain JSON data, and back: what a snapshot keeps so that resuming costs a parse
 * of the state, not a re-fold of the history. Records become arrays of their fields in a fixed order
 * (no key repeated per record; `null` for unset fields), and are rebuilt field by field in the order
 * the fold creates them, so a restored record has the same object shape as a folded one.
 */
import type { OmnithreadEvent } from '../events/schemas.js';
import type { NormalizedIdentity } from '../identity/normalize.js';
import type { MergeSuggestion } from '../identity/types.js';
import type { IgnoredAction } from '../threading/types.js';
import { makeThread } from '../threading/make-thread.js';
import { type AgentRec, blank } from './agents.js';
import type { FoldPolicies } from './apply.js';
import type { Envelope } from './envelope.js';
import { type ComponentIndexes, ComponentState, type CustomerRec, NONE, type ThreadRec, nextVersion } from './state.js';
import { TenantState } from './tenant.js';

type Ref = NormalizedIdentity | { readonly customerId: string };

/** One component's state as data. */
export interface EncodedComponent {
  readonly customers: readonly unknown[][];
  readonly identityOwner: readonly (readonly [string, string])[];
  readonly threads: readonly unknown[][];
  readonly indexes: ComponentIndexes;
  readonly suggestions: readonly MergeSuggestion[];
  readonly ignored: readonly IgnoredAction[];
}

/** One tenant's folded state as data: events once, the rest by index into them. */
export interface EncodedTenant {
  readonly tenantId: string;
  readonly envelopes: readonly (readonly [position: number, event: OmnithreadEvent, identity: NormalizedIdentity | null, refs: readonly Ref[] | null])[];
  readonly components: readonly { readonly envelopes: readonly number[]; readonly state: EncodedComponent }[];
  readonly home: readonly (readonly [anchor: string, component: number])[];
  readonly pending: readonly (readonly [anchor: string, envelopes: readonly number[]])[];
  readonly agents: { readonly envelopes: readonly number[]; readonly recs: readonly unknown[][]; readonly lastAssigned: readonly (readonly [string, number])[] };
  readonly threadsIndexed: boolean;
  readonly customersIndexed: boolean;
}

/** The fields of a thread record, in the order the fold creates them (see `openThread`). */
const THREAD_FIELDS: readonly string[] = [
  ...Object.keys(makeThread({ id: '', tenantId: '', customerId: '', createdAt: 0 })),
  'originIdentity',
  'version',
  'agentReplied',
  'lastEventAt',
  'lastEventDepth',
  'lastEventId',
  'assignEventId',
];
/** Thread lists that start as the shared empty {@link NONE} (copied on first write). */
const SHARED_EMPTY: ReadonlySet<string> = new Set(['tags', 'notes', 'surveys', 'ignored', 'declines']);
const CUSTOMER_FIELDS = ['id', 'tenantId', 'identities', 'mergedFrom', 'mergedInto', 'threadIds', 'attributes', 'createdAt', 'lastContactAt'] as const;
const ATTRIBUTE_FIELDS = ['name', 'tier', 'vip', 'language', 'region'] as const;
const AGENT_FIELDS: readonly string[] = Object.keys(blank('', '', 0)).filter((k) => k !== 'version');

const NO_EXTRA: Record<string, never> = Object.freeze({});

const orNull = (v: unknown): unknown => (v === undefined ? null : v);
const orUndefined = (v: unknown): unknown => (v === null ? undefined : v);

/** A list as it is now: the fold grows lists in place, a snapshot must not change after it is taken. */
const now = (v: unknown): unknown => (Array.isArray(v) ? v.slice() : v);

function encodeThread(t: ThreadRec): unknown[] {
  const r = t as unknown as Record<string, unknown>;
  return THREAD_FIELDS.map((k) => (k === 'version' ? 0 : orNull(now(r[k]))));
}

function decodeThread(values: readonly unknown[]): ThreadRec {
  const t: Record<string, unknown> = {};
  THREAD_FIELDS.forEach((k, i) => {
    const v = orUndefined(values[i]);
    // Lists are copied: the fold grows them in place, and the snapshot must stay as it was taken.
    t[k] = k === 'version' ? nextVersion() : !Array.isArray(v) ? v : SHARED_EMPTY.has(k) && v.length === 0 ? NONE : v.slice();
  });
  return t as unknown as ThreadRec;
}

function encodeCustomer(c: CustomerRec): unknown[] {
  const a = c.attributes;
  return CUSTOMER_FIELDS.map((k) => (k === 'attributes' ? [...ATTRIBUTE_FIELDS.map((f) => orNull(a[f])), a.extra] : orNull(now(c[k]))));
}

function decodeCustomer(values: readonly unknown[]): CustomerRec {
  const [id, tenantId, identities, mergedFrom, mergedInto, threadIds, attributes, createdAt, lastContactAt] = values as [
    string, string, CustomerRec['identities'], string[], string | null, string[], unknown[], number, number,
  ];
  const [name, tier, vip, language, region, extra] = attributes as [string | null, string | null, boolean | null, string | null, string | null, CustomerRec['attributes']['extra']];
  // The literal names every field in the order newCustomer does: one object shape for all.
  return {
    id,
    tenantId,
    identities: identities.slice(),
    mergedFrom: mergedFrom.slice(),
    mergedInto: mergedInto ?? undefined,
    threadIds: threadIds.slice(),
    attributes: {
      name: name ?? undefined,
      tier: tier ?? undefined,
      vip: vip ?? undefined,
      language: language ?? undefined,
      region: region ?? undefined,
      extra: Object.keys(extra).length === 0 ? NO_EXTRA : extra,
    },
    createdAt,
    lastContactAt,
    version: nextVersion(),
    liveThreads: undefined,
  };
}

function encodeAgent(a: AgentRec): unknown[] {
  const r = a as unknown as Record<string, unknown>;
  return AGENT_FIELDS.map((k) => orNull(r[k]));
}

function decodeAgent(values: readonly unknown[]): AgentRec {
  const a: Record<string, unknown> = {};
  AGENT_FIELDS.forEach((k, i) => (a[k] = orUndefined(values[i])));
  a.version = nextVersion();
  return a as unknown as AgentRec;
}

function encodeComponent(s: ComponentState): EncodedComponent {
  return {
    customers: [...s.customers.values()].map(encodeCustomer),
    identityOwner: [...s.identityOwner],
    threads: [...s.threads.values()].map(encodeThread),
    indexes: s.indexes(),
    suggestions: s.suggestions.slice(),
    ignored: s.ignored.slice(),
  };
}

function decodeComponent(tenantId: string, e: EncodedComponent): ComponentState {
  const s = new ComponentState(tenantId);
  for (const values of e.customers) {
    const c = decodeCustomer(values);
    s.customers.set(c.id, c);
  }
  for (const [key, owner] of e.identityOwner) s.identityOwner.set(key, owner);
  for (const values of e.threads) {
    const t = decodeThread(values);
    s.threads.set(t.id, t);
  }
  s.restoreIndexes(e.indexes);
  s.suggestions.push(...e.suggestions);
  s.ignored.push(...e.ignored);
  return s;
}

/**
 * A tenant's folded state as JSON data (call after the tenant settled).
 *
 * @example
 * ```ts
 * const data = encodeTenant(core.tenant('acme'));
 * const again = decodeTenant(JSON.parse(JSON.stringify(data)), policies);
 * ```
 */
export function encodeTenant(t: TenantState): EncodedTenant {
  const parts = t.parts();
  return {
    tenantId: t.tenantId,
    envelopes: parts.envelopes.map((e) => [e.position, e.event, e.identity ?? null, e.refs ?? null] as const),
    components: parts.components.map((c) => ({ envelopes: c.envelopes, state: encodeComponent(c.state) })),
    home: parts.home,
    pending: parts.pending,
    agents: { envelopes: parts.agents.envelopes, recs: parts.agents.recs.map(encodeAgent), lastAssigned: parts.agents.lastAssigned },
    threadsIndexed: parts.threadsIndexed,
    customersIndexed: parts.customersIndexed,
  };
}

/** The tenant {@link encodeTenant} encoded, restored without folding anything again. */
export function decodeTenant(e: EncodedTenant, policies: FoldPolicies): TenantState {
  const envelopes: Envelope[] = e.envelopes.map(([position, event, identity, refs]) => ({
    event,
    position,
    ...(identity ? { identity } : {}),
    ...(refs ? { refs } : {}),
  }));
  return TenantState.restore(e.tenantId, policies, {
    envelopes,
    components: e.components.map((c) => ({ envelopes: c.envelopes, state: decodeComponent(e.tenantId, c.state) })),
    home: e.home,
    pending: e.pending,
    agents: { envelopes: e.agents.envelopes, recs: e.agents.recs.map(decodeAgent), lastAssigned: e.agents.lastAssigned },
    threadsIndexed: e.threadsIndexed,
    customersIndexed: e.customersIndexed,
  });
}
