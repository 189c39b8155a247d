/**
 * The default policy remembers each thread's base subject per thread record (so a customer with more
 * distinct subjects than the bounded subject memo holds is not recomputed for every email). A record
 * whose subject is not the one remembered must be read afresh.
 */
import { describe, expect, it } from 'vitest';
import type { MessageEvent } from '../../src/events/schemas.js';
import { defaultThreadingPolicy } from '../../src/threading/default-policy.js';
import { makeThread } from '../../src/threading/make-thread.js';
import type { ThreadingContext } from '../../src/threading/policy.js';
import type { Thread } from '../../src/threading/types.js';

const AT = Date.UTC(2026, 10, 2, 12);
const email = (subject: string) =>
  ({ id: 'm', tenantId: 't', type: 'message.received', schemaVersion: 2, occurredAt: AT, channel: 'email', content: { text: 'x', subject } }) as unknown as MessageEvent;
const input = (subject: string) => ({ message: email(subject), direction: 'inbound' as const, identity: { key: 'email:a@example.com' } as never, customerId: 'c' });

describe('base subjects remembered per thread', () => {
  it('follow a thread whose subject changed', () => {
    const policy = defaultThreadingPolicy({ email: { subjectMatchWindowMs: 86_400_000 } });
    const thread = makeThread({ id: 't1', tenantId: 't', customerId: 'c', createdAt: AT - 60_000, channel: 'email', channels: ['email'], subject: 'Invoice 7' }) as Thread & { subject: string };
    const none = () => undefined;
    const ctx: ThreadingContext = { threads: [thread], threadByEmailMessageId: none, threadByRef: none, threadBySocialKey: none, threadByChatSession: none };
    expect(policy.decide(input('Re: Invoice 7'), ctx)).toMatchObject({ action: 'join', threadId: 't1' });
    (thread as { subject: string }).subject = 'Order 9';
    expect(policy.decide(input('Re: Invoice 7'), ctx).action).toBe('new');
    expect(policy.decide(input('AW: Order 9'), ctx)).toMatchObject({ action: 'join', threadId: 't1' });
  });
});
