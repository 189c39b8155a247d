import { randomUUID } from 'node:crypto';
import { createIndexedStore } from './indexed-store.js';
import type { EventStore, StorableEvent, StoredEvent } from './types.js';
import type { OmnithreadEvent } from '../events/schemas.js';

/** Freezes plain data all the way down (an index loop for arrays, `for…in` for records: no array of values per object). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
    } else {
      const record = value as Record<string, unknown>;
      for (const key in record) deepFreeze(record[key]);
    }
  }
  return value;
}

/**
 * An event store held in memory: for tests, demos and short-lived processes. It keeps a JSON copy of
 * every event (so it behaves exactly like the durable stores: what you read back is what JSON can
 * carry, and mutating your object after the append changes nothing). What it returns is frozen.
 * Events the engine hands over (its own validated copies) are kept as they are, frozen.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from 'omnithread';
 * const store = createMemoryStore();
 * await store.appendToStream('acme', [event]);
 * const { events, currentStreamVersion } = await store.readStream('acme');
 * ```
 */
export function createMemoryStore<E extends StorableEvent = OmnithreadEvent>(): EventStore<E> & { storeId(): Promise<string> } {
  let log: StoredEvent<E>[] = [];
  // Each instance is its own log: a snapshot of one never resumes over another.
  const storeId = `memory-${randomUUID()}`;
  const store = createIndexedStore<E>({
    needsJson: false,
    async persist(records) {
      for (const record of records) log.push(deepFreeze(record.stored));
    },
    async readRange(from, to) {
      return log.slice(from - 1, to);
    },
    async readPositions(positions) {
      return positions.map((p) => log[p - 1] as StoredEvent<E>);
    },
    async close() {
      log = [];
    },
  }, undefined, { storeId });
  return store as EventStore<E> & { storeId(): Promise<string> };
}
