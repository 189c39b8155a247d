import { EventEmitter } from 'eventemitter3';
import { OmnithreadError } from '../errors.js';
import { DEFAULT_LIMITS, type IngestLimits } from '../events/limits.js';
import type { EventInput } from '../events/schemas.js';
import { createMemoryStore } from '../store/memory.js';
import type { AppendToStreamOptions, EventStore } from '../store/types.js';
import { ownedEvents } from '../store/append-plan.js';
import { EngineCore, type ThreadFilter, type TimelineEntry } from '../fold/core.js';
import type { Agent } from '../agents/types.js';
import type { Customer, MergeSuggestion } from '../identity/types.js';
import type { IgnoredAction, Thread } from '../threading/types.js';
import type { EngineEvents, IngestResult } from './emitted.js';
import { ChangePublisher } from './publish.js';
import { prepareBatch } from './batch.js';
import { RealTimeDriver } from './timers.js';
import { type EngineSnapshot, type SnapshotTenant, assembleSnapshot, checkSnapshot, checkSnapshotBinding, restoreSnapshot, snapshotTenant, takeSnapshot } from './snapshot.js';
import { type EngineView, type TimePoint, viewAt } from '../fold/time-travel.js';
import { SlaScheduler } from './sla-scheduler.js';
import { evaluateSla, type SlaReport } from '../policies/sla/evaluate.js';
import type { SlaEvent } from '../policies/sla/timers.js';
import type { FlagOptions } from '../policies/priority/flags.js';
import { type QueueEntry, type QueueQuery, TenantQueue, sortEntries } from './work-queue.js';
import { computeMetrics } from '../policies/metrics/compute.js';
import type { MetricsOptions, MetricsReport } from '../policies/metrics/types.js';
import { type EngineOptions, TenantPolicyBook } from './options.js';
import { RoutingDispatch } from './routing-dispatch.js';
import { type EngineLag, StoreTail } from './follow.js';
import type { StoredEvent } from '../store/types.js';

export type { EngineMode, EngineOptions, TenantOptions } from './options.js';
export type { EngineLag } from './follow.js';

/**
 * The engine: the pure fold behind a thin shell that validates input, stores events, and emits typed
 * events. Create it with {@link createEngine}.
 */
export class Engine {
  readonly store: EventStore;
  private readonly emitter = new EventEmitter<EngineEvents>();
  private core: EngineCore;
  private readonly publisher: ChangePublisher;
  private readonly limits: IngestLimits;
  /** Validation time, never fold time: checks producers' `occurredAt`, drives `startTimers()`. */
  private readonly clock: () => number;
  private readonly policies: TenantPolicyBook;
  private readonly routing: RoutingDispatch;
  private lastPosition = 0;
  private loaded: Promise<void> | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  /** A validated snapshot that `ready()` loads once it has checked it against the store. */
  private pendingSnapshot: EngineSnapshot | undefined;
  /** The store's identity, read by `ready()`; recorded in snapshots. */
  private storeId: string | null = null;
  /** Ingests accepted (called before `close()`) and not yet done: `close()` waits for them. */
  private readonly accepted = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;
  /** Events added to the fold since the last settle (see {@link flush}). */
  private unfolded = false;
  private readonly scheduler: SlaScheduler;
  private readonly queues = new Map<string, TenantQueue>();
  private readonly flags: FlagOptions | undefined;
  /** `'follower'`: never writes (see {@link EngineOptions.mode}). */
  readonly mode: 'writer' | 'follower';
  /** The tenants this engine folds (every one by default). */
  private readonly holds: (tenantId: string) => boolean;
  /** False while this engine may not write decisions (a partition owner that lost its lock). */
  private readonly decides: () => boolean;
  private readonly follows: boolean;
  private readonly tail: StoreTail;
  /** Every store position up to this one has been read (folded, or passed over as not held). */
  private readTo = 0;
  /** True while ready() reads the store's history (see flush). */
  private readingHistory = false;
  /** Why tailing stopped, if it failed: queries go on answering, `lag()` and `ingest` report it. */
  private tailError: unknown;

