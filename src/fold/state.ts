import { ActivityOrder } from './activity.js';
import type { Customer, CustomerIdentity, MergeSuggestion } from '../identity/types.js';
import type { IgnoredAction, Thread } from '../threading/types.js';
import { SmallMap } from './small-map.js';

let versionClock = 0;
/**
 * A process-wide change counter. Record versions come from it (not from per-record counts), so a view
 * cached for one fold can never be mistaken for a record of a later re-fold. Never part of state.
 */
export function nextVersion(): number {
  return ++versionClock;
}

/**
 * The empty list a new thread starts its rarely used lists with (notes, surveys, tags, ignored): one
 * frozen array shared by all, replaced by {@link pushed} on first write — a third of all events open
 * a thread, and four empty arrays each were measurable. Frozen, so a stray `push` throws.
 */
export const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * Lists shorter than this grow by a copy of their exact length. `push` onto a full array makes room
 * for half as many again plus 16: a thread's list of two messages held 17 slots (152 bytes), and every
 * thread and customer has several such lists (their slack was 18% of a replayed engine's heap).
 */
const GROWS_EXACTLY_BELOW = 16;

/**
 * Appends `item` and returns the list to keep: a copy one longer while the list is short (a shared
 * {@link NONE} included), the same list pushed to once it is long. Callers store what it returns.
 */
export function pushed<T>(list: T[], item: T): T[] {
  const n = list.length;
  if (n >= GROWS_EXACTLY_BELOW) {
    list.push(item);
    return list;
  }
  // `new Array(n)` filled in a loop: the only way to get exactly n + 1 slots that is not slower
  // than push (slice, spread and concat are, or leave slack again).
  const next = new Array<T>(n + 1);
  for (let i = 0; i < n; i++) next[i] = list[i]!;
  next[n] = item;
  return next;
}

/** `list` itself when it is long, else a copy of its exact length (for lists built by push). */
export function trimmed<T>(list: T[]): T[] {
  return list.length >= GROWS_EXACTLY_BELOW ? list : list.slice();
}

/** Writable twin of a readonly view type: the fold mutates records; queries hand out frozen copies. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

export interface ThreadRec extends Mutable<Thread> {
  /** Identity key of the message that opened the thread: decides where it goes on an unmerge. */
  originIdentity: string;
  /** An agent (a person) has written in this thread: a bot reply no longer makes it bot-handled. */
  agentReplied?: boolean;
  /**
   * Fold-order key of the last event applied to the thread: what the engine's own decisions about it
   * are ordered after (see `cause` on events).
   */
  lastEventAt: number;
  lastEventDepth: number;
  lastEventId: string;
  /** The event of the current assignment (what an expiry of it is ordered after). */
  assignEventId: string | undefined;
  /** Bumped on every change; views are cached per version. */
  version: number;
}

export interface CustomerRec extends Omit<Mutable<Customer>, 'identities' | 'attributes'> {
  identities: CustomerIdentity[];
  attributes: { name?: string; tier?: string; vip?: boolean; language?: string; region?: string; extra: Record<string, string | number | boolean | null> };
  version: number;
  /** The customer's threads that are not merged away, oldest first; undefined until asked for or after a move. */
  liveThreads: ThreadRec[] | undefined;
}

/** What a `customer.merged` moved, so `customer.unmerged` can put exactly that back. */
export interface MergeRecord {
  readonly eventId: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly identityKeys: readonly string[];
  readonly threadIds: readonly string[];
  undone: boolean;
}

/** A component's rarely used indexes, as plain data (see {@link ComponentState.indexes}). */
export interface ComponentIndexes {
  readonly customerRedirects: readonly (readonly [string, string])[];
  readonly threadRedirects: readonly (readonly [string, string])[];
  readonly emailMessageIds: readonly (readonly [string, string | string[]])[];
  readonly socialIndex: readonly (readonly [string, string])[];
  readonly chatIndex: readonly (readonly [string, string])[];
  readonly merges: readonly MergeRecord[];
}

/**
 * The state of one component: a set of customers (and their threads) that events connect through
 * shared identities, links or merges. Components never influence each other, which is what lets a
 * late event re-fold just its own component.
 */
