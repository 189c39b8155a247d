/**
 * The folded state as plain JSON data, and back: what a snapshot keeps so that resuming costs a parse
 * of the state, not a re-fold of the history. The events are kept once, as JSON text read again only
 * when needed (restored-events.ts); the envelopes as columns; threads (with their messages) as packed
 * records over one string table (pack.ts); customers and agents as arrays of their fields in a fixed
 * order. Records are rebuilt in the order the fold creates them, so a restored record has the object
 * shape of a folded one.
 */
import type { NormalizedIdentity } from '../identity/normalize.js';
import type { MergeSuggestion } from '../identity/types.js';
import type { IgnoredAction } from '../threading/types.js';
import { type AgentRec, blank } from './agents.js';
import type { FoldPolicies } from './apply.js';
import type { Envelope } from './envelope.js';
import { type Builder, Packer, type Shape, Unpacker } from './pack.js';
import { EventChunk, RestoredEnvelope } from './restored-events.js';
import { type ComponentIndexes, ComponentState, type CustomerRec, NONE, type ThreadRec, nextVersion } from './state.js';
import { TenantState } from './tenant.js';
import { checkRestoredThread } from './thread-check.js';

type Ref = NormalizedIdentity | { readonly customerId: string };

/** One component's state as data: threads packed (see {@link Packer}), the rest as arrays of fields. */
export interface EncodedComponent {
  readonly customers: readonly unknown[][];
  readonly identityOwner: readonly (readonly [string, string])[];
  readonly threads: readonly unknown[][];
  readonly indexes: ComponentIndexes;
  readonly suggestions: readonly MergeSuggestion[];
  readonly ignored: readonly IgnoredAction[];
}

/** The envelopes' columns, one entry per accepted event, in the order of `events`. */
export interface EncodedEnvelopes {
  readonly ids: readonly string[];
  /** Store positions, each as the difference to the one before (they mostly grow by one). */
  readonly positions: readonly number[];
  /** 1 + the index of the envelope's identity in `identities`; 0 for none. */
  readonly identities: readonly number[];
  /** The envelope's customer references; 0 for none. */
  readonly refs: readonly (readonly Ref[] | 0)[];
}

/**
 * One tenant's folded state as data. The events are kept once, as the JSON text of chunks of up to
 * {@link EVENT_CHUNK} (parsed again only when needed: see restored-events.ts); everything else refers
 * to them by index. Threads are packed records over one string table.
 */
export interface EncodedTenant {
  readonly tenantId: string;
  /** The latest `occurredAt` of the tenant's events (what skew checks compare with). */
  readonly latestAt: number | null;
  readonly events: readonly string[];
  readonly envelopes: EncodedEnvelopes;
  readonly identities: readonly NormalizedIdentity[];
  /** The string table after the events' ids (which take its first indexes). */
  readonly strings: readonly string[];
  readonly shapes: readonly Shape[];
  /** `last`: the fold-order key (occurredAt, depth, id) of the component's last event. */
  readonly components: readonly { readonly envelopes: readonly number[]; readonly last: readonly [number, number, string] | null; readonly state: EncodedComponent }[];
  readonly home: readonly (readonly [anchor: string, component: number])[];
  readonly pending: readonly (readonly [anchor: string, envelopes: readonly number[]])[];
  readonly agents: { readonly envelopes: readonly number[]; readonly recs: readonly unknown[][]; readonly lastAssigned: readonly (readonly [string, number])[] };
  readonly threadsIndexed: boolean;
  readonly customersIndexed: boolean;
}

/** Events per chunk of `events`: a line stays small whatever the tenant's size. */
export const EVENT_CHUNK = 1000;

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

function encodeThread(t: ThreadRec, packer: Packer): unknown[] {
  // The version is no state: written as 0 (a record without one gets it last, as a spread would).
  const r = t as unknown as Record<string, unknown>;
  return Object.hasOwn(r, 'version') ? packer.record(r, 'version') : packer.record({ ...r, version: 0 });
}

/**
 * The fields of a thread record in the order the fold creates them (`makeThread`, then `openThread`):
 * a packed thread of exactly these keys is rebuilt as one literal, so it gets the object shape of a
 * folded thread (fast properties, the fold's property accesses stay monomorphic).
 */
