/**
 * Postmark (inbound JSON), SendGrid Inbound Parse (parsed and raw) and Mailgun routes (parsed and
 * MIME), with payloads built after each vendor's documentation. The same mail through any of them is
 * the same event, under its own Message-ID.
 */
import { describe, expect, it } from 'vitest';
import { mailgun, postmark, sendgridInbound } from '../../src/channels/index.js';
import { MIME, MIME_MESSAGE, MIME_NAME, multipart } from './email.js';
import { TENANT, form, mapped, request } from './helpers.js';

const base = { tenantId: TENANT, schemaVersion: 2 };

describe('postmark.toEvents', () => {
  const inbound = {
    FromName: 'Postmarkapp Support', MessageStream: 'inbound', From: 'support@postmarkapp.com',
    FromFull: { Email: 'support@postmarkapp.com', Name: 'Postmarkapp Support', MailboxHash: '' },
    To: '"Firstname Lastname" <yourhash+SampleHash@inbound.postmarkapp.com>',
    ToFull: [{ Email: 'yourhash+SampleHash@inbound.postmarkapp.com', Name: 'Firstname Lastname', MailboxHash: 'SampleHash' }],
    Cc: '"First Cc" <firstcc@postmarkapp.com>, secondCc@postmarkapp.com',
    CcFull: [{ Email: 'firstcc@postmarkapp.com', Name: 'First Cc', MailboxHash: '' }, { Email: 'secondCc@postmarkapp.com', Name: '', MailboxHash: '' }],
    OriginalRecipient: 'yourhash+SampleHash@inbound.postmarkapp.com', Subject: 'Test subject', MessageID: '73e6d360-66eb-11e1-8e72-a8904824019b', ReplyTo: 'replyto@postmarkapp.com',
    MailboxHash: 'SampleHash', Date: 'Fri, 1 Aug 2014 16:45:32 -04:00', TextBody: 'This is a test text body.', HtmlBody: '<html><body><p>This is a test html body.</p></body></html>',
    StrippedTextReply: 'This is the reply text', Tag: 'TestTag',
    Headers: [{ Name: 'X-Header-Test', Value: '' }, { Name: 'X-Spam-Status', Value: 'No' }, { Name: 'Message-ID', Value: '<CAE7zDZ4eOeVCX+Ry9gC@mail.gmail.com>' }, { Name: 'In-Reply-To', Value: '<prev@acme.example>' }],
    Attachments: [{ Name: 'test.txt', Content: 'VGhpcyBpcyBhdHRhY2htZW50IGNvbnRlbnRzLCBiYXNlLTY0IGVuY29kZWQu', ContentType: 'text/plain', ContentLength: 45 }],
  };

  it('takes the Message-ID from Headers[] (not Postmark\'s MessageID), MailboxHash as reply token, attachments with their size', async () => {
    const { events } = await mapped(postmark, request('https://desk.example/postmark', JSON.stringify(inbound)), { tenantId: TENANT });
    expect(events).toEqual([
      { ...base, id: '<CAE7zDZ4eOeVCX+Ry9gC@mail.gmail.com>', occurredAt: Date.parse('2014-08-01T20:45:32Z'), type: 'message.received', channel: 'email', from: { kind: 'email', value: 'support@postmarkapp.com' }, endpoint: 'yourhash+SampleHash@inbound.postmarkapp.com',
        content: { subject: 'Test subject', text: 'This is a test text body.', attachments: [{ name: 'test.txt', contentType: 'text/plain', size: 45 }] },
        email: { messageId: '<CAE7zDZ4eOeVCX+Ry9gC@mail.gmail.com>', inReplyTo: '<prev@acme.example>', replyToken: 'SampleHash' }, metadata: { cc: 'firstcc@postmarkapp.com, secondCc@postmarkapp.com' } },
      { ...base, id: '<CAE7zDZ4eOeVCX+Ry9gC@mail.gmail.com>:name', occurredAt: Date.parse('2014-08-01T20:45:32Z'), type: 'customer.attributes_set', customer: { kind: 'email', value: 'support@postmarkapp.com' }, name: 'Postmarkapp Support' },
    ]);
  });

  it('falls back to Postmark\'s MessageID when the mail has no Message-ID header; non-ASCII text is kept', async () => {
    const { events } = await mapped(postmark, request('https://desk.example/postmark', JSON.stringify({ ...inbound, Headers: [], TextBody: 'Grüße aus Köln — 東京', FromFull: { Email: 'k@example.de', Name: '' } })), { tenantId: TENANT });
    expect(events).toEqual([expect.objectContaining({ id: 'postmark:73e6d360-66eb-11e1-8e72-a8904824019b', content: expect.objectContaining({ text: 'Grüße aus Köln — 東京' }), from: { kind: 'email', value: 'k@example.de' } })]);
    expect(events[0]).not.toHaveProperty('email.messageId');
  });

  it('renders an HTML-only mail as text, and keeps the References chain of a reply', async () => {
    const reply = { ...inbound, TextBody: '', HtmlBody: '<div>Merci beaucoup&nbsp;!<br>Amélie</div>', FromFull: { Email: 'amelie@example.fr', Name: 'Amélie Dupont' },
      Headers: [{ Name: 'Message-ID', Value: '<r2@example.fr>' }, { Name: 'In-Reply-To', Value: '<a1@acme.example>' }, { Name: 'References', Value: '<q0@example.fr> <a1@acme.example>' }] };
    const { events } = await mapped(postmark, request('https://desk.example/postmark', JSON.stringify(reply)), { tenantId: TENANT });
    expect(events[0]).toMatchObject({ id: '<r2@example.fr>', content: { text: 'Merci beaucoup !\nAmélie' }, email: { messageId: '<r2@example.fr>', inReplyTo: '<a1@acme.example>', references: ['<q0@example.fr>', '<a1@acme.example>'], replyToken: 'SampleHash' } });
    expect(events[1]).toMatchObject({ type: 'customer.attributes_set', name: 'Amélie Dupont' });
  });

  it('a mail with several attachments and no Cc: each attachment with its size, no cc metadata', async () => {
    const mail = { ...inbound, CcFull: [], Attachments: [{ Name: 'a.png', ContentType: 'image/png', ContentLength: 1000 }, { Name: 'b.pdf', ContentType: 'application/pdf', ContentLength: 2000 }] };
    const { events } = await mapped(postmark, request('https://desk.example/postmark', JSON.stringify(mail)), { tenantId: TENANT });
    expect(events[0]).toMatchObject({ content: { attachments: [{ name: 'a.png', contentType: 'image/png', size: 1000 }, { name: 'b.pdf', contentType: 'application/pdf', size: 2000 }] } });
    expect(events[0]).not.toHaveProperty('metadata');
  });

  it('verifies Basic credentials and a secret path in constant time; an unprotected check is refused', () => {
    const auth = `Basic ${Buffer.from('postmark:s3cret').toString('base64')}`;
    const req = request('https://desk.example/inbound/k9x2', '{}', { Authorization: auth });
    expect(postmark.verify(req, { basicAuth: { username: 'postmark', password: 's3cret' }, secretPath: 'k9x2' })).toEqual({ ok: true });
    expect(postmark.verify(req, { basicAuth: { username: 'postmark', password: 'wrong' } })).toEqual({ ok: false, reason: 'wrong credentials' });
    expect(postmark.verify(req, { secretPath: 'other' })).toEqual({ ok: false, reason: 'secret path segment mismatch' });
    expect(postmark.verify(req, {})).toEqual({ ok: false, reason: 'no check configured: give basicAuth or secretPath' });
  });

  it('throws INVALID_PAYLOAD for a body that is not JSON', async () => {
    await expect(postmark.toEvents(request('https://desk.example/postmark', 'From=x'), { tenantId: TENANT })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
  });
});

describe('sendgridInbound.toEvents', () => {
  it('maps a parsed post: threading headers from `headers`, the envelope recipient, attachment-info, a Latin-1 field per `charsets`', async () => {
    const headers = ['Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn Wed, 27 Jul 2016 20:53:06 +0000 (UTC)', 'From: =?ISO-8859-1?Q?Fran=E7ois?= <francois@example.fr>', 'Date: Wed, 27 Jul 2016 13:53:06 -0700', 'Message-ID: <CAN_P_JMvV7ZpAQhOnDienypLrJmuhN=LQWweu4yScw4jQyXY2w@mail.gmail.com>', 'Subject: Test', 'To: inbound+ticket-77@parse.acme.example'].join('\n');
    const { body, contentType } = multipart([
      { name: 'headers', value: headers },
      { name: 'dkim', value: '{@gmail.com : pass}' },
      { name: 'to', value: 'inbound+ticket-77@parse.acme.example' },
      { name: 'from', value: 'François <francois@example.fr>' },
      { name: 'text', value: Buffer.from('Ça ne marche pas.\n', 'latin1') },
      { name: 'sender_ip', value: '209.85.223.178' },
      { name: 'envelope', value: '{"to":["inbound+ticket-77@parse.acme.example"],"from":"francois@example.fr"}' },
      { name: 'attachments', value: '1' },
      { name: 'subject', value: 'Test' },
      { name: 'attachment-info', value: '{"attachment1":{"filename":"facture.pdf","name":"facture.pdf","type":"application/pdf"}}' },
      { name: 'charsets', value: '{"to":"UTF-8","html":"UTF-8","subject":"UTF-8","from":"UTF-8","text":"iso-8859-1"}' },
      { name: 'SPF', value: 'pass' },
      { name: 'attachment1', value: new Uint8Array([37, 80, 68, 70, 45, 49, 46, 52]), filename: 'facture.pdf', contentType: 'application/pdf' },
    ]);
    const { events } = await mapped(sendgridInbound, request('https://desk.example/sendgrid', body, { 'Content-Type': contentType }), { tenantId: TENANT });
    const id = '<CAN_P_JMvV7ZpAQhOnDienypLrJmuhN=LQWweu4yScw4jQyXY2w@mail.gmail.com>';
    expect(events).toEqual([
      { ...base, id, occurredAt: Date.parse('2016-07-27T20:53:06Z'), type: 'message.received', channel: 'email', from: { kind: 'email', value: 'francois@example.fr' }, endpoint: 'inbound+ticket-77@parse.acme.example',
        content: { subject: 'Test', text: 'Ça ne marche pas.', attachments: [{ name: 'facture.pdf', contentType: 'application/pdf', size: 8 }] }, email: { messageId: id, replyToken: 'ticket-77' } },
      { ...base, id: `${id}:name`, occurredAt: Date.parse('2016-07-27T20:53:06Z'), type: 'customer.attributes_set', customer: { kind: 'email', value: 'francois@example.fr' }, name: 'François' },
    ]);
  });

  it('maps raw mode (the full MIME message in `email`) like the raw email adapter', async () => {
    const { body, contentType } = multipart([
      { name: 'envelope', value: '{"to":["support+T1042@acme.example"],"from":"amira.haddad@example.com"}' },
      { name: 'email', value: MIME },
      { name: 'charsets', value: '{"to":"UTF-8","from":"UTF-8","subject":"UTF-8"}' },
    ]);
    const { events } = await mapped(sendgridInbound, request('https://desk.example/sendgrid', body, { 'Content-Type': contentType }), { tenantId: TENANT });
    expect(events).toEqual([MIME_MESSAGE, MIME_NAME]);
  });

  it('maps an HTML-only parsed post with Cc, and one without a Message-ID to a stable digest id', async () => {
    const headers = 'From: Ana <ana@example.es>\nTo: help@parse.acme.example\nCc: Luis <luis@example.es>\nDate: Tue, 24 Nov 2026 10:00:00 +0100\nSubject: Pedido';
    const post = (h: string) => multipart([{ name: 'headers', value: h }, { name: 'from', value: 'Ana <ana@example.es>' }, { name: 'to', value: 'help@parse.acme.example' }, { name: 'cc', value: 'Luis <luis@example.es>' }, { name: 'subject', value: 'Pedido' }, { name: 'html', value: '<p>¿Dónde está mi pedido?</p>' }]);
    const a = post(`${headers}\nMessage-ID: <es-1@example.es>`);
    const { events } = await mapped(sendgridInbound, request('https://desk.example/sendgrid', a.body, { 'Content-Type': a.contentType }), { tenantId: TENANT });
    expect(events[0]).toEqual({ ...base, id: '<es-1@example.es>', occurredAt: Date.parse('2026-11-24T09:00:00Z'), type: 'message.received', channel: 'email', from: { kind: 'email', value: 'ana@example.es' }, endpoint: 'help@parse.acme.example', content: { subject: 'Pedido', text: '¿Dónde está mi pedido?' }, email: { messageId: '<es-1@example.es>' }, metadata: { cc: 'luis@example.es' } });
    const b = post(headers);
    const first = await mapped(sendgridInbound, request('https://desk.example/sendgrid', b.body, { 'Content-Type': b.contentType }), { tenantId: TENANT });
    expect(first.events[0]!.id).toMatch(/^email:[0-9a-f]{64}$/);
    expect(first.events[0]).not.toHaveProperty('email');
  });

  it('throws INVALID_PAYLOAD for a truncated multipart body', async () => {
    const { body, contentType } = multipart([{ name: 'text', value: 'x' }]);
    await expect(sendgridInbound.toEvents(request('https://desk.example/sendgrid', body.subarray(0, 30), { 'Content-Type': contentType }), { tenantId: TENANT })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
  });
});

describe('mailgun.toEvents', () => {
  const signed = { timestamp: '1795424400', token: 'd6f8b5f4e3a2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3', signature: 'ignored-here' };

  it('maps a parsed urlencoded route post: message-headers for threading, recipient as endpoint', async () => {
    const headers = JSON.stringify([['Received', 'by luna.mailgun.net with SMTP; Mon, 23 Nov 2026 09:00:01 +0000'], ['Message-Id', '<mg-42@mail.example.com>'], ['In-Reply-To', '<t-1@acme.example>'], ['Date', 'Mon, 23 Nov 2026 09:00:00 +0000'], ['Cc', 'boss@example.com']]);
    const body = form({ ...signed, recipient: 'support@acme.example', sender: 'bounce@mail.example.com', from: 'Łukasz Nowak <lukasz@example.pl>', subject: 'Zażółć gęślą jaźń', 'body-plain': 'Dzień dobry!\r\n', 'stripped-text': 'Dzień dobry!', 'message-headers': headers, 'attachment-count': '0' });
    const { events } = await mapped(mailgun, request('https://desk.example/mailgun', body, { 'Content-Type': 'application/x-www-form-urlencoded' }), { tenantId: TENANT });
    expect(events).toEqual([
      { ...base, id: '<mg-42@mail.example.com>', occurredAt: Date.parse('2026-11-23T09:00:00Z'), type: 'message.received', channel: 'email', from: { kind: 'email', value: 'lukasz@example.pl' }, endpoint: 'support@acme.example', content: { subject: 'Zażółć gęślą jaźń', text: 'Dzień dobry!' }, email: { messageId: '<mg-42@mail.example.com>', inReplyTo: '<t-1@acme.example>' }, metadata: { cc: 'boss@example.com' } },
      { ...base, id: '<mg-42@mail.example.com>:name', occurredAt: Date.parse('2026-11-23T09:00:00Z'), type: 'customer.attributes_set', customer: { kind: 'email', value: 'lukasz@example.pl' }, name: 'Łukasz Nowak' },
    ]);
  });

  it('maps a multipart post with attachment-1 (its size from its bytes); Mailgun\'s timestamp when the mail has no date', async () => {
    const { body, contentType } = multipart([
      { name: 'recipient', value: 'support@acme.example' }, { name: 'from', value: 'ana@example.es' }, { name: 'subject', value: 'Foto' },
      { name: 'body-plain', value: 'Adjunto la foto.' }, { name: 'message-headers', value: JSON.stringify([['Message-Id', '<mg-43@example.es>']]) },
      { name: 'attachment-count', value: '1' }, { name: 'timestamp', value: signed.timestamp }, { name: 'token', value: signed.token }, { name: 'signature', value: 'x' },
      { name: 'attachment-1', value: new Uint8Array(1234), filename: 'foto.png', contentType: 'image/png' },
    ]);
    const { events } = await mapped(mailgun, request('https://desk.example/mailgun', body, { 'Content-Type': contentType }), { tenantId: TENANT });
    expect(events).toEqual([{ ...base, id: '<mg-43@example.es>', occurredAt: 1795424400000, type: 'message.received', channel: 'email', from: { kind: 'email', value: 'ana@example.es' }, endpoint: 'support@acme.example', content: { subject: 'Foto', text: 'Adjunto la foto.', attachments: [{ name: 'foto.png', contentType: 'image/png', size: 1234 }] }, email: { messageId: '<mg-43@example.es>' } }]);
  });

  it('maps a MIME route post (body-mime) like the raw email adapter', async () => {
    const body = form({ ...signed, recipient: 'support+T1042@acme.example', sender: 'amira.haddad@example.com', 'body-mime': MIME });
    const { events } = await mapped(mailgun, request('https://desk.example/mailgun/mime', body), { tenantId: TENANT });
    expect(events).toEqual([MIME_MESSAGE, MIME_NAME]);
  });

  it('maps a reply whose References chain is in message-headers, html-only, with a signed token in a JSON-free form', async () => {
    const headers = JSON.stringify([['Date', 'Wed, 25 Nov 2026 08:00:00 +0000'], ['Message-Id', '<mg-44@example.jp>'], ['References', '<q@acme.example> <r@example.jp>']]);
    const body = form({ ...signed, recipient: 'support+Z9@acme.example', from: '山田太郎 <taro@example.jp>', subject: 'Re: 返品', 'body-html': '<p>ありがとうございます</p>', 'message-headers': headers });
    const { events } = await mapped(mailgun, request('https://desk.example/mailgun', body), { tenantId: TENANT });
    expect(events[0]).toEqual({ ...base, id: '<mg-44@example.jp>', occurredAt: Date.parse('2026-11-25T08:00:00Z'), type: 'message.received', channel: 'email', from: { kind: 'email', value: 'taro@example.jp' }, endpoint: 'support+Z9@acme.example', content: { subject: 'Re: 返品', text: 'ありがとうございます' }, email: { messageId: '<mg-44@example.jp>', references: ['<q@acme.example>', '<r@example.jp>'], replyToken: 'Z9' } });
  });

  it('throws INVALID_PAYLOAD for message-headers that are not a JSON list', async () => {
    await expect(mailgun.toEvents(request('https://desk.example/mailgun', form({ from: 'a@example.com', 'message-headers': '{' })), { tenantId: TENANT })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', issues: [{ path: ['message-headers'] }] });
  });
});