export class ComponentState {
  // Most components hold one customer, one identity and a thread or two: maps that keep their first
  // entry inline (a real Map only from the second on).
  readonly customers: Map<string, CustomerRec> = new SmallMap();
  /** identity key → the customer holding it now. */
  readonly identityOwner: Map<string, string> = new SmallMap();
  readonly threads: Map<string, ThreadRec> = new SmallMap();
  // Most components are one customer with a few threads, and there are as many components as
  // customers: the indexes below are created on first write (an empty Map costs ~200 bytes).
  private customerRedirects: Map<string, string> | undefined;
  private threadRedirects: Map<string, string> | undefined;
  /**
   * email Message-ID → the thread holding a message with it; an array in the rare case several do
   * (a forwarded mail quoted by two customers). A plain string otherwise, to keep memory per email low.
   */
  private emailMessageIds: Map<string, string | string[]> | undefined;
  private refIndex: Map<string, string> | undefined;
  private socialIndex: Map<string, string> | undefined;
  private chatIndex: Map<string, string> | undefined;
  private mergeRecords: Map<string, MergeRecord> | undefined;
  /** customer id → their live threads by last activity, for customers a policy asked about (a cache). */
  private activity: Map<string, ActivityOrder<ThreadRec>> | undefined;
  readonly suggestions: MergeSuggestion[] = [];
  /** Actions that could not be tied to a thread or customer at their point in time. */
  readonly ignored: IgnoredAction[] = [];
  /**
   * Ids touched since the last sync, each once, so the tenant re-indexes only what changed. A record
   * whose version is not newer than `syncedAt` has not been touched since: no Set needed to dedupe.
   */
  readonly touchedThreads: string[] = [];
  readonly touchedCustomers: string[] = [];
  private syncedAt = 0;
  /** `t:` / `c:` anchors of threads and customers created since the tenant last looked. */
  born: string[] = [];

  constructor(readonly tenantId: string) {}

  /**
   * A copy that folding into leaves this state as it is: a re-fold checkpoint (see Component). Every
   * record and every list the fold writes in place is copied; what it only ever replaces (messages,
   * status entries, notes, identities' entries) is shared. Records get new versions, as a re-fold's
   * would, so no cached view is taken for theirs.
   */
  copy(): ComponentState {
    const s = new ComponentState(this.tenantId);
    for (const [id, c] of this.customers) s.customers.set(id, copyCustomer(c));
    for (const [key, owner] of this.identityOwner) s.identityOwner.set(key, owner);
    for (const [id, t] of this.threads) s.threads.set(id, copyThread(t));
    // As a snapshot carries them: holder lists and merge records copied, the ref index rebuilt on use.
    s.restoreIndexes(this.indexes());
    for (const x of this.suggestions) s.suggestions.push(x);
    for (const x of this.ignored) s.ignored.push(x);
    // A re-fold anchors what its state created: the copy goes on from this one's list.
    s.born = this.born.slice();
    return s;
  }

  /** The rare indexes, for a snapshot (the ref index is left out: it is rebuilt on first use). */
  indexes(): ComponentIndexes {
    const entries = <V>(m: Map<string, V> | undefined): [string, V][] => (m === undefined ? [] : [...m]);
    return {
      customerRedirects: entries(this.customerRedirects),
      threadRedirects: entries(this.threadRedirects),
      // Holder lists grow in place: copied, so the snapshot stays as it was.
      emailMessageIds: entries(this.emailMessageIds).map(([k, v]) => [k, typeof v === 'string' ? v : v.slice()]),
      socialIndex: entries(this.socialIndex),
      chatIndex: entries(this.chatIndex),
      merges: this.mergeRecords === undefined ? [] : [...this.mergeRecords.values()].map((m) => ({ ...m })),
    };
  }

  /** Puts back the indexes {@link indexes} gave (a state restored from a snapshot). */
  restoreIndexes(x: ComponentIndexes): void {
    const map = <V>(entries: readonly (readonly [string, V])[]): Map<string, V> | undefined => (entries.length === 0 ? undefined : new Map(entries));
    this.customerRedirects = map(x.customerRedirects);
    this.threadRedirects = map(x.threadRedirects);
    this.emailMessageIds = map(x.emailMessageIds.map(([k, v]) => [k, typeof v === 'string' ? v : v.slice()] as const));
    this.socialIndex = map(x.socialIndex);
    this.chatIndex = map(x.chatIndex);
    this.mergeRecords = x.merges.length === 0 ? undefined : new Map(x.merges.map((m) => [m.eventId, { ...m }]));
  }

