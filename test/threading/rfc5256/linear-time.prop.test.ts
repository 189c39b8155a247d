/**
 * Finding 8 of issue 13: hostile headers were quadratic — `parseMessageIds('<(' × n)` 58 → 1,040 ms
 * for n = 4k → 16k, `baseSubject('[a] ' × n)` 126 → 2,607 ms. Parsing is now linear and gives exactly
 * what it gave before (the quadratic port of Dovecot, kept in ./quadratic/ as the oracle; the Dovecot
 * differential test checks the same against Dovecot itself).
 *
 * Timing on a loaded 2-core machine: every figure is this process's CPU time (`process.cpuUsage`;
 * vitest runs each file in its own process), not wall time, so other processes' load does not count,
 * and the best of several runs (GC and JIT only ever add time). The bound is the issue's: 10 ms for a
 * 16k-character header; growth from n to 4n must stay near linear (linear ≈ 4×, quadratic ≈ 16×),
 * with slack for noise at sub-millisecond figures.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { baseSubjectInfo, firstMessageId, parseMessageIds } from '../../../src/threading/rfc5256/index.js';
import { baseSubjectInfo as quadraticSubjectInfo } from './quadratic/base-subject.js';
import { firstMessageId as quadraticFirstId, parseMessageIds as quadraticIds } from './quadratic/message-id.js';

const N = 16_384;

/** Least CPU time of `runs` calls, in ms. */
function bestOf(run: () => unknown, runs = 7): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** A header of about `length` characters: `unit` repeated, then `tail`. */
const repeat = (unit: string, length: number, tail = '') => unit.repeat(Math.ceil((length - tail.length) / unit.length)) + tail;

function expectLinear(name: string, make: (length: number) => string, parse: (header: string) => unknown): void {
  const small = make(N);
  const large = make(4 * N);
  parse(small); // warm up the JIT
  const tSmall = bestOf(() => parse(small));
  expect(tSmall, `${name}: ${N} characters`).toBeLessThan(10);
  const tLarge = bestOf(() => parse(large), 5);
  expect(tLarge, `${name}: ${4 * N} characters took ${tLarge.toFixed(2)} ms against ${tSmall.toFixed(2)} ms`).toBeLessThan(8 * tSmall + 10);
}

const HOSTILE_ID_HEADERS: readonly (readonly [string, (length: number) => string])[] = [
  ['<( repeated (unclosed comments)', (n) => repeat('<(', n)],
  ['< repeated, then (', (n) => repeat('<', n, '(')],
  ['< repeated, then "', (n) => repeat('<', n, '"')],
  ['<" repeated (quotes)', (n) => repeat('<"', n)],
  ['<(" repeated', (n) => repeat('<("', n)],
  ['<"( repeated', (n) => repeat('<"(', n)],
  ['<\\( repeated (escapes)', (n) => repeat('<\\(', n)],
  ['<a. repeated, then (', (n) => repeat('<a.', n, '(')],
  ['<a ( repeated', (n) => repeat('<a (', n)],
  ['<a@( repeated', (n) => repeat('<a@(', n)],
  ['<(x) repeated (closed comments)', (n) => repeat('<(x)', n)],
  ['(( then <( repeated', (n) => `${'('.repeat(n / 2)}${repeat('<(', n / 2)}`],
  ['<(<) nested comment ladder', (n) => `${repeat('<(', n / 2)}${')'.repeat(n / 4)}`],
  ['<"\\" repeated (escaped quotes)', (n) => repeat('<"\\"', n)],
  ['<a@b.( repeated', (n) => repeat('<a@b.(', n)],
];

