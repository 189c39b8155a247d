/**
 * The life of a thread through the engine: status transitions, snoozes that wake, reopening, merge and
 * split, assignment and transfer counters — and nonsense recorded with a reason, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { threadIdFor } from '../../src/fold/ids.js';
import { HOUR, MINUTE, T0, events, ids, scenario, who } from './scenario.js';

const ev = events('acme');
const at = (minutes: number) => T0 + minutes * MINUTE;
const noor = who.email('noor@example.ae');
const noorPhone = who.phone('+44 20 7946 0958');

/** Noor's first email opens thread `th` (the id derives from the event `n1`). */
async function withThread() {
  const s = scenario({ defaultRegion: 'GB' });
  await s.ingest(ev.received('n1', at(0), noor, { channel: 'email', content: { subject: 'Refund for order 7781' }, email: { messageId: '<n1@example.ae>' } }));
  return { s, th: threadIdFor('acme', 'n1') };
}
const reply = (id: string, t: number, inReplyTo = '<n1@example.ae>') => ev.received(id, t, noor, { channel: 'email', content: { subject: 'Re: Refund' }, email: { messageId: `<${id}@example.ae>`, inReplyTo } });

describe('status transitions', () => {
  it('open → pending → open (customer answers) → resolved → closed, each in the history and emitted', async () => {
    const { s, th } = await withThread();
    await s.ingest(
      ev.sent('a1', at(5), noor, { channel: 'email', content: { subject: 'Re: Refund', text: 'Which card?' }, email: { inReplyTo: '<n1@example.ae>' } }),
      ev.status('p', at(6), th, 'pending'),
      reply('n2', at(30)),
      ev.status('r', at(40), th, 'resolved'),
      ev.status('c', at(50), th, 'closed'),
    );
    const t = s.engine.thread(th)!;
    expect(t.statusHistory.map((h) => [h.status, h.eventId])).toEqual([
      ['open', 'n1'],
      ['pending', 'p'],
      ['open', 'n2'],
      ['resolved', 'r'],
      ['closed', 'c'],
    ]);
    expect(t.resolvedAt).toBe(at(40));
    expect(t.closedAt).toBe(at(50));
    expect(t.reopens).toBe(0);
    expect(t.ignored).toEqual([]);
    // One batch, one net change: created as closed would be wrong — it was created earlier, open.
    expect(s.emitted['thread.status_changed']?.map((x) => [x.from, x.to])).toEqual([['open', 'closed']]);
  });

  it('emits each transition when events arrive one by one', async () => {
    const { s, th } = await withThread();
    for (const e of [ev.status('p', at(6), th, 'pending'), ev.status('r', at(40), th, 'resolved'), reply('n2', at(45)), ev.status('c', at(50), th, 'closed')]) await s.ingest(e);
    expect(s.emitted['thread.status_changed']?.map((x) => [x.from, x.to])).toEqual([
      ['open', 'pending'],
      ['pending', 'resolved'],
      ['resolved', 'open'],
      ['open', 'closed'],
    ]);
  });

  it('nonsense transitions are recorded in thread.ignored with a reason and change nothing', async () => {
    const { s, th } = await withThread();
    await s.ingest(
      ev.status('x1', at(1), th, 'open'),
      ev.status('x2', at(2), th, 'snoozed'),
      ev.status('x3', at(3), th, 'snoozed', at(3)),
      ev.status('ok', at(4), th, 'closed'),
      ev.status('x4', at(5), th, 'open'),
      ev.status('x5', at(6), th, 'resolved'),
      ev.assigned('x6', at(7), th, 'agent-kim'),
    );
    const t = s.engine.thread(th)!;
    expect(t.status).toBe('closed');
    expect(t.ignored.map((x) => [x.eventId, x.reason])).toEqual([
      ['x1', 'already open'],
      ['x2', 'snoozed needs `until`'],
      ['x3', 'snooze `until` is not after the event'],
      ['x4', 'closed threads stay closed; a new message starts a follow-up thread'],
      ['x5', 'closed threads stay closed; a new message starts a follow-up thread'],
      ['x6', 'a closed thread cannot be assigned'],
    ]);
    expect(t.assignee).toBeUndefined();
  });

  it('an action on a thread that does not exist is kept, with its reason, in unapplied()', async () => {
    const { s } = await withThread();
    await s.ingest(ev.status('ghost', at(1), 'th_doesnotexist', 'resolved'));
    expect(s.engine.unapplied().map((x) => [x.eventId, x.reason])).toEqual([['ghost', 'thread th_doesnotexist is unknown at this point']]);
  });

  it('an inbound message reopens a resolved thread and counts it; a status change to open counts too', async () => {
    const { s, th } = await withThread();
    await s.ingest(ev.status('r1', at(10), th, 'resolved'), reply('n2', at(20)), ev.status('r2', at(30), th, 'resolved'), ev.status('o', at(40), th, 'open'));
    const t = s.engine.thread(th)!;
    expect(t.reopens).toBe(2);
    expect(t.status).toBe('open');
  });

  it('an agent message does not reopen a resolved thread', async () => {
    const { s, th } = await withThread();
    await s.ingest(ev.status('r1', at(10), th, 'resolved'), ev.sent('a1', at(20), noor, { channel: 'email', content: { text: 'Refund done' }, email: { inReplyTo: '<n1@example.ae>' } }));
    const t = s.engine.thread(th)!;
    expect(ids(t)).toEqual(['n1', 'a1']);
    expect(t.status).toBe('resolved');
  });
});

