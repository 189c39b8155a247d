import { OmnithreadError } from '../../errors.js';

/**
 * One queued thread. Higher `key` first, then earlier `tieBreak`, then `threadId`.
 *
 * @example
 * ```ts
 * import { type WorkQueueEntry, createWorkQueue } from 'omnithread';
 * const queue = createWorkQueue();
 * queue.upsert('t1', 42, now);
 * const [first]: WorkQueueEntry[] = queue.top(1); // { threadId, key, tieBreak }
 * ```
 */
export interface WorkQueueEntry {
  readonly threadId: string;
  /** An ordering key (see `PriorityPolicy.orderingKey`); higher is worked first. */
  readonly key: number;
  /** Usually when the customer started waiting: earlier first among equal keys. */
  readonly tieBreak: number;
}

/**
 * An incrementally kept work queue: a sorted list of small sorted blocks (a flat B+-tree), so that
 * `upsert`/`remove` cost a binary search plus a short in-block move, and `top(k)` reads k entries.
 *
 * @example
 * ```ts
 * import { type WorkQueue, createWorkQueue } from 'omnithread';
 * const queue: WorkQueue = createWorkQueue();
 * queue.upsert('t1', 42, thread.awaitingReplySince ?? thread.createdAt);
 * queue.top(50);
 * ```
 */
export interface WorkQueue {
  /** Adds a thread or moves it to its new place. */
  upsert(threadId: string, key: number, tieBreak: number): void;
  /** Removes a thread; false when it was not queued. */
  remove(threadId: string): boolean;
  /** The best `limit` entries, in order; with a filter, the best `limit` that pass it. */
  top(limit: number, filter?: (entry: WorkQueueEntry) => boolean): WorkQueueEntry[];
  get(threadId: string): WorkQueueEntry | undefined;
  has(threadId: string): boolean;
  clear(): void;
  readonly size: number;
}

interface Slot {
  readonly threadId: string;
  readonly key: number;
  readonly tieBreak: number;
}

/**
 * A sorted run of entries. Keys are kept in their own array as well: searching touches one
 * contiguous array of doubles instead of a hundred scattered objects, which is most of the cost at
 * 100,000 entries.
 */
interface Block {
  keys: number[];
  slots: Slot[];
}

/** Target block size: blocks split above 2 × LOAD and merge below LOAD / 2. */
const LOAD = 128;

/** Negative when `a` comes before `b`: higher key, then earlier tieBreak, then smaller id. */
function compare(a: Slot, b: Slot): number {
  if (a.key !== b.key) return a.key > b.key ? -1 : 1;
  if (a.tieBreak !== b.tieBreak) return a.tieBreak < b.tieBreak ? -1 : 1;
  return a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : 0;
}

