/** Hand-made agents, threads and customers for routing unit tests. */
import type { Agent } from '../../../src/agents/types.js';
import type { Customer, CustomerAttributes } from '../../../src/identity/types.js';
import type { Thread } from '../../../src/threading/types.js';
import { makeCustomer, makeThread } from '../../../src/threading/make-thread.js';

export const NOW = Date.parse('2025-03-03T10:00:00Z');
export const MIN = 60_000;

export function agent(id: string, overrides: Partial<Agent> = {}): Agent {
  return {
    id,
    tenantId: 't-1',
    status: 'online',
    statusSince: NOW - 60 * MIN,
    skills: [],
    languages: ['en'],
    teams: ['general'],
    capacity: { chat: 3, email: 10, call: 1 },
    senior: false,
    load: {},
    ...overrides,
  };
}

export function thread(overrides: Partial<Thread> = {}): Thread {
  return makeThread({
    id: 'th-1',
    tenantId: 't-1',
    customerId: 'c-1',
    ref: 'R1',
    channel: 'chat',
    channels: ['chat'],
    createdAt: NOW - 5 * MIN,
    visibility: 'public',
    ...overrides,
  });
}

export function customer(attributes: Partial<CustomerAttributes> = {}, id = 'c-1'): Customer {
  return makeCustomer({ id, tenantId: 't-1', threadIds: ['th-1'], attributes: { extra: {}, ...attributes }, createdAt: NOW - 100 * 86_400_000, lastContactAt: NOW - 5 * MIN });
}
