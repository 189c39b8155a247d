/**
 * The email resolution chain of the default threading policy, end to end through the engine: reply
 * token → In-Reply-To → References → `[#REF]` subject tag → optional same-subject window → new.
 * Every lookup is scoped to the customer: another sender quoting the same ids must not join.
 */
import { describe, expect, it } from 'vitest';
import { threadIdFor } from '../../src/fold/ids.js';
import { defaultThreadingPolicy } from '../../src/threading/default-policy.js';
import { DAY, HOUR, MINUTE, T0, events, ids, scenario, who } from './scenario.js';

const ev = events('acme');
const at = (minutes: number) => T0 + minutes * MINUTE;
const alice = who.email('alice@example.com');
const bob = who.email('bob@example.org');

/** Alice's first mail and the agent's answer: one thread, with Message-IDs to reply to. */
function opening() {
  return [
    ev.received('a1', at(0), alice, { channel: 'email', content: { subject: 'Order #5521 arrived damaged', text: 'The box was crushed.' }, email: { messageId: '<CAF=a1@mail.example.com>' } }),
    ev.sent('r1', at(20), alice, {
      channel: 'email',
      content: { subject: 'Re: Order #5521 arrived damaged', text: 'Sorry! Photos please?' },
      email: { messageId: '<r1.5521@support.acme.test>', inReplyTo: '<CAF=a1@mail.example.com>', references: ['<CAF=a1@mail.example.com>'] },
    }),
  ];
}

