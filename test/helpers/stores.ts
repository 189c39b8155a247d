import type { EventStore } from '../../src/store/types.js';

/**
 * `inner`, shared by several engines of one test: closing one of them (an engine closes its store)
 * leaves it open. `overrides` replace methods, to slow an append or page a read.
 */
export function sharedStore(inner: EventStore, overrides: Partial<EventStore> = {}): EventStore {
  return {
    appendToStream: (s, e, o) => inner.appendToStream(s, e, o),
    readStream: (s, o) => inner.readStream(s, o),
    readAll: (o) => inner.readAll(o),
    subscribe: (o) => inner.subscribe(o),
    streams: () => inner.streams(),
    lastPosition: () => inner.lastPosition(),
    storeId: () => inner.storeId?.() ?? Promise.resolve(undefined),
    close: async () => undefined,
    ...overrides,
  };
}
