/**
 * The fold keeps each customer's threads by last activity (fold/activity.ts) as threads open,
 * messages arrive, threads merge and split and customers merge, through re-folds from checkpoints.
 * If that order went stale, the default policy (which reads it for customers with many threads)
 * would decide differently from the same policy scanning every thread: the two engines below must
 * end in the same state for rich histories delivered in any order, one event per call.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { defaultThreadingPolicy } from '../../src/threading/default-policy.js';
import type { ThreadingPolicy } from '../../src/threading/policy.js';
import { T0, arbRich } from '../helpers/rich-history.js';
import { propertyParameters } from '../helpers/runs.js';
import { stateOf } from '../helpers/state.js';
import { checkpointEveryRefold } from '../helpers/checkpoints.js';
import { scanningPolicy } from '../helpers/threading.js';



// Person 0 starts with many email conversations (each bare email opens a thread), so the rich
// history that follows meets a customer past the policy's read-everything size.
const opening = (n: number, minute: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `b${i}`,
    tenantId: 't',
    type: 'message.received',
    schemaVersion: 2,
    occurredAt: T0 + minute(i) * 60_000,
    channel: 'email',
    from: { kind: 'email', value: 'p0@example.com' },
    content: { text: `opening ${i}`, subject: i % 3 === 0 ? 'x' : `topic ${i}` },
    email: { messageId: `<b${i}@x>` },
  }));

const arbHistory = fc
  .record({ rich: arbRich({ people: 2, maxEvents: 50 }), minutes: fc.array(fc.nat({ max: 300 }), { minLength: 24, maxLength: 24 }) })
  .map(({ rich, minutes }) => [...opening(24, (i) => minutes[i]!), ...rich])
  .chain((events) => fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }));

const arbOptions = fc.constantFrom<Parameters<typeof defaultThreadingPolicy>[0]>(
  {},
  { email: { subjectMatchWindowMs: 60 * 60_000 } },
  { continuityWindowMs: 30 * 60_000, channels: { sms: { continuity: 'latestOpen', inactivityGapMs: 20 * 60_000 } } },
  { crossChannel: false, email: { subjectMatchWindowMs: Infinity } },
);

describe('threads by activity in the fold', () => {
  checkpointEveryRefold();

  it('decide as a scan of every thread, delivered in any order', async () => {
    let past = 0; // decisions about a customer with more threads than the policy reads whole
    await fc.assert(
      fc.asyncProperty(arbHistory, arbOptions, async (order, options) => {
        const policy = defaultThreadingPolicy(options);
        const counting: ThreadingPolicy = { ...policy, decide: (input, ctx) => ((past += ctx.threads.length > 16 ? 1 : 0), policy.decide(input, ctx)) };
        const ordered = createEngine({ policies: { threading: counting } });
        const scanned = createEngine({ policies: { threading: scanningPolicy(options) } });
        for (const event of order) {
          const a = await ordered.ingest(event);
          const b = await scanned.ingest(event);
          expect(a.rejected.map((x) => x.error.message)).toEqual(b.rejected.map((x) => x.error.message));
        }
        expect(stateOf(ordered)).toEqual(stateOf(scanned));
      }),
      propertyParameters(60),
    );
    expect(past).toBeGreaterThan(100);
  });

  it('a split-off thread counts with its messages’ activity, not the split’s time', async () => {
    const at = (minute: number) => T0 + minute * 60_000;
    const text = (id: string, minute: number, channel: 'sms' | 'whatsapp') => ({ id, tenantId: 't', type: 'message.received', schemaVersion: 2, occurredAt: at(minute), channel, from: { kind: 'phone', value: '+14155551000' }, content: { text: id } });
    const link = { id: 'link', tenantId: 't', type: 'identity.linked', schemaVersion: 2, occurredAt: at(0), identity: { kind: 'email', value: 'p0@example.com' }, to: { kind: 'phone', value: '+14155551000' } };
    const engine = createEngine();
    const first = text('s1', 1, 'sms');
    expect((await engine.ingest([link, ...opening(20, (i) => 2 + i), first, text('w1', 25, 'whatsapp'), text('s2', 30, 'sms')])).rejected).toEqual([]);
    const sms = engine.threads().find((t) => t.messages.some((m) => m.id === 's1'))!;
    // s1 (minute 1) leaves the SMS thread (active at minute 30) at minute 40: the new thread's last activity is minute 1.
    const split = { id: 'split', tenantId: 't', type: 'thread.split', schemaVersion: 2, occurredAt: at(40), threadId: sms.id, messageIds: ['s1'] };
    expect((await engine.ingest(split)).rejected).toEqual([]);
    expect((await engine.ingest(text('w2', 50, 'whatsapp'))).rejected).toEqual([]);
    const joined = engine.threads().find((t) => t.messages.some((m) => m.id === 'w2'))!;
    expect(joined.messages.map((m) => m.id)).not.toContain('s1');
    expect(joined.id).toBe(sms.id);
  });
});
