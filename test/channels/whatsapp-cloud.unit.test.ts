/**
 * WhatsApp Cloud API webhooks as Meta's "messages webhook reference" shows them: text, media,
 * interactive replies, reactions, statuses with errors, profile names, non-ASCII text, redelivery.
 */
import { describe, expect, it } from 'vitest';
import { whatsappCloud } from '../../src/channels/index.js';
import { createEngine } from '../../src/engine/engine.js';
import { TENANT, mapped, request } from './helpers.js';

const URL_WA = 'https://desk.example/meta/whatsapp';
const metadata = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
const contacts = [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }];
function webhook(value: Record<string, unknown>): string {
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ value: { messaging_product: 'whatsapp', metadata, ...value }, field: 'messages' }] }] });
}
const base = { tenantId: TENANT, schemaVersion: 2 };
const sheena = { kind: 'whatsapp', value: '16505551234' };

describe('whatsappCloud.toEvents', () => {
  it('maps a text message (timestamp in seconds) and the contact profile name', async () => {
    const body = webhook({ contacts, messages: [{ from: '16505551234', id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', timestamp: '1749416383', type: 'text', text: { body: 'Does it come in another color?' } }] });
    const { events } = await mapped(whatsappCloud, request(URL_WA, body), { tenantId: TENANT });
    expect(events).toEqual([
      { ...base, id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', occurredAt: 1749416383000, type: 'message.received', channel: 'whatsapp', from: sheena, endpoint: '15550783881', content: { text: 'Does it come in another color?' } },
      { ...base, id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=:profile', occurredAt: 1749416383000, type: 'customer.attributes_set', customer: sheena, name: 'Sheena Nelson' },
    ]);
  });

  it('maps an image with a caption, a non-ASCII text and a reply button in one batch', async () => {
    const body = webhook({ contacts: [{ profile: { name: 'Дмитрий' }, wa_id: '79161234567' }], messages: [
      { from: '79161234567', id: 'wamid.IMG1', timestamp: '1749416400', type: 'image', image: { caption: 'Трещина на кувшине', mime_type: 'image/jpeg', sha256: 'abc', id: '1003383421387256' } },
      { from: '79161234567', id: 'wamid.TXT2', timestamp: '1749416410', type: 'text', text: { body: 'Здравствуйте! 你好 👋' }, context: { from: '15550783881', id: 'wamid.OUT0' } },
      { from: '79161234567', id: 'wamid.BTN3', timestamp: '1749416420', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'refund', title: 'Возврат' } } },
    ] });
    const { events } = await mapped(whatsappCloud, request(URL_WA, body), { tenantId: TENANT });
    const dmitri = { kind: 'whatsapp', value: '79161234567' };
    expect(events.filter((e) => e.type === 'message.received')).toEqual([
      { ...base, id: 'wamid.IMG1', occurredAt: 1749416400000, type: 'message.received', channel: 'whatsapp', from: dmitri, endpoint: '15550783881', content: { text: 'Трещина на кувшине', attachments: [{ name: 'image-1003383421387256', contentType: 'image/jpeg' }] }, metadata: { mediaId: '1003383421387256' } },
      { ...base, id: 'wamid.TXT2', occurredAt: 1749416410000, type: 'message.received', channel: 'whatsapp', from: dmitri, endpoint: '15550783881', content: { text: 'Здравствуйте! 你好 👋' }, metadata: { replyTo: 'wamid.OUT0' } },
      { ...base, id: 'wamid.BTN3', occurredAt: 1749416420000, type: 'message.received', channel: 'whatsapp', from: dmitri, endpoint: '15550783881', content: { text: 'Возврат' }, metadata: { replyId: 'refund' } },
    ]);
    expect(events.filter((e) => e.type === 'customer.attributes_set')).toHaveLength(3);
  });

  it('maps sent, delivered, read and failed statuses to distinct reports at the end of their second', async () => {
    const status = (s: string, ts: string, extra: Record<string, unknown> = {}) => ({ id: 'wamid.OUT1', status: s, timestamp: ts, recipient_id: '16505551234', ...extra });
    const body = webhook({ statuses: [
      status('sent', '1749416500', { conversation: { id: 'c1', origin: { type: 'service' } }, pricing: { billable: true, pricing_model: 'PMP', category: 'service' } }),
      status('delivered', '1749416501'),
      status('read', '1749416501'),
      { id: 'wamid.OUT2', status: 'failed', timestamp: '1749416600', recipient_id: '16505551234', errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }] },
    ] });
    const { events } = await mapped(whatsappCloud, request(URL_WA, body), { tenantId: TENANT });
    const report = { ...base, type: 'message.delivery_updated', customer: sheena, channel: 'whatsapp' };
    expect(events).toEqual([
      { ...report, id: 'wamid.OUT1:sent', occurredAt: 1749416500996, messageId: 'wamid.OUT1', status: 'sent' },
      { ...report, id: 'wamid.OUT1:delivered', occurredAt: 1749416501998, messageId: 'wamid.OUT1', status: 'delivered' },
      { ...report, id: 'wamid.OUT1:read', occurredAt: 1749416501999, messageId: 'wamid.OUT1', status: 'read' },
      { ...report, id: 'wamid.OUT2:failed', occurredAt: 1749416600997, messageId: 'wamid.OUT2', status: 'failed', error: { code: '131026', message: 'Message Undeliverable.' } },
    ]);
    // The message a business sent at 1749416500.400 (ms) still precedes the report stamped 1749416500.
    const engine = createEngine();
    await engine.ingest([{ ...base, id: 'wamid.OUT1', type: 'message.sent', occurredAt: 1749416500400, channel: 'whatsapp', to: sheena, author: { type: 'agent', agentId: 'ana' }, content: { text: 'Yes, in blue.' } }, ...events]);
    expect(engine.threads()[0]!.messages[0]!.delivery?.status).toBe('read');
    expect(engine.unapplied().map((u) => u.eventId)).toEqual(['wamid.OUT2:failed']);
  });

  it('maps a reaction and a location; skips a withdrawn reaction and an unsupported type with reasons', async () => {
    const body = webhook({ contacts, messages: [
      { from: '16505551234', id: 'wamid.R1', timestamp: '1749416700', type: 'reaction', reaction: { message_id: 'wamid.OUT1', emoji: '❤️' } },
      { from: '16505551234', id: 'wamid.R2', timestamp: '1749416701', type: 'reaction', reaction: { message_id: 'wamid.OUT1' } },
      { from: '16505551234', id: 'wamid.L3', timestamp: '1749416702', type: 'location', location: { latitude: 37.483307, longitude: 122.148981, name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' } },
      { from: '16505551234', id: 'wamid.U4', timestamp: '1749416703', type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
    ] });
    const { events, skipped } = await mapped(whatsappCloud, request(URL_WA, body), { tenantId: TENANT });
    expect(events.filter((e) => e.type === 'message.received')).toEqual([
      { ...base, id: 'wamid.R1', occurredAt: 1749416700000, type: 'message.received', channel: 'whatsapp', from: sheena, endpoint: '15550783881', content: { text: '❤️' }, metadata: { reactionTo: 'wamid.OUT1' } },
      { ...base, id: 'wamid.L3', occurredAt: 1749416702000, type: 'message.received', channel: 'whatsapp', from: sheena, endpoint: '15550783881', content: { text: 'Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301' }, metadata: { latitude: 37.483307, longitude: 122.148981, locationName: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' } },
    ]);
    expect(skipped).toEqual([
      { what: 'wamid.R2', reason: 'a withdrawn reaction' },
      { what: 'wamid.U4', reason: 'message type unsupported is not mapped (Message type unknown)' },
    ]);
  });

  it('reports errors about the webhook itself in skipped (they name no message)', async () => {
    const body = webhook({ errors: [{ code: 130429, title: 'Rate limit hit', message: '(#130429) Rate limit hit' }] });
    expect(await mapped(whatsappCloud, request(URL_WA, body), { tenantId: TENANT })).toEqual({ events: [], skipped: [{ what: 'error 130429', reason: 'WhatsApp reports: Rate limit hit' }] });
  });

  it('throws INVALID_PAYLOAD with the path of a message without an id', async () => {
    const body = webhook({ messages: [{ from: '16505551234', timestamp: '1', type: 'text', text: { body: 'x' } }] });
    await expect(whatsappCloud.toEvents(request(URL_WA, body), { tenantId: TENANT })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', issues: [{ path: ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'id'] }] });
  });
});
