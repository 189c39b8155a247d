/**
 * Calls and social media in the default threading policy: calls join the active conversation and flag
 * callbacks; public social posts thread by the platform's own ids and stay public; private messages
 * thread as messaging; email then a call within the continuity window is one conversation.
 */
import { describe, expect, it } from 'vitest';
import { threadIdFor } from '../../src/fold/ids.js';
import { defaultThreadingPolicy } from '../../src/threading/default-policy.js';
import { DAY, HOUR, MINUTE, T0, events, ids, scenario, who } from './scenario.js';

const ev = events('acme');
const at = (minutes: number) => T0 + minutes * MINUTE;
const jiwoo = who.phone('010-2345-6789');
const jiwooMail = who.email('jiwoo.lee@example.kr');

/** A KR tenant where Ji-woo's phone and email are known to be one customer. */
async function koreanCustomer() {
  const s = scenario({ defaultRegion: 'KR' });
  await s.ingest(ev.linked('lnk', at(-60), jiwoo, jiwooMail, true));
  return s;
}

const call = (id: string, t: number, status: 'answered' | 'missed' | 'voicemail', extra: { durationSec?: number } = {}) =>
  ev.received(id, t, jiwoo, { channel: 'call', call: { status, direction: 'inbound', callSid: `CA${id}`, ...extra } });

