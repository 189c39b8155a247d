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
  // One literal naming every field, unset ones as undefined: every thread gets the same object shape,
  // which keeps the fold's property accesses fast (views leave undefined fields out).
  return {
    id: init.id,
    tenantId: init.tenantId,
    customerId: init.customerId,
    ref: init.ref ?? init.id.slice(-8).toUpperCase(),
    status: init.status ?? 'open',
    snoozedUntil: init.snoozedUntil,
    mergedInto: init.mergedInto,
    channel: init.channel ?? 'email',
    channels: init.channels ?? [],
    messages: init.messages ?? [],
    createdAt: init.createdAt,
    lastActivityAt: init.lastActivityAt ?? init.createdAt,
    firstInboundAt: init.firstInboundAt,
    lastInboundAt: init.lastInboundAt,
    lastOutboundAt: init.lastOutboundAt,
    firstResponseAt: init.firstResponseAt,
    awaitingReplySince: init.awaitingReplySince,
    resolvedAt: init.resolvedAt,
    closedAt: init.closedAt,
    assignee: init.assignee,
    assignedAt: init.assignedAt,
    acceptedAt: init.acceptedAt,
    declines: init.declines ?? [],
    escalation: init.escalation,
    team: init.team,
    priorityOverride: init.priorityOverride,
    severity: init.severity,
    tags: init.tags ?? [],
    campaign: init.campaign,
    language: init.language,
    subject: init.subject,
    needsCallback: init.needsCallback ?? false,
    visibility: init.visibility ?? 'private',
    handledBy: init.handledBy ?? 'human',
    handoverRequestedAt: init.handoverRequestedAt,
    transfers: init.transfers ?? 0,
    reopens: init.reopens ?? 0,
    assignments: init.assignments ?? 0,
    notes: init.notes ?? [],
    surveys: init.surveys ?? [],
    statusHistory: init.statusHistory ?? [],
    ignored: init.ignored ?? [],
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
