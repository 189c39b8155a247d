import type { EventOf } from '../../../src/events/schemas.js';
import { isOmnithreadError, type ErrorCode } from '../../../src/errors.js';
import type { EventStore, StoredEvent } from '../../../src/store/index.js';

/** A valid canonical event, small and easy to vary. */
export function note(id: string, tenantId = 'acme', text = `text of ${id}`): EventOf<'note.added'> {
  return { id, tenantId, type: 'note.added', occurredAt: 1_763_888_400_000, schemaVersion: 2, threadId: 't-1', agentId: 'agent-1', text };
}

export function notes(prefix: string, count: number, tenantId = 'acme'): EventOf<'note.added'>[] {
  return Array.from({ length: count }, (_, i) => note(`${prefix}-${i + 1}`, tenantId));
}

/** The error code a promise rejects with (or the raw error / 'resolved', so a failure message shows what happened). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return isOmnithreadError(error) ? error.code : error;
  }
}

export function thrownCode(fn: () => unknown): unknown {
  try {
    fn();
    return 'returned';
  } catch (error) {
    return isOmnithreadError(error) ? error.code : error;
  }
}

export type { ErrorCode };

export async function readAllEvents(store: EventStore, options: { from?: number; maxCount?: number; batchSize?: number } = {}): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of store.readAll(options)) out.push(...batch);
  return out;
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