  constructor(options: EngineOptions = {}) {
    this.mode = checkMode(options.mode);
    this.holds = options.holds ?? (() => true);
    this.decides = options.decides ?? (() => true);
    this.follows = options.follow ?? this.mode === 'follower';
    this.policies = new TenantPolicyBook(options);
    this.flags = options.flags;
    this.store = options.store ?? createMemoryStore();
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.clock = options.clock ?? Date.now;
    const slaPolicy = (tenantId: string) => this.policies.of(tenantId).sla;
    this.core = new EngineCore((tenantId) => this.policies.of(tenantId));
    if (options.snapshot !== undefined) this.pendingSnapshot = checkSnapshot(options.snapshot);
    this.scheduler = new SlaScheduler({
      thread: (id) => this.core.transientThread(id),
      customer: (id) => this.core.transientCustomer(id),
      policyFor: slaPolicy,
    });
    this.publisher = new ChangePublisher(this.core, this.emitter, (threadId, tenantId) => {
      this.scheduler.touch(threadId);
      this.queueOf(tenantId).touch(threadId);
    });
    this.routing = new RoutingDispatch({
      core: this.core,
      policies: this.policies,
      queueOf: (tenantId) => this.queueOf(tenantId),
      // A decision is written only by an engine that may decide now; the next owner makes it instead.
      writeOwn: (events: readonly EventInput[]) => (this.decides() ? this.ingestNow(events, false) : Promise.resolve()),
      decided: (record) => this.emitter.emit('routing.decided', record),
    });
    this.tail = new StoreTail({
      store: this.store,
      clock: this.clock,
      fold: (batch) => this.exclusive(() => this.foldTailed(batch)),
      failed: (error) => {
        this.tailError = error;
        this.emitter.emit('tail.failed', error);
      },
    });
  }

  /** Subscribe to an engine event. Returns a function that unsubscribes. */
  on<K extends keyof EngineEvents>(name: K, listener: (...args: EngineEvents[K]) => void): () => void {
    // Changes folded before it subscribed are not news to it.
    this.flush();
    this.emitter.on(name, listener as never);
    return () => this.emitter.off(name, listener as never);
  }

  once<K extends keyof EngineEvents>(name: K, listener: (...args: EngineEvents[K]) => void): void {
    this.flush();
    this.emitter.once(name, listener as never);
  }

  off<K extends keyof EngineEvents>(name: K, listener: (...args: EngineEvents[K]) => void): void {
    this.emitter.off(name, listener as never);
  }

  /** Runs `fn` after every earlier call: one writer at a time, so concurrent ingests never fork a thread. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Reads what the store holds (after the snapshot, if any) into the state. Idempotent. */
  ready(): Promise<void> {
    this.loaded ??= this.exclusive(() => this.loadTail());
    return this.loaded;
  }

  private async loadTail(): Promise<void> {
    await this.readHistory();
    if (this.follows && !this.closing) this.tail.start(this.readTo);
  }

  private async readHistory(): Promise<void> {
    this.storeId = (await this.store.storeId?.()) ?? null;
    const snapshot = this.pendingSnapshot;
    if (snapshot) {
      // Bound to its store: another store's snapshot, or one past this store's end, would mix histories.
      checkSnapshotBinding(snapshot, this.storeId, await this.store.lastPosition());
      // The folded state itself: nothing is folded again, only the tail below.
      restoreSnapshot(this.core, snapshot, (tenantId) => this.policies.of(tenantId));
      this.lastPosition = snapshot.position;
      this.readTo = snapshot.position;
      this.pendingSnapshot = undefined;
    }
    // The store holds events this engine validated and made canonical: no need to parse them again.
    this.readingHistory = true;
    try {
      for await (const batch of this.store.readAll({ from: this.readTo + 1 })) this.addStored(batch);
    } finally {
      this.readingHistory = false;
    }
    this.core.settle();
    this.publisher.publish();
  }

