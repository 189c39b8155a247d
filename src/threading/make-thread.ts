import type { Customer } from '../identity/types.js';
import type { Thread } from './types.js';

/**
 * A thread with every field at its starting value: open, no messages, nothing counted yet. The fold
 * opens threads with it; tests and policy authors use it to build the thread they need.
 *
 * @example
 * ```ts
 * import { makeThread } from 'omnithread';
 * const vip = makeThread({ id: 't1', tenantId: 'acme', customerId: 'c1', createdAt: Date.UTC(2026, 10, 23), tags: ['vip'] });
 * ```
 */
export function makeThread(init: Pick<Thread, 'id' | 'tenantId' | 'customerId' | 'createdAt'> & Partial<Thread>): Thread {
  return {
    ref: init.id.slice(-8).toUpperCase(),
    status: 'open',
    channel: 'email',
    channels: [],
    messages: [],
    lastActivityAt: init.createdAt,
    tags: [],
    needsCallback: false,
    visibility: 'private',
    handledBy: 'human',
    transfers: 0,
    reopens: 0,
    assignments: 0,
    notes: [],
    surveys: [],
    statusHistory: [],
    ignored: [],
    ...init,
  };
}

/**
 * A customer with no identities, threads or attributes yet, for tests and policy authors.
 *
 * @example
 * ```ts
 * import { makeCustomer } from 'omnithread';
 * const gold = makeCustomer({ id: 'c1', tenantId: 'acme', createdAt: 0, attributes: { tier: 'gold', extra: {} } });
 * ```
 */
export function makeCustomer(init: Pick<Customer, 'id' | 'tenantId' | 'createdAt'> & Partial<Customer>): Customer {
  return { identities: [], mergedFrom: [], threadIds: [], attributes: { extra: {} }, lastContactAt: init.createdAt, ...init };
}