const THREAD_FIELDS = 'id,tenantId,customerId,ref,status,snoozedUntil,mergedInto,channel,channels,messages,createdAt,lastActivityAt,firstInboundAt,lastInboundAt,lastOutboundAt,firstResponseAt,awaitingReplySince,resolvedAt,closedAt,assignee,assignedAt,acceptedAt,declines,escalation,team,priorityOverride,severity,tags,campaign,language,subject,needsCallback,visibility,handledBy,handoverRequestedAt,transfers,reopens,assignments,notes,surveys,statusHistory,ignored,originIdentity,version,agentReplied,lastEventAt,lastEventDepth,lastEventId,assignEventId';

const THREAD_KEYS: readonly string[] = THREAD_FIELDS.split(',');

/**
 * The records in a thread the fold creates as literals, by their first keys (see {@link Builder}):
 * rebuilt the same way, with the keys the fold adds later added after, in order, they get the
 * object shapes of folded ones. Others are copies of a template of their keys (see Unpacker).
 */
const BUILDERS: readonly Builder[] = [
  // A message (toThreadMessage), with a text or without; subject, email, call… come after.
  {
    keys: ['id', 'occurredAt', 'channel', 'direction', 'author', 'identityKey', 'reason', 'text'],
    build: (v) => ({ id: v[0], occurredAt: v[1], channel: v[2], direction: v[3], author: v[4], identityKey: v[5], reason: v[6], text: v[7] }),
  },
  {
    keys: ['id', 'occurredAt', 'channel', 'direction', 'author', 'identityKey', 'reason'],
    build: (v) => ({ id: v[0], occurredAt: v[1], channel: v[2], direction: v[3], author: v[4], identityKey: v[5], reason: v[6] }),
  },
  // A status change (setStatus, openThread).
  { keys: ['status', 'at', 'eventId'], build: (v) => ({ status: v[0], at: v[1], eventId: v[2] }) },
  // A message's author, its email hints, its call.
  { keys: ['type'], build: (v) => ({ type: v[0] }) },
  { keys: ['messageId'], build: (v) => ({ messageId: v[0] }) },
  { keys: ['status'], build: (v) => ({ status: v[0] }) },
];

/** A rarely used list that is empty starts as the shared {@link NONE}, as in a fold. */
const shared = (v: unknown): unknown => (Array.isArray(v) && v.length === 0 ? NONE : v);

function threadLiteral(v: readonly unknown[]): ThreadRec {
  const t = {
    id: v[0],
    tenantId: v[1],
    customerId: v[2],
    ref: v[3],
    status: v[4],
    snoozedUntil: v[5],
    mergedInto: v[6],
    channel: v[7],
    channels: v[8],
    messages: v[9],
    createdAt: v[10],
    lastActivityAt: v[11],
    firstInboundAt: v[12],
    lastInboundAt: v[13],
    lastOutboundAt: v[14],
    firstResponseAt: v[15],
    awaitingReplySince: v[16],
    resolvedAt: v[17],
    closedAt: v[18],
    assignee: v[19],
    assignedAt: v[20],
    acceptedAt: v[21],
    declines: shared(v[22]),
    escalation: v[23],
    team: v[24],
    priorityOverride: v[25],
    severity: v[26],
    tags: shared(v[27]),
    campaign: v[28],
    language: v[29],
    subject: v[30],
    needsCallback: v[31],
    visibility: v[32],
    handledBy: v[33],
    handoverRequestedAt: v[34],
    transfers: v[35],
    reopens: v[36],
    assignments: v[37],
    notes: shared(v[38]),
    surveys: shared(v[39]),
    statusHistory: v[40],
    ignored: shared(v[41]),
    originIdentity: v[42],
    version: nextVersion(),
    agentReplied: v[44],
    lastEventAt: v[45],
    lastEventDepth: v[46],
    lastEventId: v[47],
    assignEventId: v[48],
  };
  return t as unknown as ThreadRec;
}

function decodeThread(packed: unknown, unpacker: Unpacker): ThreadRec {
  const t = rebuiltThread(packed, unpacker);
  checkRestoredThread(t);
  return t;
}

