import type { Customer } from '../identity/types.js';
import { type SlaEvent, allSlaEvents } from '../policies/sla/timers.js';
import type { SlaPolicy, SlaPolicyInput } from '../policies/sla/policy.js';
import type { Thread } from '../threading/types.js';

/** A binary min-heap of (at, threadId): the next instant each thread may need attention. */
class DueHeap {
  private readonly at: number[] = [];
  private readonly ids: string[] = [];
  get size(): number {
    return this.at.length;
  }
  peek(): number {
    return this.at[0] ?? Infinity;
  }
  push(at: number, id: string): void {
    let i = this.at.length;
    this.at.push(at);
    this.ids.push(id);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.at[p]! <= at) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): string | undefined {
    if (this.at.length === 0) return undefined;
    const top = this.ids[0];
    const lastAt = this.at.pop()!;
    const lastId = this.ids.pop()!;
    if (this.at.length > 0) {
      this.at[0] = lastAt;
      this.ids[0] = lastId;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.at.length && this.at[l]! < this.at[m]!) m = l;
        if (r < this.at.length && this.at[r]! < this.at[m]!) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
  private swap(a: number, b: number): void {
    [this.at[a], this.at[b]] = [this.at[b]!, this.at[a]!];
    [this.ids[a], this.ids[b]] = [this.ids[b]!, this.ids[a]!];
  }
}

export interface SlaLookup {
  thread(id: string): Thread | undefined;
  customer(id: string): Customer | undefined;
  policyFor(tenantId: string): SlaPolicy | SlaPolicyInput | undefined;
}

/**
 * Decides which SLA events are due as time advances. Each event has a stable id; an id fires once,
 * however `advanceTo` is stepped and however often a thread changes. An event that a late change
 * places in the past fires on the next advance.
 */
export class SlaScheduler {
  private readonly heap = new DueHeap();
  private readonly fired = new Set<string>();
  private readonly dirty = new Set<string>();
  private lastNow = -Infinity;

  constructor(private readonly lookup: SlaLookup) {}

  /** A thread changed: its schedule is re-read on the next advance. */
  touch(threadId: string): void {
    this.dirty.add(threadId);
  }

  private pending(threadId: string): SlaEvent[] {
    const thread = this.lookup.thread(threadId);
    if (!thread || thread.id !== threadId) return [];
    const policy = this.lookup.policyFor(thread.tenantId);
    if (!policy) return [];
    const customer = this.lookup.customer(thread.customerId);
    return allSlaEvents(thread, { policy, ...(customer ? { customer } : {}) }).filter((e) => !this.fired.has(e.id));
  }

  private schedule(threadId: string): void {
    const next = this.pending(threadId)[0];
    if (next) this.heap.push(next.at, threadId);
  }

  /** The earliest instant anything may fire (Infinity when nothing is scheduled). */
  nextDue(): number {
    for (const id of this.dirty) this.schedule(id);
    this.dirty.clear();
    return this.heap.peek();
  }

  /** Every not-yet-fired event with `at <= now`, in time order; marks them fired. */
  advanceTo(now: number): SlaEvent[] {
    this.lastNow = Math.max(this.lastNow, now);
    this.nextDue();
    const due: SlaEvent[] = [];
    const seen = new Set<string>();
    while (this.heap.size > 0 && this.heap.peek() <= now) {
      const id = this.heap.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const events = this.pending(id);
      for (const e of events) {
        if (e.at > now) break;
        this.fired.add(e.id);
        due.push(e);
      }
      this.schedule(id);
    }
    return due.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
