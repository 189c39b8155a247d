/** Email fixtures shared by the email adapter tests: a MIME message, and multipart bodies. */
export const MIME = [
  'Return-Path: <amira.haddad@example.com>',
  'Received: from mail.example.com (mail.example.com [203.0.113.7]) by mx.desk.example; Mon, 23 Nov 2026 08:58:14 +0000',
  'From: =?UTF-8?Q?Amira_Hadd=C3=A1d?= <Amira.Haddad@example.com>',
  'To: Acme Support <support+T1042@acme.example>',
  'Cc: "Jörg Müller" <joerg@example.de>, ops@example.com',
  'Subject: =?UTF-8?B?UmU6IENvbW1hbmRlICM3NzgxIOKAkyBjcnVjaGUgY2Fzc8OpZQ==?=',
  'Date: Mon, 23 Nov 2026 09:58:12 +0100',
  'Message-ID: <CAF8Yx3k2q@mail.example.com>',
  'In-Reply-To: <reply-1@acme.example>',
  'References: <root@acme.example> <reply-1@acme.example>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: multipart/alternative; boundary="b2"',
  '',
  '--b2',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'La cruche est cass=C3=A9e. Photo jointe.',
  '--b2',
  'Content-Type: text/html; charset=UTF-8',
  '',
  '<p>La cruche est cassée. Photo jointe.</p>',
  '--b2--',
  '--b1',
  'Content-Type: image/jpeg; name="jug.jpg"',
  'Content-Disposition: attachment; filename="jug.jpg"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('not really a jpeg, 28 bytes.').toString('base64'),
  '--b1--',
  '',
].join('\r\n');

/** A multipart/form-data body from fields (text or file parts), with the boundary to announce. */
export function multipart(parts: { name: string; value: string | Uint8Array; filename?: string; contentType?: string }[]): { body: Uint8Array; contentType: string } {
  const boundary = 'xYzZY';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.contentType === undefined ? '' : `Content-Type: ${p.contentType}\r\n`}\r\n`));
    chunks.push(typeof p.value === 'string' ? Buffer.from(p.value, 'utf8') : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** What every adapter must make of {@link MIME} (from whichever vendor). */
export const MIME_MESSAGE = {
  id: '<CAF8Yx3k2q@mail.example.com>',
  tenantId: 'acme',
  schemaVersion: 2,
  occurredAt: Date.parse('2026-11-23T08:58:12Z'),
  type: 'message.received',
  channel: 'email',
  from: { kind: 'email', value: 'Amira.Haddad@example.com' },
  endpoint: 'support+T1042@acme.example',
  content: {
    subject: 'Re: Commande #7781 – cruche cassée',
    text: 'La cruche est cassée. Photo jointe.',
    attachments: [{ name: 'jug.jpg', contentType: 'image/jpeg', size: 28 }],
  },
  email: { messageId: '<CAF8Yx3k2q@mail.example.com>', inReplyTo: '<reply-1@acme.example>', references: ['<root@acme.example>', '<reply-1@acme.example>'], replyToken: 'T1042' },
  metadata: { cc: 'joerg@example.de, ops@example.com' },
};

export const MIME_NAME = { id: '<CAF8Yx3k2q@mail.example.com>:name', tenantId: 'acme', schemaVersion: 2, occurredAt: Date.parse('2026-11-23T08:58:12Z'), type: 'customer.attributes_set', customer: { kind: 'email', value: 'Amira.Haddad@example.com' }, name: 'Amira Haddád' };
