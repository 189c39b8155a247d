/**
 * Identity resolution through the engine: which customer a contact belongs to, links, automatic and
 * explicit merges, suggestions for conflicting verified identities, and exact unmerges.
 */
import { describe, expect, it } from 'vitest';
import { customerIdFor, threadIdFor } from '../../src/fold/ids.js';
import { isOmnithreadError } from '../../src/errors.js';
import type { MergePolicy } from '../../src/identity/merge-policy.js';
import { DAY, HOUR, MINUTE, T0, events, ids, plain, scenario, who } from '../threading/scenario.js';

const ev = events('acme');
const at = (minutes: number) => T0 + minutes * MINUTE;

describe('which customer a contact belongs to', () => {
  it('a known identity joins its customer, whatever casing or IDN form the address arrives in', async () => {
    const s = scenario();
    await s.ingest(
      ev.received('em1', at(0), who.email('Jürgen.Schmidt@Bücher.example'), { channel: 'email', content: { subject: 'Lieferung', text: 'Wo bleibt meine Bestellung?' }, email: { messageId: '<j1@buecher.example>' } }),
      ev.received('em2', at(90), who.email('jürgen.schmidt@xn--bcher-kva.example'), { channel: 'email', content: { subject: 'Noch eine Frage' }, email: { messageId: '<j2@buecher.example>' } }),
    );
    const customers = s.engine.customers();
    expect(customers).toHaveLength(1);
    expect(customers[0]!.identities.map((i) => i.key)).toEqual(['email:jürgen.schmidt@xn--bcher-kva.example']);
    expect(s.engine.timeline(customers[0]!.id).map((x) => x.eventId)).toEqual(['em1', 'em2']);
  });

  it('an unknown identity becomes a new customer, with an id derived from tenant and identity', async () => {
    const s = scenario({ defaultRegion: 'KR' });
    await s.ingest(
      ev.received('sms1', at(0), who.phone('010-1234-5678'), { channel: 'sms', content: { text: '배송 언제 되나요?' } }),
      ev.received('em1', at(5), who.email('김철수@예시.한국'), { channel: 'email', content: { subject: '환불 문의' } }),
    );
    const customers = s.engine.customers();
    expect(customers.map((c) => c.id).sort()).toEqual(
      [customerIdFor('acme', 'phone:+821012345678'), customerIdFor('acme', 'email:김철수@xn--vv4b11d.xn--3e0b707e')].sort(),
    );
    expect(s.emitted['customer.created']?.map((c) => c.id).sort()).toEqual(customers.map((c) => c.id).sort());
  });

  it('SMS and WhatsApp (Twilio and Cloud API forms) from one number are one customer and, by default, one thread', async () => {
    const s = scenario({ defaultRegion: 'KR' });
    await s.ingest(
      ev.received('SM01', at(0), who.phone('010-1234-5678'), { channel: 'sms', content: { text: '주문 취소하고 싶어요' } }),
      ev.received('WA01', at(3), who.whatsapp('whatsapp:+821012345678'), { channel: 'whatsapp', content: { text: '여기로 연락 주세요' } }),
      ev.received('wamid.HBgM', at(7), who.whatsapp('821012345678'), { channel: 'whatsapp', content: { text: '감사합니다' } }),
    );
    const [customer, ...others] = s.engine.customers();
    expect(others).toEqual([]);
    expect(customer!.identities.map((i) => i.key)).toEqual(['phone:+821012345678']);
    const thread = s.threadOf('SM01');
    expect(ids(thread)).toEqual(['SM01', 'WA01', 'wamid.HBgM']);
    expect(thread.channels).toEqual(['sms', 'whatsapp']);
    expect(thread.channel).toBe('whatsapp');
  });

  it('US and GB numbers: national forms resolve with the tenant region, international forms anywhere', async () => {
    const s = scenario({ defaultRegion: 'US', tenants: { 'acme-uk': { defaultRegion: 'GB' } } });
    const uk = events('acme-uk');
    await s.ingest(
      ev.received('us1', at(0), who.phone('(415) 867-5310'), { channel: 'sms', content: { text: 'hi' } }),
      ev.received('us2', at(1), who.phone('+1 415-867-5310'), { channel: 'call', call: { status: 'missed' } }),
      uk.received('gb1', at(0), who.phone('07911 123456'), { channel: 'sms', content: { text: 'hiya' } }),
      uk.received('gb2', at(2), who.whatsapp('447911123456'), { channel: 'whatsapp', content: { text: 'me again' } }),
    );
    expect(s.engine.customers({ tenantId: 'acme' }).map((c) => c.identities.map((i) => i.key))).toEqual([['phone:+14158675310']]);
    expect(s.engine.customers({ tenantId: 'acme-uk' }).map((c) => c.identities.map((i) => i.key))).toEqual([['phone:+447911123456']]);
  });

  it('a Messenger PSID on two pages is two customers; the same PSID on one page is one', async () => {
    const s = scenario();
    const psid = '6254519874563210';
    await s.ingest(
      ev.received('mid.1', at(0), who.messenger(psid, 'page-acme-shoes'), { channel: 'social', content: { text: 'size 42?' } }),
      ev.received('mid.2', at(1), who.messenger(psid, 'page-acme-outlet'), { channel: 'social', content: { text: 'discount?' } }),
      ev.received('mid.3', at(2), { kind: 'social', platform: 'Messenger', id: psid, scope: 'page-acme-shoes' }, { channel: 'social', content: { text: 'thanks' } }),
    );
    const customers = s.engine.customers();
    expect(customers).toHaveLength(2);
    expect(customers.map((c) => c.identities[0]!.key).sort()).toEqual([`social:messenger:page-acme-outlet:${psid}`, `social:messenger:page-acme-shoes:${psid}`]);
    expect(s.engine.timeline(s.customerWith(`social:messenger:page-acme-shoes:${psid}`)!.id).map((x) => x.eventId)).toEqual(['mid.1', 'mid.3']);
  });

  it('an invalid phone is rejected INVALID_IDENTITY with the path, creates no customer, and the rest of the batch is accepted', async () => {
    const s = scenario({ defaultRegion: 'US' });
    const r = await s.engine.ingest([
      ev.received('ok', at(0), who.phone('(415) 867-5310'), { channel: 'sms', content: { text: 'hello' } }),
      ev.received('bad', at(1), who.phone('555-0100'), { channel: 'sms', content: { text: 'fake number' } }),
      ev.received('psid', at(2), { kind: 'social', platform: 'messenger', id: '6254519874563210' }, { channel: 'social' }),
      ev.linked('badlink', at(3), who.email('not-an-address'), who.phone('(415) 867-5310')),
    ]);
    expect(r.accepted).toBe(1);
    expect(r.rejected.map((x) => x.index)).toEqual([1, 2, 3]);
    for (const x of r.rejected) {
      expect(isOmnithreadError(x.error)).toBe(true);
      expect(x.error.code).toBe('INVALID_IDENTITY');
    }
    expect(r.rejected.map((x) => x.error.issues.map((i) => i.path))).toEqual([[['from', 'value']], [['from', 'scope']], [['identity', 'value']]]);
    expect(r.rejected[0]!.error.eventId).toBe('bad');
    expect(s.engine.customers().map((c) => c.identities.map((i) => i.key))).toEqual([['phone:+14158675310']]);
    expect(s.engine.threads().flatMap(ids)).toEqual(['ok']);
    expect(s.engine.unapplied()).toEqual([]);
  });

  it('a chat visitor who later gives an email address becomes one customer once linked', async () => {
    const s = scenario();
    await s.ingest(
      ev.received('ch1', at(0), who.chat('visitor-7f3a'), { channel: 'chat', chat: { sessionId: 'sess-1' }, content: { text: 'is the blue kettle in stock?' } }),
      ev.linked('lnk', at(2), who.chat('visitor-7f3a'), who.email('dana@example.co.uk')),
      ev.received('ch2', at(3), who.chat('visitor-7f3a'), { channel: 'chat', chat: { sessionId: 'sess-1' }, content: { text: 'my email is dana@example.co.uk' } }),
    );
    const customers = s.engine.customers();
    // The chat visitor came first; the link names the email customer, which is created and survives.
    expect(customers).toHaveLength(1);
    expect(customers[0]!.id).toBe(customerIdFor('acme', 'email:dana@example.co.uk'));
    expect(customers[0]!.identities.map((i) => i.key).sort()).toEqual(['chat:visitor-7f3a', 'email:dana@example.co.uk']);
    expect(s.engine.customer(customerIdFor('acme', 'chat:visitor-7f3a'))?.id).toBe(customers[0]!.id);
    expect(ids(s.threadOf('ch1'))).toEqual(['ch1', 'ch2']);
  });
});