  /**
   * Adds events read from the store, in store order, and returns the tenants that got new ones.
   * Skips tenants this engine does not hold, and events it already has: its own appends come back
   * through the tail, and a snapshot taken while tailing may hold events past its position.
   */
  private addStored(batch: readonly StoredEvent[]): Set<string> {
    const touched = new Set<string>();
    for (const stored of batch) {
      this.readTo = Math.max(this.readTo, stored.globalPosition);
      const { tenantId, id } = stored.event;
      if (!this.holds(tenantId)) continue;
      // Read, whether new or held already (its own append, or in a snapshot taken past its position).
      this.lastPosition = Math.max(this.lastPosition, stored.globalPosition);
      if (this.core.existing(tenantId, id) !== undefined) continue;
      const env = this.core.prepareStored(stored.event, stored.globalPosition);
      if (env instanceof OmnithreadError) throw env;
      this.core.add(env);
      // A read (or a snapshot) before ready() has settled the history folds what is in so far.
      this.unfolded = true;
      touched.add(tenantId);
    }
    return touched;
  }

  /**
   * A batch other processes wrote, delivered by the tail: fold it, then decide as after an ingest.
   * Once closing, a batch already delivered is still folded (the tail's position moves past it, and
   * a snapshot taken at that position must hold it) but no decision is made.
   */
  private async foldTailed(batch: readonly StoredEvent[]): Promise<void> {
    const touched = this.addStored(batch);
    if (touched.size === 0) return;
    if (this.closing || this.mode === 'follower' || !this.decides()) {
      if (this.watched()) this.flush();
      return;
    }
    const clockNow = this.clock();
    for (const t of touched) if (this.policies.of(t).routing !== undefined) this.flush();
    if (this.watched()) this.flush();
    try {
      await this.routing.afterIngest(touched, clockNow);
    } catch (error) {
      // Another owner (one that just died) wrote a decision with the same id: the tail brings it,
      // and routing runs again then. Decisions are never written twice.
      if (!(error instanceof OmnithreadError && error.code === 'DUPLICATE_CONFLICT')) throw error;
    }
  }

  /**
   * How far this engine is behind its store: the position it has folded everything up to, the
   * store's head, and the difference in events and in time. Meant for followers and partition
   * owners (engines that tail the store); for an engine that only ingests, `position` is what it
   * has read. Rejects with the tail's error if tailing failed.
   */
  async lag(): Promise<EngineLag> {
    if (this.tailError !== undefined) throw this.tailError;
    if (this.tail.following) return this.tail.lag();
    const storeHead = await this.store.lastPosition();
    const position = Math.max(this.readTo, this.lastPosition);
    return { position, storeHead, behindEvents: Math.max(0, storeHead - position), behindMs: 0, following: false };
  }

  /** Waits until every event the tail has delivered so far is folded (for tests and handovers). */
  async caughtUp(): Promise<void> {
    await this.tail.settled();
    await this.exclusive(async () => undefined);
  }

  private readOnly(what: string): OmnithreadError {
    return new OmnithreadError('ENGINE_READ_ONLY', `This engine is a follower: ${what} is refused (a follower never writes; ingest through a writer, decisions come from partition owners)`);
  }

