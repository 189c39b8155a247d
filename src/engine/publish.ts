import type { EventEmitter } from 'eventemitter3';
import { THREAD_STATUSES } from '../events/primitives.js';
import type { ThreadStatus } from '../threading/types.js';
import type { EngineCore } from '../fold/core.js';
import type { EngineEvents } from './emitted.js';
import type { ThreadRec } from '../fold/state.js';

interface ThreadSig {
  readonly status: ThreadStatus;
  readonly assignee: string | undefined;
  readonly mergedInto: string | undefined;
}

const PLAIN = Object.fromEntries(
  [...THREAD_STATUSES, 'merged' as const].map((status) => [status, Object.freeze({ status, assignee: undefined, mergedInto: undefined })]),
) as Record<ThreadStatus, ThreadSig>;

/**
 * Turns the fold's change sets into engine events. Remembers a small signature per thread and
 * customer (not whole views) so it can tell created from updated, and which transitions happened.
 */
export class ChangePublisher {
  private readonly threads = new Map<string, ThreadSig>();
  private readonly customers = new Map<string, string | undefined>();
  private suggestionCount = new Map<string, number>();

  constructor(
    private readonly core: EngineCore,
    private readonly emitter: EventEmitter<EngineEvents>,
    /** Told about every changed or removed thread (schedulers, the queue). */
    private readonly onThreadChange: (threadId: string, tenantId: string) => void = () => undefined,
  ) {}

  private wants(name: keyof EngineEvents): boolean {
    return this.emitter.listenerCount(name) > 0;
  }

  publish(): void {
    this.core.forgetRecentViews();
    for (const tenant of this.core.tenants.values()) {
      const changes = tenant.changes;
      for (const id of changes.customers) {
        const comp = tenant.customerHome.get(id);
        const rec = comp?.state.customers.get(id);
        if (!rec) continue;
        const known = this.customers.has(id);
        const before = this.customers.get(id);
        this.customers.set(id, rec.mergedInto);
        const view = () => this.core.transientCustomer(rec.mergedInto ?? id)!;
        if (!known) {
          if (this.wants('customer.created')) this.emitter.emit('customer.created', this.core.transientCustomer(id)!);
        } else if (this.wants('customer.updated') && rec.mergedInto === undefined) this.emitter.emit('customer.updated', this.core.transientCustomer(id)!);
        if (rec.mergedInto !== undefined && before !== rec.mergedInto && this.wants('customer.merged')) {
          this.emitter.emit('customer.merged', { sourceId: id, targetId: rec.mergedInto, customer: view() });
        }
        if (known && before !== undefined && rec.mergedInto === undefined && this.wants('customer.unmerged')) {
          this.emitter.emit('customer.unmerged', { customerId: id, formerTargetId: before, customer: view() });
        }
      }
      for (const id of changes.removedCustomers) this.customers.delete(id);
      for (const id of changes.threads) {
        const rec = tenant.threadHome.get(id)?.state.threads.get(id);
        this.onThreadChange(id, tenant.tenantId);
        if (rec) this.thread(rec);
      }
      for (const id of changes.removedThreads) {
        this.onThreadChange(id, tenant.tenantId);
        // A thread created and re-threaded away within one batch was never announced: nothing to retract.
        if (!this.threads.delete(id)) continue;
        if (this.wants('thread.removed')) this.emitter.emit('thread.removed', { threadId: id, reason: 'a late event re-threaded its messages' });
      }
      if (this.wants('agent.updated')) for (const id of changes.agents) {
        const agent = this.core.agent(tenant.tenantId, id);
        if (agent) this.emitter.emit('agent.updated', agent);
      }
      if (this.wants('merge.suggested')) {
        const all = this.core.mergeSuggestions({ tenantId: tenant.tenantId });
        const seen = this.suggestionCount.get(tenant.tenantId) ?? 0;
        for (const s of all.slice(seen)) this.emitter.emit('merge.suggested', s);
        this.suggestionCount.set(tenant.tenantId, all.length);
      }
      changes.clear();
    }
  }

  private thread(rec: ThreadRec): void {
    const before = this.threads.get(rec.id);
    // Most threads are unassigned and not merged: their signature is one of a few shared objects.
    const sig: ThreadSig =
      rec.assignee === undefined && rec.mergedInto === undefined ? PLAIN[rec.status] : { status: rec.status, assignee: rec.assignee, mergedInto: rec.mergedInto };
    this.threads.set(rec.id, sig);
    const view = () => this.core.transientThread(rec.mergedInto ?? rec.id)!;
    if (!before) {
      if (this.wants('thread.created')) this.emitter.emit('thread.created', view());
      return;
    }
    if (this.wants('thread.updated')) this.emitter.emit('thread.updated', view());
    if (before.status !== sig.status && this.wants('thread.status_changed')) {
      this.emitter.emit('thread.status_changed', { thread: view(), from: before.status, to: sig.status });
    }
    if (before.assignee !== sig.assignee) {
      if (sig.assignee !== undefined && this.wants('thread.assigned')) {
        this.emitter.emit('thread.assigned', { thread: view(), agentId: sig.assignee, ...(before.assignee === undefined ? {} : { previousAgentId: before.assignee }) });
      } else if (sig.assignee === undefined && before.assignee !== undefined && this.wants('thread.unassigned')) {
        this.emitter.emit('thread.unassigned', { thread: view(), previousAgentId: before.assignee });
      }
    }
    if (sig.mergedInto !== undefined && before.mergedInto === undefined && this.wants('thread.merged')) {
      this.emitter.emit('thread.merged', { threadId: rec.id, intoThreadId: sig.mergedInto });
    }
  }
}
