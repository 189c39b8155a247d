import type { Customer } from '../identity/types.js';
import { type FlagOptions, type FlagReason, shouldFlag } from '../policies/priority/flags.js';
import { createWorkQueue, type WorkQueue } from '../policies/priority/queue.js';
import type { PriorityContext, PriorityPolicy, PriorityReason } from '../policies/priority/types.js';
import { slaSchedule } from '../policies/sla/schedule.js';
import type { SlaPolicy, SlaPolicyInput } from '../policies/sla/policy.js';
import type { Thread } from '../threading/types.js';
import { MinHeap } from './min-heap.js';

/** One entry of `engine.queue()`: the thread, its score at `now`, and why. */
export interface QueueEntry {
  readonly thread: Thread;
  readonly score: number;
  readonly reasons: readonly PriorityReason[];
}

export interface QueueQuery {
  readonly now: number;
  /** Default 50. */
  readonly limit?: number;
  readonly tenantId?: string;
  /** Also list threads that already have an assignee. Default false. */
  readonly includeAssigned?: boolean;
  readonly filter?: (thread: Thread) => boolean;
}

export interface QueueSources {
  /** What the index reads (a view for the engine's own use). */
  thread(id: string): Thread | undefined;
  /** What `top` hands out: the view a query gets (the same object while the thread is unchanged). */
  queried(id: string): Thread | undefined;
  customer(id: string): Customer | undefined;
  slaPolicy(tenantId: string): SlaPolicy | SlaPolicyInput | undefined;
}

/** Threads that wait for the team: open, or snoozed until a time that may have come. */
const QUEUED = new Set(['open', 'snoozed']);

/** The earliest deadline of a clock that is still running (time-invariant: no `now` involved). */
function nextDeadline(thread: Thread, policy: SlaPolicy | SlaPolicyInput | undefined, customer: Customer | undefined): number | undefined {
  if (!policy) return undefined;
  let best: number | undefined;
  for (const c of slaSchedule(thread, { policy, ...(customer ? { customer } : {}) }).clocks) {
    if (c.dueAt === undefined || c.stoppedAt !== undefined) continue;
    if (best === undefined || c.dueAt < best) best = c.dueAt;
  }
  return best;
}

/**
 * The work queue of one tenant, kept incrementally from the priority policy's time-invariant ordering
 * key: a changed thread is re-keyed, nothing else is touched, and `top(50)` reads 50 entries. The one
 * thing time changes — a deadline passing adds the breach bonus — is handled by re-keying those
 * threads when a query's `now` passes their deadline.
 */
export class TenantQueue {
  private readonly queue: WorkQueue = createWorkQueue();
  private readonly deadlines = new MinHeap();
  private readonly deadlineOf = new Map<string, number>();
  private readonly breached = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly flagged = new Map<string, string>();
  /** Queued threads the policy gives no ordering key (a customer not waiting does not age): scored per query. */
  private readonly unkeyed = new Set<string>();
  private lastNow = -Infinity;

  constructor(
    private readonly tenantId: string,
    private readonly policy: PriorityPolicy,
    private readonly sources: QueueSources,
    private readonly flags: FlagOptions | undefined,
    private readonly onFlag: (thread: Thread, reason: FlagReason, score: number) => void,
    private readonly watchFlags: () => boolean,
  ) {}

  touch(threadId: string): void {
    this.dirty.add(threadId);
  }

  private context(thread: Thread, now: number, breached: boolean): PriorityContext {
    const customer = this.sources.customer(thread.customerId);
    const deadline = this.deadlineOf.get(thread.id);
    return {
      now,
      ...(customer ? { customer } : {}),
      ...(deadline === undefined && !breached ? {} : { sla: { ...(deadline === undefined ? {} : { nextDeadline: deadline }), breached } }),
    };
  }

