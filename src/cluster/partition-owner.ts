/**
 * Partition owners: several engine processes share one PostgreSQL store; tenants are grouped into
 * partitions (`partitionOf`), and each partition has one owner at a time — the process holding its
 * session-level advisory lock. The owner folds the partition's tenants from the store's tail and is
 * the only writer of their engine decisions (assignments, expired offers, escalations). A crashed
 * owner's connection drops, PostgreSQL frees its locks, and another process takes the partitions on
 * its next claim round. See docs/scaling.md.
 */
import pg from 'pg';
import { createEngine, type Engine, type EngineOptions } from '../engine/engine.js';
import type { EngineSnapshot } from '../engine/snapshot.js';
import { OmnithreadError } from '../errors.js';
import { type AdvisoryLock, advisoryLockKey, tryAdvisoryLock } from '../store/postgres/advisory-lock.js';
import { partitionOf } from '../store/postgres/partitions.js';
import type { PgPool } from '../store/postgres/pg-like.js';
import { createPostgresStore, type PostgresEventStore } from '../store/postgres/store.js';
import type { EventStore } from '../store/types.js';
import { heldPartitions, lockName } from './held-locks.js';
import { loadSnapshot, saveSnapshot } from './snapshots.js';

/**
 * Options of {@link createPartitionOwner}.
 *
 * @example
 * ```ts
 * import type { PartitionOwnerOptions } from 'omnithread/postgres';
 * const options: PartitionOwnerOptions = { connectionString: 'postgres://postgres@127.0.0.1:5432/test', schema: 'helpdesk', partitions: 16, expectedOwners: 4 };
 * ```
 */
export type PartitionOwnerOptions = (
  | { readonly connectionString: string; readonly pool?: undefined }
  | {
      /** A pool of yours (never ended by the owner): it needs one connection per partition held, plus a few. */
      readonly pool: PgPool;
      readonly connectionString?: undefined;
    }
) & {
  /** The store's schema (default `omnithread`). */
  readonly schema?: string;
  /** How many partitions the tenants are spread over: the same number in every process. */
  readonly partitions: number;
  /** How many owner processes you run: each claims at most `ceil(partitions / expectedOwners)` at first (default 1). */
  readonly expectedOwners?: number;
  /** How often to look for partitions nobody owns, in ms (default 2000). Takeover after a crash takes 1–2 intervals. */
  readonly claimEveryMs?: number;
  /** What each partition's engine is created with (policies, tenants, clock…); store, follow, holds and decides are the owner's. */
  readonly engineOptions?: Omit<EngineOptions, 'store' | 'follow' | 'holds' | 'decides' | 'mode' | 'snapshot'>;
  /** Told when a partition is taken or lost (for logs and tests). */
  readonly onChange?: (change: { readonly partition: number; readonly owned: boolean; readonly error?: unknown }) => void;
  /**
   * Snapshots of each partition's engine in the store's `snapshots` table, named
   * `partition <p> of <partitions>`: an owner taking a partition resumes from its latest snapshot
   * plus the store's tail instead of reading the whole log. One is written, on a claim round, once
   * the store's position has moved `everyEvents` past the partition's last one (default 10,000), and
   * on `close()`. `false`: none are written or read.
   */
  readonly snapshots?: false | { readonly everyEvents?: number };
  /** Told when a snapshot is resumed, refused (the whole log is read instead), saved, or fails to save. */
  readonly onSnapshot?: (report: PartitionSnapshotReport) => void;
};

/**
 * What happened to a partition's snapshot: `resumed` (the engine started from it), `refused`
 * (damaged, of another store or of other fold policies, or it could not be read: the engine read the
 * whole log instead, replaced the snapshot with what it read, and `error` says why), `saved`, or
 * `failed` (not saved: `error`; the partition keeps running and tries again on the next due round).
 *
 * @example
 * ```ts
 * import type { PartitionSnapshotReport } from 'omnithread/postgres';
 * const onSnapshot = (r: PartitionSnapshotReport) => console.log(r.partition, r.action, r.position, r.error);
 * ```
 */
export interface PartitionSnapshotReport {
  readonly partition: number;
  readonly action: 'resumed' | 'refused' | 'saved' | 'failed';
  /** The snapshot's store position (resumed, saved). */
  readonly position?: number;
  /** Bytes written (saved). */
  readonly bytes?: number;
  readonly error?: unknown;
}

/**
 * A process's share of the partitions, and one engine per partition it owns.
 *
 * @example
 * ```ts
 * import { createPartitionOwner } from 'omnithread/postgres';
 * const owner = await createPartitionOwner({ connectionString, partitions: 8, expectedOwners: 3 });
 * console.log(owner.owned()); // e.g. [1, 4, 6]
 * owner.engineFor('acme')?.threads({ tenantId: 'acme' });
 * ```
 */