describe('links and automatic merges', () => {
  const alice = who.email('alice@example.com');
  const alicePhone = who.phone('(415) 867-5310');

  async function twoCustomers() {
    const s = scenario();
    await s.ingest(
      ev.received('em1', at(0), alice, { channel: 'email', content: { subject: 'Order late' }, email: { messageId: '<a1@example.com>' } }),
      ev.sent('em2', at(10), alice, { channel: 'email', content: { subject: 'Re: Order late' }, email: { messageId: '<b1@acme.test>', inReplyTo: '<a1@example.com>' } }),
      ev.received('sms1', at(60), alicePhone, { channel: 'sms', content: { text: 'any news?' } }),
    );
    return s;
  }

  it('a link to an identity nobody holds attaches it: later contacts from it join the customer', async () => {
    const s = scenario();
    await s.ingest(
      ev.received('em1', at(0), alice, { channel: 'email', content: { subject: 'Order late' } }),
      ev.linked('lnk', at(5), alicePhone, alice, true),
      ev.received('sms1', at(60), alicePhone, { channel: 'sms', content: { text: 'any news?' } }),
    );
    const [c, ...rest] = s.engine.customers();
    expect(rest).toEqual([]);
    expect(c!.identities.map((i) => [i.key, i.verified])).toEqual([
      ['email:alice@example.com', false],
      ['phone:+14158675310', true],
    ]);
    expect(c!.mergedFrom).toEqual([]);
    expect(s.engine.timeline(c!.id).map((x) => x.eventId)).toEqual(['em1', 'sms1']);
    expect(s.emitted['customer.merged']).toBeUndefined();
  });

  it('identity.linked joining two customers merges them: threads, timeline and redirect move to the target', async () => {
    const s = await twoCustomers();
    const emailCustomer = customerIdFor('acme', 'email:alice@example.com');
    const phoneCustomer = customerIdFor('acme', 'phone:+14158675310');
    expect(s.engine.customers().map((c) => c.id).sort()).toEqual([emailCustomer, phoneCustomer].sort());
    const smsThread = s.threadOf('sms1').id;
    await s.ingest(ev.linked('lnk', at(65), alicePhone, alice));
    const [survivor, ...rest] = s.engine.customers();
    expect(rest).toEqual([]);
    expect(survivor!.id).toBe(emailCustomer);
    expect(survivor!.mergedFrom).toEqual([phoneCustomer]);
    expect(survivor!.identities.map((i) => i.key)).toEqual(['email:alice@example.com', 'phone:+14158675310']);
    expect(survivor!.threadIds).toContain(smsThread);
    expect(s.engine.thread(smsThread)?.customerId).toBe(emailCustomer);
    expect(s.engine.customer(phoneCustomer)).toBe(s.engine.customer(emailCustomer));
    expect(s.engine.timeline(phoneCustomer).map((x) => x.eventId)).toEqual(['em1', 'em2', 'sms1']);
    expect(s.emitted['customer.merged']).toEqual([{ sourceId: phoneCustomer, targetId: emailCustomer, customer: survivor }]);
    expect(s.engine.threads({ customerId: phoneCustomer }).map((t) => t.id).sort()).toEqual(survivor!.threadIds.slice().sort());
  });

  it('after an automatic merge, the next SMS continues the customer’s open SMS thread (not the email one)', async () => {
    const s = await twoCustomers();
    await s.ingest(ev.linked('lnk', at(65), alicePhone, alice), ev.received('sms2', at(70), alicePhone, { channel: 'sms', content: { text: 'hello?' } }));
    expect(ids(s.threadOf('sms1'))).toEqual(['sms1', 'sms2']);
  });

  it('conflicting VERIFIED emails: no automatic merge, a suggestion instead (and an event)', async () => {
    const s = scenario({ defaultRegion: 'GB' });
    await s.ingest(
      ev.received('em1', at(0), who.email('oliver@example.co.uk', true), { channel: 'email', content: { subject: 'Invoice' } }),
      ev.received('em2', at(5), who.email('o.smith@work.example', true), { channel: 'email', content: { subject: 'Delivery' } }),
      ev.received('sms1', at(10), who.phone('07911 123456'), { channel: 'sms', content: { text: 'Oliver here' } }),
      ev.linked('lnk1', at(11), who.phone('07911 123456'), who.email('oliver@example.co.uk')),
    );
    // The phone customer merged into Oliver's private-address customer: nothing conflicted.
    expect(s.engine.customers()).toHaveLength(2);
    await s.ingest(ev.linked('lnk2', at(20), who.phone('07911 123456'), who.email('o.smith@work.example')));
    const customers = s.engine.customers();
    expect(customers).toHaveLength(2);
    const a = customerIdFor('acme', 'email:oliver@example.co.uk');
    const b = customerIdFor('acme', 'email:o.smith@work.example');
    const suggestions = s.engine.mergeSuggestions();
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ tenantId: 'acme', customerIds: [b, a], eventId: 'lnk2', occurredAt: at(20) });
    expect(suggestions[0]!.reason).toMatch(/verified email .* conflicts with verified email/);
    expect(s.emitted['merge.suggested']).toEqual(suggestions);
    // The phone stays where it was; nothing moved.
    expect(s.customerWith('phone:+447911123456')?.id).toBe(a);
    // An explicit merge is a person's decision: it is applied despite the conflict.
    await s.ingest(ev.merged('mrg', at(30), who.customer(b), who.customer(a)));
    expect(s.engine.customers().map((c) => c.id)).toEqual([a]);
    expect(s.engine.customer(b)?.id).toBe(a);
  });

  it('a link marked verified makes the identity verified, and a verified message upgrades an unverified identity', async () => {
    const s = scenario();
    await s.ingest(
      ev.received('em1', at(0), who.email('maria@example.es'), { channel: 'email', content: { subject: 'Hola' } }),
      ev.received('em2', at(1), who.email('maria@example.es', true), { channel: 'email', content: { subject: 'Hola otra vez' } }),
      ev.linked('lnk', at(2), who.phone('+34 612 34 56 78'), who.email('maria@example.es'), true),
    );
    expect(s.engine.customers()[0]!.identities.map((i) => [i.key, i.verified])).toEqual([
      ['email:maria@example.es', true],
      ['phone:+34612345678', true],
    ]);
  });

  it('a custom MergePolicy decides automatic merges; explicit merges are applied regardless', async () => {
    const decided: string[] = [];
    const neverAutoMerge: MergePolicy = {
      name: 'never',
      decide: (p) => {
        decided.push(`${p.source.id}->${p.target.id} via ${p.identityKey}`);
        return { merge: false, reason: 'a person confirms every merge here' };
      },
    };
    const s = scenario({ defaultRegion: 'US', policies: { merge: neverAutoMerge } });
    await s.ingest(
      ev.received('em1', at(0), alice, { channel: 'email', content: { subject: 'Order late' } }),
      ev.received('sms1', at(1), alicePhone, { channel: 'sms', content: { text: 'any news?' } }),
      ev.linked('lnk', at(2), alicePhone, alice),
    );
    const a = customerIdFor('acme', 'email:alice@example.com');
    const p = customerIdFor('acme', 'phone:+14158675310');
    expect(decided).toEqual([`${p}->${a} via phone:+14158675310`]);
    expect(s.engine.customers()).toHaveLength(2);
    expect(s.engine.mergeSuggestions().map((x) => [x.customerIds, x.reason])).toEqual([[[a, p], 'a person confirms every merge here']]);
    await s.ingest(ev.merged('mrg', at(3), alicePhone, alice));
    expect(s.engine.customers().map((c) => c.id)).toEqual([a]);
  });
});