  /**
   * Validates, stores and folds events. Never throws for bad events, whatever the input (a throwing
   * getter or Proxy included): each is reported in `rejected` with a typed error, and the valid events
   * of the batch are accepted. A new event too far ahead of the engine's clock is `CLOCK_SKEW`.
   * Redeliveries (same tenant and id, same content) count as `duplicates`; the same id with different
   * content is rejected with `DUPLICATE_CONFLICT`. Throws only for a batch over `limits.maxBatchSize`
   * or a store failure.
   */
  async ingest(input: unknown): Promise<IngestResult> {
    if (this.closing) throw new OmnithreadError('STORE_CLOSED', 'The engine is closed: ingest was called after close()');
    if (this.mode === 'follower') throw this.readOnly('ingest');
    const work = this.ingestAccepted(input);
    this.accepted.add(work);
    const done = () => this.accepted.delete(work);
    work.then(done, done);
    return work;
  }

  private async ingestAccepted(input: unknown): Promise<IngestResult> {
    await this.ready();
    return this.exclusive(async () => {
      // The input is read once, here and in validation; never again (a getter may answer differently).
      const tenants = new Set<string>();
      const clockNow = this.clock();
      const result = await this.ingestNow(input, true, clockNow, tenants);
      // Routing decides from the current state.
      for (const t of tenants) if (this.policies.of(t).routing !== undefined) this.flush();
      await this.routing.afterIngest(tenants, clockNow);
      if (this.emitter.listenerCount('thread.flagged') > 0) {
        for (const t of tenants) {
          const latest = this.core.tenants.get(t)?.latestAt;
          if (latest !== undefined && Number.isFinite(latest)) this.queueOf(t).settle(latest);
        }
      }
      return result;
    });
  }

  private queueOf(tenantId: string): TenantQueue {
    let q = this.queues.get(tenantId);
    if (!q) {
      q = new TenantQueue(
        tenantId,
        this.policies.of(tenantId).priority,
        { thread: (id) => this.core.transientThread(id), queried: (id) => this.core.thread(id), customer: (id) => this.core.transientCustomer(id), slaPolicy: (t) => this.policies.of(t).sla },
        this.flags,
        (thread, flag, score) => this.emitter.emit('thread.flagged', { thread, reason: flag.detail, score }),
        () => this.emitter.listenerCount('thread.flagged') > 0,
      );
      this.queues.set(tenantId, q);
    }
    return q;
  }

  /**
   * Open work in priority order at `now`: by default unassigned threads that are open (or snoozed
   * until a time that has come), each with its score and the reasons for it. Kept incrementally, so
   * the top of a large queue is cheap.
   */
  queue(query: QueueQuery): QueueEntry[] {
    this.flush();
    const tenants = query.tenantId !== undefined ? [query.tenantId] : [...this.core.tenants.keys()].sort();
    if (tenants.length === 1) return this.queueOf(tenants[0]!).top(query);
    return sortEntries(tenants.flatMap((t) => this.queueOf(t).top(query))).slice(0, query.limit ?? 50);
  }

  /**
   * Validates, stores and folds one batch. `report` is false for the engine's own events (routing);
   * `now` is the clock reading producers' events are checked against (none for the engine's own);
   * `tenantsSeen` collects the tenants the batch named.
   */
  private async ingestNow(input: unknown, report = true, now?: number, tenantsSeen?: Set<string>): Promise<IngestResult> {
    const { byTenant, rejected, duplicates: known, tenants } = prepareBatch(this.core, input, { limits: this.limits, ...(now === undefined ? {} : { now }), holds: this.holds });
    if (tenantsSeen) for (const t of tenants) tenantsSeen.add(t);
    let duplicates = known;
    let accepted = 0;
    // Each tenant's part is stored, then folded: the state never runs ahead of, or behind, the log.
    for (const [tenantId, envs] of byTenant) {
      // Validated events are fresh JSON data nobody else holds: a store that would copy them keeps them.
      const result = await this.store.appendToStream(tenantId, envs.map((e) => e.event), { [ownedEvents]: true } as AppendToStreamOptions);
      this.readPast(result.appended);
      const stored = new Map(result.appended.map((s) => [s.event.id, s]));
      for (const env of envs) {
        const s = stored.get(env.event.id);
        if (s === undefined) {
          duplicates++;
          continue;
        }
        const position = s.globalPosition;
        // Keep the store's (frozen) copy rather than a second one of our own: half the memory per event.
        this.core.add({ ...env, event: s.event, position });
        this.lastPosition = Math.max(this.lastPosition, position);
        // Set per tenant: a read (or a snapshot) while the next tenant's append is pending folds this one.
        this.unfolded = true;
        accepted++;
      }
    }
    // The engine's own events feed its next decision; a watched engine shows every change at once.
    if (!report || this.watched()) this.flush();
    const result: IngestResult = Object.freeze({ accepted, duplicates, rejected: Object.freeze(rejected) });
    for (const r of rejected) this.emitter.emit('event.rejected', r);
    if (report) this.emitter.emit('ingest.completed', result);
    return result;
  }

