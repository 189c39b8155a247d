/**
 * Messaging continuity of the default threading policy (SMS, WhatsApp, chat, private social): `single`
 * versus `latestOpen`, per channel and across channels, the inactivity gap, chat sessions and the
 * reopen window.
 */
import { describe, expect, it } from 'vitest';
import { threadIdFor } from '../../src/fold/ids.js';
import { isOmnithreadError } from '../../src/errors.js';
import { defaultThreadingPolicy, type ThreadingOptions } from '../../src/threading/default-policy.js';
import { DAY, HOUR, MINUTE, T0, events, ids, scenario, who } from './scenario.js';

const ev = events('acme');
const at = (minutes: number) => T0 + minutes * MINUTE;
const sam = who.phone('+1 212 555 0100');
const samWa = who.whatsapp('whatsapp:+12125550100');
const withPolicy = (options: ThreadingOptions) => scenario({ defaultRegion: 'US', policies: { threading: defaultThreadingPolicy(options) } });
const sms = (id: string, t: number, text = 'hi') => ev.received(id, t, sam, { channel: 'sms', content: { text } });

describe('continuity `single` (the SMS, WhatsApp and social default): one ongoing thread per customer', () => {
  it('follow-ups join the open thread, however far apart', async () => {
    const s = scenario();
    await s.ingest(sms('s1', at(0)), ev.sent('s2', at(5), sam, { channel: 'sms', content: { text: 'How can we help?' } }), sms('s3', at(0) + 20 * DAY));
    expect(ids(s.threadOf('s1'))).toEqual(['s1', 's2', 's3']);
    expect(s.threadOf('s3').messages.at(-1)!.reason).toBe('sms: latest open thread');
  });

  it('a resolved thread reopens within the reopen window (7 days); after it, a new thread', async () => {
    const s = scenario();
    await s.ingest(sms('s1', at(0)), ev.status('r1', at(10), threadIdFor('acme', 's1'), 'resolved'), sms('s2', at(10) + 6 * DAY));
    const t = s.threadOf('s1');
    expect(ids(t)).toEqual(['s1', 's2']);
    expect(t.reopens).toBe(1);
    expect(t.messages[1]!.reason).toBe("sms: reopens the customer's thread within the reopen window");
    await s.ingest(ev.status('r2', at(10) + 6 * DAY + HOUR, t.id, 'resolved'), sms('s3', at(10) + 6 * DAY + HOUR + 7 * DAY + MINUTE));
    expect(s.threadOf('s3').id).toBe(threadIdFor('acme', 's3'));
    expect(s.engine.thread(t.id)!.status).toBe('resolved');
  });

  it('looks at the latest thread only: an older resolved thread is not reopened when the latest is closed', async () => {
    const s = scenario();
    await s.ingest(
      sms('s1', at(0)),
      ev.status('r1', at(10), threadIdFor('acme', 's1'), 'resolved'),
      ev.status('c1', at(11), threadIdFor('acme', 's1'), 'closed'),
      sms('s2', at(20)),
      ev.status('r2', at(30), threadIdFor('acme', 's2'), 'closed'),
      sms('s3', at(40)),
    );
    expect(s.engine.threads().map(ids)).toEqual([['s1'], ['s2'], ['s3']]);
  });

  it('an agent’s outbound message never reopens a resolved thread: proactive outreach is a new thread', async () => {
    const s = scenario();
    await s.ingest(
      sms('s1', at(0)),
      ev.status('r1', at(10), threadIdFor('acme', 's1'), 'resolved'),
      ev.sent('out', at(60), sam, { channel: 'sms', content: { text: 'Your replacement ships today' } }),
    );
    expect(s.engine.thread(threadIdFor('acme', 's1'))!.status).toBe('resolved');
    expect(s.threadOf('out').id).toBe(threadIdFor('acme', 'out'));
  });
});