describe('the resolution chain, step by step', () => {
  it('In-Reply-To joins the thread holding that Message-ID', async () => {
    const s = scenario();
    await s.ingest(
      ...opening(),
      ev.received('a2', at(60), alice, { channel: 'email', content: { subject: 'Re: Order #5521 arrived damaged' }, email: { messageId: '<CAF=a2@mail.example.com>', inReplyTo: '<r1.5521@support.acme.test>' } }),
    );
    const t = s.threadOf('a1');
    expect(ids(t)).toEqual(['a1', 'r1', 'a2']);
    expect(t.messages.map((m) => m.reason)).toEqual(['email: first contact', 'email: In-Reply-To <CAF=a1@mail.example.com>', 'email: In-Reply-To <r1.5521@support.acme.test>']);
    expect(t.id).toBe(threadIdFor('acme', 'a1'));
  });

  it('References join when In-Reply-To is missing or unknown, the nearest reference first', async () => {
    const s = scenario();
    await s.ingest(
      ...opening(),
      ev.received('other', at(30), alice, { channel: 'email', content: { subject: 'Invoice copy' }, email: { messageId: '<CAF=inv@mail.example.com>' } }),
      // A client that dropped In-Reply-To but kept References; one unknown id is skipped.
      ev.received('a2', at(60), alice, {
        channel: 'email',
        content: { subject: 'Re: Order #5521 arrived damaged' },
        email: { messageId: '<CAF=a2@mail.example.com>', inReplyTo: '<lost@nowhere.example>', references: ['<CAF=inv@mail.example.com>', '<r1.5521@support.acme.test>', '<never-seen@x.example>'] },
      }),
    );
    expect(ids(s.threadOf('a1'))).toEqual(['a1', 'r1', 'a2']);
    expect(s.threadOf('a2').messages.at(-1)!.reason).toBe('email: References <r1.5521@support.acme.test>');
  });

  it('a [#REF] subject tag joins the thread with that ref, in any case', async () => {
    const s = scenario();
    await s.ingest(...opening());
    const ref = s.threadOf('a1').ref;
    expect(ref).toMatch(/^[0-9A-Z]{8}$/);
    await s.ingest(ev.received('a2', at(120), alice, { channel: 'email', content: { subject: `Photos [#${ref.toLowerCase()}]` }, email: { messageId: '<CAF=a2@mail.example.com>' } }));
    expect(ids(s.threadOf('a1'))).toEqual(['a1', 'r1', 'a2']);
    expect(s.threadOf('a2').messages.at(-1)!.reason).toBe(`email: subject tag [#${ref.toLowerCase()}]`);
  });

  it('a reply token (the plus-address tag of support+TOKEN@…) joins even without headers or subject', async () => {
    const s = scenario();
    await s.ingest(...opening());
    const ref = s.threadOf('a1').ref;
    await s.ingest(ev.received('a2', at(120), alice, { channel: 'email', endpoint: `support+${ref}@acme.test`, content: { text: 'photos attached' }, email: { replyToken: ref } }));
    expect(ids(s.threadOf('a1'))).toEqual(['a1', 'r1', 'a2']);
  });

  it('the plus-address tag of the endpoint the customer wrote to is a reply token too; the customer’s own tag is not', async () => {
    const s = scenario();
    await s.ingest(...opening());
    const ref = s.threadOf('a1').ref;
    await s.ingest(
      ev.received('a2', at(120), alice, { channel: 'email', endpoint: `support+${ref}@acme.test`, content: { text: 'photos attached' } }),
      ev.received('a3', at(121), who.email(`alice+${ref}@example.com`), { channel: 'email', endpoint: 'support@acme.test', content: { text: 'from my tagged address' } }),
    );
    expect(ids(s.threadOf('a1'))).toEqual(['a1', 'r1', 'a2']);
    expect(s.threadOf('a2').messages.at(-1)!.reason).toBe(`email: reply token ${ref}`);
    expect(s.threadOf('a3').id).toBe(threadIdFor('acme', 'a3'));
  });

  it('the chain is ordered: a reply token wins over In-Reply-To, In-Reply-To over References, References over the subject tag', async () => {
    const s = scenario();
    await s.ingest(
      ...opening(),
      ev.received('b1', at(5), alice, { channel: 'email', content: { subject: 'Billing address' }, email: { messageId: '<CAF=b1@mail.example.com>' } }),
      ev.received('c1', at(6), alice, { channel: 'email', content: { subject: 'Newsletter' }, email: { messageId: '<CAF=c1@mail.example.com>' } }),
    );
    const order = s.threadOf('a1');
    const billing = s.threadOf('b1');
    const news = s.threadOf('c1');
    await s.ingest(
      ev.received('x1', at(60), alice, { channel: 'email', content: { subject: `[#${news.ref}]` }, email: { replyToken: order.ref, inReplyTo: '<CAF=b1@mail.example.com>' } }),
      ev.received('x2', at(61), alice, { channel: 'email', content: { subject: `[#${news.ref}]` }, email: { inReplyTo: '<CAF=b1@mail.example.com>', references: ['<CAF=a1@mail.example.com>'] } }),
      ev.received('x3', at(62), alice, { channel: 'email', content: { subject: `Re: [#${news.ref}]` }, email: { references: ['<CAF=b1@mail.example.com>'] } }),
      ev.received('x4', at(63), alice, { channel: 'email', content: { subject: `Re: [#${news.ref}]` } }),
    );
    expect(s.threadOf('x1').id).toBe(order.id);
    expect(s.threadOf('x2').id).toBe(billing.id);
    expect(s.threadOf('x3').id).toBe(billing.id);
    expect(s.threadOf('x4').id).toBe(news.id);
  });

  it('same subject without any header is a new conversation by default', async () => {
    const s = scenario();
    await s.ingest(...opening(), ev.received('a2', at(60), alice, { channel: 'email', content: { subject: 'Re: Order #5521 arrived damaged' }, email: { messageId: '<CAF=a2@mail.example.com>' } }));
    expect(s.threadOf('a2').id).not.toBe(s.threadOf('a1').id);
    expect(s.threadOf('a2').messages[0]!.reason).toBe('email: no thread to continue');
    expect(s.engine.threads()).toHaveLength(2);
  });

  it('with subjectMatchWindowMs, the same base subject (Re:, AW:, SV:, Fwd:) of the same customer joins within the window only', async () => {
    const s = scenario({ defaultRegion: 'US', policies: { threading: defaultThreadingPolicy({ email: { subjectMatchWindowMs: 2 * DAY } }) } });
    await s.ingest(
      ...opening(),
      ev.received('de', at(60), alice, { channel: 'email', content: { subject: 'AW: Order #5521 arrived damaged' } }),
      ev.received('se', at(61), alice, { channel: 'email', content: { subject: 'SV: Re: Order #5521 arrived damaged' } }),
      ev.received('fw', at(62), alice, { channel: 'email', content: { subject: 'Fwd: order #5521 ARRIVED damaged' } }),
      ev.received('other', at(63), alice, { channel: 'email', content: { subject: 'Order #5522 arrived damaged' } }),
      // 2 days after the last activity (at(62)) plus a minute: too late.
      ev.received('late', at(62) + 2 * DAY + MINUTE, alice, { channel: 'email', content: { subject: 'Re: Order #5521 arrived damaged' } }),
    );
    expect(ids(s.threadOf('a1'))).toEqual(['a1', 'r1', 'de', 'se', 'fw']);
    expect(s.threadOf('de').messages.find((m) => m.id === 'de')!.reason).toBe('email: same subject "ORDER #5521 ARRIVED DAMAGED" within the window');
    expect(s.threadOf('other').id).not.toBe(s.threadOf('a1').id);
    expect(s.threadOf('late').id).not.toBe(s.threadOf('a1').id);
  });

  it('localised prefixes can be turned off: then AW: is part of the subject', async () => {
    const s = scenario({ defaultRegion: 'US', policies: { threading: defaultThreadingPolicy({ email: { subjectMatchWindowMs: DAY, localisedPrefixes: false } }) } });
    await s.ingest(...opening(), ev.received('de', at(60), alice, { channel: 'email', content: { subject: 'AW: Order #5521 arrived damaged' } }));
    expect(s.threadOf('de').id).not.toBe(s.threadOf('a1').id);
  });

  it('a custom subject tag pattern finds refs in another format', async () => {
    const s = scenario({ defaultRegion: 'US', policies: { threading: defaultThreadingPolicy({ email: { subjectTag: /\bTicket:([A-Z0-9]{8})\b/ } }) } });
    await s.ingest(...opening());
    const ref = s.threadOf('a1').ref;
    await s.ingest(
      ev.received('t1', at(60), alice, { channel: 'email', content: { subject: `Re: damaged Ticket:${ref}` } }),
      ev.received('t2', at(61), alice, { channel: 'email', content: { subject: `Re: damaged [#${ref}]` } }),
    );
    expect(s.threadOf('t1').id).toBe(s.threadOf('a1').id);
    expect(s.threadOf('t2').id).not.toBe(s.threadOf('a1').id);
  });

  it('an agent reply naming the thread (threadId) goes there; naming another customer’s thread falls back to the chain', async () => {
    const s = scenario();
    await s.ingest(...opening(), ev.received('b1', at(1), bob, { channel: 'email', content: { subject: 'Hello' } }));
    const alices = s.threadOf('a1').id;
    await s.ingest(
      ev.sent('r2', at(30), alice, { channel: 'email', threadId: alices, content: { subject: 'Update', text: 'replacement shipped' } }),
      ev.sent('r3', at(31), bob, { channel: 'email', threadId: alices, content: { subject: 'Hello back' } }),
    );
    expect(ids(s.threadOf('a1'))).toEqual(['a1', 'r1', 'r2']);
    expect(s.threadOf('r2').messages.at(-1)!.reason).toBe(`named thread ${alices}`);
    expect(s.threadOf('r3').customerId).not.toBe(s.threadOf('a1').customerId);
    expect(s.threadOf('r3').messages.at(-1)!.reason).toMatch(/^named thread .* is not this customer's open thread; /);
  });
});

describe("another customer's mail never joins", () => {
  it('quoting the same Message-ID, forwarding the References, or carrying the same [#ref] / reply token', async () => {
    const s = scenario();
    await s.ingest(...opening());
    const thread = s.threadOf('a1');
    await s.ingest(
      // Bob was Cc'd and replies to all: his In-Reply-To is the agent's message in Alice's thread.
      ev.received('b1', at(40), bob, { channel: 'email', content: { subject: 'Re: Order #5521 arrived damaged' }, email: { messageId: '<b1@mail.example.org>', inReplyTo: '<r1.5521@support.acme.test>', references: ['<CAF=a1@mail.example.com>', '<r1.5521@support.acme.test>'] } }),
      // Alice forwarded the conversation to Bob; he writes in with the forwarded References.
      ev.received('b2', at(41), bob, { channel: 'email', content: { subject: 'Fwd: Order #5521 arrived damaged' }, email: { messageId: '<b2@mail.example.org>', references: ['<CAF=a1@mail.example.com>', '<r1.5521@support.acme.test>'] } }),
      ev.received('b3', at(42), bob, { channel: 'email', content: { subject: `Same problem [#${thread.ref}]` }, email: { messageId: '<b3@mail.example.org>' } }),
      ev.received('b4', at(43), bob, { channel: 'email', content: { text: 'me too' }, email: { replyToken: thread.ref, messageId: '<b4@mail.example.org>' } }),
    );
    expect(ids(s.threadOf('a1'))).toEqual(['a1', 'r1']);
    for (const id of ['b1', 'b2', 'b3', 'b4']) expect(s.threadOf(id).customerId).not.toBe(thread.customerId);
    // Bob's own mails still thread among themselves: b2 forwarded nothing of his, b1 started his thread.
    expect(s.threadOf('b1').id).toBe(threadIdFor('acme', 'b1'));
  });

  it('nor does the same subject within the subject window', async () => {
    const s = scenario({ defaultRegion: 'US', policies: { threading: defaultThreadingPolicy({ email: { subjectMatchWindowMs: 7 * DAY } }) } });
    await s.ingest(...opening(), ev.received('b1', at(40), bob, { channel: 'email', content: { subject: 'Re: Order #5521 arrived damaged' } }));
    expect(ids(s.threadOf('a1'))).toEqual(['a1', 'r1']);
  });

  it('a Message-ID both customers used (a list mail) threads each reply with its own customer', async () => {
    const s = scenario();
    const list = '<announce-2026-11@lists.acme.test>';
    await s.ingest(
      ev.received('a1', at(0), alice, { channel: 'email', content: { subject: 'Re: Holiday hours' }, email: { messageId: '<a1@x>', inReplyTo: list } }),
      ev.received('b1', at(1), bob, { channel: 'email', content: { subject: 'Re: Holiday hours' }, email: { messageId: '<b1@y>', inReplyTo: list } }),
      ev.sent('ra', at(5), alice, { channel: 'email', content: { subject: 'Re: Holiday hours' }, email: { messageId: list } }),
      ev.sent('rb', at(6), bob, { channel: 'email', content: { subject: 'Re: Holiday hours' }, email: { messageId: list } }),
      ev.received('a2', at(10), alice, { channel: 'email', content: { subject: 'Re: Holiday hours' }, email: { inReplyTo: list } }),
      ev.received('b2', at(11), bob, { channel: 'email', content: { subject: 'Re: Holiday hours' }, email: { inReplyTo: list } }),
    );
    expect(s.threadOf('a2').customerId).toBe(s.threadOf('a1').customerId);
    expect(s.threadOf('b2').customerId).toBe(s.threadOf('b1').customerId);
    expect(s.threadOf('a2').messages.every((m) => m.identityKey === 'email:alice@example.com')).toBe(true);
    expect(s.threadOf('b2').messages.every((m) => m.identityKey === 'email:bob@example.org')).toBe(true);
  });
});

describe('resolved and closed threads', () => {
  it('a resolved thread reopens on a reply within the reopen window (7 days by default)', async () => {
    const s = scenario();
    await s.ingest(...opening());
    const id = s.threadOf('a1').id;
    await s.ingest(
      ev.status('res', at(30), id, 'resolved'),
      ev.received('a2', at(30) + 6 * DAY, alice, { channel: 'email', content: { subject: 'Re: Order #5521 arrived damaged' }, email: { inReplyTo: '<r1.5521@support.acme.test>' } }),
    );
    const t = s.engine.thread(id)!;
    expect(ids(t)).toEqual(['a1', 'r1', 'a2']);
    expect(t.status).toBe('open');
    expect(t.reopens).toBe(1);
    expect(t.statusHistory.map((h) => h.status)).toEqual(['open', 'resolved', 'open']);
  });

  it('after the window, the reply starts a follow-up thread and says why', async () => {
    const s = scenario();
    await s.ingest(...opening());
    const id = s.threadOf('a1').id;
    await s.ingest(
      ev.status('res', at(30), id, 'resolved'),
      ev.received('a2', at(30) + 7 * DAY + MINUTE, alice, { channel: 'email', content: { subject: 'Re: Order #5521 arrived damaged' }, email: { inReplyTo: '<r1.5521@support.acme.test>' } }),
    );
    expect(s.engine.thread(id)!.status).toBe('resolved');
    const followUp = s.threadOf('a2');
    expect(followUp.id).toBe(threadIdFor('acme', 'a2'));
    expect(followUp.messages[0]!.reason).toBe(`email: In-Reply-To <r1.5521@support.acme.test> names thread ${id}, which is resolved; starting a follow-up`);
  });

  it('the reopen window is an option, per channel', async () => {
    const s = scenario({ defaultRegion: 'US', policies: { threading: defaultThreadingPolicy({ channels: { email: { reopenWindowMs: 2 * HOUR } } }) } });
    await s.ingest(...opening());
    const id = s.threadOf('a1').id;
    await s.ingest(
      ev.status('res', at(30), id, 'resolved'),
      ev.received('a2', at(30) + HOUR, alice, { channel: 'email', email: { inReplyTo: '<r1.5521@support.acme.test>' } }),
      ev.status('res2', at(30) + 2 * HOUR, id, 'resolved'),
      ev.received('a3', at(30) + 5 * HOUR, alice, { channel: 'email', email: { inReplyTo: '<r1.5521@support.acme.test>' } }),
    );
    expect(s.threadOf('a2').id).toBe(id);
    expect(s.threadOf('a3').id).not.toBe(id);
    expect(s.engine.thread(id)!.reopens).toBe(1);
  });

  it('a closed thread never reopens, not even by its reply token or tag; the reply starts a follow-up', async () => {
    const s = scenario();
    await s.ingest(...opening());
    const t = s.threadOf('a1');
    await s.ingest(
      ev.status('close', at(30), t.id, 'closed'),
      ev.received('a2', at(35), alice, { channel: 'email', content: { subject: `Re: [#${t.ref}]` }, email: { replyToken: t.ref, inReplyTo: '<r1.5521@support.acme.test>' } }),
    );
    expect(s.engine.thread(t.id)!.status).toBe('closed');
    expect(ids(s.engine.thread(t.id)!)).toEqual(['a1', 'r1']);
    expect(s.threadOf('a2').messages[0]!.reason).toMatch(/which is closed; starting a follow-up$/);
  });

  it('a follow-up of a follow-up: later replies to the old Message-ID join the newest follow-up only if it holds that id', async () => {
    const s = scenario();
    await s.ingest(...opening());
    const id = s.threadOf('a1').id;
    await s.ingest(
      ev.status('close', at(30), id, 'closed'),
      ev.received('a2', at(40), alice, { channel: 'email', content: { subject: 'Re: Order #5521' }, email: { messageId: '<CAF=a2@mail.example.com>', inReplyTo: '<r1.5521@support.acme.test>' } }),
      ev.received('a3', at(50), alice, { channel: 'email', content: { subject: 'Re: Order #5521' }, email: { inReplyTo: '<CAF=a2@mail.example.com>' } }),
    );
    expect(ids(s.threadOf('a2'))).toEqual(['a2', 'a3']);
  });
});