/** The first index in a block whose entry does not come before `x`. */
function lowerBound(block: Block, x: Slot): number {
  const { keys, slots } = block;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k > x.key || (k === x.key && compare(slots[mid]!, x) < 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const blockOf = (slots: Slot[]): Block => ({ keys: slots.map((s) => s.key), slots });

function invalid(message: string, path: string): never {
  throw new OmnithreadError('INVALID_ARGUMENT', message, { issues: [{ path: [path], message }] });
}

/**
 * Creates an empty work queue.
 *
 * @example
 * ```ts
 * import { type Thread, createWorkQueue } from 'omnithread';
 * const [t1, t2] = engine.threads({ tenantId: 'acme', status: 'open' }) as [Thread, Thread];
 * const queue = createWorkQueue();
 * queue.upsert('t1', 120, t1.awaitingReplySince ?? t1.createdAt);
 * queue.upsert('t2', 480, t2.awaitingReplySince ?? t2.createdAt);
 * queue.top(50); // [{ threadId: 't2', … }, { threadId: 't1', … }]
 * queue.remove('t2');
 * ```
 */
export function createWorkQueue(): WorkQueue {
  let blocks: Block[] = [];
  /**
   * Per block, a key that separates it from the next: no greater than the block's own keys and no
   * less than the next block's. The last key when the block was made; it need not be updated when a
   * block's last entry goes (the old key still separates) or when an entry is appended (only the
   * final block is ever appended to, and the search never reads the final block's separator).
   */
  let lastKeys: number[] = [];
  const byId = new Map<string, Slot>();

  /** The block that holds, or would hold, `x`: the first whose last entry does not come before it. */
  const blockFor = (x: Slot): number => {
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = lastKeys[mid]!;
      const before = k > x.key || (k === x.key && compare(blocks[mid]!.slots.at(-1)!, x) < 0);
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const replace = (at: number, count: number, replacement: Block[]) => {
    blocks.splice(at, count, ...replacement);
    lastKeys.splice(at, count, ...replacement.map((b) => b.keys.at(-1)!));
  };

  const insert = (x: Slot) => {
    if (blocks.length === 0) {
      replace(0, 0, [{ keys: [x.key], slots: [x] }]);
      return;
    }
    const bi = blockFor(x);
    const block = blocks[bi]!;
    const at = lowerBound(block, x);
    block.keys.splice(at, 0, x.key);
    block.slots.splice(at, 0, x);
    if (block.slots.length > 2 * LOAD) replace(bi, 1, [blockOf(block.slots.slice(0, LOAD)), blockOf(block.slots.slice(LOAD))]);
  };

  const erase = (x: Slot) => {
    const bi = blockFor(x);
    const block = blocks[bi]!;
    const at = lowerBound(block, x);
    block.keys.splice(at, 1);
    block.slots.splice(at, 1);
    if (block.slots.length === 0) {
      replace(bi, 1, []);
    } else if (block.slots.length < LOAD / 2 && blocks.length > 1) {
      // Merge with a neighbour so the number of blocks stays about n / LOAD.
      const left = bi > 0 ? bi - 1 : bi;
      const merged = blocks[left]!.slots.concat(blocks[left + 1]!.slots);
      replace(left, 2, merged.length > 2 * LOAD ? [blockOf(merged.slice(0, LOAD)), blockOf(merged.slice(LOAD))] : [blockOf(merged)]);
    }
  };

  return {
    upsert(threadId, key, tieBreak) {
      if (typeof threadId !== 'string' || threadId === '') invalid('threadId must be a non-empty string', 'threadId');
      if (!Number.isFinite(key)) invalid(`key must be a finite number, got ${key}`, 'key');
      if (!Number.isFinite(tieBreak)) invalid(`tieBreak must be a finite number, got ${tieBreak}`, 'tieBreak');
      const old = byId.get(threadId);
      if (old) {
        if (old.key === key && old.tieBreak === tieBreak) return;
        erase(old);
      }
      const slot: Slot = { threadId, key, tieBreak };
      byId.set(threadId, slot);
      insert(slot);
    },
    remove(threadId) {
      const old = byId.get(threadId);
      if (!old) return false;
      byId.delete(threadId);
      erase(old);
      return true;
    },
    top(limit, filter) {
      if (!Number.isInteger(limit) || limit < 0) invalid(`limit must be an integer ≥ 0, got ${limit}`, 'limit');
      const out: WorkQueueEntry[] = [];
      for (const block of blocks) {
        for (const s of block.slots) {
          if (out.length >= limit) return out;
          const entry = { threadId: s.threadId, key: s.key, tieBreak: s.tieBreak };
          if (!filter || filter(entry)) out.push(entry);
        }
      }
      return out;
    },
    get(threadId) {
      const s = byId.get(threadId);
      return s && { threadId: s.threadId, key: s.key, tieBreak: s.tieBreak };
    },
    has: (threadId) => byId.has(threadId),
    clear() {
      blocks = [];
      lastKeys = [];
      byId.clear();
    },
    get size() {
      return byId.size;
    },
  };
}
