/**
 * Tailing the store: an engine that others write to (a follower, or a partition owner) subscribes
 * from the position it has read and folds what arrives. Deliveries are buffered and folded in
 * batches — one settle, one publish, one routing pass per batch instead of per event — on the
 * engine's one-writer chain, so a tailed batch never interleaves with an ingest. The fold is
 * order- and duplicate-independent, so folding events as they arrive gives the state a replay gives.
 */
import type { EventStore, StoredEvent, Unsubscribe } from '../store/types.js';

/**
 * How far an engine that tails its store is behind it (see `engine.lag()`).
 *
 * @example
 * ```ts
 * import { createEngine } from 'omnithread';
 * const follower = createEngine({ store, mode: 'follower' });
 * const { behindEvents, behindMs } = await follower.lag();
 * if (behindEvents > 10_000 || behindMs > 5_000) console.warn('follower lagging', behindEvents, behindMs);
 * ```
 */
export interface EngineLag {
  /** Every store event up to this position is folded (or, for tenants the engine does not hold, passed over). */
  readonly position: number;
  /** The store's last position, read now. */
  readonly storeHead: number;
  /** `storeHead - position`: events committed and not yet folded. */
  readonly behindEvents: number;
  /**
   * Milliseconds (on the engine's clock) since the engine was last seen at the store's head: 0 when
   * it is there now. Measures how stale its answers may be, whatever the rate of events.
   */
  readonly behindMs: number;
  /** True while the engine tails the store (a follower after `ready()`, or `follow: true`). */
  readonly following: boolean;
}

/** What the tail needs from the engine. */
export interface TailHost {
  readonly store: EventStore;
  readonly clock: () => number;
  /** Folds a batch of tailed events, in store order, on the engine's one-writer chain. */
  fold(batch: readonly StoredEvent[]): Promise<void>;
  /** Delivery or folding failed: the tail has stopped. */
  failed(error: unknown): void;
}

/** Deliveries buffered before the subscription waits for the fold (backpressure). */
const MAX_BUFFERED = 5_000;

/** One subscription feeding the engine's fold, and the bookkeeping behind `lag()`. */
export class StoreTail {
  private stop: Unsubscribe | undefined;
  private buffer: StoredEvent[] = [];
  private draining: Promise<void> | undefined;
  /** Every store position up to this one has been folded or passed over. */
  position = 0;
  private atHeadAt: number;

  constructor(private readonly host: TailHost) {
    this.atHeadAt = host.clock();
  }

  get following(): boolean {
    return this.stop !== undefined;
  }

  /** Starts tailing after `position` (what the engine has read). Idempotent. */
  start(position: number): void {
    if (this.stop) return;
    this.position = position;
    this.stop = this.host.store.subscribe({
      from: position + 1,
      onEvent: (stored) => {
        this.buffer.push(stored);
        const drain = (this.draining ??= this.drainSoon());
        // Let the subscription run ahead of the fold, but not without bound.
        return this.buffer.length >= MAX_BUFFERED ? drain : undefined;
      },
      onError: (error) => this.host.failed(error),
    });
  }

  /** Folds what has been delivered once the current delivery burst has been read. */
  private async drainSoon(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.buffer.length > 0) {
        const batch = this.buffer;
        this.buffer = [];
        await this.host.fold(batch);
        this.position = Math.max(this.position, batch[batch.length - 1]!.globalPosition);
      }
    } catch (error) {
      this.halt();
      this.host.failed(error);
    } finally {
      this.draining = undefined;
    }
  }

  /** Waits until what has been delivered so far is folded. */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async lag(): Promise<EngineLag> {
    const storeHead = await this.host.store.lastPosition();
    const now = this.host.clock();
    const behindEvents = Math.max(0, storeHead - this.position);
    if (behindEvents === 0) this.atHeadAt = now;
    return { position: this.position, storeHead, behindEvents, behindMs: Math.max(0, now - this.atHeadAt), following: this.following };
  }

  /** Stops the subscription; events already delivered are still folded. Idempotent. */
  halt(): void {
    this.stop?.();
    this.stop = undefined;
  }
}