const HOSTILE_SUBJECTS: readonly (readonly [string, (length: number) => string])[] = [
  ['[a] repeated', (n) => repeat('[a] ', n)],
  ['[a] repeated, then RE[', (n) => repeat('[a] ', n, 'RE[xyz')],
  ['[a] repeated, then RE[ and a long blob', (n) => `${repeat('[a] ', n / 2)}RE[${'x'.repeat(n / 2)}`],
  ['[FWD: nested', (n) => `${'[FWD:'.repeat(n / 6)}x${']'.repeat(n / 6)}`],
  ['[FWD: [a] nested', (n) => `${'[FWD: [a] '.repeat(n / 12)}x${']'.repeat(n / 12)}`],
  ['Re: repeated', (n) => repeat('Re: ', n)],
  ['(fwd) repeated', (n) => repeat(' (fwd)', n)],
  ['[ repeated', (n) => repeat('[', n)],
  ['[a repeated', (n) => repeat('[a', n)],
  ['RE[a] repeated', (n) => repeat('RE[a]', n)],
  ['=? repeated', (n) => repeat('=?', n)],
  ['=?utf-8?q? repeated', (n) => repeat('=?utf-8?q?', n)],
  ['[a]AW: repeated', (n) => repeat('[a]AW: ', n)],
];

describe('Message-ID lists in linear time', () => {
  it.each(HOSTILE_ID_HEADERS)('parseMessageIds: %s', (name, make) => expectLinear(name, make, parseMessageIds));
  it.each(HOSTILE_ID_HEADERS)('firstMessageId: %s', (name, make) => expectLinear(name, make, firstMessageId));
});

describe('base subjects in linear time', () => {
  it.each(HOSTILE_SUBJECTS)('baseSubject: %s', (name, make) => expectLinear(name, make, (s) => baseSubjectInfo(s)));
  it.each(HOSTILE_SUBJECTS)('baseSubject with localised prefixes: %s', (name, make) => expectLinear(name, make, (s) => baseSubjectInfo(s, { localisedPrefixes: true })));
});

const idPart = fc.constantFrom('<', '>', '(', ')', '"', '\\', '@', '.', ' ', '\t', '\r\n', 'a', 'b.c', '\u0000', '[', ']', 'é', '<a@b>', '<"q" x>', '<"b"@c>', '<a.b (c) d>');
const arbIdHeader = fc.array(idPart, { maxLength: 40 }).map((parts) => parts.join(''));
const subjectPart = fc.constantFrom('[', ']', ' ', '  ', '\t', 'Re', 're', 'FWD', 'Fw', 'fw', ':', '(fwd)', '(FWD)', '[fwd:', 'a', 'AW', 'sv', 'Ответ', '\u0000', '=?', '?=', '=?utf-8?q?R=C3=A9:_?=');
const arbSubject = fc.array(subjectPart, { maxLength: 30 }).map((parts) => parts.join(''));

describe('the same answers as before', () => {
  test.prop([arbIdHeader], { numRuns: 20_000 })('parseMessageIds and firstMessageId agree with the quadratic port', (header) => {
    expect(parseMessageIds(header)).toEqual(quadraticIds(header));
    expect(firstMessageId(header)).toEqual(quadraticFirstId(header));
  });

  test.prop([arbSubject, fc.constantFrom<boolean | string[]>(false, true, ['SV', 'Antw'])], { numRuns: 20_000 })(
    'baseSubjectInfo agrees with the quadratic port',
    (subject, localisedPrefixes) => {
      expect(baseSubjectInfo(subject, { localisedPrefixes })).toEqual(quadraticSubjectInfo(subject, { localisedPrefixes }));
    },
  );

  test.prop([fc.array(idPart, { minLength: 4000, maxLength: 6000 }).map((p) => p.join(''))], { numRuns: 20 })(
    'random hostile Message-ID headers of 4k–6k parts parse in under 10 ms',
    (header) => {
      parseMessageIds(header);
      expect(bestOf(() => parseMessageIds(header), 3)).toBeLessThan(10);
    },
  );

  test.prop([fc.array(subjectPart, { minLength: 3000, maxLength: 5000 }).map((p) => p.join(''))], { numRuns: 20 })(
    'random hostile subjects of 3k–5k parts take under 10 ms',
    (subject) => {
      baseSubjectInfo(subject, { localisedPrefixes: true });
      expect(bestOf(() => baseSubjectInfo(subject, { localisedPrefixes: true }), 3)).toBeLessThan(10);
    },
  );
});
