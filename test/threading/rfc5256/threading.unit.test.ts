import { describe, expect, it } from 'vitest';
import {
  type ThreadableMessage,
  formatImapThread,
  formatThreadTree,
  parseMessageDate,
  parseMessageIds,
  threadOrderedSubject,
  threadReferences,
} from '../../../src/threading/rfc5256/index.js';
import { isOmnithreadError } from '../../../src/errors.js';

const T0 = Date.UTC(2024, 0, 1, 12);
const at = (minutes: number) => T0 + minutes * 60_000;
const refs = (messages: ThreadableMessage[]) => formatImapThread(threadReferences(messages));

describe('parseMessageIds (Dovecot message_id_get_next)', () => {
  it.each([
    ['<a@x>', ['a@x']],
    ['<a@x> <b@y>', ['a@x', 'b@y']],
    ['junk <no-at> <a@x> trailing', ['a@x']],
    ['a@x', []],
    ['<a @ x>', ['a@x']],
    ['<"a"@x>', ['a@x']],
    ['<"a b"@x>', ['a b@x']],
    ['<a(comment)@x>', ['a@x']],
    ['<a@x> (a comment <b@y>)', ['a@x', 'b@y']],
    ['<a@[10.0.0.1]>', ['a@[10.0.0.1]']],
    ['<a@x', []],
    ['', []],
  ])('%j → %j', (header, ids) => {
    expect(parseMessageIds(header)).toEqual(ids);
  });
});

describe('parseMessageDate (Dovecot message_date_parse)', () => {
  it('reads RFC 2822 dates with zones', () => {
    expect(parseMessageDate('Tue, 17 Nov 2009 21:28:37 +0600')).toBe(Date.UTC(2009, 10, 17, 15, 28, 37));
    expect(parseMessageDate('17 Nov 2009 21:28:37 -0800 (PST)')).toBe(Date.UTC(2009, 10, 18, 5, 28, 37));
    expect(parseMessageDate('17 Nov 09 21:28 EST')).toBe(Date.UTC(2009, 10, 18, 2, 28));
    expect(parseMessageDate('2 Mar 2015 10.11.12 +0100')).toBe(Date.UTC(2015, 2, 2, 9, 11, 12));
    expect(parseMessageDate('17 Nov 2009 21:28:60 +0000')).toBe(Date.UTC(2009, 10, 17, 21, 28, 59));
  });

  it('rejects what Dovecot rejects', () => {
    for (const bad of ['garbage', '', '31 Feb 2020 10:00:00 +0000', '1 Jan 2020 25:00:00 +0000', 'Tue 17 Nov 2009 10:00:00']) {
      expect(parseMessageDate(bad)).toBeUndefined();
    }
  });
});

describe('threadReferences: linking', () => {
  it('links by References, then by In-Reply-To only when References has no id', () => {
    expect(refs([{ messageId: '<a@x>' }, { messageId: '<b@x>', references: '<a@x>', inReplyTo: '<zzz@x>' }])).toBe('* THREAD (1 2)');
    expect(refs([{ messageId: '<a@x>' }, { messageId: '<b@x>', references: 'garbage', inReplyTo: '<a@x>' }])).toBe('* THREAD (1 2)');
  });

  it('accepts references as a list of ids, brackets optional', () => {
    expect(refs([{ messageId: '<a@x>' }, { messageId: '<b@x>', references: ['a@x'] }, { references: ['<a@x>', 'b@x'] }])).toBe('* THREAD (1 2 3)');
  });

  it('ignores a Message-ID without angle brackets, as Dovecot does', () => {
    expect(refs([{ messageId: 'a@x', date: at(0) }, { references: '<a@x>', date: at(1) }])).toBe('* THREAD (1)(2)');
  });

  it('lets the first message own a duplicate Message-ID; the later one is id-less', () => {
    expect(refs([{ messageId: '<a@b>' }, { messageId: '<a@b>' }])).toBe('* THREAD (1)(2)');
    expect(refs([{ messageId: '<a@b>' }, { messageId: '<b@b>', references: '<a@b>' }, { messageId: '<c@b>', references: '<b@b>' }, { messageId: '<b@b>', references: '<a@b>' }])).toBe('* THREAD (1 (2 3)(4))');
  });

  it('drops a link that would close a loop and keeps the first parent seen', () => {
    expect(refs([{ messageId: '<a@x>', references: '<b@x>' }, { messageId: '<b@x>', references: '<a@x>' }])).toBe('* THREAD (2 1)');
    expect(refs([{ messageId: '<a@x>', references: '<a@x>' }])).toBe('* THREAD (1)');
  });

  it("lets a message's own References override a parent guessed from others", () => {
    expect(refs([{ messageId: '<c@x>', references: '<a@x> <b@x>' }, { messageId: '<b@x>', date: at(-1) }, { messageId: '<a@x>', date: at(1) }])).toBe('* THREAD (2 1)(3)');
  });

  it('keeps a placeholder root only for two or more children', () => {
    expect(refs([{ references: '<gone@x>' }, { references: '<gone@x>' }])).toBe('* THREAD ((1)(2))');
    expect(refs([{ messageId: '<a@x>', subject: 'foo' }, { references: '<gone@x>', subject: 'Re: foo' }])).toBe('* THREAD (1 2)');
  });
});

