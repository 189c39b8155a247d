/**
 * Twilio Messaging payloads as Twilio's docs describe them ("Twilio's request to your incoming
 * message Webhook URL", status callbacks): the exact events, every one valid, redeliveries identical.
 */
import { describe, expect, it } from 'vitest';
import { twilioMessaging } from '../../src/channels/index.js';
import { createEngine } from '../../src/engine/engine.js';
import { TENANT, at, form, mapped, request } from './helpers.js';

const URL_SMS = 'https://desk.example/twilio/sms';
const CREATED = at('2026-11-23T09:00:00Z');
const options = { tenantId: TENANT, messageCreatedAt: CREATED };

describe('twilioMessaging.toEvents', () => {
  it('maps an SMS with non-ASCII text to one message.received from the phone number', async () => {
    const body = form({ ToCountry: 'US', SmsMessageSid: 'SM5c1e2f', NumMedia: '0', SmsSid: 'SM5c1e2f', SmsStatus: 'received', Body: 'Où est ma commande ? 🙏', To: '+18005550199', NumSegments: '1', MessageSid: 'SM5c1e2f', AccountSid: 'AC0001', From: '+33612345678', ApiVersion: '2010-04-01' });
    const { events, skipped } = await mapped(twilioMessaging, request(URL_SMS, body), options);
    expect(skipped).toEqual([]);
    expect(events).toEqual([
      { id: 'SM5c1e2f', tenantId: TENANT, schemaVersion: 2, occurredAt: CREATED, type: 'message.received', channel: 'sms', from: { kind: 'phone', value: '+33612345678' }, endpoint: '+18005550199', content: { text: 'Où est ma commande ? 🙏' } },
    ]);
  });

  it('maps an MMS with two media items to attachments without a size (Twilio sends none)', async () => {
    const body = form({ MessageSid: 'MM9a8b', SmsStatus: 'received', From: '+14158675310', To: '+18005550199', Body: '', NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC0001/Messages/MM9a8b/Media/ME01', MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC0001/Messages/MM9a8b/Media/ME02', MediaContentType1: 'application/pdf' });
    const { events } = await mapped(twilioMessaging, request(URL_SMS, body), options);
    expect(events).toEqual([{
      id: 'MM9a8b', tenantId: TENANT, schemaVersion: 2, occurredAt: CREATED, type: 'message.received', channel: 'sms', from: { kind: 'phone', value: '+14158675310' }, endpoint: '+18005550199',
      content: { attachments: [
        { name: 'ME01', contentType: 'image/jpeg', url: 'https://api.twilio.com/2010-04-01/Accounts/AC0001/Messages/MM9a8b/Media/ME01' },
        { name: 'ME02', contentType: 'application/pdf', url: 'https://api.twilio.com/2010-04-01/Accounts/AC0001/Messages/MM9a8b/Media/ME02' },
      ] },
    }]);
  });

  it('maps a WhatsApp message with a location and a profile name: whatsapp identity, attributes event', async () => {
    const body = form({ MessageSid: 'SMwa01', SmsStatus: 'received', From: 'whatsapp:+5511987654321', To: 'whatsapp:+14155238886', Body: '', NumMedia: '0', ProfileName: 'João Silva', WaId: '5511987654321', Latitude: '-23.5505', Longitude: '-46.6333', Address: 'Praça da Sé', Label: 'Casa' });
    const { events } = await mapped(twilioMessaging, request(URL_SMS, body), options);
    expect(events).toEqual([
      { id: 'SMwa01', tenantId: TENANT, schemaVersion: 2, occurredAt: CREATED, type: 'message.received', channel: 'whatsapp', from: { kind: 'whatsapp', value: 'whatsapp:+5511987654321' }, endpoint: 'whatsapp:+14155238886', content: {}, metadata: { latitude: -23.5505, longitude: -46.6333, address: 'Praça da Sé', label: 'Casa' } },
      { id: 'SMwa01:profile', tenantId: TENANT, schemaVersion: 2, occurredAt: CREATED, type: 'customer.attributes_set', customer: { kind: 'whatsapp', value: 'whatsapp:+5511987654321' }, name: 'João Silva' },
    ]);
  });

  it('maps each status callback of one message to its own stable event, in lifecycle order', async () => {
    const statusUrl = `https://desk.example/twilio/status?omnithreadAt=${CREATED}`;
    const callback = (status: string, extra: Record<string, string> = {}) => request(statusUrl, form({ MessageSid: 'SMout1', MessageStatus: status, SmsStatus: status, To: '+14158675310', From: '+18005550199', AccountSid: 'AC0001', ApiVersion: '2010-04-01', ...extra }));
    const sent = await mapped(twilioMessaging, callback('sent'), { tenantId: TENANT });
    const delivered = await mapped(twilioMessaging, callback('delivered', { RawDlrDoneDate: '2611230901' }), { tenantId: TENANT });
    const undelivered = await mapped(twilioMessaging, callback('undelivered', { ErrorCode: '30003' }), { tenantId: TENANT });
    const queued = await mapped(twilioMessaging, callback('queued'), { tenantId: TENANT });
    const report = { tenantId: TENANT, schemaVersion: 2, type: 'message.delivery_updated', messageId: 'SMout1', customer: { kind: 'phone', value: '+14158675310' }, channel: 'sms' };
    expect([...sent.events, ...delivered.events, ...undelivered.events]).toEqual([
      { ...report, id: 'SMout1:sent', occurredAt: CREATED + 1, status: 'sent' },
      { ...report, id: 'SMout1:delivered', occurredAt: CREATED + 3, status: 'delivered' },
      { ...report, id: 'SMout1:undelivered', occurredAt: CREATED + 2, status: 'failed', error: { code: '30003' } },
    ]);
    expect(queued).toEqual({ events: [], skipped: [{ what: 'SMout1: queued', reason: 'status queued is not a delivery report (sent, delivered, read, failed, undelivered)' }] });
  });

  it('a status callback updates the message.sent it names, whatever order the callbacks arrive in', async () => {
    const engine = createEngine();
    await engine.ingest({ id: 'SMout1', tenantId: TENANT, type: 'message.sent', schemaVersion: 2, occurredAt: CREATED, channel: 'sms', to: { kind: 'phone', value: '+14158675310' }, author: { type: 'agent', agentId: 'ana' }, content: { text: 'Your parcel left today.' } });
    const statusUrl = `https://desk.example/twilio/status?omnithreadAt=${CREATED}`;
    for (const status of ['read', 'sent', 'delivered']) {
      const { events } = await twilioMessaging.toEvents(request(statusUrl, form({ MessageSid: 'SMout1', MessageStatus: status, To: '+14158675310' })), { tenantId: TENANT });
      await engine.ingest(events);
    }
    const [m] = engine.threads()[0]!.messages;
    expect(m!.delivery).toEqual({ status: 'read', at: CREATED + 4, history: [
      { status: 'sent', at: CREATED + 1, eventId: 'SMout1:sent' },
      { status: 'delivered', at: CREATED + 3, eventId: 'SMout1:delivered' },
      { status: 'read', at: CREATED + 4, eventId: 'SMout1:read' },
    ] });
  });

  it('refuses to time a request without messageCreatedAt or the signed URL parameter (a guess would conflict on redelivery)', async () => {
    const body = form({ MessageSid: 'SM1', From: '+14158675310', Body: 'hi' });
    await expect(twilioMessaging.toEvents(request(URL_SMS, body), { tenantId: TENANT })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', issues: [{ path: ['messageCreatedAt'] }] });
  });

  it('throws INVALID_PAYLOAD for a body without MessageSid', async () => {
    await expect(twilioMessaging.toEvents(request(URL_SMS, 'From=%2B1'), options)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', issues: [{ path: ['MessageSid'], message: 'required' }] });
  });
});
