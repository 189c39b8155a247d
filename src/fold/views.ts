/**
 * Frozen views of the fold's mutable records. A view is cached per record version, so asking twice
 * for an unchanged thread returns the very same object (cheap for UIs that compare by identity).
 */
import type { Agent } from '../agents/types.js';
import { CHANNELS, type Channel } from '../events/primitives.js';
import type { Customer } from '../identity/types.js';
import type { Thread } from '../threading/types.js';
import type { AgentRec } from './agents.js';
import type { CustomerRec, ThreadRec } from './state.js';

const EMPTY: readonly never[] = Object.freeze([]);

function freezeAll<T>(items: readonly T[]): readonly T[] {
  if (items.length === 0) return EMPTY;
  for (const item of items) if (typeof item === 'object' && item !== null) Object.freeze(item);
  return Object.freeze(items.slice());
}

function frozenCopy<T>(items: readonly T[]): readonly T[] {
  return items.length === 0 ? EMPTY : Object.freeze(items.slice());
}

function deepFreezeMessage<T extends object>(m: T): T {
  for (const k in m) {
    const v = m[k];
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) deepFreezeMessage(v as object);
  }
  return Object.freeze(m);
}

/**
 * The fields that are set, minus the fold's own: records keep unset optional fields as `undefined`;
 * views leave them out, and the fields in `internal`.
 */
function defined(record: object, internal?: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // for…in rather than Object.entries: no pair array per field (a thread has ~40), and views are
  // built for every changed thread of every batch that has listeners.
  for (const k in record) {
    const v = (record as Record<string, unknown>)[k];
    if (v !== undefined && !internal?.has(k)) out[k] = v;
  }
  return out;
}

/** Record fields the fold keeps for itself. */
export const THREAD_INTERNAL: ReadonlySet<string> = new Set(['originIdentity', 'version', 'agentReplied', 'lastEventAt', 'lastEventDepth', 'lastEventId', 'assignEventId']);
const CUSTOMER_INTERNAL: ReadonlySet<string> = new Set(['version', 'liveThreads']);
const AGENT_INTERNAL: ReadonlySet<string> = new Set(['version']);

/**
 * A thread's view: its set fields in the record's order, the fold's own left out (see
 * THREAD_INTERNAL), lists copied and frozen. Written out field by field rather than as a walk over
 * the record with a set of internal names: views are built for every changed thread of every batch
 * a listener watches, and the walk was 4x slower (test/fold/views.unit.test.ts checks that it
 * leaves out exactly what the walk leaves out, in the same order). So a view has the fields of
 * `Thread` in the fold's order whatever the record's order (a thread rebuilt from a snapshot whose
 * records have other keys is still a record of these fields).
 */
export function threadView(t: ThreadRec): Thread {
  for (const m of t.messages) if (!Object.isFrozen(m)) deepFreezeMessage(m);
  const out: Record<string, unknown> = {};
  if (t.id !== undefined) out.id = t.id;
  if (t.tenantId !== undefined) out.tenantId = t.tenantId;
  if (t.customerId !== undefined) out.customerId = t.customerId;
  if (t.ref !== undefined) out.ref = t.ref;
  if (t.status !== undefined) out.status = t.status;
  if (t.snoozedUntil !== undefined) out.snoozedUntil = t.snoozedUntil;
  if (t.mergedInto !== undefined) out.mergedInto = t.mergedInto;
  if (t.channel !== undefined) out.channel = t.channel;
  out.channels = frozenCopy(t.channels);
  out.messages = frozenCopy(t.messages);
  if (t.createdAt !== undefined) out.createdAt = t.createdAt;
  if (t.lastActivityAt !== undefined) out.lastActivityAt = t.lastActivityAt;
  if (t.firstInboundAt !== undefined) out.firstInboundAt = t.firstInboundAt;
  if (t.lastInboundAt !== undefined) out.lastInboundAt = t.lastInboundAt;
  if (t.lastOutboundAt !== undefined) out.lastOutboundAt = t.lastOutboundAt;
  if (t.firstResponseAt !== undefined) out.firstResponseAt = t.firstResponseAt;
  if (t.awaitingReplySince !== undefined) out.awaitingReplySince = t.awaitingReplySince;
  if (t.resolvedAt !== undefined) out.resolvedAt = t.resolvedAt;
  if (t.closedAt !== undefined) out.closedAt = t.closedAt;
  if (t.assignee !== undefined) out.assignee = t.assignee;
  if (t.assignedAt !== undefined) out.assignedAt = t.assignedAt;
  if (t.acceptedAt !== undefined) out.acceptedAt = t.acceptedAt;
  out.declines = freezeAll(t.declines);
  if (t.escalation !== undefined) out.escalation = Object.freeze({ ...t.escalation });
  if (t.team !== undefined) out.team = t.team;
  if (t.priorityOverride !== undefined) out.priorityOverride = t.priorityOverride;
  if (t.severity !== undefined) out.severity = t.severity;
  out.tags = frozenCopy(t.tags);
  if (t.campaign !== undefined) out.campaign = t.campaign;
  if (t.language !== undefined) out.language = t.language;
  if (t.subject !== undefined) out.subject = t.subject;
  if (t.needsCallback !== undefined) out.needsCallback = t.needsCallback;
  if (t.visibility !== undefined) out.visibility = t.visibility;
  if (t.handledBy !== undefined) out.handledBy = t.handledBy;
  if (t.handoverRequestedAt !== undefined) out.handoverRequestedAt = t.handoverRequestedAt;
  if (t.transfers !== undefined) out.transfers = t.transfers;
  if (t.reopens !== undefined) out.reopens = t.reopens;
  if (t.assignments !== undefined) out.assignments = t.assignments;
  out.notes = freezeAll(t.notes);
  out.surveys = freezeAll(t.surveys);
  out.statusHistory = freezeAll(t.statusHistory);
  out.ignored = freezeAll(t.ignored);
  return Object.freeze(out) as unknown as Thread;
}