  /**
   * Folds what the last ingests added (re-folding stale components once), publishes the changes and
   * re-arms the timers. Ingests defer this while nobody watches — no listener of a change, no
   * timers, no routing — and the next read does it: a backlog delivered newest-first, one event per
   * call, then re-folds once instead of once per event. The state a read sees is the same either way.
   */
  private flush(): void {
    if (!this.unfolded) return;
    // While ready() reads the history, a read folds what is in so far; its changes are published
    // once, when the history is read (a listener added meanwhile still sees all of them).
    if (this.readingHistory) return this.core.settle();
    this.unfolded = false;
    this.core.settle();
    this.publisher.publish();
    // New events may bring a deadline closer than the armed timer.
    this.timers.arm();
  }

  /** Someone wants every change as it happens: listeners of changes, or real timers. */
  private watched(): boolean {
    if (this.timers.active) return true;
    for (const name of this.emitter.eventNames()) if (name !== 'ingest.completed' && name !== 'event.rejected' && name !== 'tail.failed' && name !== 'timers.failed') return true;
    return false;
  }

  /**
   * The last store position folded into the state. For an engine that tails the store, the
   * position it has folded everything up to (it may also hold its own later appends).
   */
  position(): number {
    return this.follows ? this.tail.position || this.readTo : this.lastPosition;
  }

  /**
   * Where a snapshot is taken: every event up to it is in the state. For an engine that does not
   * tail, that is what it has read, moved on by its own appends only while they land right after it:
   * another writer's events in between were never read, and a resume must read them.
   */
  private snapshotPosition(): number {
    return this.follows ? this.position() : this.readTo;
  }

  /** Own appends that land right after what was read extend it (a lone writer's always do). */
  private readPast(appended: readonly StoredEvent[]): void {
    const first = appended[0]?.globalPosition;
    const last = appended[appended.length - 1]?.globalPosition;
    if (first === this.readTo + 1 && last !== undefined && last - first + 1 === appended.length) this.readTo = last;
  }

  /** Customers that are not merged away, oldest first (one tenant, or all). */
  customers(filter?: { readonly tenantId?: string }): Customer[] {
    this.flush();
    return this.core.customers(filter);
  }
  /** A customer by id (an absorbed id returns the survivor); pass `tenantId` to look only there. */
  customer(id: string, tenantId?: string): Customer | undefined {
    this.flush();
    return this.core.customer(id, tenantId);
  }
  /** Every contact of the customer, all channels, in fold order. */
  timeline(customerId: string, tenantId?: string): TimelineEntry[] {
    this.flush();
    return this.core.timeline(customerId, tenantId);
  }
  /** Threads matching the filter (every field narrows), oldest first. */
  threads(filter?: ThreadFilter): Thread[] {
    this.flush();
    return this.core.threads(filter);
  }
  /** A thread by id (an absorbed id returns the survivor); pass `tenantId` to look only there. */
  thread(id: string, tenantId?: string): Thread | undefined {
    this.flush();
    return this.core.thread(id, tenantId);
  }
  agents(filter?: { readonly tenantId?: string }): Agent[] {
    this.flush();
    return this.core.agents(filter);
  }
  agent(tenantId: string, agentId: string): Agent | undefined {
    this.flush();
    return this.core.agent(tenantId, agentId);
  }
  /** Merges the merge policy declined, with its reason: for a person to decide. */
  mergeSuggestions(filter?: { readonly tenantId?: string }): MergeSuggestion[] {
    this.flush();
    return this.core.mergeSuggestions(filter);
  }
  /** Accepted events that changed nothing, with the reason (see docs/guarantees.md). */
  unapplied(filter?: { readonly tenantId?: string }): IgnoredAction[] {
    this.flush();
    return this.core.unapplied(filter);
  }