describe('explicit merges and exact unmerges', () => {
  const minji = who.email('minji+shop@naver.com');
  const minjiPhone = who.phone('010-9876-5432');

  async function history() {
    const s = scenario({ defaultRegion: 'KR' });
    await s.ingest(
      ev.received('em1', at(0), minji, { channel: 'email', content: { subject: '주문 #2291 배송' }, email: { messageId: '<m1@naver.com>' } }),
      ev.sent('em2', at(15), minji, { channel: 'email', content: { subject: 'Re: 주문 #2291 배송' }, email: { messageId: '<r1@acme.kr>', inReplyTo: '<m1@naver.com>' } }),
      ev.attributes('attr1', at(16), minji, { tier: 'gold', attributes: { crm: 'A-1' } }),
      ev.received('sms1', at(30), minjiPhone, { channel: 'sms', content: { text: '문자로 답장 주세요' } }),
      ev.attributes('attr2', at(31), minjiPhone, { name: '박민지', language: 'ko', attributes: { crm: 'B-9', source: 'sms' } }),
      ev.received('wa1', at(40), who.whatsapp('821098765432'), { channel: 'whatsapp', content: { text: '왓츠앱입니다' } }),
    );
    return s;
  }

  it('customer.merged moves threads and timeline; the absorbed id redirects to the survivor', async () => {
    const s = await history();
    const email = customerIdFor('acme', 'email:minji@naver.com');
    const phone = customerIdFor('acme', 'phone:+821098765432');
    const phoneThreads = s.engine.customer(phone)!.threadIds;
    await s.ingest(ev.merged('mrg', at(50), minjiPhone, minji));
    const survivor = s.engine.customer(phone)!;
    expect(survivor.id).toBe(email);
    expect(survivor.mergedFrom).toEqual([phone]);
    expect(survivor.identities.map((i) => i.key)).toEqual(['email:minji@naver.com', 'phone:+821098765432']);
    for (const id of phoneThreads) expect(s.engine.thread(id)?.customerId).toBe(email);
    expect(s.engine.timeline(phone).map((x) => x.eventId)).toEqual(['em1', 'em2', 'sms1', 'wa1']);
    // The survivor keeps its own attributes and gains only what it lacked.
    expect(survivor.attributes).toEqual({ tier: 'gold', name: '박민지', language: 'ko', extra: { crm: 'A-1', source: 'sms' } });
    expect(survivor.createdAt).toBe(at(0));
    expect(survivor.lastContactAt).toBe(at(40));
    expect(s.emitted['customer.merged']?.map((x) => [x.sourceId, x.targetId])).toEqual([[phone, email]]);
  });

  it('customer.unmerged restores customers and threads exactly as they were before the merge', async () => {
    const before = await history();
    const s = await history();
    await s.ingest(ev.merged('mrg', at(50), minjiPhone, minji));
    expect(s.engine.customers()).toHaveLength(1);
    await s.ingest(ev.unmerged('unm', at(51), 'mrg'));
    expect(plain(s.engine.customers())).toEqual(plain(before.engine.customers()));
    expect(plain(s.engine.threads())).toEqual(plain(before.engine.threads()));
    const phone = customerIdFor('acme', 'phone:+821098765432');
    expect(s.emitted['customer.unmerged']?.map((x) => [x.customerId, x.formerTargetId])).toEqual([[phone, customerIdFor('acme', 'email:minji@naver.com')]]);
    expect(s.engine.customer(phone)?.id).toBe(phone);
  });

  it('also when the survivor was the younger customer (createdAt and lastContactAt come back)', async () => {
    const before = await history();
    const s = await history();
    await s.ingest(ev.merged('mrg', at(50), minji, minjiPhone));
    const merged = s.engine.customers();
    expect(merged.map((c) => [c.id, c.createdAt])).toEqual([[customerIdFor('acme', 'phone:+821098765432'), at(0)]]);
    expect(merged[0]!.attributes).toEqual({ tier: 'gold', name: '박민지', language: 'ko', extra: { crm: 'B-9', source: 'sms' } });
    await s.ingest(ev.unmerged('unm', at(52), 'mrg'));
    expect(plain(s.engine.customers())).toEqual(plain(before.engine.customers()));
    expect(plain(s.engine.threads())).toEqual(plain(before.engine.threads()));
  });

  it('an unmerge also takes back threads the absorbed identities opened while merged; contacts that joined the survivor’s threads stay', async () => {
    const s = await history();
    const email = customerIdFor('acme', 'email:minji@naver.com');
    const phone = customerIdFor('acme', 'phone:+821098765432');
    await s.ingest(
      ev.status('res', at(45), s.threadOf('sms1').id, 'resolved'),
      ev.merged('mrg', at(50), minjiPhone, minji),
      ev.received('em3', at(60), minji, { channel: 'email', content: { subject: '새 문의' }, email: { messageId: '<m3@naver.com>' } }),
      // While merged, a call from the phone continues the customer's latest open thread: the new email.
      ev.received('call1', at(70), minjiPhone, { channel: 'call', call: { status: 'missed' } }),
      ev.received('sms9', at(0) + 9 * DAY, minjiPhone, { channel: 'sms', content: { text: '다시 연락드려요' } }),
      ev.unmerged('unm', at(0) + 9 * DAY + HOUR, 'mrg'),
    );
    expect(s.threadOf('call1').customerId).toBe(email);
    expect(s.threadOf('call1').id).toBe(s.threadOf('em3').id);
    // The SMS after the reopen window opened a follow-up thread from the phone: it goes back.
    expect(s.threadOf('sms9').customerId).toBe(phone);
    expect(s.engine.timeline(phone).map((x) => x.eventId)).toEqual(['sms1', 'wa1', 'sms9']);
    expect(s.engine.timeline(email).map((x) => x.eventId)).toEqual(['em1', 'em2', 'em3', 'call1']);
  });

  it('an automatic merge (identity.linked) can be undone by naming the link event', async () => {
    const before = await history();
    const s = await history();
    await s.ingest(ev.linked('lnk', at(50), minjiPhone, minji));
    expect(s.engine.customers()).toHaveLength(1);
    await s.ingest(ev.unmerged('unm', at(51), 'lnk'));
    expect(s.engine.unapplied()).toEqual([]);
    expect(plain(s.engine.customers())).toEqual(plain(before.engine.customers()));
  });

  it('attributes the merge filled in go; attributes set on the survivor while merged stay', async () => {
    const s = await history();
    const email = customerIdFor('acme', 'email:minji@naver.com');
    await s.ingest(
      ev.merged('mrg', at(50), minjiPhone, minji),
      ev.attributes('vip', at(55), who.customer(email), { vip: true, attributes: { churnRisk: 'low' } }),
      ev.unmerged('unm', at(60), 'mrg'),
    );
    expect(s.engine.customer(email)!.attributes).toEqual({ tier: 'gold', vip: true, extra: { crm: 'A-1', churnRisk: 'low' } });
  });

  it('chained merges undo in any order, each giving back only what it took', async () => {
    const before = await history();
    const s = await history();
    const x = who.x('1460049823', '@minji_p');
    await s.ingest(ev.received('x1', at(41), x, { channel: 'social', social: { platform: 'x' }, content: { text: 'DM' } }));
    await before.ingest(ev.received('x1', at(41), x, { channel: 'social', social: { platform: 'x' }, content: { text: 'DM' } }));
    await s.ingest(ev.merged('m1', at(50), minjiPhone, x), ev.merged('m2', at(51), x, minji));
    expect(s.engine.customers()).toHaveLength(1);
    // Undo the first merge while the second still stands: the phone's part comes out of the survivor.
    await s.ingest(ev.unmerged('u1', at(52), 'm1'));
    const phone = customerIdFor('acme', 'phone:+821098765432');
    expect(s.engine.customer(phone)!.identities.map((i) => i.key)).toEqual(['phone:+821098765432']);
    expect(s.engine.customer(customerIdFor('acme', 'social:x:1460049823'))!.identities.map((i) => i.key)).toEqual(['email:minji@naver.com', 'social:x:1460049823']);
    // Undoing the second must not take the phone along, although it was part of x's customer at m2.
    await s.ingest(ev.unmerged('u2', at(53), 'm2'));
    expect(plain(s.engine.customers())).toEqual(plain(before.engine.customers()));
    expect(plain(s.engine.threads())).toEqual(plain(before.engine.threads()));
  });

  it('an unmerge delivered before its merge waits for it, and the result is the same', async () => {
    const inOrder = await history();
    await inOrder.ingest(ev.merged('mrg', at(50), minjiPhone, minji), ev.unmerged('unm', at(51), 'mrg'));
    const s = await history();
    await s.ingest(ev.unmerged('unm', at(51), 'mrg'));
    expect(s.engine.unapplied().map((x) => [x.eventId, x.reason])).toEqual([['unm', 'no merge mrg is known at this point']]);
    await s.ingest(ev.merged('mrg', at(50), minjiPhone, minji));
    expect(s.engine.unapplied()).toEqual([]);
    expect(plain(s.engine.customers())).toEqual(plain(inOrder.engine.customers()));
    expect(s.engine.customers()).toHaveLength(2);
  });

  it('a merge naming an identity nobody holds yet creates that customer first; the unmerge leaves it (empty) behind', async () => {
    const before = await history();
    const s = await history();
    const stranger = who.email('new.address@kakao.com');
    await s.ingest(ev.merged('mrg', at(50), stranger, minji), ev.unmerged('unm', at(51), 'mrg'));
    const created = customerIdFor('acme', 'email:new.address@kakao.com');
    expect(s.engine.customers().map((c) => c.id)).toEqual([...before.engine.customers().map((c) => c.id), created]);
    expect(s.engine.customer(created)).toMatchObject({ threadIds: [], createdAt: at(50), identities: [{ key: 'email:new.address@kakao.com' }] });
    expect(plain(s.engine.threads())).toEqual(plain(before.engine.threads()));
  });

  it('nonsense unmerges change nothing and say why', async () => {
    const s = await history();
    await s.ingest(ev.merged('mrg', at(50), minjiPhone, minji), ev.unmerged('unm1', at(51), 'mrg'), ev.unmerged('unm2', at(52), 'mrg'), ev.unmerged('unm3', at(53), 'no-such-merge'));
    expect(s.engine.unapplied().map((x) => [x.eventId, x.reason])).toEqual([
      ['unm2', 'merge mrg was already undone'],
      ['unm3', 'no merge no-such-merge is known at this point'],
    ]);
    expect(s.engine.customers()).toHaveLength(2);
  });

  it('a merge that names one customer twice is recorded as unapplied', async () => {
    const s = await history();
    await s.ingest(ev.merged('self', at(50), minjiPhone, who.whatsapp('whatsapp:+821098765432')));
    expect(s.engine.unapplied().map((x) => [x.eventId, x.reason])).toEqual([['self', 'source and target are already one customer']]);
  });

  it('chained merges resolve through every redirect', async () => {
    const s = await history();
    await s.ingest(
      ev.received('x1', at(41), who.x('1460049823', '@minji_p'), { channel: 'social', social: { platform: 'x', visibility: 'private' }, content: { text: 'DM' } }),
      ev.merged('m1', at(50), who.x('1460049823'), minjiPhone),
      ev.merged('m2', at(51), minjiPhone, minji),
    );
    const x = customerIdFor('acme', 'social:x:1460049823');
    expect(s.engine.customer(x)?.id).toBe(customerIdFor('acme', 'email:minji@naver.com'));
    expect(s.engine.customers()).toHaveLength(1);
    expect(s.engine.timeline(x).map((e) => e.eventId)).toEqual(['em1', 'em2', 'sms1', 'wa1', 'x1']);
  });

  it('threads keep their ids through merge and unmerge', async () => {
    const s = await history();
    const t = threadIdFor('acme', 'sms1');
    await s.ingest(ev.merged('mrg', at(50), minjiPhone, minji));
    expect(s.threadOf('sms1')).toMatchObject({ id: t, customerId: customerIdFor('acme', 'email:minji@naver.com') });
    await s.ingest(ev.unmerged('unm', at(51), 'mrg'));
    expect(s.threadOf('sms1').id).toBe(t);
    expect(s.threadOf('wa1').id).toBe(t);
  });
});

