import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { arbAgent, arbCustomer, arbPriorityContext, arbThread, arbThreadWithContext } from '../../../src/testing/arbitraries/index.js';

// The arbitraries live in src/testing/arbitraries; their coherence is checked here, next to their first user.

test.prop([arbThread()], { numRuns: 300 })('arbThread produces coherent, frozen threads', (t) => {
  expect(Object.isFrozen(t) && Object.isFrozen(t.messages) && Object.isFrozen(t.messages[0])).toBe(true);
  expect(t.messages.length).toBeGreaterThan(0);
  for (let i = 1; i < t.messages.length; i++) {
    const [a, b] = [t.messages[i - 1]!, t.messages[i]!];
    expect(a.occurredAt < b.occurredAt || (a.occurredAt === b.occurredAt && a.id < b.id)).toBe(true);
  }
  expect(t.createdAt).toBe(t.messages[0]!.occurredAt);
  expect(t.lastActivityAt).toBeGreaterThanOrEqual(t.messages.at(-1)!.occurredAt);
  expect(t.channels).toEqual([...new Set(t.messages.map((m) => m.channel))]);
  const inbound = t.messages.filter((m) => m.direction === 'inbound');
  const outbound = t.messages.filter((m) => m.direction === 'outbound');
  expect(t.channel).toBe((inbound.at(-1) ?? t.messages[0]!).channel);
  expect(t.firstResponseAt).toBe(outbound[0]?.occurredAt);
  expect(t.lastInboundAt).toBe(inbound.at(-1)?.occurredAt);
  if (t.awaitingReplySince !== undefined) {
    expect(['open', 'pending', 'snoozed']).toContain(t.status);
    expect(inbound.some((m) => m.occurredAt === t.awaitingReplySince)).toBe(true);
    expect(outbound.every((m) => m.occurredAt <= t.awaitingReplySince!)).toBe(true);
  } else if (!['resolved', 'closed', 'merged'].includes(t.status)) {
    expect(t.messages.at(-1)!.direction).toBe('outbound');
  }
  if (t.status === 'snoozed') expect(t.snoozedUntil).toBeGreaterThan(t.lastActivityAt);
  if (t.status === 'merged') expect(t.mergedInto).toBeDefined();
  expect(t.statusHistory.at(-1)?.status).toBe(t.status);
});

test.prop([arbThread({ awaiting: true, channels: ['chat'] }), arbThread({ awaiting: false })])('arbThread can force a waiting customer (or not)', (waiting, answered) => {
  expect(waiting.awaitingReplySince).toBeDefined();
  expect(waiting.channels).toEqual(['chat']);
  expect(answered.awaitingReplySince).toBeUndefined();
});

test.prop([arbThreadWithContext({ withCustomer: true, sla: true })])('arbThreadWithContext pairs a thread with its own customer, later', ({ thread, ctx }) => {
  expect(ctx.now).toBeGreaterThanOrEqual(thread.lastActivityAt);
  expect(ctx.customer?.id).toBe(thread.customerId);
  expect(ctx.customer?.tenantId).toBe(thread.tenantId);
  expect(ctx.sla).toBeDefined();
});

test.prop([arbCustomer({ tiers: ['basic', 'pro'] }), arbAgent({ channels: ['chat', 'call'] }), arbPriorityContext({ sla: false })])(
  'arbCustomer, arbAgent and arbPriorityContext respect their options',
  (customer, agent, ctx) => {
    expect([undefined, 'basic', 'pro']).toContain(customer.attributes.tier);
    expect(customer.identities.length).toBeGreaterThan(0);
    expect(customer.lastContactAt).toBeGreaterThanOrEqual(customer.createdAt);
    for (const [channel, load] of Object.entries(agent.load)) {
      expect(['chat', 'call']).toContain(channel);
      expect(load).toBeLessThanOrEqual(agent.capacity[channel as 'chat' | 'call']!);
    }
    expect(agent.skills.every((s) => s.level >= 1 && s.level <= 10)).toBe(true);
    expect(ctx.sla).toBeUndefined();
  },
);