describe('snoozes', () => {
  it('a snoozed thread wakes on the next event after `until`, dated at `until`', async () => {
    const { s, th } = await withThread();
    await s.ingest(ev.status('z', at(10), th, 'snoozed', at(10) + HOUR));
    expect(s.engine.thread(th)).toMatchObject({ status: 'snoozed', snoozedUntil: at(10) + HOUR });
    await s.ingest({ id: 'tag', tenantId: 'acme', schemaVersion: 2, occurredAt: at(10) + 2 * HOUR, type: 'thread.tagged', threadId: th, add: ['refund'] });
    const t = s.engine.thread(th)!;
    expect(t.status).toBe('open');
    expect(t.snoozedUntil).toBeUndefined();
    expect(t.statusHistory.at(-1)).toEqual({ status: 'open', at: at(10) + HOUR, eventId: 'tag#wake' });
    expect(t.tags).toEqual(['refund']);
  });

  it('an event before `until` leaves it snoozed; a customer message wakes it at once', async () => {
    const { s, th } = await withThread();
    await s.ingest(
      ev.status('z', at(10), th, 'snoozed', at(10) + HOUR),
      ev.sent('note', at(20), noor, { channel: 'email', threadId: th, content: { text: 'We will get back to you' } }),
    );
    expect(s.engine.thread(th)!.status).toBe('snoozed');
    await s.ingest(reply('n2', at(30)));
    expect(s.engine.thread(th)!.status).toBe('open');
    expect(s.engine.thread(th)!.statusHistory.at(-1)).toEqual({ status: 'open', at: at(30), eventId: 'n2' });
  });

  it('re-snoozing moves `until`', async () => {
    const { s, th } = await withThread();
    await s.ingest(ev.status('z1', at(10), th, 'snoozed', at(70)), ev.status('z2', at(20), th, 'snoozed', at(200)), ev.assigned('as', at(100), th, 'agent-kim'));
    expect(s.engine.thread(th)).toMatchObject({ status: 'snoozed', snoozedUntil: at(200) });
  });
});

describe('thread.merged', () => {
  async function twoThreads() {
    const { s, th } = await withThread();
    await s.ingest(
      ev.linked('lnk', at(1), noorPhone, noor),
      ev.received('n2', at(2), noor, { channel: 'email', content: { subject: 'Also: my address changed' }, email: { messageId: '<n2@example.ae>' } }),
      ev.assigned('as', at(3), threadIdFor('acme', 'n2'), 'agent-ali'),
      { id: 'tg', tenantId: 'acme', schemaVersion: 2, occurredAt: at(4), type: 'thread.tagged', threadId: threadIdFor('acme', 'n2'), add: ['address'] },
    );
    return { s, th, other: threadIdFor('acme', 'n2') };
  }

  it('moves the messages, leaves a redirect, and drops the absorbed thread from listings and timelines', async () => {
    const { s, th, other } = await twoThreads();
    await s.ingest(ev.threadMerged('tm', at(10), other, th));
    const survivor = s.engine.thread(th)!;
    expect(ids(survivor)).toEqual(['n1', 'n2']);
    expect(survivor.tags).toEqual(['address']);
    expect(s.engine.thread(other)).toBe(survivor);
    expect(s.engine.threads().map((t) => t.id)).toEqual([th]);
    const customer = s.engine.customer(survivor.customerId)!;
    expect(customer.threadIds).toEqual([th]);
    expect(s.engine.timeline(customer.id).map((x) => x.eventId)).toEqual(['n1', 'n2']);
    expect(s.emitted['thread.merged']).toEqual([{ threadId: other, intoThreadId: th }]);
  });

  it('a reply to a message of the absorbed thread lands in the survivor', async () => {
    const { s, th, other } = await twoThreads();
    await s.ingest(ev.threadMerged('tm', at(10), other, th), reply('n3', at(20), '<n2@example.ae>'));
    expect(ids(s.engine.thread(th)!)).toEqual(['n1', 'n2', 'n3']);
  });

  it('merging into itself, or across customers, is refused with a reason', async () => {
    const { s, th } = await withThread();
    await s.ingest(ev.received('z1', at(1), who.email('zara@example.com'), { channel: 'email', content: { subject: 'Hi' } }), ev.threadMerged('self', at(2), th, th), ev.threadMerged('cross', at(3), threadIdFor('acme', 'z1'), th));
    expect(s.engine.thread(th)!.ignored.map((x) => [x.eventId, x.reason])).toEqual([['self', 'a thread cannot be merged into itself']]);
    expect(s.engine.thread(threadIdFor('acme', 'z1'))!.ignored.map((x) => [x.eventId, x.reason])).toEqual([['cross', 'the threads belong to different customers; merge the customers first']]);
    expect(s.engine.threads()).toHaveLength(2);
  });
});

