/**
 * Raw RFC 822 / MIME through postal-mime: text and HTML parts, attachments with sizes, encoded-word
 * headers (Q and B), Cc, the threading headers, a Date with an offset.
 */
import { describe, expect, it } from 'vitest';
import { rawEmail } from '../../src/channels/index.js';
import { MIME, MIME_MESSAGE, MIME_NAME } from './email.js';
import { TENANT, mapped, request } from './helpers.js';

describe('rawEmail.toEvents', () => {
  it('maps a multipart MIME mail with an attachment, encoded headers and Cc', async () => {
    const { events } = await mapped(rawEmail, request('file:///inbound', MIME), { tenantId: TENANT });
    expect(events).toEqual([MIME_MESSAGE, MIME_NAME]);
  });

  it('renders an HTML-only mail as text; falls back to the Received date without a Date header', async () => {
    const mail = ['Received: by mx.desk.example; Tue, 24 Nov 2026 07:00:00 +0000', 'From: kim@example.kr', 'To: support@acme.example', 'Subject: 배송 문의', 'Message-ID: <k1@example.kr>', 'Content-Type: text/html; charset=UTF-8', '', '<p>안녕하세요,<br>배송은 언제 되나요?</p>', ''].join('\r\n');
    const { events } = await mapped(rawEmail, request('file:///inbound', mail), { tenantId: TENANT });
    expect(events).toEqual([{ id: '<k1@example.kr>', tenantId: TENANT, schemaVersion: 2, occurredAt: Date.parse('2026-11-24T07:00:00Z'), type: 'message.received', channel: 'email', from: { kind: 'email', value: 'kim@example.kr' }, endpoint: 'support@acme.example', content: { subject: '배송 문의', text: '안녕하세요,\n배송은 언제 되나요?' }, email: { messageId: '<k1@example.kr>' } }]);
  });

  it('uses the envelope recipient when given, for the endpoint and the reply token', async () => {
    const mail = ['From: a@example.com', 'To: undisclosed-recipients:;', 'Date: Tue, 24 Nov 2026 08:00:00 +0000', 'Message-ID: <u1@example.com>', '', 'hello', ''].join('\r\n');
    const { events } = await mapped(rawEmail, request('file:///inbound', mail), { tenantId: TENANT, recipient: 'support+ZX9@acme.example' });
    expect(events[0]).toMatchObject({ endpoint: 'support+ZX9@acme.example', email: { messageId: '<u1@example.com>', replyToken: 'ZX9' }, content: { text: 'hello' } });
  });

  it('names a mail without a Message-ID by a digest of sender, date, subject and text: stable across deliveries', async () => {
    const mail = ['From: "Ωmega Ltd" <billing@omega.example>', 'To: support@acme.example', 'Date: Wed, 25 Nov 2026 12:00:00 +0000', 'Subject: Rechnung', '', 'Bitte prüfen.', ''].join('\r\n');
    const { events } = await mapped(rawEmail, request('file:///inbound', mail), { tenantId: TENANT });
    expect(events[0]!.id).toMatch(/^email:[0-9a-f]{64}$/);
    expect(events[1]).toMatchObject({ type: 'customer.attributes_set', name: 'Ωmega Ltd', id: `${events[0]!.id}:name` });
  });

  it('throws INVALID_PAYLOAD for a mail without a sender, and for one without any date', async () => {
    await expect(rawEmail.toEvents(request('file:///', 'Subject: x\r\nDate: Tue, 24 Nov 2026 08:00:00 +0000\r\n\r\nbody'), { tenantId: TENANT })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', issues: [{ path: ['from'] }] });
    await expect(rawEmail.toEvents(request('file:///', 'From: a@example.com\r\n\r\nbody'), { tenantId: TENANT })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', issues: [{ path: ['Date'] }] });
  });
});
