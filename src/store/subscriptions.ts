/**
 * Catch-up subscriptions: each subscriber has a cursor (the next global position it wants) and a
 * pump that reads from the log until it reaches the head, then sleeps until the next commit. Reading
 * by position from the committed log — instead of pushing appended events — is what makes delivery
 * gap-free and double-free even when a subscriber joins in the middle of an append.
 */
import type { StorableEvent, StoredEvent, SubscribeOptions, Unsubscribe } from './types.js';

const DELIVERY_BATCH = 1000;

export interface SubscriptionSource<E extends StorableEvent> {
  /** Global position of the last committed event. */
  head(): number;
  /** Committed events at global positions from..to inclusive. */
  readRange(from: number, to: number): Promise<readonly StoredEvent<E>[]>;
}

interface Subscriber {
  active: boolean;
}

export interface SubscriptionHub<E extends StorableEvent> {
  subscribe(options: SubscribeOptions<E>): Unsubscribe;
  /** Wakes sleeping subscribers after a commit. */
  notify(): void;
  /** Stops every subscriber. */
  stopAll(): void;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function';
}

export function createSubscriptionHub<E extends StorableEvent>(source: SubscriptionSource<E>): SubscriptionHub<E> {
  const subscribers = new Set<Subscriber>();
  let wake: () => void = () => {};
  let nextCommit = new Promise<void>((resolve) => (wake = resolve));

  function notify(): void {
    const resolve = wake;
    nextCommit = new Promise<void>((r) => (wake = r));
    resolve();
  }

  async function pump(sub: Subscriber, options: SubscribeOptions<E>, from: number): Promise<void> {
    let cursor = from;
    while (sub.active) {
      const head = source.head();
      if (cursor > head) {
        await nextCommit;
        continue;
      }
      const batch = await source.readRange(cursor, Math.min(head, cursor + DELIVERY_BATCH - 1));
      for (const stored of batch) {
        if (!sub.active) return;
        const result = options.onEvent(stored);
        if (isPromise(result)) await result;
        cursor = stored.globalPosition + 1;
      }
    }
  }

  return {
    subscribe(options) {
      const sub: Subscriber = { active: true };
      subscribers.add(sub);
      const stop = (): void => {
        if (!sub.active) return;
        sub.active = false;
        subscribers.delete(sub);
        notify(); // lets its pump, if asleep, see that it is done
      };
      pump(sub, options, options.from ?? 1).then(stop, (error: unknown) => {
        if (!sub.active) return;
        stop();
        if (options.onError) options.onError(error);
        else throw error;
      });
      return stop;
    },
    notify,
    stopAll() {
      for (const sub of subscribers) sub.active = false;
      subscribers.clear();
      notify();
    },
  };
}
