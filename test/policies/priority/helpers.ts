import type { Customer } from '../../../src/identity/types.js';
import type { Thread, ThreadMessage } from '../../../src/threading/types.js';
import { makeCustomer, makeThread } from '../../../src/threading/make-thread.js';

export const T0 = Date.UTC(2024, 4, 6, 9, 0);
export const MIN = 60_000;

/** A customer (or, with `from: 'agent'`, an agent) message `minutes` after T0. */
export function msg(minutes: number, text: string | undefined, over: Partial<ThreadMessage> & { from?: 'customer' | 'agent' } = {}): ThreadMessage {
  const { from = 'customer', ...rest } = over;
  return {
    id: `m-${minutes}-${from}`,
    occurredAt: T0 + minutes * MIN,
    channel: 'email',
    direction: from === 'customer' ? 'inbound' : 'outbound',
    author: from === 'customer' ? { type: 'customer' } : { type: 'agent', agentId: 'a1' },
    identityKey: 'email:ada@example.com',
    ...(text === undefined ? {} : { text }),
    reason: 'test',
    ...rest,
  };
}

/** A plain open email thread with one customer message at T0, waiting since then. */
export function thread(over: Partial<Thread> = {}): Thread {
  const messages = over.messages ?? [msg(0, 'Hello, I have a question about my invoice.')];
  const last = messages[messages.length - 1]!;
  return makeThread({
    id: 't1',
    tenantId: 'acme',
    customerId: 'c1',
    ref: '1',
    channels: ['email'],
    messages,
    createdAt: messages[0]!.occurredAt,
    lastActivityAt: last.occurredAt,
    awaitingReplySince: messages[0]!.occurredAt,
    statusHistory: [{ status: 'open', at: messages[0]!.occurredAt, eventId: messages[0]!.id }],
    ...over,
  });
}

export function customer(attributes: Partial<Customer['attributes']> = {}): Customer {
  return makeCustomer({ id: 'c1', tenantId: 'acme', threadIds: ['t1'], attributes: { extra: {}, ...attributes }, createdAt: T0 - 100 * 24 * 60 * MIN, lastContactAt: T0 });
}

/** The sum of a result's reason points: built-ins make it equal the score. */
export const pointsOf = (r: { reasons: readonly { points: number }[] }) => r.reasons.reduce((s, x) => s + x.points, 0);