export interface PartitionOwner {
  readonly partitions: number;
  /** The partitions this process owns now, ascending. */
  owned(): number[];
  /** The engine of the partition `tenantId` belongs to, if this process owns it. */
  engineFor(tenantId: string): Engine | undefined;
  /** Every engine, by partition. */
  engines(): ReadonlyMap<number, Engine>;
  /** Runs one claim round now (the timer runs them every `claimEveryMs`). */
  claim(): Promise<void>;
  /** Stops claiming, closes every engine, then releases its locks. Idempotent. */
  close(): Promise<void>;
}

interface Held {
  readonly lock: AdvisoryLock;
  engine: Engine;
  /** False from the moment the lock may be gone: the engine stops writing decisions. */
  holding: boolean;
  /** True once the engine has read the store (its state may be snapshotted). */
  loaded: boolean;
  /** The position of the partition's latest snapshot, written or resumed. */
  savedAt: number;
  /** Saves that failed in a row. */
  failures: number;
  /** Claim rounds to sit out after a failed save (1, 2, 4 … 16): it must not starve the others, nor be starved for good. */
  backoff: number;
}

/**
 * Starts owning partitions: claims a fair share at once, then every `claimEveryMs` looks for
 * partitions nobody holds. The rule, so that processes started together spread the partitions:
 * a process takes free partitions while it owns fewer than `ceil(partitions / expectedOwners)`,
 * and takes any partition that has been free for a whole claim interval (seen free on two rounds in
 * a row) whatever it owns — so the partitions of a crashed owner are taken within two intervals.
 * Owners never hand partitions back while alive (no rebalancing): restart one to move its share.
 *
 * @example
 * ```ts
 * import { createPartitionOwner } from 'omnithread/postgres';
 * import { defaultRoutingPolicy } from 'omnithread';
 * const owner = await createPartitionOwner({
 *   connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
 *   partitions: 8, expectedOwners: 3, engineOptions: { policies: { routing: defaultRoutingPolicy() } },
 * });
 * process.on('SIGTERM', () => void owner.close());
 * ```
 */