describe('calls', () => {
  it('an inbound call joins the customer’s active thread; an answered call is a response on the spot', async () => {
    const s = await koreanCustomer();
    await s.ingest(ev.received('s1', at(0), jiwoo, { channel: 'sms', content: { text: '환불 문의드립니다' } }), call('c1', at(10), 'answered', { durationSec: 312 }));
    const t = s.threadOf('s1');
    expect(ids(t)).toEqual(['s1', 'c1']);
    expect(t.channels).toEqual(['sms', 'call']);
    expect(t.firstResponseAt).toBe(at(10));
    expect(t.awaitingReplySince).toBeUndefined();
    expect(t.needsCallback).toBe(false);
    expect(s.engine.timeline(t.customerId).find((x) => x.eventId === 'c1')!.summary).toBe('call (answered)');
  });

  it('a missed call or a voicemail flags the thread for a callback; an outbound call clears it', async () => {
    const s = await koreanCustomer();
    await s.ingest(call('c1', at(0), 'missed'));
    const t = s.threadOf('c1');
    expect(t.needsCallback).toBe(true);
    expect(t.awaitingReplySince).toBe(at(0));
    await s.ingest(call('c2', at(5), 'voicemail'));
    expect(s.engine.thread(t.id)!.needsCallback).toBe(true);
    expect(ids(s.engine.thread(t.id)!)).toEqual(['c1', 'c2']);
    await s.ingest(ev.sent('cb', at(30), jiwoo, { channel: 'call', call: { status: 'answered', direction: 'outbound', durationSec: 95 } }));
    const after = s.engine.thread(t.id)!;
    expect(ids(after)).toEqual(['c1', 'c2', 'cb']);
    expect(after.needsCallback).toBe(false);
    expect(after.awaitingReplySince).toBeUndefined();
    expect(after.firstResponseAt).toBe(at(30));
  });

  it('an agent’s SMS answers the customer but does not clear the callback flag; only a call does', async () => {
    const s = await koreanCustomer();
    await s.ingest(call('c1', at(0), 'missed'), ev.sent('sm', at(2), jiwoo, { channel: 'sms', content: { text: '곧 전화드리겠습니다' } }));
    const t = s.threadOf('c1');
    expect(ids(t)).toEqual(['c1', 'sm']);
    expect(t.needsCallback).toBe(true);
    expect(t.awaitingReplySince).toBeUndefined();
  });

  it('email then a call within the continuity window (3 days) is one thread', async () => {
    const s = await koreanCustomer();
    await s.ingest(
      ev.received('e1', at(0), jiwooMail, { channel: 'email', content: { subject: '배송 지연' }, email: { messageId: '<e1@example.kr>' } }),
      call('c1', at(0) + 3 * DAY, 'missed'),
    );
    expect(ids(s.threadOf('e1'))).toEqual(['e1', 'c1']);
    expect(s.threadOf('c1').messages[1]!.reason).toBe('cross-channel from email: latest open thread');
  });

  it('email then a call outside the continuity window: a new thread', async () => {
    const s = await koreanCustomer();
    await s.ingest(
      ev.received('e1', at(0), jiwooMail, { channel: 'email', content: { subject: '배송 지연' }, email: { messageId: '<e1@example.kr>' } }),
      call('c1', at(0) + 3 * DAY + MINUTE, 'missed'),
    );
    expect(s.engine.threads().map(ids)).toEqual([['e1'], ['c1']]);
    expect(s.threadOf('c1').messages[0]!.reason).toBe('call: no thread to continue');
  });

  it('once a call is in a thread, later calls continue it as same-channel, with no window', async () => {
    const s = await koreanCustomer();
    await s.ingest(
      ev.received('e1', at(0), jiwooMail, { channel: 'email', content: { subject: '배송 지연' } }),
      call('c1', at(60), 'missed'),
      call('c2', at(60) + 10 * DAY, 'missed'),
    );
    expect(ids(s.threadOf('e1'))).toEqual(['e1', 'c1', 'c2']);
    expect(s.threadOf('c2').messages[2]!.reason).toBe('call: latest open thread');
  });

  it('an SMS does not join an email-only conversation (email threads continue only through the email chain)', async () => {
    const s = await koreanCustomer();
    await s.ingest(
      ev.received('e1', at(0), jiwooMail, { channel: 'email', content: { subject: '배송 지연' } }),
      ev.received('s1', at(5), jiwoo, { channel: 'sms', content: { text: '문자도 보냅니다' } }),
    );
    expect(s.engine.threads().map(ids)).toEqual([['e1'], ['s1']]);
  });

  it('but a new email (no reply headers) joins an open messaging thread within the continuity window', async () => {
    const s = await koreanCustomer();
    await s.ingest(
      ev.received('s1', at(0), jiwoo, { channel: 'sms', content: { text: '주문 확인' } }),
      ev.received('e1', at(30), jiwooMail, { channel: 'email', content: { subject: '영수증' } }),
      ev.received('e2', at(30) + 4 * DAY, jiwooMail, { channel: 'email', content: { subject: '또 다른 문의' } }),
    );
    expect(s.engine.threads().map(ids)).toEqual([['s1', 'e1'], ['e2']]);
    expect(s.threadOf('e1').messages[1]!.reason).toBe('cross-channel from sms: latest open thread');
  });

  it('a call goes to the most recently active thread that qualifies, not merely the newest one', async () => {
    const s = await koreanCustomer();
    await s.ingest(
      ev.received('e1', at(0), jiwooMail, { channel: 'email', content: { subject: '영수증' }, email: { messageId: '<e1@example.kr>' } }),
      ev.received('s1', at(30), jiwoo, { channel: 'sms', content: { text: '주문 확인' } }),
      ev.received('e2', at(50), jiwooMail, { channel: 'email', content: { subject: 'Re: 영수증' }, email: { inReplyTo: '<e1@example.kr>' } }),
      call('c1', at(60), 'missed'),
    );
    // The email thread was active last (e2 at :50), so the missed call lands there.
    expect(s.engine.threads().map(ids)).toEqual([['e1', 'e2', 'c1'], ['s1']]);
  });

  it('with crossChannel off, calls only join call threads', async () => {
    const s = scenario({ defaultRegion: 'KR', policies: { threading: defaultThreadingPolicy({ crossChannel: false }) } });
    await s.ingest(
      ev.received('s1', at(0), jiwoo, { channel: 'sms', content: { text: '주문 확인' } }),
      call('c1', at(1), 'missed'),
      call('c2', at(2), 'answered'),
    );
    expect(s.engine.threads().map(ids)).toEqual([['s1'], ['c1', 'c2']]);
  });
});

