/**
 * Messenger and Instagram webhooks as Meta's "Webhook Events Reference" shows them: messages with
 * attachments, echoes, postbacks, reactions, deliveries, reads, edits, deletions.
 */
import { describe, expect, it } from 'vitest';
import { instagram, messenger } from '../../src/channels/index.js';
import { createEngine } from '../../src/engine/engine.js';
import { TENANT, mapped, request } from './helpers.js';

const PAGE = '682498302938465';
const PSID = '1254459154682919';
const base = { tenantId: TENANT, schemaVersion: 2 };
const customer = { kind: 'social', platform: 'messenger', id: PSID, scope: PAGE };
const social = { platform: 'messenger', visibility: 'private' };
const page = (...messaging: unknown[]) => JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: 1458692752478, messaging }] });

describe('messenger.toEvents', () => {
  it('maps a text message with a quick reply and a message with an image attachment', async () => {
    const body = page(
      { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1458692752478, message: { mid: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P', text: 'Bonjour, ma commande est arrivée cassée', quick_reply: { payload: 'ORDER_ISSUE' } } },
      { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1458692752999, message: { mid: 'm_photo1', attachments: [{ type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg' } }] } },
    );
    const { events } = await mapped(messenger, request('https://desk.example/meta/page', body), { tenantId: TENANT });
    expect(events).toEqual([
      { ...base, id: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P', occurredAt: 1458692752478, type: 'message.received', channel: 'social', from: customer, endpoint: PAGE, social, content: { text: 'Bonjour, ma commande est arrivée cassée' }, metadata: { quickReplyPayload: 'ORDER_ISSUE' } },
      { ...base, id: 'm_photo1', occurredAt: 1458692752999, type: 'message.received', channel: 'social', from: customer, endpoint: PAGE, social, content: { attachments: [{ name: 'image', contentType: 'image/*', url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg' }] } },
    ]);
  });

  it('maps a page echo to message.sent by the outbound author, or skips it without one', async () => {
    const body = page({ sender: { id: PAGE }, recipient: { id: PSID }, timestamp: 1457764197627, message: { is_echo: true, app_id: 1517776481860111, metadata: 'agent:ana', mid: 'mid.1457764197618:41d102a3e1ae206a38', text: 'Désolé ! Un remplacement part demain.' } });
    const none = await messenger.toEvents(request('https://desk.example/meta/page', body), { tenantId: TENANT });
    expect(none).toEqual({ events: [], skipped: [{ what: 'mid.1457764197618:41d102a3e1ae206a38', reason: "an echo of the page's message needs outboundAuthor" }] });
    const { events } = await mapped(messenger, request('https://desk.example/meta/page', body), { tenantId: TENANT, outboundAuthor: (appId) => (appId === '1517776481860111' ? { type: 'agent', agentId: 'ana' } : undefined) });
    expect(events).toEqual([{ ...base, id: 'mid.1457764197618:41d102a3e1ae206a38', occurredAt: 1457764197627, type: 'message.sent', channel: 'social', to: customer, author: { type: 'agent', agentId: 'ana' }, social, content: { text: 'Désolé ! Un remplacement part demain.' } }]);
  });

  it('maps a delivery with mids to delivered reports at the watermark, and skips a watermark-only read', async () => {
    const body = page(
      { sender: { id: PSID }, recipient: { id: PAGE }, delivery: { mids: ['mid.1458668856218:ed81099e15d3f4f233'], watermark: 1458668856253 } },
      { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1458668856463, read: { watermark: 1458668856253 } },
    );
    const { events, skipped } = await mapped(messenger, request('https://desk.example/meta/page', body), { tenantId: TENANT });
    expect(events).toEqual([{ ...base, id: 'mid.1458668856218:ed81099e15d3f4f233:delivered', occurredAt: 1458668856253, type: 'message.delivery_updated', messageId: 'mid.1458668856218:ed81099e15d3f4f233', customer, channel: 'social', status: 'delivered' }]);
    expect(skipped).toEqual([{ what: 'read up to 1458668856253', reason: 'a read watermark names no message' }]);
  });

  it('maps a postback, a reaction, an edit; skips an unreact', async () => {
    const body = page(
      { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1527459824, postback: { mid: 'm_postback1', title: 'Talk to an agent', payload: 'HUMAN' } },
      { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1458668856463, reaction: { reaction: 'love', emoji: '\u{2764}\u{FE0F}', action: 'react', mid: 'm_out1' } },
      { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1458668856500, reaction: { action: 'unreact', mid: 'm_out1' } },
      { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1458668857000, message_edit: { mid: 'm_AG5', text: 'Bonjour, ma commande est arrivée abîmée', num_edit: 1 } },
    );
    const { events, skipped } = await mapped(messenger, request('https://desk.example/meta/page', body), { tenantId: TENANT });
    expect(events).toEqual([
      { ...base, id: 'm_postback1', occurredAt: 1527459824, type: 'message.received', channel: 'social', from: customer, endpoint: PAGE, social, content: { text: 'Talk to an agent' }, metadata: { postbackPayload: 'HUMAN' } },
      { ...base, id: `reaction:m_out1:${PSID}:1458668856463`, occurredAt: 1458668856463, type: 'message.received', channel: 'social', from: customer, endpoint: PAGE, social, content: { text: '❤️' }, metadata: { reactionTo: 'm_out1' } },
      { ...base, id: 'm_AG5:edit:1', occurredAt: 1458668857000, type: 'message.edited', messageId: 'm_AG5', customer, channel: 'social', content: { text: 'Bonjour, ma commande est arrivée abîmée' }, by: { type: 'customer' } },
    ]);
    expect(skipped).toEqual([{ what: 'reaction to m_out1', reason: 'a withdrawn reaction (unreact)' }]);
  });

  it('throws INVALID_PAYLOAD for an Instagram body sent to the Messenger adapter', async () => {
    await expect(messenger.toEvents(request('https://desk.example/meta/page', JSON.stringify({ object: 'instagram', entry: [] })), { tenantId: TENANT })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', issues: [{ path: ['object'] }] });
  });
});

describe('instagram.toEvents', () => {
  const IG = '17841405822304914';
  const IGSID = '6180224408691414';
  const igCustomer = { kind: 'social', platform: 'instagram', id: IGSID, scope: IG };
  const igSocial = { platform: 'instagram', visibility: 'private' };
  const ig = (...messaging: unknown[]) => JSON.stringify({ object: 'instagram', entry: [{ id: IG, time: 1569262486134, messaging }] });

  it('maps a message, its read receipt, its deletion; the fold shows the deletion', async () => {
    const message = ig({ sender: { id: IGSID }, recipient: { id: IG }, timestamp: 1569262485349, message: { mid: 'aWdfZAG1faWRlbnRpMT', text: 'こんにちは、返品したいです' } });
    const photo = ig({ sender: { id: IGSID }, recipient: { id: IG }, timestamp: 1569262485400, message: { mid: 'aWdfZAG1photo', attachments: [{ type: 'image', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' } }] } });
    const echo = ig({ sender: { id: IG }, recipient: { id: IGSID }, timestamp: 1569262486000, message: { mid: 'aWdfZAG1echo', text: 'Bien sûr !', is_echo: true } });
    const read = ig({ sender: { id: IGSID }, recipient: { id: IG }, timestamp: 1569262487000, read: { mid: 'aWdfZAG1echo' } });
    const deleted = ig({ sender: { id: IGSID }, recipient: { id: IG }, timestamp: 1569262490000, message: { mid: 'aWdfZAG1faWRlbnRpMT', is_deleted: true } });
    const opts = { tenantId: TENANT, outboundAuthor: { type: 'bot' as const, botId: 'assistant' } };
    const all = [];
    for (const body of [message, photo, echo, read, deleted]) all.push(...(await mapped(instagram, request('https://desk.example/meta/ig', body), opts)).events);
    expect(all).toEqual([
      { ...base, id: 'aWdfZAG1faWRlbnRpMT', occurredAt: 1569262485349, type: 'message.received', channel: 'social', from: igCustomer, endpoint: IG, social: igSocial, content: { text: 'こんにちは、返品したいです' } },
      { ...base, id: 'aWdfZAG1photo', occurredAt: 1569262485400, type: 'message.received', channel: 'social', from: igCustomer, endpoint: IG, social: igSocial, content: { attachments: [{ name: 'image', contentType: 'image/*', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' }] } },
      { ...base, id: 'aWdfZAG1echo', occurredAt: 1569262486000, type: 'message.sent', channel: 'social', to: igCustomer, author: { type: 'bot', botId: 'assistant' }, social: igSocial, content: { text: 'Bien sûr !' } },
      { ...base, id: 'aWdfZAG1echo:read', occurredAt: 1569262487000, type: 'message.delivery_updated', messageId: 'aWdfZAG1echo', customer: igCustomer, channel: 'social', status: 'read' },
      { ...base, id: 'aWdfZAG1faWRlbnRpMT:deleted', occurredAt: 1569262490000, type: 'message.deleted', messageId: 'aWdfZAG1faWRlbnRpMT', customer: igCustomer, channel: 'social', by: { type: 'customer' } },
    ]);
    const engine = createEngine();
    await engine.ingest([...all].reverse());
    const [first, , second] = engine.threads()[0]!.messages;
    expect(first).toMatchObject({ id: 'aWdfZAG1faWRlbnRpMT', deleted: { at: 1569262490000, eventId: 'aWdfZAG1faWRlbnRpMT:deleted' } });
    expect(first!.text).toBeUndefined();
    expect(second!.delivery?.status).toBe('read');
  });
});