describe('tenants are isolated', () => {
  it('identical identifiers in two tenants are two customers that never merge', async () => {
    const s = scenario({ defaultRegion: 'US' });
    const a = events('acme');
    const b = events('globex');
    await s.ingest(
      a.received('m1', at(0), who.email('pat@example.com'), { channel: 'email', content: { subject: 'Hi' } }),
      b.received('m1', at(0), who.email('pat@example.com'), { channel: 'email', content: { subject: 'Hi' } }),
      a.linked('l1', at(1), who.phone('+1 212 555 0100'), who.email('pat@example.com')),
      b.received('m2', at(2), who.phone('+1 212 555 0100'), { channel: 'sms', content: { text: 'sms' } }),
    );
    const acme = s.engine.customers({ tenantId: 'acme' });
    const globex = s.engine.customers({ tenantId: 'globex' });
    expect(acme).toHaveLength(1);
    expect(globex).toHaveLength(2);
    const acmeIds = new Set(acme.map((c) => c.id));
    for (const c of globex) expect(acmeIds.has(c.id)).toBe(false);
    expect(acme[0]!.identities.map((i) => i.key)).toEqual(['email:pat@example.com', 'phone:+12125550100']);
    expect(s.engine.timeline(acme[0]!.id).map((x) => x.eventId)).toEqual(['m1']);
  });

  it('a merge naming another tenant’s customer id finds nothing and waits, visible in unapplied()', async () => {
    const s = scenario();
    const a = events('acme');
    const b = events('globex');
    await s.ingest(
      a.received('m1', at(0), who.email('pat@example.com'), { channel: 'email', content: { subject: 'Hi' } }),
      b.received('m1', at(0), who.email('sam@example.com'), { channel: 'email', content: { subject: 'Hi' } }),
    );
    const globexCustomer = s.engine.customers({ tenantId: 'globex' })[0]!.id;
    await s.ingest(a.merged('steal', at(1), who.customer(globexCustomer), who.email('pat@example.com')));
    expect(s.engine.customers({ tenantId: 'globex' }).map((c) => c.id)).toEqual([globexCustomer]);
    expect(s.engine.customers({ tenantId: 'acme' })).toHaveLength(1);
    expect(s.engine.unapplied({ tenantId: 'acme' }).map((x) => [x.eventId, x.reason])).toEqual([['steal', 'a customer of this merge is unknown at this point']]);
  });
});