describe('continuity `latestOpen`: the latest unresolved thread, else new', () => {
  it('joins an open (or pending, or snoozed) thread, but never reopens a resolved one', async () => {
    const s = withPolicy({ channels: { sms: { continuity: 'latestOpen' } } });
    const t1 = threadIdFor('acme', 's1');
    await s.ingest(
      sms('s1', at(0)),
      ev.status('p', at(5), t1, 'pending'),
      sms('s2', at(10)),
      ev.status('r', at(20), t1, 'resolved'),
      sms('s3', at(30)),
    );
    expect(ids(s.engine.thread(t1)!)).toEqual(['s1', 's2']);
    expect(s.threadOf('s3').id).toBe(threadIdFor('acme', 's3'));
    expect(s.engine.thread(t1)!.status).toBe('resolved');
  });

  it('is chosen per channel: WhatsApp latestOpen while SMS stays single', async () => {
    const s = withPolicy({ crossChannel: false, channels: { whatsapp: { continuity: 'latestOpen' } } });
    await s.ingest(
      sms('s1', at(0)),
      ev.received('w1', at(1), samWa, { channel: 'whatsapp', content: { text: 'wa' } }),
      ev.status('rs', at(2), threadIdFor('acme', 's1'), 'resolved'),
      ev.status('rw', at(3), threadIdFor('acme', 'w1'), 'resolved'),
      sms('s2', at(60)),
      ev.received('w2', at(61), samWa, { channel: 'whatsapp', content: { text: 'wa again' } }),
    );
    expect(s.threadOf('s2').id).toBe(threadIdFor('acme', 's1'));
    expect(s.threadOf('w2').id).toBe(threadIdFor('acme', 'w2'));
  });

  it('a top-level continuity applies to every channel without its own', async () => {
    const s = withPolicy({ continuity: 'latestOpen' });
    await s.ingest(sms('s1', at(0)), ev.status('r', at(1), threadIdFor('acme', 's1'), 'resolved'), sms('s2', at(2)));
    expect(s.threadOf('s2').id).toBe(threadIdFor('acme', 's2'));
  });
});

describe('across channels', () => {
  it('by default SMS then WhatsApp from one number continue one thread within the continuity window (3 days)', async () => {
    const s = scenario();
    await s.ingest(sms('s1', at(0)), ev.received('w1', at(0) + 2 * DAY, samWa, { channel: 'whatsapp', content: { text: 'switching to WhatsApp' } }));
    const t = s.threadOf('s1');
    expect(ids(t)).toEqual(['s1', 'w1']);
    expect(t.messages[1]!.reason).toBe('cross-channel from sms: latest open thread');
    expect(t.channel).toBe('whatsapp');
  });

  it('outside the continuity window, a new thread on the new channel', async () => {
    const s = scenario();
    await s.ingest(sms('s1', at(0)), ev.received('w1', at(0) + 3 * DAY + MINUTE, samWa, { channel: 'whatsapp', content: { text: 'hello' } }));
    expect(s.engine.threads().map(ids)).toEqual([['s1'], ['w1']]);
  });

  it('the continuity window is an option', async () => {
    const s = withPolicy({ continuityWindowMs: HOUR });
    await s.ingest(
      sms('s1', at(0)),
      ev.received('w1', at(59), samWa, { channel: 'whatsapp', content: { text: 'a' } }),
      ev.received('c1', at(59) + 2 * HOUR, { kind: 'phone', value: '+12125550100' }, { channel: 'call', call: { status: 'missed' } }),
    );
    expect(s.engine.threads().map(ids)).toEqual([['s1', 'w1'], ['c1']]);
  });

  it('crossChannel false keeps each channel in its own thread', async () => {
    const s = withPolicy({ crossChannel: false });
    await s.ingest(sms('s1', at(0)), ev.received('w1', at(1), samWa, { channel: 'whatsapp', content: { text: 'wa' } }), sms('s2', at(2)), ev.received('w2', at(3), samWa, { channel: 'whatsapp', content: { text: 'wa' } }));
    expect(s.engine.threads().map(ids)).toEqual([['s1', 's2'], ['w1', 'w2']]);
  });

  it('a chat visitor linked to the phone continues the SMS thread', async () => {
    const s = scenario();
    await s.ingest(
      sms('s1', at(0)),
      ev.linked('lnk', at(1), who.chat('visitor-91c2'), sam),
      ev.received('ch1', at(5), who.chat('visitor-91c2'), { channel: 'chat', content: { text: 'same question, on your site' } }),
    );
    expect(ids(s.threadOf('s1'))).toEqual(['s1', 'ch1']);
  });
});

