/**
 * A day of vendor payloads through every adapter — the corpus of the idempotence property and a
 * check that the adapters' events work together in one engine (statuses find their messages, edits
 * and deletions theirs).
 */
import { instagram, mailgun, messenger, postmark, rawEmail, sendgridInbound, slack, telegram, twilioMessaging, twilioVoice, whatsappCloud } from '../../src/channels/index.js';
import type { EventInput } from '../../src/events/schemas.js';
import { MIME, multipart } from './email.js';
import { TENANT, form, request } from './helpers.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const sec = (m: number) => String(T0 / 1000 + m * 60);

export async function vendorDay(): Promise<EventInput[]> {
  const o = { tenantId: TENANT };
  const out: EventInput[] = [];
  const add = async (p: Promise<{ events: EventInput[] }>) => out.push(...(await p).events);
  // Twilio: an SMS in, our reply out (our own event, its SID as id), its status callbacks.
  await add(twilioMessaging.toEvents(request('https://d/sms', form({ MessageSid: 'SMin1', From: '+14158675310', To: '+18005550199', Body: 'Où est ma commande ?' })), { ...o, messageCreatedAt: T0 }));
  out.push({ id: 'SMout1', tenantId: TENANT, type: 'message.sent', schemaVersion: 2, occurredAt: T0 + 60_000, channel: 'sms', to: { kind: 'phone', value: '+14158675310' }, author: { type: 'agent', agentId: 'ana' }, content: { text: 'Elle part demain.' } });
  for (const s of ['sent', 'delivered', 'read']) await add(twilioMessaging.toEvents(request(`https://d/status?omnithreadAt=${T0 + 60_000}`, form({ MessageSid: 'SMout1', MessageStatus: s, To: '+14158675310' })), o));
  await add(twilioMessaging.toEvents(request('https://d/sms', form({ MessageSid: 'SMwa1', From: 'whatsapp:+5511987654321', To: 'whatsapp:+14155238886', Body: 'Olá', ProfileName: 'João' })), { ...o, messageCreatedAt: T0 + 120_000 }));
  // Twilio Voice: the same caller phones; progress callbacks and the end; a voicemail.
  for (const [s, t] of [['ringing', '09:10:00'], ['completed', '09:11:35']] as const) {
    await add(twilioVoice.toEvents(request('https://d/voice', form({ CallSid: 'CA1', CallStatus: s, Direction: 'inbound', From: '+14158675310', To: '+18005550199', CallDuration: '95', Timestamp: `Mon, 23 Nov 2026 ${t} +0000` })), o));
  }
  await add(twilioVoice.toEvents(request('https://d/rec?From=%2B14158675310', form({ CallSid: 'CA2', RecordingSid: 'RE1', RecordingUrl: 'https://api.twilio.com/r/RE1', RecordingStatus: 'completed', RecordingDuration: '12', RecordingStartTime: 'Mon, 23 Nov 2026 19:30:05 +0000' })), o));
  // WhatsApp Cloud: a message in, our reply, its statuses (one stamped in the reply's own second).
  const wa = (value: object) => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: 'P' }, ...value } }] }] });
  await add(whatsappCloud.toEvents(request('https://d/wa', wa({ contacts: [{ wa_id: '4915112345678', profile: { name: 'Jörg' } }], messages: [{ from: '4915112345678', id: 'wamid.IN1', timestamp: sec(5), type: 'text', text: { body: 'Grüß Gott' } }] })), o));
  out.push({ id: 'wamid.OUT1', tenantId: TENANT, type: 'message.sent', schemaVersion: 2, occurredAt: T0 + 6 * 60_000 + 400, channel: 'whatsapp', to: { kind: 'whatsapp', value: '4915112345678' }, author: { type: 'agent', agentId: 'ana' }, content: { text: 'Servus!' } });
  await add(whatsappCloud.toEvents(request('https://d/wa', wa({ statuses: [{ id: 'wamid.OUT1', status: 'sent', timestamp: sec(6), recipient_id: '4915112345678' }, { id: 'wamid.OUT1', status: 'read', timestamp: sec(7), recipient_id: '4915112345678' }] })), o));
  // Messenger: a message, its edit, our echo, its delivery.
  const page = (...m: object[]) => JSON.stringify({ object: 'page', entry: [{ id: 'PAGE1', time: T0, messaging: m }] });
  const psid = { id: 'PSID1' };
  await add(messenger.toEvents(request('https://d/m', page({ sender: psid, recipient: { id: 'PAGE1' }, timestamp: T0 + 1000, message: { mid: 'm_1', text: 'Bonjour' } }, { sender: psid, recipient: { id: 'PAGE1' }, timestamp: T0 + 2000, message_edit: { mid: 'm_1', text: 'Bonsoir', num_edit: 1 } })), o));
  await add(messenger.toEvents(request('https://d/m', page({ sender: { id: 'PAGE1' }, recipient: psid, timestamp: T0 + 3000, message: { mid: 'm_2', is_echo: true, app_id: 1, text: 'Salut' } }, { sender: psid, recipient: { id: 'PAGE1' }, delivery: { mids: ['m_2'], watermark: T0 + 4000 } })), { ...o, outboundAuthor: { type: 'agent', agentId: 'ben' } }));
  // Instagram: a message and its deletion.
  const ig = (...m: object[]) => JSON.stringify({ object: 'instagram', entry: [{ id: 'IG1', time: T0, messaging: m }] });
  await add(instagram.toEvents(request('https://d/ig', ig({ sender: { id: 'IGSID1' }, recipient: { id: 'IG1' }, timestamp: T0 + 5000, message: { mid: 'ig_1', text: 'こんにちは' } }, { sender: { id: 'IGSID1' }, recipient: { id: 'IG1' }, timestamp: T0 + 9000, message: { mid: 'ig_1', is_deleted: true } })), o));
  // Email: the same MIME mail through raw, SendGrid raw and Mailgun MIME is one event; Postmark another.
  await add(rawEmail.toEvents(request('file:///', MIME), o));
  const sg = multipart([{ name: 'email', value: MIME }, { name: 'envelope', value: '{"to":["support+T1042@acme.example"]}' }]);
  await add(sendgridInbound.toEvents(request('https://d/sg', sg.body, { 'Content-Type': sg.contentType }), o));
  await add(mailgun.toEvents(request('https://d/mg/mime', form({ recipient: 'support+T1042@acme.example', 'body-mime': MIME, timestamp: '1', token: 't', signature: 's' })), o));
  await add(postmark.toEvents(request('https://d/pm', JSON.stringify({ FromFull: { Email: 'kim@example.kr', Name: '김민준' }, OriginalRecipient: 'support@acme.example', Subject: '배송', Date: 'Mon, 23 Nov 2026 12:00:00 +0900', TextBody: '언제 오나요?', MessageID: 'pm-1', Headers: [{ Name: 'Message-ID', Value: '<kim-1@example.kr>' }] })), o));
  // Slack: a message, a reply in its thread, an edit, a deletion of the reply.
  const sl = (event: object) => JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: 'Ev1', event });
  await add(slack.toEvents(request('https://d/s', sl({ type: 'message', channel: 'C1', user: 'U1', text: 'Hilfe', ts: `${T0 / 1000 + 100}.000100` })), o));
  await add(slack.toEvents(request('https://d/s', sl({ type: 'message', channel: 'C1', user: 'U1', text: 'Noch da?', ts: `${T0 / 1000 + 200}.000200`, thread_ts: `${T0 / 1000 + 100}.000100` })), o));
  await add(slack.toEvents(request('https://d/s', sl({ type: 'message', subtype: 'message_changed', channel: 'C1', ts: `${T0 / 1000 + 300}.000001`, message: { user: 'U1', text: 'Hilfe bitte', ts: `${T0 / 1000 + 100}.000100`, edited: { ts: `${T0 / 1000 + 300}.000000` } } })), o));
  await add(slack.toEvents(request('https://d/s', sl({ type: 'message', subtype: 'message_deleted', channel: 'C1', ts: `${T0 / 1000 + 400}.000001`, deleted_ts: `${T0 / 1000 + 200}.000200`, previous_message: { user: 'U1', ts: `${T0 / 1000 + 200}.000200` } })), o));
  // Telegram: a message and its edit.
  const from = { id: 42, is_bot: false, first_name: 'Мария' };
  await add(telegram.toEvents(request('https://d/tg', JSON.stringify({ update_id: 1, message: { message_id: 7, from, chat: { id: 42, type: 'private' }, date: T0 / 1000 + 500, text: 'Привет' } })), o));
  await add(telegram.toEvents(request('https://d/tg', JSON.stringify({ update_id: 2, edited_message: { message_id: 7, from, chat: { id: 42, type: 'private' }, date: T0 / 1000 + 500, edit_date: T0 / 1000 + 530, text: 'Привет!' } })), o));
  return out;
}
