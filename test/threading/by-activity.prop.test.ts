/**
 * The default policy reads a customer's many threads most recently active first and stops early
 * (`threadsByActivity`). That is an optimisation only: for any threads, message and options it must
 * decide exactly as the scan of `threads` does (a hand-built context without the order). Activity
 * times are drawn from a few values so that ties, the tie-break and both sides of every window are met.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../src/events/primitives.js';
import type { MessageEvent } from '../../src/events/schemas.js';
import { defaultThreadingPolicy } from '../../src/threading/default-policy.js';
import { makeThread } from '../../src/threading/make-thread.js';
import type { ThreadingContext } from '../../src/threading/policy.js';
import type { Thread } from '../../src/threading/types.js';
import { propertyParameters } from '../helpers/runs.js';

const H = 3_600_000;
const AT = Date.UTC(2026, 10, 2, 12);
const times = fc.constantFrom(0, 1, 2, 6, 24, 71, 72, 73, 200).map((h) => AT - h * H);
const subjects = fc.constantFrom(undefined, 'Order 7', 'Re: Order 7', 'AW: order 7', 'Invoice');

const arbThread = fc.record({
  lastActivity: times,
  channels: fc.subarray([...CHANNELS], { minLength: 1, maxLength: 3 }),
  status: fc.constantFrom('open', 'open', 'pending', 'snoozed', 'resolved', 'closed'),
  resolvedAgo: fc.option(times, { nil: undefined }),
  visibility: fc.constantFrom('private', 'private', 'private', 'public'),
  subject: subjects,
});

const arbOptions = fc.record({
  crossChannel: fc.boolean(),
  continuityWindowMs: fc.constantFrom(0, 24 * H, 72 * H, Infinity),
  continuity: fc.constantFrom(undefined, 'single', 'latestOpen'),
  inactivityGapMs: fc.constantFrom(undefined, 30 * 60_000, 48 * H),
  email: fc.record({ subjectMatchWindowMs: fc.constantFrom(0, 2 * H, 72 * H, Infinity) }),
});

function contexts(threads: readonly Thread[]): { ordered: ThreadingContext; scanned: ThreadingContext } {
  const none = () => undefined;
  const scanned: ThreadingContext = { threads, threadByEmailMessageId: none, threadByRef: none, threadBySocialKey: none, threadByChatSession: none };
  // The order the engine keeps: by last activity, between equals the later in `threads`.
  const byActivity = threads.map((t, i) => ({ t, i })).sort((a, b) => a.t.lastActivityAt - b.t.lastActivityAt || a.i - b.i).map((x) => x.t);
  const threadsByActivityWithout = (channel: Channel) => byActivity.filter((t) => !t.channels.includes(channel));
  return { scanned, ordered: { ...scanned, threadsByActivity: byActivity, threadsByActivityWithout } };
}

describe('the default policy over threads by activity', () => {
  it('decides as the scan of every thread does, whatever the threads, message and options', () => {
    fc.assert(
      fc.property(
        fc.array(arbThread, { maxLength: 40, size: 'max' }),
        arbOptions,
        fc.constantFrom<Channel>(...CHANNELS),
        fc.constantFrom('inbound', 'outbound'),
        subjects,
        (drafts, options, channel, direction, subject) => {
          const threads = drafts.map((d, i) =>
            makeThread({
              id: `t${i}`,
              tenantId: 't',
              customerId: 'c',
              createdAt: d.lastActivity - H,
              lastActivityAt: d.lastActivity,
              channel: d.channels[0]!,
              channels: d.channels,
              status: d.status as Thread['status'],
              resolvedAt: d.status === 'resolved' ? d.resolvedAgo : undefined,
              visibility: d.visibility as Thread['visibility'],
              subject: d.subject,
            }),
          );
          const message = {
            id: 'm',
            tenantId: 't',
            type: direction === 'inbound' ? 'message.received' : 'message.sent',
            schemaVersion: 2,
            occurredAt: AT,
            channel,
            content: { text: 'hello', ...(subject === undefined ? {} : { subject }) },
            ...(channel === 'social' ? { social: { platform: 'x', visibility: 'private' } } : {}),
          } as unknown as MessageEvent;
          const policy = defaultThreadingPolicy(options as Parameters<typeof defaultThreadingPolicy>[0]);
          const input = { message, direction: direction as 'inbound' | 'outbound', identity: { kind: 'email', value: 'a@example.com', key: 'email:a@example.com' } as never, customerId: 'c' };
          const { ordered, scanned } = contexts(threads);
          expect(policy.decide(input, ordered)).toEqual(policy.decide(input, scanned));
        },
      ),
      propertyParameters(2000),
    );
  });
});