  private rekey(threadId: string, now: number): void {
    const thread = this.sources.thread(threadId);
    if (!thread || thread.id !== threadId || !QUEUED.has(thread.status)) {
      this.queue.remove(threadId);
      this.unkeyed.delete(threadId);
      this.deadlineOf.delete(threadId);
      this.breached.delete(threadId);
      return;
    }
    const customer = this.sources.customer(thread.customerId);
    const deadline = nextDeadline(thread, this.sources.slaPolicy(this.tenantId), customer);
    if (deadline === undefined) this.deadlineOf.delete(threadId);
    else this.deadlineOf.set(threadId, deadline);
    const isBreached = deadline !== undefined && deadline <= now;
    if (isBreached) this.breached.add(threadId);
    else {
      this.breached.delete(threadId);
      if (deadline !== undefined) this.deadlines.push(deadline, threadId);
    }
    const ctx = this.context(thread, now, isBreached);
    const key = this.policy.orderingKey?.(thread, ctx);
    if (key === undefined) {
      this.queue.remove(threadId);
      this.unkeyed.add(threadId);
    } else {
      this.unkeyed.delete(threadId);
      this.queue.upsert(threadId, key, thread.awaitingReplySince ?? thread.createdAt);
    }
    if (this.watchFlags()) {
      const result = this.policy.score(thread, ctx);
      const flag = shouldFlag(thread, result, this.flags);
      // Flag once per kind until the thread stops qualifying, so a lead is told, not spammed.
      if (flag === undefined) this.flagged.delete(threadId);
      else if (this.flagged.get(threadId) !== flag.flag) {
        this.flagged.set(threadId, flag.flag);
        this.onFlag(thread, flag, result.score);
      }
    }
  }

  /** Brings keys up to `now`: changed threads, and threads whose deadline has passed since. */
  settle(now: number): void {
    if (now < this.lastNow) {
      // Asked about an earlier moment: breach bonuses given since then do not apply yet.
      for (const id of this.breached) this.dirty.add(id);
    }
    for (const id of this.dirty) this.rekey(id, now);
    this.dirty.clear();
    while (this.deadlines.peek() <= now) {
      const [at, id] = this.deadlines.pop()!;
      if (this.deadlineOf.get(id) === at && !this.breached.has(id)) this.rekey(id, now);
    }
    this.lastNow = now;
  }

  top(query: QueueQuery): QueueEntry[] {
    const now = query.now;
    this.settle(now);
    const limit = query.limit ?? 50;
    const accept = (id: string): Thread | undefined => {
      const t = this.sources.thread(id);
      if (!t || t.id !== id) return undefined;
      if (t.status === 'snoozed' && (t.snoozedUntil ?? Infinity) > now) return undefined;
      if (!query.includeAssigned && t.assignee !== undefined) return undefined;
      if (query.filter && !query.filter(t)) return undefined;
      return t;
    };
    const scored: QueueEntry[] = [];
    const score = (thread: Thread) => {
      const { score, reasons } = this.policy.score(thread, this.context(thread, now, this.breached.has(thread.id)));
      scored.push({ thread, score, reasons: Object.freeze(reasons) });
    };
    // The keyed top `limit` dominates every other keyed entry; unkeyed ones are scored as they are now.
    for (const entry of this.queue.top(limit, (e) => accept(e.threadId) !== undefined)) score(accept(entry.threadId)!);
    for (const id of this.unkeyed) {
      const thread = accept(id);
      if (thread) score(thread);
    }
    // What is handed out is the view a query gets (kept while the thread is unchanged), for those returned only.
    return sortEntries(scored)
      .slice(0, limit)
      .map((e) => Object.freeze({ ...e, thread: this.sources.queried(e.thread.id) ?? e.thread }));
  }
}

const waitOf = (t: Thread) => t.awaitingReplySince ?? t.createdAt;

/** Highest score first, then longest waiting, then id: the one queue order everywhere. */
export function sortEntries(entries: QueueEntry[]): QueueEntry[] {
  return entries.sort((a, b) => b.score - a.score || waitOf(a.thread) - waitOf(b.thread) || (a.thread.id < b.thread.id ? -1 : a.thread.id > b.thread.id ? 1 : 0));
}