export async function createPartitionOwner(options: PartitionOwnerOptions): Promise<PartitionOwner> {
  const n = options.partitions;
  if (!Number.isSafeInteger(n) || n < 1) throw invalid(`partitions must be a positive integer, got ${String(n)}`, 'partitions');
  const expected = options.expectedOwners ?? 1;
  if (!Number.isSafeInteger(expected) || expected < 1) throw invalid(`expectedOwners must be a positive integer, got ${String(expected)}`, 'expectedOwners');
  const every = options.claimEveryMs ?? 2_000;
  if (!Number.isSafeInteger(every) || every < 10) throw invalid(`claimEveryMs must be an integer ≥ 10, got ${String(every)}`, 'claimEveryMs');
  const share = Math.ceil(n / expected);
  const snapshotEvery = options.snapshots === false ? undefined : (options.snapshots?.everyEvents ?? 10_000);
  if (snapshotEvery !== undefined && (!Number.isSafeInteger(snapshotEvery) || snapshotEvery < 1)) {
    throw invalid(`snapshots.everyEvents must be a positive integer, got ${String(snapshotEvery)}`, 'snapshots');
  }
  // A listener that throws must not stop a save, a takeover or close().
  const report = (r: PartitionSnapshotReport): void => quietly(() => options.onSnapshot?.(r));
  const changed = (c: { readonly partition: number; readonly owned: boolean; readonly error?: unknown }): void => quietly(() => options.onChange?.(c));
  const schema = options.schema ?? 'omnithread';
  const ownsPool = options.pool === undefined;
  const pool: PgPool = options.pool ?? makePool(options.connectionString, n);
  let store: PostgresEventStore;
  try {
    store = await createPostgresStore({ pool, schema });
  } catch (error) {
    if (ownsPool) await (pool as pg.Pool).end().catch(() => undefined);
    throw error;
  }
  const shared = borrowed(store);
  const held = new Map<number, Held>();
  let freeBefore = new Set<number>();
  let round: Promise<void> | undefined;
  let saving: Promise<void> = Promise.resolve();
  let saveQueued = false;
  let closed = false;

  const lost = (p: number, h: Held, error?: unknown): void => {
    if (held.get(p) !== h) return;
    h.holding = false;
    held.delete(p);
    changed({ partition: p, owned: false, ...(error === undefined ? {} : { error }) });
    void (h.engine as Engine | undefined)?.close().catch(() => undefined);
    void h.lock.release();
  };

  async function take(p: number): Promise<void> {
    const lock = await tryAdvisoryLock(pool, advisoryLockKey('omnithread.partition', lockName(schema, n, p)));
    if (!lock) return;
    if (closed) return void (await lock.release());
    const h: Held = { lock, holding: true, engine: undefined as never, loaded: false, savedAt: 0, failures: 0, backoff: 0 };
    const start = (snapshot?: EngineSnapshot): Engine => {
      // Lost while starting (lost() has closed the engine there was): an engine started now would be nobody's.
      if (!h.holding) throw new Error(`partition ${p} was lost while its engine started`);
      const engine = createEngine({ ...options.engineOptions, store: shared, follow: true, holds: (t) => partitionOf(t, n) === p, decides: () => h.holding, snapshot });
      engine.on('tail.failed', (error) => lost(p, h, error));
      h.engine = engine;
      return engine;
    };
    const snapshot = snapshotEvery === undefined ? undefined : await loadSnapshot(pool, { schema, name: snapshotName(p, n) }).catch((error: unknown): typeof REFUSED => refused(p, error));
    if (closed) return void (await lock.release());
    held.set(p, h);
    void lock.lost.then(() => lost(p, h, new Error(`the connection holding partition ${p} ended`)));
    try {
      await resume(p, h, start, snapshot);
      // Decisions the previous owner did not get to write (threads that came in while the partition
      // was free) are made now, not at the tenant's next event. Same ids as its own: never twice.
      await h.engine.advanceTo((options.engineOptions?.clock ?? Date.now)()).catch(ignoreDuplicate);
    } catch (error) {
      lost(p, h, error);
      return;
    }
    if (held.get(p) === h) changed({ partition: p, owned: true });
  }

  function refused(p: number, error: unknown): typeof REFUSED {
    report({ partition: p, action: 'refused', error });
    return REFUSED;
  }

  /**
   * Starts the partition's engine from its snapshot, or from the whole log if there is none or it does
   * not fit — and then replaces the one that did not fit at once, so the next owner does not meet it.
   */
  async function resume(p: number, h: Held, start: (snapshot?: EngineSnapshot) => Engine, snapshot: EngineSnapshot | undefined | typeof REFUSED): Promise<void> {
    if (snapshot !== undefined && snapshot !== REFUSED) {
      try {
        await start(snapshot).ready();
        h.loaded = true;
        h.savedAt = snapshot.position;
        report({ partition: p, action: 'resumed', position: snapshot.position });
        return;
      } catch (error) {
        if (!isSnapshotError(error)) throw error;
        // Started from the snapshot or not (the snapshot may be refused as it is created), begin again.
        void (h.engine as Engine | undefined)?.close().catch(() => undefined);
        snapshot = refused(p, error);
      }
    }
    await start().ready();
    h.loaded = true;
    if (snapshot === REFUSED) queueSave(() => saveSnapshots([[p, h]], true));
  }

  /** Saves run one at a time, after the claim round that asked for them: a takeover never waits for one. */
  function queueSave(job: () => Promise<void>): void {
    saving = saving.then(job).catch(() => undefined);
  }

  /**
   * The partition whose engine is furthest past its last snapshot (at least `everyEvents`), among
   * those not sitting out rounds after a failed save. Called once per round: it counts those down.
   */
  function mostOverdue(): [number, Held] | undefined {
    if (snapshotEvery === undefined) return undefined;
    let best: [number, Held] | undefined;
    let bestBy = snapshotEvery - 1;
    for (const [p, h] of held) {
      if (!h.holding || !h.loaded) continue;
      if (h.backoff > 0) {
        h.backoff--;
        continue;
      }
      const by = h.engine.position() - h.savedAt;
      if (by > bestBy) [best, bestBy] = [[p, h], by];
    }
    return best;
  }

  /**
   * Saves a snapshot of each partition whose engine has moved past its last one (when one is due is
   * the caller's choice: `mostOverdue`, or close()); with `replace`, over whatever is stored.
   */
  async function saveSnapshots(partitions: Iterable<[number, Held]>, replace = false): Promise<void> {
    if (snapshotEvery === undefined) return;
    for (const [p, h] of partitions) {
      if (!h.holding || !h.loaded) continue;
      const position = h.engine.position();
      if (!replace && position <= h.savedAt) continue;
      try {
        const saved = await saveSnapshot(pool, { schema, name: snapshotName(p, n), snapshot: await h.engine.snapshotAsync(), replace });
        h.savedAt = position;
        h.failures = 0;
        h.backoff = 0;
        if (saved.saved) report({ partition: p, action: 'saved', position, bytes: saved.bytes });
      } catch (error) {
        h.failures++;
        h.backoff = Math.min(2 ** (h.failures - 1), 16);
        report({ partition: p, action: 'failed', error });
      }
    }
  }

  async function claimRound(): Promise<void> {
    const busy = await heldPartitions(pool, schema, n);
    const free = new Set<number>();
    for (let p = 0; p < n; p++) if (!busy.has(p) && !held.has(p)) free.add(p);
    for (const p of free) {
      if (closed) break;
      // One partition that cannot be taken now (a connection refused) does not stop the round.
      if (held.size < share || freeBefore.has(p)) await take(p).catch((error: unknown) => changed({ partition: p, owned: false, error }));
    }
    freeBefore = free;
    // One snapshot per round at most, the most overdue: partitions fall due together (the position
    // counts the whole log), and saving them all at once would stall this process for each in turn.
    const due = closed || saveQueued ? undefined : mostOverdue();
    if (due !== undefined) {
      saveQueued = true;
      queueSave(() => saveSnapshots([due]).finally(() => (saveQueued = false)));
    }
  }

  // Resolves once the round and the snapshot it queued are done (the timer does not wait for the save).
  const claim = (): Promise<void> => {
    if (closed) return Promise.resolve();
    round ??= claimRound().finally(() => (round = undefined));
    return round.then(() => saving);
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  let closing: Promise<void> | undefined;
  const owner: PartitionOwner = {
    partitions: n,
    owned: () => [...held.keys()].sort((a, b) => a - b),
    engineFor: (tenantId) => held.get(partitionOf(tenantId, n))?.engine,
    engines: () => new Map([...held].map(([p, h]) => [p, h.engine])),
    claim,
    close() {
      closing ??= (async () => {
        closed = true;
        if (timer !== undefined) clearInterval(timer);
        await round?.catch(() => undefined);
        await saving;
        const all = [...held];
        held.clear();
        // Engines first, so no decision is written after its lock is gone.
        await Promise.allSettled(all.map(([, h]) => h.engine.close()));
        // A planned restart resumes from here: the state as it was closed, before the locks go.
        await saveSnapshots(all);
        await Promise.allSettled(all.map(([, h]) => ((h.holding = false), h.lock.release())));
        await store.close();
        if (ownsPool) await (pool as pg.Pool).end();
      })();
      return closing;
    },
  };
  try {
    await claim();
  } catch (error) {
    // The first round failed (the database went away): nothing half-owned is left running or locked.
    await owner.close().catch(() => undefined);
    throw error;
  }
  timer = setInterval(() => void claim().catch(() => undefined), every);
  return owner;
}

function makePool(connectionString: string | undefined, partitions: number): pg.Pool {
  if (typeof connectionString !== 'string' || connectionString.length === 0) throw invalid('give either connectionString or pool', 'connectionString');
  // One connection per lock held, plus the store's reads, appends and LISTEN.
  const pool = new pg.Pool({ connectionString, max: partitions + 4 });
  pool.on('error', () => undefined);
  return pool;
}

/** The shared store, for one engine: closing the engine must not close it for the others. */
function borrowed(store: PostgresEventStore): EventStore {
  return {
    appendToStream: (s, e, o) => store.appendToStream(s, e, o),
    readStream: (s, o) => store.readStream(s, o),
    readAll: (o) => store.readAll(o),
    subscribe: (o) => store.subscribe(o),
    streams: () => store.streams(),
    lastPosition: () => store.lastPosition(),
    storeId: () => store.storeId?.() ?? Promise.resolve(undefined),
    close: async () => undefined,
  };
}

/** The name of partition `p`'s snapshot in the `snapshots` table. */
function snapshotName(p: number, n: number): string {
  return `partition ${p} of ${n}`;
}

/** A snapshot that was read but could not be used (damaged, of another format). */
const REFUSED: unique symbol = Symbol('refused');

function quietly(run: () => void): void {
  try {
    run();
  } catch {
    // A listener's own failure: not the owner's to handle.
  }
}

function isSnapshotError(error: unknown): boolean {
  return error instanceof OmnithreadError && (error.code === 'SNAPSHOT_INVALID' || error.code === 'SNAPSHOT_INCOMPATIBLE');
}

function ignoreDuplicate(error: unknown): void {
  // The previous owner wrote that very decision just before it died: the tail brings it.
  if (!(error instanceof OmnithreadError && error.code === 'DUPLICATE_CONFLICT')) throw error;
}

function invalid(message: string, field: string): OmnithreadError {
  return new OmnithreadError('INVALID_ARGUMENT', message, { issues: [{ path: [field], message }] });
}