function rebuiltThread(packed: unknown, unpacker: Unpacker): ThreadRec {
  const values = unpacker.values(packed, THREAD_KEYS);
  if (values !== undefined) return threadLiteral(values);
  // Another order of fields (a thread the fold extended later): rebuilt key by key.
  const t = unpacker.record(packed);
  t.version = nextVersion();
  for (const k of SHARED_EMPTY) t[k] = shared(t[k]);
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

function encodeComponent(s: ComponentState, packer: Packer): EncodedComponent {
  return {
    customers: [...s.customers.values()].map(encodeCustomer),
    identityOwner: [...s.identityOwner],
    threads: [...s.threads.values()].map((t) => encodeThread(t, packer)),
    indexes: s.indexes(),
    suggestions: s.suggestions.slice(),
    ignored: s.ignored.slice(),
  };
}

function decodeComponent(tenantId: string, e: EncodedComponent, unpacker: Unpacker): ComponentState {
  const s = new ComponentState(tenantId);
  for (const values of e.customers) {
    const c = decodeCustomer(values);
    s.customers.set(c.id, c);
  }
  for (const [key, owner] of e.identityOwner) s.identityOwner.set(key, owner);
  for (const packed of e.threads) {
    const t = decodeThread(packed, unpacker);
    s.threads.set(t.id, t);
  }
  s.restoreIndexes(e.indexes);
  s.suggestions.push(...e.suggestions);
  s.ignored.push(...e.ignored);
  return s;
}

/** The events of `envelopes` as chunks of JSON text: a chunk of a resumed tenant not parsed since is reused. */
function eventChunks(envelopes: readonly Envelope[]): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < envelopes.length; i += EVENT_CHUNK) {
    const part = envelopes.slice(i, i + EVENT_CHUNK);
    chunks.push(reusedChunk(part) ?? JSON.stringify(part.map((e) => e.event)));
  }
  return chunks;
}

/** The text of a restored chunk still unparsed, when `part` is exactly its envelopes in order. */
function reusedChunk(part: readonly Envelope[]): string | undefined {
  const first = part[0];
  if (!(first instanceof RestoredEnvelope)) return undefined;
  const { chunk } = first.source();
  const raw = chunk.raw;
  // Text that would not be one line of a JSON list (lines split oddly on reading) is written afresh.
  if (raw === undefined || chunk.size !== part.length || !raw.startsWith('[') || raw.includes('\n')) return undefined;
  for (let i = 0; i < part.length; i++) {
    const e = part[i];
    if (!(e instanceof RestoredEnvelope) || !e.isAt(chunk, i)) return undefined;
  }
  return raw;
}

function encodeEnvelopes(envelopes: readonly Envelope[]): { columns: EncodedEnvelopes; identities: NormalizedIdentity[] } {
  const n = envelopes.length;
  const identities: NormalizedIdentity[] = [];
  const identityAt = new Map<string, number>();
  // Envelopes of one identity mostly share its object: its JSON is written once.
  const objectAt = new Map<NormalizedIdentity, number>();
  // Filled by push: lists made with `new Array(n)` are holey, which JSON.stringify writes slower.
  const ids: string[] = [];
  const positions: number[] = [];
  const idx: number[] = [];
  const refs: (readonly Ref[] | 0)[] = [];
  let previous = 0;
  for (let k = 0; k < n; k++) {
    const e = envelopes[k]!;
    // A restored envelope knows its id without parsing its event (its chunk's text is reused then).
    ids.push(e instanceof RestoredEnvelope ? e.id : e.event.id);
    positions.push(e.position - previous);
    previous = e.position;
    const identity = e.identity;
    if (identity === undefined) idx.push(0);
    else {
      let i = objectAt.get(identity);
      if (i === undefined) {
        // Equal keys may differ in what was written (display value, tag): dedupe on the whole identity.
        const key = JSON.stringify(identity);
        i = identityAt.get(key);
        if (i === undefined) {
          i = identities.length;
          identities.push(identity);
          identityAt.set(key, i);
        }
        objectAt.set(identity, i);
      }
      idx.push(i + 1);
    }
    refs.push(e.refs === undefined ? 0 : e.refs.slice());
  }
  return { columns: { ids, positions, identities: idx, refs }, identities };
}

