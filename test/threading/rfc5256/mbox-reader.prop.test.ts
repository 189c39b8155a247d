/**
 * Issue 14: the byte reader behind parseMbox (mbox-reader.ts) must read every mbox exactly as the
 * reader it replaced, which decoded the whole file to one string first (kept in ./string-reader/ as
 * the oracle): same messages, From_ lines, raw header values, dates and full header lists, from
 * bytes and from strings, on the fixtures, on the Dovecot differential test's mboxes and on
 * byte soup built from the pieces the scanner looks at (From_ lines broken across lines, CR, colons,
 * folding, header names in odd case, bytes that are not UTF-8, multi-byte characters at edges).
 */
import { fc, test } from '@fast-check/vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMbox } from '../../../src/threading/rfc5256/index.js';
import { toBytes } from '../../../src/threading/rfc5256/utf8.js';
import { awkwardMbox, hostileHeaderMbox } from './mbox-arbitrary.js';
import { parseMbox as oracleParseMbox } from './string-reader/mbox.js';

const FIXTURES = join(process.cwd(), '../shared/fixtures/email');

/** Everything a message carries, as plain data, or the error code. */
function read(parse: (input: string | Uint8Array) => readonly object[], input: string | Uint8Array): unknown {
  try {
    return parse(input).map((m) => {
      const { position, sender, headers, messageId, inReplyTo, references, subject, date, arrivalDate } = m as ReturnType<typeof parseMbox>[number];
      return { position, sender, headers, messageId, inReplyTo, references, subject, date, arrivalDate };
    });
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

function expectSameAsOracle(input: string | Uint8Array): void {
  expect(read(parseMbox, input)).toEqual(read(oracleParseMbox, input));
}

const FROM_LINES = [
  'From a@b Fri Feb 22 15:06:23 2008',
  'From a@b  Sat Jan  1 00:00:21 2000 +0230',
  'From "quoted sender" Thu, 9 Nov 2002 22:33:52',
  'From x Thu Nov 29 22:33:52 EEST 2001',
  'From x Thu\nFeb 22 15:06:23 2008', // the weekday skip steps over the newline
  'From x Thu,\n9 Nov 2002 22:33:52',
  'From x Thu, 9 Nov 2002\n22:33:52',
  'From x \n\n\n\n9 Nov 2002 22:33',
  'From x Thü Feb 22 15:06:23 2008',
  'From x Thu Feb 22 15:06:23 ÉST 2008',
  'From x Fri Feb 22 15:06:23',
  'From here on, body text',
  'From ',
];

/** Pieces the scanner branches on; joined at random they make hostile mboxes. */
const PIECES = [
  ...FROM_LINES,
  '\n', '\n', '\n', '\r\n', '\r', '\n\n', ' ', '\t', ':', ' : ', 'x', 'no colon here',
  'Message-ID:', 'message-id :', 'MESSAGE-ID:\t', 'Message-Id', 'message\rid:', 'Message_ID:', ' Message-ID:',
  'In-Reply-To:', 'IN-REPLY-TO:', 'References:', 'REFERENCES :', 'Subject:', 'subject:', 'SUBJECT: ', 'Date:', 'DATE: ',
  'İn-Reply-To:', 'Subjeçt:', '<a@b>', '<1@x> <2@x>', '=?utf-8?q?caf=C3=A9?=', 'Re: foo', 'Fri, 22 Feb 2008 15:00:00 +0000',
  'é', '😀', 'ǆ', '\uDCE9', '\uD800',
];
const RAW_BYTES = [[0xe9], [0xff], [0xc3], [0xa9], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0x00]];

/** A hostile mbox as bytes: pieces (as UTF-8) and raw bytes, after a first From_ line most of the time. */
const byteSoup = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PIECES).map((p) => toBytes(p)) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_BYTES).map((b) => Uint8Array.from(b)) }), { maxLength: 80 }),
  )
  .map(([envelope, parts]) => {
    const all = envelope ? [toBytes('From a@b Fri Feb 22 15:06:23 2008\n'), ...parts] : parts;
    const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of all) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  });

/** The same as a string (lone surrogates and all), read through parseMbox's string path. */
const stringSoup = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }))
  .map(([envelope, parts]) => (envelope ? 'From a@b Fri Feb 22 15:06:23 2008\n' : '') + parts.join(''));

describe('the byte mbox reader reads as the string reader it replaced', () => {
  it('on every fixture mbox, as bytes and as text', () => {
    let files = 0;
    for (const dir of readdirSync(FIXTURES)) {
      for (const file of readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.mbox'))) {
        const bytes = readFileSync(join(FIXTURES, dir, file));
        expectSameAsOracle(bytes);
        expectSameAsOracle(bytes.toString('utf8'));
        expectSameAsOracle(bytes.toString('latin1').replace(/\n/g, '\r\n'));
        files++;
      }
    }
    expect(files).toBeGreaterThanOrEqual(13);
  });

  test.prop([fc.oneof(awkwardMbox, hostileHeaderMbox)], { numRuns: 150 })("on the Dovecot differential test's mboxes", (mbox) => {
    expectSameAsOracle(toBytes(mbox));
    expectSameAsOracle(mbox);
  });

  test.prop([byteSoup], { numRuns: 1500 })('on hostile bytes', (bytes) => {
    expectSameAsOracle(bytes);
  });

  test.prop([stringSoup], { numRuns: 500 })('on hostile strings', (text) => {
    expectSameAsOracle(text);
  });

  it('finds the From_ lines whose date parses only across a newline, as before', () => {
    for (const line of FROM_LINES) {
      const mbox = `From a@b Fri Feb 22 15:06:23 2008\nSubject: one\n\nbody\n${line}\nSubject: two\n\nbody\n`;
      expectSameAsOracle(toBytes(mbox));
    }
    // the weekday skip steps over the newline: still a message start, as it was
    expect(parseMbox(toBytes('From a@b Fri Feb 22 15:06:23 2008\n\nx\nFrom x Thu\nFeb 22 15:06:23 2008\n'))).toHaveLength(2);
  });

  it('matches header names as toLowerCase() did: a CR is not a dash', () => {
    const mbox = toBytes('From a@b Fri Feb 22 15:06:23 2008\nmessage\rid: <x@y>\nMESSAGE-ID: <z@y>\n\n');
    expectSameAsOracle(mbox);
    expect(parseMbox(mbox)[0]?.messageId).toBe('<z@y>');
  });

  it('keeps the header list and JSON of a message as before', () => {
    const mbox = toBytes('From a@b Fri Feb 22 15:06:23 2008\nX-A: 1\nSubject: caf\uDCE9\n folded\nno colon\n\tmore\n\nbody: not a header\n');
    const [m] = parseMbox(mbox);
    const [o] = oracleParseMbox(mbox);
    expect(m?.headers).toEqual(o?.headers);
    expect(m?.headers).toEqual([['X-A', '1'], ['Subject', 'caf\uDCE9\n folded\n\tmore']]);
    expect(JSON.parse(JSON.stringify(m))).toEqual(JSON.parse(JSON.stringify(o)));
  });
});
