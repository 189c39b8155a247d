/**
 * What the adversarial review of checkpointed re-folds found (2026-12-04), as plain tests: each failed
 * before its fix. A re-fold reports only records whose content changed, so every change the fold
 * makes must be touched; and what SLA, priority and agent views read must be re-read when it changes.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { threadIdFor } from '../../src/fold/ids.js';
import type { SlaPolicyInput } from '../../src/policies/sla/index.js';

const T0 = Date.UTC(2026, 10, 2, 8);
const MIN = 60_000;
const b = { tenantId: 't', schemaVersion: 2 } as const;
const p0 = { kind: 'email', value: 'p0@example.com' } as const;

describe('a thread woken up by a thread.merged that names no thread', () => {
  const T = threadIdFor('t', 'e0');
  const e0 = { ...b, id: 'e0', type: 'message.received', occurredAt: T0, channel: 'email', from: p0, content: { text: 'hi', subject: 'x' }, email: { messageId: '<m0@x>' } };
  // A reply that joins T: the thread id derived from it is a valid reference that never exists.
  const e1 = { ...b, id: 'e1', type: 'message.received', occurredAt: T0 + MIN, channel: 'email', from: p0, content: { text: 'more', subject: 'Re: x' }, email: { messageId: '<m1@x>', inReplyTo: '<m0@x>' } };
  const snooze = { ...b, id: 'e2', type: 'thread.status_changed', occurredAt: T0 + 2 * MIN, threadId: T, status: 'snoozed', until: T0 + 10 * MIN };
  // At minute 20 T is due to wake: the fold wakes it, then finds no thread to merge into (ignored).
  const merge = { ...b, id: 'e3', type: 'thread.merged', occurredAt: T0 + 20 * MIN, threadId: T, intoThreadId: threadIdFor('t', 'e1') };
  const link = { ...b, id: 'e5', type: 'identity.linked', occurredAt: T0 + 4 * MIN, identity: { kind: 'chat', visitorId: 'v0' }, to: p0 };
  const chat = { ...b, id: 'e4', type: 'message.received', occurredAt: T0 + 5 * MIN, channel: 'chat', from: { kind: 'chat', visitorId: 'v0' }, chat: { sessionId: 's' }, content: { text: 'chat' } };
  const lateNote = { ...b, id: 'e6', type: 'note.added', occurredAt: T0 + 6 * MIN, threadId: threadIdFor('t', 'e4'), agentId: 'a', text: 'late' };

  it('in order: the live view shows the wake-up, as a replay does', async () => {
    const engine = createEngine();
    await engine.ingest([e0, e1, snooze]);
    expect(engine.thread(T)!.status).toBe('snoozed');
    await engine.ingest(merge);
    const full = createEngine();
    await full.ingest([e0, e1, snooze, merge]);
    expect(full.thread(T)!.status).toBe('open');
    expect(engine.thread(T)!.status).toBe('open');
  });

  it('after an unrelated late event re-folds the component, the wake-up has been reported', async () => {
    const engine = createEngine();
    const statuses: string[] = [];
    engine.on('thread.status_changed', (e) => e.thread.id === T && statuses.push(`${e.from}->${e.to}`));
    await engine.ingest([e0, e1, link, chat]);
    await engine.ingest(snooze);
    await engine.ingest(merge);
    await engine.ingest(lateNote); // lands before the merge: a re-fold
    expect(engine.thread(T)!.status).toBe('open');
    expect(statuses).toEqual(['open->snoozed', 'snoozed->open']);
  });
});

describe('a customer whose attributes change after their thread opened', () => {
  const sla: SlaPolicyInput = { rules: [{ name: 'gold', when: { tier: ['gold'] }, targets: { firstResponse: 5 * MIN } }], default: { firstResponse: 60 * MIN } };
  const a = { kind: 'email', value: 'a@example.com' } as const;
  const msg = (id: string, minute: number) => ({ ...b, id, type: 'message.received', occurredAt: T0 + minute * MIN, channel: 'email', from: a, content: { text: 'hi', subject: 'x' } });
  const gold = (id: string, minute: number) => ({ ...b, id, type: 'customer.attributes_set', occurredAt: T0 + minute * MIN, customer: a, tier: 'gold' });

  async function breachesBy(batches: unknown[][], minute: number): Promise<string[]> {
    const engine = createEngine({ policies: { sla } });
    for (const batch of batches) {
      await engine.ingest(batch);
      await engine.advanceTo(T0); // the host's timers run between deliveries
    }
    return (await engine.advanceTo(T0 + minute * MIN)).map((e) => `${e.kind}:${'metric' in e ? e.metric : '-'}@${(e.at - T0) / MIN}`);
  }

  it('in order: the gold target is planned as in one batch (SLA timers re-read the customer)', async () => {
    const oneBatch = await breachesBy([[msg('m1', 0), gold('g1', 1)]], 10);
    expect(oneBatch).toEqual(['breach:firstResponse@5']);
    expect(await breachesBy([[msg('m1', 0)], [gold('g1', 1)]], 10)).toEqual(oneBatch);
  });

  it('then a late event that changes nothing the thread shows', async () => {
    const oneBatch = await breachesBy([[msg('m1', 0), gold('g1', 1), gold('g0', 0.5)]], 10);
    expect(await breachesBy([[msg('m1', 0)], [gold('g1', 1)], [gold('g0', 0.5)]], 10)).toEqual(oneBatch);
  });
});

describe("an agent's load view", () => {
  const th = (id: string) => threadIdFor('t', id);
  const message = (id: string, channel: string, from: object, extra: object = {}) => ({ ...b, id, type: 'message.received', occurredAt: T0, channel, from, content: { text: 'x' }, ...extra });
  const assign = (id: string, thread: string, minute: number) => ({ ...b, id, type: 'thread.assigned', occurredAt: T0 + minute * MIN, threadId: th(thread), agentId: 'ana' });
  const unassign = (id: string, thread: string, minute: number) => ({ ...b, id, type: 'thread.unassigned', occurredAt: T0 + minute * MIN, threadId: th(thread) });

  it('follows the load when only the channels change (email + sms → chat + chat: same count, same name lengths)', async () => {
    const batch1 = [
      { ...b, id: 'p', type: 'agent.profile_set', occurredAt: T0, agentId: 'ana', capacity: { email: 5, sms: 5, chat: 5 } },
      message('m-email', 'email', { kind: 'email', value: 'a@x.com' }, { content: { text: 'x', subject: 's' } }),
      message('m-sms', 'sms', { kind: 'phone', value: '+14155551000' }),
      message('m-chat1', 'chat', { kind: 'chat', visitorId: 'v1' }, { chat: { sessionId: 's1' } }),
      message('m-chat2', 'chat', { kind: 'chat', visitorId: 'v2' }, { chat: { sessionId: 's2' } }),
      assign('a1', 'm-email', 10),
      assign('a2', 'm-sms', 11),
    ];
    // The chat assignments are dated before the last one: the agent record itself does not change.
    const batch2 = [unassign('u1', 'm-email', 20), unassign('u2', 'm-sms', 20), assign('a3', 'm-chat1', 5), assign('a4', 'm-chat2', 6)];
    const live = createEngine();
    await live.ingest(batch1);
    expect(live.agent('t', 'ana')!.load).toEqual({ email: 1, sms: 1 });
    await live.ingest(batch2);
    expect(live.agent('t', 'ana')!.load).toEqual({ chat: 2 });
  });
});