export function customerView(c: CustomerRec): Customer {
  return Object.freeze({
    ...(defined(c, CUSTOMER_INTERNAL) as Omit<Customer, 'identities' | 'mergedFrom' | 'threadIds' | 'attributes'>),
    identities: freezeAll(c.identities),
    mergedFrom: Object.freeze(c.mergedFrom.slice()),
    threadIds: Object.freeze(c.threadIds.slice()),
    attributes: Object.freeze({ ...defined(c.attributes), extra: Object.freeze({ ...c.attributes.extra }) }),
  });
}

export function agentView(a: AgentRec, load: ReadonlyMap<string, Channel> | undefined): Agent {
  const counts: Partial<Record<Channel, number>> = {};
  if (load) for (const ch of load.values()) counts[ch] = (counts[ch] ?? 0) + 1;
  // Keys in CHANNELS order, not in the order assignments happened to be folded: the view (and its
  // JSON) must be the same for the same set of events.
  const perChannel: Partial<Record<Channel, number>> = {};
  for (const ch of CHANNELS) if (counts[ch] !== undefined) perChannel[ch] = counts[ch];
  return Object.freeze({
    ...(defined(a, AGENT_INTERNAL) as Omit<Agent, 'skills' | 'languages' | 'teams' | 'capacity' | 'exclusive' | 'load'>),
    skills: freezeAll(a.skills),
    languages: Object.freeze(a.languages.slice()),
    teams: Object.freeze(a.teams.slice()),
    capacity: Object.freeze({ ...a.capacity }),
    ...(a.exclusive ? { exclusive: Object.freeze({ ...a.exclusive }) } : {}),
    load: Object.freeze(perChannel),
  });
}

/**
 * A per-id cache of views keyed by the record's version, in two parts. What queries ask for is kept
 * (asking twice for an unchanged record returns the very same object). What the engine builds for its
 * own use — engine events, SLA timers, the queue's index — is kept only until {@link forgetRecent}
 * (the next publish), unless a query asks for it meanwhile: kept for good, the views of every thread
 * announced to a listener stayed alive beside the state, ~450 bytes per event of the standard
 * workload (a quarter of the heap), and every one of them was copied out of the young generation.
 */
export class ViewCache<V> {
  private readonly entries = new Map<string, { version: number; view: V }>();
  private recent = new Map<string, { version: number; view: V }>();

  /** A view for a query: kept. */
  get(id: string, version: number, build: () => V): V {
    const hit = this.entries.get(id);
    if (hit !== undefined && hit.version === version) return hit.view;
    const passing = this.recent.get(id);
    const view = passing !== undefined && passing.version === version ? passing.view : build();
    this.entries.set(id, { version, view });
    return view;
  }

  /** A view for the engine's own use: the kept one if current, else kept until the next publish. */
  transient(id: string, version: number, build: () => V): V {
    const hit = this.entries.get(id);
    if (hit !== undefined) {
      if (hit.version === version) return hit.view;
      // The record changed since a query asked: the old view is no one's answer any more.
      this.entries.delete(id);
    }
    const passing = this.recent.get(id);
    if (passing !== undefined && passing.version === version) return passing.view;
    const view = build();
    this.recent.set(id, { version, view });
    return view;
  }

  /** Drops the views built for the engine's own use that no query asked for. */
  forgetRecent(): void {
    if (this.recent.size > 0) this.recent = new Map();
  }
}
