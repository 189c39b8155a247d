import { describe, expect, it } from 'vitest';
import { formatImapThread, parseMbox, threadMbox } from '../../../src/threading/rfc5256/index.js';
import { parseFromLine } from '../../../src/threading/rfc5256/mbox.js';
import { toBytes } from '../../../src/threading/rfc5256/utf8.js';

const seconds = (line: string) => parseFromLine(line, 0)?.[1];

describe('From_ lines (Dovecot mbox_from_parse)', () => {
  it('reads asctime dates, taking a date without zone as UTC', () => {
    expect(seconds('user@domain  Fri Feb 22 15:06:23 2008')).toBe(Date.UTC(2008, 1, 22, 15, 6, 23) / 1000);
    expect(seconds('user@domain Sat Jan  1 00:00:21 2000')).toBe(Date.UTC(2000, 0, 1, 0, 0, 21) / 1000);
    expect(seconds('MAILER-DAEMON Thu Jan  1 00:00:00 2009')).toBe(Date.UTC(2009, 0, 1) / 1000);
    expect(seconds('x Thu, 9 Nov 2002 22:33:52')).toBe(Date.UTC(2002, 10, 9, 22, 33, 52) / 1000);
    expect(seconds('x Thu Nov 29 22:33 2001')).toBe(Date.UTC(2001, 10, 29, 22, 33) / 1000);
    expect(seconds('x Thu Nov 29 22:33:52 EEST 2001')).toBe(Date.UTC(2001, 10, 29, 22, 33, 52) / 1000);
  });

  it("applies a numeric zone with Dovecot's arithmetic (minutes digits count as seconds)", () => {
    expect(seconds('x Fri Feb 22 15:06:23 2008 +0200')).toBe(Date.UTC(2008, 1, 22, 13, 6, 23) / 1000);
    expect(seconds('x Fri Feb 22 15:06:23 2008 +0230')).toBe(Date.UTC(2008, 1, 22, 13, 5, 53) / 1000);
  });

  it('rejects what is not a From_ line', () => {
    for (const bad of ['here is a sentence', 'x Fri Feb 22 15:06:23', 'x Fri Feb 30 15:06:23 2008 +0000', 'x Fri Xyz 22 15:06:23 2008']) {
      expect(parseFromLine(bad, 0)).toBeUndefined();
    }
  });
});

describe('parseMbox', () => {
  const mbox = [
    'From a@b Fri Feb 22 15:06:23 2008',
    'Message-ID: <1@b>',
    'Subject: first',
    ' line folded',
    'X-Other : value',
    '',
    'From here on, the body is text (not a From_ line)',
    '',
    'From b@c Fri Feb 22 15:07:23 2008 +0000',
    'message-id:   <2@b>',
    'in-reply-to: <1@b>',
    'date: Fri, 22 Feb 2008 15:00:00 +0000',
    '',
    'hello',
    '',
  ].join('\n');

  it('splits only on valid From_ lines and reads headers case-insensitively', () => {
    const [first, second, ...rest] = parseMbox(mbox);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ position: 1, sender: 'a@b', messageId: '<1@b>', subject: 'first\n line folded', date: null });
    expect(first?.headers).toContainEqual(['X-Other', 'value']);
    expect(second).toMatchObject({ position: 2, messageId: '<2@b>', inReplyTo: '<1@b>', date: Date.UTC(2008, 1, 22, 15), arrivalDate: Date.UTC(2008, 1, 22, 15, 7, 23) });
  });

  it('handles CRLF line endings', () => {
    const [first, second] = parseMbox(mbox.replace(/\n/g, '\r\n'));
    expect(first?.subject).toBe('first\n line folded');
    expect(second?.inReplyTo).toBe('<1@b>');
  });

  it('keeps bytes that are not UTF-8 so equal ids stay equal and different ids stay different', () => {
    const bytes = toBytes('From a@b Fri Feb 22 15:06:23 2008\nMessage-ID: <caf\uDCE9@b>\n\n\nFrom a@b Fri Feb 22 15:06:24 2008\nReferences: <caf\uDCE9@b>\n\n\nFrom a@b Fri Feb 22 15:06:25 2008\nReferences: <café@b>\n\n');
    expect(formatImapThread(threadMbox(bytes))).toBe('* THREAD (1 2)(3)');
  });

  it('throws INVALID_MBOX when the first line is not a From_ line', () => {
    expect(() => parseMbox('Subject: no envelope\n\nbody\n')).toThrow(expect.objectContaining({ code: 'INVALID_MBOX' }));
    expect(() => parseMbox('')).toThrow(expect.objectContaining({ code: 'INVALID_MBOX' }));
  });

  it('threads with either algorithm', () => {
    expect(formatImapThread(threadMbox(mbox))).toBe('* THREAD (1 2)');
    expect(formatImapThread(threadMbox(mbox, 'orderedsubject'))).toBe('* THREAD (2)(1)');
  });
});
