import type { EventInput } from '../../events/schemas.js';

/** What a generated event stands for, for counting the mix. */
export type WorkloadCategory = 'email' | 'sms' | 'whatsapp' | 'chat' | 'call' | 'social' | 'agent' | 'identity';

/**
 * Target shares of the workload, by event count: customer messages per channel, agent actions
 * (replies, status and profile changes) and identity events (links and merges).
 */
export const WORKLOAD_MIX: Readonly<Record<WorkloadCategory, number>> = Object.freeze({
  email: 0.3,
  sms: 0.15,
  whatsapp: 0.1,
  chat: 0.19,
  call: 0.1,
  social: 0.1,
  agent: 0.05,
  identity: 0.01,
});

/** The category order the generator draws in. */
export const CATEGORY_ORDER: readonly WorkloadCategory[] = ['email', 'sms', 'whatsapp', 'chat', 'call', 'social', 'identity', 'agent'];

/**
 * The category of a generated (raw) event: a customer message counts for its channel, anything an
 * agent or bot does counts as `agent`, links and merges as `identity`.
 *
 * @example
 * ```ts
 * import { workloadEvents } from 'omnithread/testing';
 * const counts = new Map<WorkloadCategory, number>();
 * for (const e of workloadEvents({ seed: 1, events: 10_000 })) {
 *   const k = workloadCategory(e);
 *   counts.set(k, (counts.get(k) ?? 0) + 1);
 * }
 * ```
 */
export function workloadCategory(event: EventInput): WorkloadCategory {
  switch (event.type) {
    case 'message.received':
      return event.channel;
    case 'identity.linked':
    case 'customer.merged':
    case 'customer.unmerged':
    case 'customer.attributes_set':
      return 'identity';
    default:
      return 'agent';
  }
}