describe('threadReferences: dates and order', () => {
  it('orders siblings by sent date, then by position', () => {
    const parent = { messageId: '<p@x>', date: at(0) };
    expect(refs([parent, { references: '<p@x>', date: at(5) }, { references: '<p@x>', date: at(2) }, { references: '<p@x>', date: at(2) }])).toBe('* THREAD (1 (3)(4)(2))');
  });

  it('falls back to the arrival date when the sent date is missing, invalid or 0', () => {
    const parent = { messageId: '<p@x>', date: at(0) };
    const answer = refs([
      parent,
      { references: '<p@x>', date: at(10) },
      { references: '<p@x>', date: null, arrivalDate: at(5) },
      { references: '<p@x>', date: Number.NaN, arrivalDate: at(20) },
      { references: '<p@x>', date: 0, arrivalDate: at(1) },
    ]);
    expect(answer).toBe('* THREAD (1 (5)(3)(2)(4))');
  });

  it('compares sent dates as unsigned 32-bit seconds, like Dovecot', () => {
    const parent = { messageId: '<p@x>', date: at(0) };
    const y2107 = Date.UTC(2107, 1, 22);
    expect(refs([parent, { references: '<p@x>', date: Date.UTC(2100, 0, 1) }, { references: '<p@x>', date: y2107 }])).toBe('* THREAD (1 (3)(2))');
  });

  it('does not depend on the order of the input array', () => {
    const messages: ThreadableMessage[] = [
      { position: 1, messageId: '<a@x>', subject: 'x', date: at(3) },
      { position: 2, messageId: '<b@x>', references: '<a@x>', date: at(1) },
      { position: 3, subject: 'Re: x', date: at(2) },
    ];
    expect(refs([...messages].reverse())).toBe(refs(messages));
  });

  it('rejects repeated positions', () => {
    expect(() => threadReferences([{ position: 1 }, { position: 1 }])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    try {
      threadReferences([{ position: 0 }]);
    } catch (error) {
      expect(isOmnithreadError(error)).toBe(true);
    }
  });
});

describe('threadReferences: subject grouping', () => {
  it('puts a reply under the original with the same base subject', () => {
    expect(refs([{ subject: 'Re: lunch', date: at(0) }, { subject: 'Lunch', date: at(1) }])).toBe('* THREAD (2 1)');
  });

  it('joins two originals with the same subject under a placeholder', () => {
    expect(refs([{ subject: 'lunch', date: at(0) }, { subject: 'LUNCH', date: at(1) }])).toBe('* THREAD ((1)(2))');
  });

  it('does not group empty subjects', () => {
    expect(refs([{ subject: '', date: at(0) }, { subject: 'Re:', date: at(1) }, { date: at(2) }])).toBe('* THREAD (1)(2)(3)');
  });
});

describe('threadOrderedSubject', () => {
  it('makes the oldest message of each subject the parent of the rest', () => {
    const roots = threadOrderedSubject([
      { subject: 'b', date: at(2) },
      { subject: 'Re: a', date: at(1) },
      { subject: 'a', date: at(3) },
      { subject: 'A (fwd)', date: at(4) },
      { date: at(5) },
      { subject: '   ', date: at(6) },
    ]);
    expect(formatImapThread(roots)).toBe('* THREAD (2 (3)(4))(1)(5 6)');
  });
});

describe('large and deep mailboxes', () => {
  it('threads and prints a 20 000 message reply chain without recursion limits', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => ({ messageId: `<c${i}@x>`, inReplyTo: i === 0 ? undefined : `<c${i - 1}@x>` }));
    const roots = threadReferences(chain);
    const line = formatImapThread(roots);
    expect(line.startsWith('* THREAD (1 2 3 ')).toBe(true);
    expect(line.endsWith(' 19999 20000)')).toBe(true);
    expect(formatThreadTree(roots).split('\n')).toHaveLength(20_000);
  });
});

describe('formatImapThread and formatThreadTree', () => {
  it('writes an only child without parentheses and siblings each in their own', () => {
    expect(formatImapThread([])).toBe('* THREAD ');
    expect(formatImapThread([{ position: 1, children: [{ position: 2, children: [{ position: 3, children: [] }] }] }])).toBe('* THREAD (1 2 3)');
    expect(formatImapThread([{ position: 3, children: [{ position: 4, children: [] }, { position: 5, children: [{ position: 6, children: [] }] }] }])).toBe('* THREAD (3 (4)(5 6))');
  });

  it('draws an indented tree with decoded subjects', () => {
    const roots = threadReferences([
      { messageId: '<a@x>', subject: '=?utf-8?q?Caf=C3=A9?=', date: at(0) },
      { references: '<a@x>', subject: 'Re: Café', date: at(1) },
      { references: '<gone@x>', date: at(2) },
      { references: '<gone@x>', subject: 'two', date: at(3) },
    ]);
    expect(formatThreadTree(roots)).toBe('1 Café\n  2 Re: Café\n(missing parent)\n  3 (no subject)\n  4 two');
  });
});
