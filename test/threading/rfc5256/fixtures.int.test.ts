/**
 * Every case of the shared email fixtures: Dovecot imaptest THREAD/SORT scripts (with their
 * append / store \deleted / expunge steps) and the notmuch corpora with Dovecot's answers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type MboxMessage,
  baseSubject,
  formatImapThread,
  parseMbox,
  threadMbox,
  threadOrderedSubject,
  threadReferences,
} from '../../../src/threading/rfc5256/index.js';
import { compareCodePoints, toBytes } from '../../../src/threading/rfc5256/utf8.js';

const FIXTURES = join(process.cwd(), '../shared/fixtures/email');
const IMAPTEST = join(FIXTURES, 'dovecot-imaptest');

interface Check {
  command: string;
  expected: string;
  actual: string;
}

/** RFC 5256 SORT with SUBJECT, optional REVERSE and SIZE keys, ties by sequence — for sort-subject. */
function imapSort(messages: readonly MboxMessage[], program: string, sizes: readonly number[]): string {
  const keys = program.toLowerCase().split(/\s+/);
  const items = messages.map((m, i) => ({ seq: i + 1, base: baseSubject(m.subject ?? ''), size: sizes[i] ?? 0 }));
  items.sort((a, b) => {
    let reverse = false;
    for (const key of keys) {
      if (key === 'reverse') {
        reverse = true;
        continue;
      }
      const diff = key === 'subject' ? compareCodePoints(a.base, b.base) : a.size - b.size;
      if (diff !== 0) return reverse ? -diff : diff;
      reverse = false;
    }
    return a.seq - b.seq;
  });
  return `* sort ${items.map((i) => i.seq).join(' ')}`;
}

/** Dovecot's virtual (CRLF) size of each mbox message, for SORT (SIZE). */
function virtualSizes(mbox: string): number[] {
  const parts = `\n${mbox}`.split(/\nFrom [^\n]*\n/).slice(1);
  return parts.map((part, i) => {
    const body = i === parts.length - 1 ? part.replace(/\n$/, '') : part;
    return toBytes(body).length + (body.match(/\n/g)?.length ?? 0);
  });
}

/** Replays one imaptest script over its mbox; returns each answer with what we computed. */
function replay(name: string): Check[] {
  const script = readFileSync(join(IMAPTEST, name), 'utf8');
  const mboxText = readFileSync(join(IMAPTEST, `${name}.mbox`), 'utf8');
  const all = parseMbox(mboxText);
  const sizes = virtualSizes(mboxText);
  let next = script.includes('state: created') ? 0 : all.length;
  let mailbox: { message: MboxMessage; size: number }[] = all.slice(0, next).map((m, i) => ({ message: m, size: sizes[i] ?? 0 }));
  let deleted = new Set<number>();
  const checks: Check[] = [];
  let pending: ((expected: string) => void) | undefined;
  for (const raw of script.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('* ') && pending !== undefined) {
      pending(line);
      pending = undefined;
      continue;
    }
    const command = line.replace(/^ok\s+/, '');
    if (command === 'append') {
      const message = all[next];
      if (message === undefined) throw new Error(`${name}: append past the end of the mbox`);
      mailbox.push({ message, size: sizes[next] ?? 0 });
      next++;
    } else if (/^store /.test(command)) {
      for (const seq of command.split(/\s+/)[1]?.split(',') ?? []) deleted.add(Number(seq));
    } else if (command === 'expunge') {
      mailbox = mailbox.filter((_, i) => !deleted.has(i + 1));
      deleted = new Set();
    } else if (/^(thread|sort) /.test(command)) {
      // messages are renumbered 1..n after every expunge, like IMAP sequence numbers
      const current = mailbox.map(({ message }, i) => ({ ...message, position: i + 1 }));
      const sort = /^sort \((.*)\)/.exec(command);
      const actual =
        sort !== null
          ? imapSort(current, sort[1] ?? '', mailbox.map((m) => m.size))
          : formatImapThread(command.includes('orderedsubject') ? threadOrderedSubject(current) : threadReferences(current));
      pending = (expected) => checks.push({ command, expected, actual });
    }
  }
  return checks;
}

/** Dovecot prints "* THREAD"; some scripts spell it in lower case. */
const normalise = (answer: string) => answer.replace(/^\* (thread|sort)\b/i, (m) => m.toUpperCase());

const scripts = readdirSync(IMAPTEST).filter((f) => !f.includes('.') && f !== 'COPYING');

describe('Dovecot imaptest THREAD and SORT scripts', () => {
  it('finds all the scripts', () => {
    expect(scripts.sort()).toEqual([
      'sort-subject', 'thread', 'thread-orderedsubject', 'thread-orderedsubject2', 'thread2', 'thread3',
      'thread4', 'thread5', 'thread6', 'thread7', 'thread8',
    ]);
  });

  it.each(scripts)('%s gives every expected answer', (name) => {
    const checks = replay(name);
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) expect({ command: check.command, answer: normalise(check.actual) }).toEqual({ command: check.command, answer: normalise(check.expected) });
  });

  it('replays the incremental cases step by step (append, expunge, append)', () => {
    expect(replay('thread5').map((c) => c.actual)).toEqual(['* THREAD (1 (2 4)(3))', '* THREAD (1)(2)', '* THREAD (1)((2)(3))']);
    expect(replay('thread8').map((c) => c.actual)).toEqual(['* THREAD (1 2)', '* THREAD (1)', '* THREAD (1 2)']);
  });
});

describe('notmuch corpora against Dovecot 2.3.19 answers', () => {
  it.each(['threading', 'default'])('%s.mbox', (name) => {
    const expected = readFileSync(join(FIXTURES, 'notmuch', `${name}.expected-thread-references.txt`), 'utf8').trim();
    const mbox = readFileSync(join(FIXTURES, 'notmuch', `${name}.mbox`));
    expect(formatImapThread(threadMbox(mbox))).toBe(expected);
  });

  it('reads the Message-IDs the index lists, position by position', () => {
    for (const name of ['threading', 'default']) {
      const index = readFileSync(join(FIXTURES, 'notmuch', `${name}.index.tsv`), 'utf8').trim().split('\n');
      const messages = parseMbox(readFileSync(join(FIXTURES, 'notmuch', `${name}.mbox`)));
      expect(messages.map((m) => `${m.position}\t${m.messageId ?? ''}`)).toEqual(index.map((row) => {
        const [position, , id] = row.split('\t');
        return `${position}\t${id}`;
      }));
    }
  });
});
