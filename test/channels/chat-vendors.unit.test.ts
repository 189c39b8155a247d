/**
 * Slack Events API and Telegram Bot API payloads as their docs show them: url_verification, messages
 * with files and thread_ts, message_changed, message_deleted; Telegram messages, media, edits, replies.
 */
import { describe, expect, it } from 'vitest';
import { slack, telegram } from '../../src/channels/index.js';
import { createEngine } from '../../src/engine/engine.js';
import { TENANT, mapped, request } from './helpers.js';

const base = { tenantId: TENANT, schemaVersion: 2 };
const URL_SLACK = 'https://desk.example/slack/events';
const wrap = (event: Record<string, unknown>) => JSON.stringify({ token: 'XXYYZZ', team_id: 'T123ABC456', api_app_id: 'A123ABC456', event, type: 'event_callback', event_id: 'Ev123ABC456', event_time: 1358878749, authorizations: [] });
const ursula = { kind: 'social', platform: 'slack', id: 'U123ABC456', scope: 'T123ABC456' };

describe('slack.toEvents', () => {
  it('answers url_verification with its challenge', async () => {
    const r = await slack.toEvents(request(URL_SLACK, JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' })), { tenantId: TENANT });
    expect(r).toEqual({ events: [], skipped: [], challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('maps a message with a file and a threaded reply into one chat session (thread_ts)', async () => {
    const root = wrap({ type: 'message', channel: 'C123ABC456', user: 'U123ABC456', text: 'Live-Chat geht nicht – Übersetzung kaputt?', ts: '1355517523.000005', event_ts: '1355517523.000005', channel_type: 'channel',
      files: [{ id: 'F0001', name: 'screenshot.png', mimetype: 'image/png', size: 48213, url_private: 'https://files.slack.com/files-pri/T123-F0001/screenshot.png' }], user_profile: { real_name: 'Ursula Weiß', display_name: 'ursula' } });
    const reply = wrap({ type: 'message', channel: 'C123ABC456', user: 'U123ABC456', text: 'Still broken.', ts: '1355517600.000200', thread_ts: '1355517523.000005', event_ts: '1355517600.000200' });
    const a = await mapped(slack, request(URL_SLACK, root), { tenantId: TENANT });
    const b = await mapped(slack, request(URL_SLACK, reply), { tenantId: TENANT });
    expect([...a.events, ...b.events]).toEqual([
      { ...base, id: 'slack:T123ABC456:C123ABC456:1355517523.000005', occurredAt: 1355517523000, type: 'message.received', channel: 'chat', from: ursula, endpoint: 'C123ABC456', chat: { sessionId: 'slack:T123ABC456:C123ABC456:1355517523.000005' },
        content: { text: 'Live-Chat geht nicht – Übersetzung kaputt?', attachments: [{ name: 'screenshot.png', contentType: 'image/png', size: 48213, url: 'https://files.slack.com/files-pri/T123-F0001/screenshot.png' }] } },
      { ...base, id: 'slack:T123ABC456:C123ABC456:1355517523.000005:profile', occurredAt: 1355517523000, type: 'customer.attributes_set', customer: ursula, name: 'ursula' },
      { ...base, id: 'slack:T123ABC456:C123ABC456:1355517600.000200', occurredAt: 1355517600000, type: 'message.received', channel: 'chat', from: ursula, endpoint: 'C123ABC456', chat: { sessionId: 'slack:T123ABC456:C123ABC456:1355517523.000005' }, content: { text: 'Still broken.' } },
    ]);
    const engine = createEngine();
    await engine.ingest([...b.events, ...a.events]);
    expect(engine.threads()).toHaveLength(1);
  });

  it('maps message_changed to message.edited and message_deleted to message.deleted of the same message', async () => {
    const changed = wrap({ type: 'message', subtype: 'message_changed', hidden: true, channel: 'C123ABC456', ts: '1358878755.000001', event_ts: '1358878755.000001',
      message: { type: 'message', user: 'U123ABC456', text: 'Live-Chat geht nicht.', ts: '1355517523.000005', edited: { user: 'U123ABC456', ts: '1358878755.000000' } },
      previous_message: { type: 'message', user: 'U123ABC456', text: 'Live-Chat geht nicht – Übersetzung kaputt?', ts: '1355517523.000005' } });
    const deleted = wrap({ type: 'message', subtype: 'message_deleted', hidden: true, channel: 'C123ABC456', ts: '1358878800.000001', deleted_ts: '1355517523.000005', event_ts: '1358878800.000001',
      previous_message: { type: 'message', user: 'U123ABC456', text: 'Live-Chat geht nicht.', ts: '1355517523.000005' } });
    const e = await mapped(slack, request(URL_SLACK, changed), { tenantId: TENANT });
    const d = await mapped(slack, request(URL_SLACK, deleted), { tenantId: TENANT });
    expect([...e.events, ...d.events]).toEqual([
      { ...base, id: 'slack:T123ABC456:C123ABC456:1355517523.000005:edit:1358878755.000000', occurredAt: 1358878755000, type: 'message.edited', messageId: 'slack:T123ABC456:C123ABC456:1355517523.000005', customer: ursula, channel: 'chat', content: { text: 'Live-Chat geht nicht.' }, by: { type: 'customer' } },
      { ...base, id: 'slack:T123ABC456:C123ABC456:1355517523.000005:deleted', occurredAt: 1358878800000, type: 'message.deleted', messageId: 'slack:T123ABC456:C123ABC456:1355517523.000005', customer: ursula, channel: 'chat' },
    ]);
  });

  it('skips bot messages and other event types with their reason', async () => {
    const bot = await mapped(slack, request(URL_SLACK, wrap({ type: 'message', subtype: 'bot_message', channel: 'C1', bot_id: 'B1', text: 'Auto-reply', ts: '1.000001' })), { tenantId: TENANT });
    expect(bot.skipped).toEqual([{ what: 'C1 1.000001', reason: 'message subtype bot_message is not mapped' }]);
    const reaction = await mapped(slack, request(URL_SLACK, wrap({ type: 'reaction_added', user: 'U1', reaction: 'thumbsup', item: { type: 'message', channel: 'C1', ts: '1.000001' }, event_ts: '2.000001' })), { tenantId: TENANT });
    expect(reaction.skipped).toEqual([{ what: 'Ev123ABC456', reason: 'event type reaction_added is not mapped' }]);
  });
});

describe('telegram.toEvents', () => {
  const URL_TG = 'https://desk.example/telegram';
  const from = { id: 123456789, is_bot: false, first_name: 'Мария', last_name: 'Иванова', username: 'maria_iv', language_code: 'ru' };
  const chat = { id: 123456789, first_name: 'Мария', username: 'maria_iv', type: 'private' };
  const maria = { kind: 'social', platform: 'telegram', id: '123456789', handle: 'maria_iv' };

  it('maps a private text message and the user\'s name and language', async () => {
    const body = JSON.stringify({ update_id: 10000, message: { message_id: 1365, from, chat, date: 1795424400, text: 'Здравствуйте! Где мой заказ?' } });
    const { events } = await mapped(telegram, request(URL_TG, body), { tenantId: TENANT });
    expect(events).toEqual([
      { ...base, id: 'telegram:123456789:1365', occurredAt: 1795424400000, type: 'message.received', channel: 'chat', from: maria, endpoint: 'telegram:123456789', content: { text: 'Здравствуйте! Где мой заказ?' } },
      { ...base, id: 'telegram:123456789:1365:profile', occurredAt: 1795424400000, type: 'customer.attributes_set', customer: maria, name: 'Мария Иванова', language: 'ru' },
    ]);
  });

  it('maps a photo with a caption (the largest size) and a document replying to a message', async () => {
    const photo = JSON.stringify({ update_id: 10001, message: { message_id: 1366, from, chat, date: 1795424460, caption: 'Вот фото', photo: [
      { file_id: 'AgAD-small', file_unique_id: 'AQADs', file_size: 1401, width: 90, height: 67 },
      { file_id: 'AgAD-big', file_unique_id: 'AQADb', file_size: 60912, width: 1280, height: 960 },
    ] } });
    const doc = JSON.stringify({ update_id: 10002, message: { message_id: 1367, from, chat, date: 1795424520, reply_to_message: { message_id: 1360, from, chat, date: 1795424000, text: 'old' }, document: { file_name: 'счёт.pdf', mime_type: 'application/pdf', file_id: 'BQAD', file_unique_id: 'AgAD', file_size: 30455 } } });
    const p = await mapped(telegram, request(URL_TG, photo), { tenantId: TENANT });
    const d = await mapped(telegram, request(URL_TG, doc), { tenantId: TENANT });
    expect(p.events[0]).toEqual({ ...base, id: 'telegram:123456789:1366', occurredAt: 1795424460000, type: 'message.received', channel: 'chat', from: maria, endpoint: 'telegram:123456789', content: { text: 'Вот фото', attachments: [{ name: 'photo-AQADb.jpg', contentType: 'image/jpeg', size: 60912 }] } });
    expect(d.events[0]).toEqual({ ...base, id: 'telegram:123456789:1367', occurredAt: 1795424520000, type: 'message.received', channel: 'chat', from: maria, endpoint: 'telegram:123456789', content: { attachments: [{ name: 'счёт.pdf', contentType: 'application/pdf', size: 30455 }] }, metadata: { replyTo: 'telegram:123456789:1360' } });
  });

  it('maps an edited_message to message.edited at its edit_date; the fold keeps the previous text', async () => {
    const original = JSON.stringify({ update_id: 10003, message: { message_id: 1368, from, chat, date: 1795424600, text: 'Заказ 7781' } });
    const edited = JSON.stringify({ update_id: 10004, edited_message: { message_id: 1368, from, chat, date: 1795424600, edit_date: 1795424630, text: 'Заказ 7782' } });
    const o = await mapped(telegram, request(URL_TG, original), { tenantId: TENANT });
    const e = await mapped(telegram, request(URL_TG, edited), { tenantId: TENANT });
    expect(e.events).toEqual([{ ...base, id: 'telegram:123456789:1368:edit:1795424630:0000010004', occurredAt: 1795424630000, type: 'message.edited', messageId: 'telegram:123456789:1368', customer: maria, channel: 'chat', content: { text: 'Заказ 7782' }, by: { type: 'customer' } }]);
    const engine = createEngine();
    await engine.ingest([...e.events, ...o.events]);
    expect(engine.threads()[0]!.messages[0]).toMatchObject({ text: 'Заказ 7782', edits: [{ at: 1795424630000, eventId: 'telegram:123456789:1368:edit:1795424630:0000010004', previousText: 'Заказ 7781' }] });
  });

  it('two edits of one message within the same second (distinct update_ids) are two edits, not a DUPLICATE_CONFLICT that drops the last text', async () => {
    const original = JSON.stringify({ update_id: 10010, message: { message_id: 1370, from, chat, date: 1795424700, text: 'Заказ 7781' } });
    const first = JSON.stringify({ update_id: 10011, edited_message: { message_id: 1370, from, chat, date: 1795424700, edit_date: 1795424730, text: 'Заказ 7782' } });
    const second = JSON.stringify({ update_id: 10012, edited_message: { message_id: 1370, from, chat, date: 1795424700, edit_date: 1795424730, text: 'Заказ 7783' } });
    const engine = createEngine();
    for (const body of [original, first, second]) {
      const { events } = await telegram.toEvents(request(URL_TG, body), { tenantId: TENANT });
      expect((await engine.ingest(events)).rejected.map((r) => r.error.code)).toEqual([]);
    }
    expect(engine.threads()[0]!.messages[0]).toMatchObject({ text: 'Заказ 7783' });
  });

  it('skips updates without a user message, and verifies the secret token header', async () => {
    const r = await mapped(telegram, request(URL_TG, JSON.stringify({ update_id: 10005, callback_query: { id: '4382bfdwdsb323b2d9', from, data: 'x' } })), { tenantId: TENANT });
    expect(r).toEqual({ events: [], skipped: [{ what: 'update 10005', reason: 'no message or edited_message in it' }] });
    expect(telegram.verify(request(URL_TG, '{}', { 'X-Telegram-Bot-Api-Secret-Token': 'abc_DEF-123' }), { secretToken: 'abc_DEF-123' })).toEqual({ ok: true });
    expect(telegram.verify(request(URL_TG, '{}', { 'X-Telegram-Bot-Api-Secret-Token': 'abc_DEF-124' }), { secretToken: 'abc_DEF-123' })).toEqual({ ok: false, reason: 'secret token mismatch' });
    expect(telegram.verify(request(URL_TG, '{}'), { secretToken: 'abc_DEF-123' })).toEqual({ ok: false, reason: 'no X-Telegram-Bot-Api-Secret-Token header' });
  });
});