  /**
   * The service-level report of a thread at `now`: clocks, deadlines, misses, outcome, raw and
   * business-hours durations. Undefined when the thread is unknown or its tenant has no SLA policy.
   */
  sla(threadId: string, now: number): SlaReport | undefined {
    this.flush();
    const thread = this.core.thread(threadId);
    const policy = thread && this.policies.of(thread.tenantId).sla;
    if (!thread || !policy) return undefined;
    const customer = this.core.customer(thread.customerId);
    return evaluateSla(thread, { policy, now, ...(customer ? { customer } : {}) });
  }

  /**
   * Moves the engine's notion of time to `now` and emits every `sla.warning`, `sla.breached` and
   * `followup.due` that has come due — each exactly once, however time is stepped. Hosts that drive
   * time themselves (and tests) call this; {@link startTimers} calls it from real timers.
   */
  advanceTo(now: number): Promise<SlaEvent[]> {
    if (this.closing) return Promise.reject(new OmnithreadError('STORE_CLOSED', 'The engine is closed: advanceTo was called after close()'));
    if (this.mode === 'follower') return Promise.reject(this.readOnly('advanceTo'));
    return this.exclusive(async () => {
      this.flush();
      await this.routing.advanceTo(now);
      const due = this.scheduler.advanceTo(now);
      for (const e of due) {
        const thread = this.core.thread(e.threadId);
        const tenantId = thread?.tenantId ?? '';
        if (e.kind === 'followUp') this.emitter.emit('followup.due', { threadId: e.threadId, tenantId, at: e.at });
        else this.emitter.emit(e.kind === 'breach' ? 'sla.breached' : 'sla.warning', { tenantId, threadId: e.threadId, metric: e.metric, missId: e.missId, at: e.at });
      }
      return due;
    });
  }

  /**
   * Support metrics over the threads of a tenant (or all tenants): response and resolution times, raw
   * and in business hours, transfers, first-contact resolution, reopens, service-level hit rate,
   * CSAT / CES / NPS — grouped by channel, team, agent or priority. See docs/metrics.md.
   */
  metrics(options: Omit<MetricsOptions, 'customerOf'> & { readonly tenantId?: string }): MetricsReport {
    this.flush();
    const { tenantId, ...rest } = options;
    const threads = this.core.threads(tenantId === undefined ? {} : { tenantId });
    const sla = rest.sla ?? (tenantId === undefined ? undefined : this.policies.of(tenantId).sla);
    return computeMetrics(threads, { ...rest, ...(sla === undefined ? {} : { sla }), customerOf: (id) => this.core.customer(id) });
  }

  /** The earliest instant at which {@link advanceTo} would emit something (Infinity if none). */
  nextDue(): number {
    this.flush();
    return this.scheduler.nextDue();
  }

  private readonly timers = new RealTimeDriver(
    () => this.scheduler.nextDue(),
    (now) => this.advanceTo(now),
    (error) => this.emitter.emit('timers.failed', error),
  );

  /**
   * Runs SLA timers on a real clock: wakes at the next due instant and calls `advanceTo(clock())`.
   * The clock defaults to the engine's (`createEngine({ clock })`, else `Date.now`).
   */
  startTimers(clock: () => number = this.clock): void {
    if (this.mode === 'follower') throw this.readOnly('startTimers');
    this.timers.start(clock);
  }