describe('chat: inactivity gap and sessions', () => {
  const visitor = who.chat('visitor-5d8e');
  const chat = (id: string, t: number, sessionId?: string) =>
    ev.received(id, t, visitor, { channel: 'chat', content: { text: id }, ...(sessionId === undefined ? {} : { chat: { sessionId } }) });

  it('without session ids, a pause longer than the inactivity gap (30 min) ends the conversation', async () => {
    const s = scenario();
    await s.ingest(chat('c1', at(0)), chat('c2', at(25)), chat('c3', at(25 + 31)));
    expect(s.engine.threads().map(ids)).toEqual([['c1', 'c2'], ['c3']]);
    expect(s.threadOf('c3').messages[0]!.reason).toBe(`chat: thread ${threadIdFor('acme', 'c1')} idle longer than the inactivity gap`);
  });

  it('the gap counts from the last activity, agent replies included, and is an option', async () => {
    const s = withPolicy({ channels: { chat: { inactivityGapMs: 10 * MINUTE } } });
    await s.ingest(chat('c1', at(0)), ev.sent('a1', at(8), visitor, { channel: 'chat', content: { text: 'checking' } }), chat('c2', at(17)), chat('c3', at(28)));
    expect(s.engine.threads().map(ids)).toEqual([['c1', 'a1', 'c2'], ['c3']]);
  });

  it('a session id keeps its conversation together across a long pause', async () => {
    const s = scenario();
    await s.ingest(chat('c1', at(0), 'sess-A'), chat('c2', at(90), 'sess-A'));
    expect(ids(s.threadOf('c1'))).toEqual(['c1', 'c2']);
    expect(s.threadOf('c2').messages[1]!.reason).toBe('chat: session sess-A');
  });

  it('a new session id is a new conversation, even right after the last one', async () => {
    const s = scenario();
    await s.ingest(chat('c1', at(0), 'sess-A'), chat('c2', at(1), 'sess-B'), chat('c3', at(2), 'sess-A'));
    expect(s.engine.threads().map(ids)).toEqual([['c1', 'c3'], ['c2']]);
    expect(s.threadOf('c2').messages[0]!.reason).toBe('chat: new session sess-B');
  });

  it('a session whose thread was closed starts over', async () => {
    const s = scenario();
    await s.ingest(chat('c1', at(0), 'sess-A'), ev.status('x', at(1), threadIdFor('acme', 'c1'), 'closed'), chat('c2', at(2), 'sess-A'));
    expect(s.engine.threads().map(ids)).toEqual([['c1'], ['c2']]);
  });

  it('with chat continuity `single`, a resolved chat reopens within its reopen window (1 day) only', async () => {
    const s = withPolicy({ channels: { chat: { continuity: 'single', inactivityGapMs: Infinity } } });
    const t1 = threadIdFor('acme', 'c1');
    await s.ingest(chat('c1', at(0)), ev.status('r', at(5), t1, 'resolved'), chat('c2', at(5) + 23 * HOUR));
    expect(ids(s.engine.thread(t1)!)).toEqual(['c1', 'c2']);
    await s.ingest(ev.status('r2', at(5) + 23 * HOUR + MINUTE, t1, 'resolved'), chat('c3', at(5) + 48 * HOUR));
    expect(s.threadOf('c3').id).toBe(threadIdFor('acme', 'c3'));
  });
});

describe('private social messages thread like messaging', () => {
  it('Messenger DMs on one page continue one thread (single); another page is another customer and thread', async () => {
    const s = scenario();
    const onShoes = who.messenger('6254519874563210', 'page-acme-shoes');
    const onOutlet = who.messenger('6254519874563210', 'page-acme-outlet');
    await s.ingest(
      ev.received('m1', at(0), onShoes, { channel: 'social', social: { platform: 'messenger' }, content: { text: 'Do you have size 42?' } }),
      ev.sent('m2', at(3), onShoes, { channel: 'social', social: { platform: 'messenger' }, content: { text: 'Yes!' } }),
      ev.received('m3', at(0) + 2 * DAY, onShoes, { channel: 'social', social: { platform: 'messenger' }, content: { text: 'ordering now' } }),
      ev.received('m4', at(5), onOutlet, { channel: 'social', social: { platform: 'messenger' }, content: { text: 'outlet hours?' } }),
    );
    expect(s.engine.threads().map(ids)).toEqual([['m1', 'm2', 'm3'], ['m4']]);
    expect(s.threadOf('m1').visibility).toBe('private');
  });
});

describe('options are validated', () => {
  it('a bad option throws INVALID_ARGUMENT with the path', () => {
    let error: unknown;
    try {
      defaultThreadingPolicy({ channels: { chat: { inactivityGapMs: -5 } } });
    } catch (e) {
      error = e;
    }
    expect(isOmnithreadError(error) && error.code).toBe('INVALID_ARGUMENT');
    expect(isOmnithreadError(error) && error.issues.map((i) => i.path)).toEqual([['channels', 'chat', 'inactivityGapMs']]);
    expect(() => defaultThreadingPolicy({ continuity: 'forever' as never })).toThrow(/Invalid threading options/);
  });
});