describe('public social', () => {
  const fan = who.x('1460049823', '@minji_p');
  const critic = who.x('99831200455', '@grumpy');
  const publicPost = (id: string, t: number, from = fan, ids: { conversationId?: string; postId?: string; inReplyTo?: string } = {}) =>
    ev.received(id, t, from, { channel: 'social', social: { platform: 'x', visibility: 'public', ...ids }, content: { text: `@acme ${id}` } });

  it('a public mention threads by conversation id, post id and in-reply-to, and stays public', async () => {
    const s = scenario();
    await s.ingest(
      publicPost('p1', at(0), fan, { conversationId: '1861000000000000001', postId: '1861000000000000001' }),
      ev.sent('r1', at(5), fan, { channel: 'social', social: { platform: 'x', visibility: 'public', conversationId: '1861000000000000001', postId: '1861000000000000050', inReplyTo: '1861000000000000001' }, content: { text: '@minji_p DM us' } }),
      // A client that only knows which post it answers.
      publicPost('p2', at(9), fan, { postId: '1861000000000000077', inReplyTo: '1861000000000000050' }),
      // A new mention in another conversation.
      publicPost('p3', at(12), fan, { conversationId: '1861000000000000900', postId: '1861000000000000900' }),
    );
    const t = s.threadOf('p1');
    expect(ids(t)).toEqual(['p1', 'r1', 'p2']);
    expect(t.visibility).toBe('public');
    expect(t.messages.map((m) => m.reason)).toEqual(['social: new public conversation', 'social: public conversation 1861000000000000001', 'social: public conversation 1861000000000000050']);
    expect(s.threadOf('p3').id).toBe(threadIdFor('acme', 'p3'));
    expect(s.threadOf('p3').visibility).toBe('public');
  });

  it('a private DM from the same person does not join the public thread, and a public post does not join the DM thread', async () => {
    const s = scenario();
    await s.ingest(
      publicPost('p1', at(0), fan, { conversationId: 'conv-1', postId: 'conv-1' }),
      ev.received('dm1', at(3), fan, { channel: 'social', social: { platform: 'x', visibility: 'private', conversationId: 'dm-123-456' }, content: { text: 'order 5521' } }),
      publicPost('p2', at(6), fan, { conversationId: 'conv-2', postId: 'conv-2' }),
      ev.received('dm2', at(9), fan, { channel: 'social', social: { platform: 'x' }, content: { text: 'any update?' } }),
    );
    expect(s.engine.threads().map((t) => [ids(t), t.visibility])).toEqual([
      [['p1'], 'public'],
      [['dm1', 'dm2'], 'private'],
      [['p2'], 'public'],
    ]);
  });

  it('two people in one public conversation each get their own thread', async () => {
    const s = scenario();
    await s.ingest(
      publicPost('p1', at(0), fan, { conversationId: 'conv-1', postId: 'conv-1' }),
      publicPost('p2', at(1), critic, { conversationId: 'conv-1', postId: 'p-2', inReplyTo: 'conv-1' }),
      publicPost('p3', at(2), fan, { conversationId: 'conv-1', postId: 'p-3', inReplyTo: 'p-2' }),
    );
    expect(ids(s.threadOf('p1'))).toEqual(['p1', 'p3']);
    expect(ids(s.threadOf('p2'))).toEqual(['p2']);
    expect(s.threadOf('p2').customerId).not.toBe(s.threadOf('p1').customerId);
  });

  it('the platform comes from the identity when the message does not name it', async () => {
    const s = scenario();
    await s.ingest(
      ev.received('p1', at(0), fan, { channel: 'social', social: { visibility: 'public', conversationId: 'conv-1' } }),
      ev.received('p2', at(1), fan, { channel: 'social', social: { visibility: 'public', conversationId: 'conv-1' } }),
    );
    expect(ids(s.threadOf('p1'))).toEqual(['p1', 'p2']);
  });

  it('a public thread that was resolved reopens within the reopen window; a closed one never', async () => {
    const s = scenario();
    const t1 = threadIdFor('acme', 'p1');
    await s.ingest(
      publicPost('p1', at(0), fan, { conversationId: 'conv-1' }),
      ev.status('r', at(10), t1, 'resolved'),
      publicPost('p2', at(10) + DAY, fan, { conversationId: 'conv-1' }),
      ev.status('c', at(10) + DAY + HOUR, t1, 'closed'),
      publicPost('p3', at(10) + DAY + 2 * HOUR, fan, { conversationId: 'conv-1' }),
    );
    expect(ids(s.engine.thread(t1)!)).toEqual(['p1', 'p2']);
    expect(s.engine.thread(t1)!.reopens).toBe(1);
    expect(s.threadOf('p3').id).toBe(threadIdFor('acme', 'p3'));
  });
});