  stopTimers(): void {
    this.timers.stop();
  }

  /**
   * A resumable image of the state, bound to this engine's store; pass it as
   * `createEngine({ snapshot, store })`. Before `ready()` has loaded a snapshot given to
   * `createEngine`, that snapshot is what is returned.
   */
  snapshot(): EngineSnapshot {
    this.flush();
    return this.pendingSnapshot ?? takeSnapshot(this.core, this.snapshotPosition(), this.storeId, (tenantId) => this.policies.of(tenantId));
  }

  /**
   * The same snapshot as {@link snapshot}, taken one tenant at a time: the event loop runs between
   * tenants, so a large state does not stall the process for the whole of it (partition owners use
   * it). The position is read first; tenants never share state and a tenant's state only ever gains
   * events, so each tenant holds every event up to that position, and one taken later may hold
   * events past it — which a resume finds already there and skips. A tenant's own encoding is still
   * one synchronous step.
   *
   * @example
   * ```ts
   * const snapshot = await engine.snapshotAsync(); // other work runs between tenants
   * ```
   */
  async snapshotAsync(): Promise<EngineSnapshot> {
    this.flush();
    if (this.pendingSnapshot) return this.pendingSnapshot;
    const position = this.snapshotPosition();
    const tenants: SnapshotTenant[] = [];
    for (const tenantId of [...this.core.tenants.keys()].sort()) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      // What arrived meanwhile is settled by snapshotTenant before the tenant is taken.
      const tenant = snapshotTenant(this.core, tenantId);
      if (tenant !== undefined) tenants.push(tenant);
    }
    return assembleSnapshot(tenants, position, this.storeId, (tenantId) => this.policies.of(tenantId));
  }

  /**
   * The state as it was: at a store position (a number: every event stored up to it), or at a time
   * (a `Date`, an ISO string, or `{ time }`: every event that had occurred by then). Read-only.
   */
  at(point: TimePoint): EngineView {
    this.flush();
    return viewAt(this.core, (tenantId) => this.policies.of(tenantId), point);
  }

  /**
   * Stops the timers, waits for the work already accepted — every `ingest` and `advanceTo` called
   * before `close()`, also one still waiting for `ready()` — then closes the store. Later calls of
   * `ingest` and `advanceTo` reject with `STORE_CLOSED`. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopTimers();
      this.tail.halt();
      // Accepted work may queue more (an ingest routes, then stores the assignments): wait until quiet.
      for (;;) {
        const chain = this.chain;
        await Promise.allSettled([chain, ...this.accepted]);
        if (chain === this.chain && this.accepted.size === 0) break;
      }
      await this.store.close();
    })();
    return this.closing;
  }
}

/**
 * Creates an engine.
 *
 * @example
 * ```ts
 * import { createEngine } from 'omnithread';
 * const engine = createEngine({ defaultRegion: 'US' });
 * engine.on('thread.created', (t) => console.log('new thread', t.id));
 * await engine.ingest({
 *   id: 'SM1', tenantId: 'acme', type: 'message.received', schemaVersion: 2,
 *   occurredAt: '2026-11-23T09:00:00Z', channel: 'sms',
 *   from: { kind: 'phone', value: '(415) 867-5310' }, content: { text: 'My order is late' },
 * });
 * engine.threads({ tenantId: 'acme' })[0]?.messages.length; // 1
 * ```
 */
export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(options);
}

function checkMode(mode: unknown): 'writer' | 'follower' {
  if (mode === undefined || mode === 'writer' || mode === 'follower') return mode ?? 'writer';
  const message = `expected 'writer' or 'follower', got ${JSON.stringify(mode)}`;
  throw new OmnithreadError('INVALID_ARGUMENT', `mode: ${message}`, { issues: [{ path: ['mode'], message }] });
}