describe('thread.split', () => {
  it('moves the listed messages to a new thread whose id derives from the split event', async () => {
    const { s, th } = await withThread();
    await s.ingest(
      ev.sent('a1', at(5), noor, { channel: 'email', content: { subject: 'Re: Refund' }, email: { messageId: '<a1@acme.test>', inReplyTo: '<n1@example.ae>' } }),
      ev.received('n2', at(10), noor, { channel: 'email', content: { subject: 'Re: Refund — and a new laptop question' }, email: { messageId: '<n2@example.ae>', inReplyTo: '<a1@acme.test>' } }),
      ev.split('sp', at(15), th, ['n2']),
    );
    const fresh = s.engine.thread(threadIdFor('acme', 'sp'))!;
    expect(ids(fresh)).toEqual(['n2']);
    expect(fresh.createdAt).toBe(at(15));
    expect(fresh.customerId).toBe(s.engine.thread(th)!.customerId);
    expect(ids(s.engine.thread(th)!)).toEqual(['n1', 'a1']);
    expect(s.engine.customer(fresh.customerId)!.threadIds).toEqual([th, fresh.id]);
    expect(s.engine.timeline(fresh.customerId).map((x) => [x.eventId, x.threadId])).toEqual([
      ['n1', th],
      ['a1', th],
      ['n2', fresh.id],
    ]);
  });

  it('a reply to a moved message follows it to the new thread', async () => {
    const { s, th } = await withThread();
    await s.ingest(reply('n2', at(10)), ev.split('sp', at(15), th, ['n2']), reply('n3', at(20), '<n2@example.ae>'));
    expect(ids(s.engine.thread(threadIdFor('acme', 'sp'))!)).toEqual(['n2', 'n3']);
  });

  it('refuses to split off every message, or messages that are not in the thread', async () => {
    const { s, th } = await withThread();
    await s.ingest(reply('n2', at(10)), ev.split('all', at(15), th, ['n1', 'n2']), ev.split('alien', at(16), th, ['n2', 'nope']));
    expect(s.engine.thread(th)!.ignored.map((x) => [x.eventId, x.reason])).toEqual([
      ['all', 'a split must leave at least one message behind'],
      ['alien', 'some messages are not in this thread'],
    ]);
    expect(s.engine.threads()).toHaveLength(1);
  });
});

describe('assignment and transfers', () => {
  it('counts assignments and transfers; unassigning and a same-agent assignment are handled', async () => {
    const { s, th } = await withThread();
    await s.ingest(
      ev.assigned('as1', at(1), th, 'agent-kim'),
      ev.assigned('as2', at(2), th, 'agent-kim'),
      ev.assigned('as3', at(3), th, 'agent-ali'),
      ev.transferred('tr1', at(4), th, { toTeam: 'billing' }),
      ev.transferred('tr2', at(5), th, { toAgentId: 'agent-sofia', toTeam: 'billing-tier2' }),
      ev.transferred('tr3', at(6), th, {}),
      ev.unassigned('un1', at(7), th),
      ev.unassigned('un2', at(8), th),
    );
    const t = s.engine.thread(th)!;
    expect(t).toMatchObject({ assignments: 3, transfers: 3, team: 'billing-tier2' });
    expect(t.assignee).toBeUndefined();
    expect(t.ignored.map((x) => [x.eventId, x.reason])).toEqual([
      ['as2', 'already assigned to agent-kim'],
      ['tr3', 'a transfer needs toAgentId or toTeam'],
      ['un2', 'not assigned'],
    ]);
  });

  it('emits thread.assigned with the previous agent', async () => {
    const { s, th } = await withThread();
    const seen: unknown[] = [];
    s.engine.on('thread.assigned', (e) => seen.push([e.agentId, e.previousAgentId]));
    await s.ingest(ev.assigned('as1', at(1), th, 'agent-kim'));
    await s.ingest(ev.assigned('as2', at(2), th, 'agent-ali'));
    expect(seen).toEqual([
      ['agent-kim', undefined],
      ['agent-ali', 'agent-kim'],
    ]);
  });
});