  /** absorbed customer id → survivor. */
  get customerRedirect(): Map<string, string> {
    return (this.customerRedirects ??= new Map());
  }

  /** absorbed thread id → survivor. */
  get threadRedirect(): Map<string, string> {
    return (this.threadRedirects ??= new Map());
  }

  /**
   * The thread a ref (`[#REF]`, reply token) names: the last one opened with it. The index is built
   * on the first lookup — most components never see a ref — and kept current from then on.
   */
  threadIdByRef(ref: string): string | undefined {
    if (this.refIndex === undefined) {
      this.refIndex = new Map();
      // Threads are never removed from `threads`, and enter it as they open: the same last-wins
      // answer as an index kept from the start.
      for (const t of this.threads.values()) this.refIndex.set(t.ref, t.id);
    }
    return this.refIndex.get(ref);
  }

  /** A thread was opened with `ref`. */
  noteRef(ref: string, threadId: string): void {
    this.refIndex?.set(ref, threadId);
  }

  /** `platform\u0000conversation-or-post id` → thread id, for public social threads. */
  get socialKeys(): Map<string, string> {
    return (this.socialIndex ??= new Map());
  }

  /** chat session id → thread id. */
  get chatSessions(): Map<string, string> {
    return (this.chatIndex ??= new Map());
  }

  get merges(): Map<string, MergeRecord> {
    return (this.mergeRecords ??= new Map());
  }

