/** Builds minimal `Thread` values for SLA tests: only the fields the SLA module reads matter. */
import type { Channel, PriorityLevel } from '../../../src/events/primitives.js';
import { makeCustomer, makeThread } from '../../../src/threading/make-thread.js';
import type { Customer } from '../../../src/identity/types.js';
import type { Thread, ThreadMessage, ThreadStatus } from '../../../src/threading/types.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** `in` = a customer message, `agent` / `bot` = an outbound reply, `status` = a status change. */
export type Step =
  | { readonly at: number; readonly kind: 'in' | 'agent' | 'bot' }
  | { readonly at: number; readonly kind: 'status'; readonly status: ThreadStatus };

export interface ThreadSpec {
  readonly id?: string;
  readonly createdAt?: number;
  readonly steps: readonly Step[];
  readonly snoozedUntil?: number;
  readonly priorityOverride?: PriorityLevel;
  readonly channel?: Channel;
}

export function message(id: string, at: number, kind: 'in' | 'agent' | 'bot', channel: Channel): ThreadMessage {
  return {
    id,
    occurredAt: at,
    channel,
    direction: kind === 'in' ? 'inbound' : 'outbound',
    author: kind === 'in' ? { type: 'customer' } : kind === 'agent' ? { type: 'agent', agentId: 'a1' } : { type: 'bot', botId: 'b1' },
    identityKey: 'email:c@example.com',
    reason: 'test',
  };
}

export function buildThread(spec: ThreadSpec): Thread {
  const channel = spec.channel ?? 'email';
  const steps = [...spec.steps].sort((a, b) => a.at - b.at);
  const messages = steps
    .map((s, i) => (s.kind === 'status' ? undefined : message(`m${String(i).padStart(4, '0')}`, s.at, s.kind, channel)))
    .filter((m): m is ThreadMessage => m !== undefined);
  const statusHistory = steps.flatMap((s, i) => (s.kind === 'status' ? [{ status: s.status, at: s.at, eventId: `s${i}` }] : []));
  const createdAt = spec.createdAt ?? messages[0]?.occurredAt ?? 0;
  const lastStatus = statusHistory[statusHistory.length - 1]?.status ?? 'open';
  return makeThread({
    id: spec.id ?? 't1',
    tenantId: 'acme',
    customerId: 'c1',
    ref: 'T1',
    status: lastStatus,
    ...(spec.snoozedUntil === undefined ? {} : { snoozedUntil: spec.snoozedUntil }),
    channel,
    channels: [channel],
    messages,
    createdAt,
    lastActivityAt: Math.max(createdAt, ...steps.map((s) => s.at)),
    ...(spec.priorityOverride ? { priorityOverride: spec.priorityOverride } : {}),
    statusHistory,
  });
}

export function customer(attributes: { tier?: string; vip?: boolean } = {}): Customer {
  return makeCustomer({ id: 'c1', tenantId: 'acme', threadIds: ['t1'], attributes: { ...attributes, extra: {} }, createdAt: 0 });
}