/**
 * A tenant's folded state as JSON data (call after the tenant settled).
 *
 * @example
 * ```ts
 * import type { FoldPolicies } from './apply.js';
 * import type { EngineCore } from './core.js';
 * declare const core: EngineCore;
 * declare const policies: FoldPolicies;
 * const data = encodeTenant(core.tenant('acme'));
 * const again = decodeTenant(JSON.parse(JSON.stringify(data)), policies);
 * ```
 */
export function encodeTenant(t: TenantState): EncodedTenant {
  const parts = t.parts();
  const { columns, identities } = encodeEnvelopes(parts.envelopes);
  const packer = new Packer(columns.ids);
  const components = parts.components.map((c) => ({ envelopes: c.envelopes, last: c.last, state: encodeComponent(c.state, packer) }));
  return {
    tenantId: t.tenantId,
    latestAt: Number.isFinite(t.latestAt) ? t.latestAt : null,
    events: eventChunks(parts.envelopes),
    envelopes: columns,
    identities,
    strings: packer.strings,
    shapes: packer.shapes,
    components,
    home: parts.home,
    pending: parts.pending,
    agents: { envelopes: parts.agents.envelopes, recs: parts.agents.recs.map(encodeAgent), lastAssigned: parts.agents.lastAssigned },
    threadsIndexed: parts.threadsIndexed,
    customersIndexed: parts.customersIndexed,
  };
}

/** Restored envelopes over the chunks of `e.events` (not parsed: see restored-events.ts). */
function decodeEnvelopes(e: EncodedTenant): Envelope[] {
  const { ids, positions, identities, refs } = e.envelopes;
  const n = ids.length;
  if (positions.length !== n || identities.length !== n || refs.length !== n || e.events.length !== Math.ceil(n / EVENT_CHUNK)) {
    throw new Error('the envelope columns and the events chunks do not have the same length');
  }
  const envelopes: Envelope[] = new Array(n);
  let position = 0;
  for (let c = 0; c < e.events.length; c++) {
    const from = c * EVENT_CHUNK;
    const to = Math.min(n, from + EVENT_CHUNK);
    const text = e.events[c];
    if (typeof text !== 'string') throw new Error(`events chunk ${c} is not text`);
    const chunk = new EventChunk(text, ids.slice(from, to), c);
    for (let i = from; i < to; i++) {
      const id = ids[i];
      const step = positions[i];
      const k = identities[i];
      const r = refs[i];
      if (typeof id !== 'string' || typeof step !== 'number' || typeof k !== 'number' || (r !== 0 && !Array.isArray(r))) throw new Error(`envelope ${i} is not [id, position, identity, refs]`);
      position += step;
      const identity = k === 0 ? undefined : e.identities[k - 1];
      if (k !== 0 && (typeof identity !== 'object' || identity === null || typeof identity.key !== 'string')) throw new Error(`envelope ${i} names no identity`);
      envelopes[i] = new RestoredEnvelope(chunk, i - from, position, identity, r === 0 ? undefined : (r as Ref[]));
    }
  }
  return envelopes;
}

/** The tenant {@link encodeTenant} encoded, restored without folding anything again. */
export function decodeTenant(e: EncodedTenant, policies: FoldPolicies): TenantState {
  const envelopes = decodeEnvelopes(e);
  if (!Array.isArray(e.strings)) throw new Error('the string table is not a list');
  // The table goes on from the events' ids (see Packer).
  const unpacker = new Unpacker(e.envelopes.ids.concat(e.strings), e.shapes, BUILDERS);
  return TenantState.restore(e.tenantId, policies, {
    envelopes,
    ids: e.envelopes.ids,
    latestAt: typeof e.latestAt === 'number' ? e.latestAt : -Infinity,
    components: e.components.map((c) => ({ envelopes: c.envelopes, last: c.last, state: decodeComponent(e.tenantId, c.state, unpacker) })),
    home: e.home,
    pending: e.pending,
    agents: { envelopes: e.agents.envelopes, recs: e.agents.recs.map(decodeAgent), lastAssigned: e.agents.lastAssigned },
    threadsIndexed: e.threadsIndexed,
    customersIndexed: e.customersIndexed,
  });
}