  resolveCustomerId(id: string): string {
    const redirects = this.customerRedirects;
    if (redirects === undefined) return id;
    let current = id;
    for (let hops = 0; hops < 64; hops++) {
      const next = redirects.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  resolveThreadId(id: string): string {
    const redirects = this.threadRedirects;
    if (redirects === undefined) return id;
    let current = id;
    for (let hops = 0; hops < 64; hops++) {
      const next = redirects.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  emailHolders(messageId: string): readonly string[] {
    const h = this.emailMessageIds?.get(messageId);
    return h === undefined ? [] : typeof h === 'string' ? [h] : h;
  }

  addEmailHolder(messageId: string, threadId: string): void {
    const ids = (this.emailMessageIds ??= new Map());
    const h = ids.get(messageId);
    if (h === undefined) ids.set(messageId, threadId);
    else if (typeof h === 'string') {
      if (h !== threadId) ids.set(messageId, [h, threadId]);
    } else if (!h.includes(threadId)) h.push(threadId);
  }

  /** Messages moved from thread `from` to `to`: their Message-IDs now point at `to`. */
  moveEmailHolder(messageId: string, from: string, to: string): void {
    const ids = this.emailMessageIds;
    const h = ids?.get(messageId);
    if (ids === undefined || h === undefined) return;
    const list = (typeof h === 'string' ? [h] : h).filter((x) => x !== from);
    if (!list.includes(to)) list.push(to);
    ids.set(messageId, list.length === 1 ? list[0]! : list);
  }

  liveThreads(customer: CustomerRec): ThreadRec[] {
    let list = customer.liveThreads;
    if (list === undefined) {
      list = [];
      for (const id of customer.threadIds) {
        const t = this.threads.get(id);
        if (t && t.status !== 'merged') list.push(t);
      }
      customer.liveThreads = list = trimmed(list);
    }
    return list;
  }

  /**
   * The customer's live threads, least recently active first (see activity.ts). Built on first use
   * for that customer, then kept as threads open and messages arrive; not part of a copy or a
   * snapshot, which build it again when asked.
   */
  threadsByActivity(customer: CustomerRec): readonly ThreadRec[] {
    return this.activityOf(customer).list;
  }

  /** A thread was opened for `customer` (it is the newest): keeps the cached lists current. */
  threadOpened(customer: CustomerRec, t: ThreadRec): void {
    if (customer.liveThreads !== undefined) customer.liveThreads = pushed(customer.liveThreads, t);
    this.activity?.get(customer.id)?.opened(t);
  }

  /** The customer's live threads never on `channel`, least recently active first (as above). */
  threadsByActivityWithout(customer: CustomerRec, channel: string): readonly ThreadRec[] {
    return this.activityOf(customer).without(channel);
  }

  private activityOf(customer: CustomerRec): ActivityOrder<ThreadRec> {
    let order = this.activity?.get(customer.id);
    if (order === undefined) {
      order = new ActivityOrder(this.liveThreads(customer));
      (this.activity ??= new Map()).set(customer.id, order);
    }
    return order;
  }

  /** A message reached `t` (its activity and channels were these before). */
  threadMessaged(t: ThreadRec, activeBefore: number, channelsBefore: number): void {
    this.activity?.get(t.customerId)?.messaged(t, activeBefore, channelsBefore);
  }

  /** Threads moved, merged or split: the customer's lists are rebuilt on next use. */
  invalidateThreads(customerId: string): void {
    const c = this.customers.get(customerId);
    if (c !== undefined) c.liveThreads = undefined;
    this.activity?.delete(customerId);
  }

  thread(id: string): ThreadRec | undefined {
    return this.threads.get(this.resolveThreadId(id));
  }

  touchThread(t: ThreadRec): void {
    if (t.version <= this.syncedAt) this.touchedThreads.push(t.id);
    t.version = nextVersion();
  }

  touchCustomer(c: CustomerRec): void {
    if (c.version <= this.syncedAt) this.touchedCustomers.push(c.id);
    c.version = nextVersion();
  }

  /** The anchors born since the last call; the list starts empty again. */
  takeBorn(): string[] {
    const born = this.born;
    if (born.length > 0) this.born = [];
    return born;
  }

  /** The tenant has re-indexed every touched record. */
  synced(): void {
    this.touchedThreads.length = 0;
    this.touchedCustomers.length = 0;
    this.syncedAt = versionClock;
  }
}

/** A list the fold may push to, copied; the shared {@link NONE} stays shared. */
const copied = <T>(list: T[]): T[] => (list === NONE ? list : list.slice());

/**
 * One literal of every field in the order of the fold's records (and of the codec's): a spread of a
 * record this wide takes V8's slow path, about ten times slower. `satisfies` fails the build when a
 * field is added to the record and not here.
 */
function copyThread(t: ThreadRec): ThreadRec {
  const copy = {
    id: t.id,
    tenantId: t.tenantId,
    customerId: t.customerId,
    ref: t.ref,
    status: t.status,
    snoozedUntil: t.snoozedUntil,
    mergedInto: t.mergedInto,
    channel: t.channel,
    channels: copied(t.channels),
    messages: copied(t.messages),
    createdAt: t.createdAt,
    lastActivityAt: t.lastActivityAt,
    firstInboundAt: t.firstInboundAt,
    lastInboundAt: t.lastInboundAt,
    lastOutboundAt: t.lastOutboundAt,
    firstResponseAt: t.firstResponseAt,
    awaitingReplySince: t.awaitingReplySince,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    assignee: t.assignee,
    assignedAt: t.assignedAt,
    acceptedAt: t.acceptedAt,
    declines: copied(t.declines),
    escalation: t.escalation,
    team: t.team,
    priorityOverride: t.priorityOverride,
    severity: t.severity,
    tags: copied(t.tags),
    campaign: t.campaign,
    language: t.language,
    subject: t.subject,
    needsCallback: t.needsCallback,
    visibility: t.visibility,
    handledBy: t.handledBy,
    handoverRequestedAt: t.handoverRequestedAt,
    transfers: t.transfers,
    reopens: t.reopens,
    assignments: t.assignments,
    notes: copied(t.notes),
    surveys: copied(t.surveys),
    statusHistory: copied(t.statusHistory),
    ignored: copied(t.ignored),
    originIdentity: t.originIdentity,
    version: nextVersion(),
    agentReplied: t.agentReplied,
    lastEventAt: t.lastEventAt,
    lastEventDepth: t.lastEventDepth,
    lastEventId: t.lastEventId,
    assignEventId: t.assignEventId,
  } satisfies Record<keyof ThreadRec, unknown>;
  return copy as ThreadRec;
}

function copyCustomer(c: CustomerRec): CustomerRec {
  const copy = {
    id: c.id,
    tenantId: c.tenantId,
    identities: c.identities.slice(),
    mergedFrom: c.mergedFrom.slice(),
    mergedInto: c.mergedInto,
    threadIds: c.threadIds.slice(),
    // Written field by field (`extra` is replaced whole).
    attributes: { name: c.attributes.name, tier: c.attributes.tier, vip: c.attributes.vip, language: c.attributes.language, region: c.attributes.region, extra: c.attributes.extra },
    createdAt: c.createdAt,
    lastContactAt: c.lastContactAt,
    version: nextVersion(),
    liveThreads: undefined,
  } satisfies Record<keyof CustomerRec, unknown>;
  return copy as CustomerRec;
}
