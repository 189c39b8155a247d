import type { Customer, CustomerIdentity, MergeSuggestion } from '../identity/types.js';
import type { IgnoredAction, Thread } from '../threading/types.js';

let versionClock = 0;
/**
 * A process-wide change counter. Record versions come from it (not from per-record counts), so a view
 * cached for one fold can never be mistaken for a record of a later re-fold. Never part of state.
 */
export function nextVersion(): number {
  return ++versionClock;
}

/** Writable twin of a readonly view type: the fold mutates records; queries hand out frozen copies. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

export interface ThreadRec extends Mutable<Thread> {
  /** Identity key of the message that opened the thread: decides where it goes on an unmerge. */
  originIdentity: string;
  /** An agent (a person) has written in this thread: a bot reply no longer makes it bot-handled. */
  agentReplied?: boolean;
  /** Bumped on every change; views are cached per version. */
  version: number;
}

export interface CustomerRec extends Omit<Mutable<Customer>, 'identities' | 'attributes'> {
  identities: CustomerIdentity[];
  attributes: { name?: string; tier?: string; vip?: boolean; language?: string; region?: string; extra: Record<string, string | number | boolean | null> };
  version: number;
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

/**
 * The state of one component: a set of customers (and their threads) that events connect through
 * shared identities, links or merges. Components never influence each other, which is what lets a
 * late event re-fold just its own component.
 */
export class ComponentState {
  readonly customers = new Map<string, CustomerRec>();
  /** identity key → the customer holding it now. */
  readonly identityOwner = new Map<string, string>();
  /** absorbed customer id → survivor. */
  readonly customerRedirect = new Map<string, string>();
  readonly threads = new Map<string, ThreadRec>();
  /** absorbed thread id → survivor. */
  readonly threadRedirect = new Map<string, string>();
  /**
   * email Message-ID → the thread holding a message with it; an array in the rare case several do
   * (a forwarded mail quoted by two customers). A plain string otherwise, to keep memory per email low.
   */
  private readonly emailMessageIds = new Map<string, string | string[]>();
  /** thread ref (`[#REF]`, reply token) → thread id. */
  readonly refs = new Map<string, string>();
  /** `platform\u0000conversation-or-post id` → thread id, for public social threads. */
  readonly socialKeys = new Map<string, string>();
  /** chat session id → thread id. */
  readonly chatSessions = new Map<string, string>();
  readonly merges = new Map<string, MergeRecord>();
  readonly suggestions: MergeSuggestion[] = [];
  /** Actions that could not be tied to a thread or customer at their point in time. */
  readonly ignored: IgnoredAction[] = [];
  /** Per customer, their threads that are not merged away, oldest first (rebuilt when invalidated). */
  private readonly liveThreadCache = new Map<string, ThreadRec[]>();
  /** Ids touched since the last sync, so the tenant re-indexes only what changed. */
  readonly touchedThreads = new Set<string>();
  readonly touchedCustomers = new Set<string>();
  /** `t:` / `c:` anchors of threads and customers created since the tenant last looked. */
  readonly born: string[] = [];

  constructor(readonly tenantId: string) {}

  resolveCustomerId(id: string): string {
    let current = id;
    for (let hops = 0; hops < 64; hops++) {
      const next = this.customerRedirect.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  resolveThreadId(id: string): string {
    let current = id;
    for (let hops = 0; hops < 64; hops++) {
      const next = this.threadRedirect.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  emailHolders(messageId: string): readonly string[] {
    const h = this.emailMessageIds.get(messageId);
    return h === undefined ? [] : typeof h === 'string' ? [h] : h;
  }

  addEmailHolder(messageId: string, threadId: string): void {
    const h = this.emailMessageIds.get(messageId);
    if (h === undefined) this.emailMessageIds.set(messageId, threadId);
    else if (typeof h === 'string') {
      if (h !== threadId) this.emailMessageIds.set(messageId, [h, threadId]);
    } else if (!h.includes(threadId)) h.push(threadId);
  }

  /** Messages moved from thread `from` to `to`: their Message-IDs now point at `to`. */
  moveEmailHolder(messageId: string, from: string, to: string): void {
    const h = this.emailMessageIds.get(messageId);
    if (h === undefined) return;
    const list = (typeof h === 'string' ? [h] : h).filter((x) => x !== from);
    if (!list.includes(to)) list.push(to);
    this.emailMessageIds.set(messageId, list.length === 1 ? list[0]! : list);
  }

  liveThreads(customer: CustomerRec): ThreadRec[] {
    let list = this.liveThreadCache.get(customer.id);
    if (list === undefined) {
      list = [];
      for (const id of customer.threadIds) {
        const t = this.threads.get(id);
        if (t && t.status !== 'merged') list.push(t);
      }
      this.liveThreadCache.set(customer.id, list);
    }
    return list;
  }

  /** A thread was opened for `customerId` (it is the newest): keeps the cached list current. */
  threadOpened(customerId: string, t: ThreadRec): void {
    this.liveThreadCache.get(customerId)?.push(t);
  }

  /** Threads moved or merged: the customer's list is rebuilt on next use. */
  invalidateThreads(customerId: string): void {
    this.liveThreadCache.delete(customerId);
  }

  thread(id: string): ThreadRec | undefined {
    return this.threads.get(this.resolveThreadId(id));
  }

  touchThread(t: ThreadRec): void {
    t.version = nextVersion();
    this.touchedThreads.add(t.id);
  }

  touchCustomer(c: CustomerRec): void {
    c.version = nextVersion();
    this.touchedCustomers.add(c.id);
  }
}
