import type { Customer } from '../identity/types.js';
import { type SlaEvent, allSlaEvents } from '../policies/sla/timers.js';
import type { SlaPolicy, SlaPolicyInput } from '../policies/sla/policy.js';
import type { Thread } from '../threading/types.js';
import { MinHeap } from './min-heap.js';

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
  private readonly heap = new MinHeap();
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
      const [, id] = this.heap.pop()!;
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
