import type { IdentityRef } from '../src/events/primitives.js';
import type { WorkloadEvent } from '../src/testing/workload/index.js';

type Ref = IdentityRef | { kind: 'customer'; customerId: string };

function refKey(ref: Ref): string {
  switch (ref.kind) {
    case 'email':
    case 'phone':
    case 'whatsapp':
      return ref.value;
    case 'chat':
      return ref.visitorId;
    case 'social':
      return ref.id;
    case 'external':
      return ref.id;
    case 'customer':
      return ref.customerId;
  }
}

/**
 * The naive customer key the baseline folds by: the raw identity value the event is from or to,
 * with no normalisation, no identity links and no tenant scoping (the benchmark workload has one
 * tenant). Agent events key by agent. It is the floor any real engine has to beat, not a peer.
 *
 * @example
 * ```ts
 * customerKey({ ...event, type: 'message.received', from: { kind: 'phone', value: '+14155550100' } }); // '+14155550100'
 * ```
 */
export function customerKey(event: WorkloadEvent): string {
  switch (event.type) {
    case 'message.received':
      return refKey(event.from);
    case 'message.sent':
      return refKey(event.to);
    case 'identity.linked':
      return refKey(event.to);
    case 'customer.merged':
      return refKey(event.target);
    case 'agent.status_changed':
    case 'agent.profile_set':
    case 'thread.assigned':
    case 'note.added':
      return `agent:${event.agentId}`;
    default:
      return `other:${event.type}`;
  }
}
