import { describe, expect, it } from 'vitest';
import { LOCALISED_REPLY_PREFIXES, baseSubject, baseSubjectInfo } from '../../../src/threading/rfc5256/index.js';

describe('baseSubject: RFC 5256 §2.1 steps', () => {
  it.each([
    ['foo', 'FOO', false],
    ['Re: foo', 'FOO', true],
    ['RE:foo', 'FOO', true],
    ['re : foo', 'FOO', true],
    ['Fwd: foo', 'FOO', true],
    ['FW: foo', 'FOO', true],
    ['fw[2]: foo', 'FOO', true],
    ['Re: Re: Fwd: foo', 'FOO', true],
    ['[list] Re: foo', 'FOO', true],
    ['[list] foo', 'FOO', false],
    ['[a][b] foo', 'FOO', false],
    ['[list]', '[LIST]', false],
    ['foo (fwd)', 'FOO', true],
    ['foo (fwd)  (FWD) ', 'FOO', true],
    ['[fwd: foo]', 'FOO', true],
    ['Re: [fwd: Re: foo (fwd)]', 'FOO', true],
    ['Re:   hello \t\t world  ', 'HELLO WORLD', true],
    ['', '', false],
    ['Re: ', '', true],
  ])('%j → %j (reply/forward: %s)', (subject, base, reply) => {
    expect(baseSubjectInfo(subject)).toEqual({ base, isReplyOrForward: reply });
  });

  it('gives the answers of the imaptest sort-subject cases', () => {
    expect(baseSubject('[foo] Fwd: [bar] Re: fw: b (fWd)  (fwd)')).toBe('B');
    expect(baseSubject('b (a)')).toBe('B (A)');
    expect(baseSubject('Re: [FWD: c]')).toBe('C');
    expect(baseSubject('[xyz]')).toBe('[XYZ]');
    expect(baseSubject('=?iso-8859-1?q?_?=')).toBe('');
    expect(baseSubject('Re: =?utf-8?q?b?=')).toBe('B');
    expect(baseSubject('=?iso-8859-1?q?RE:_C?=')).toBe('C');
    expect(baseSubject('=?us-ascii?b?UmU6IGM=?=')).toBe('C');
    expect(baseSubject('Ad: Re: Ad: Re: Ad: x')).toBe('AD: RE: AD: RE: AD: X');
    expect(baseSubject('re: [fwd: [fwd: re: [fwd: babylon]]]')).toBe('BABYLON');
  });
});

describe('baseSubject: decoding and case folding like Dovecot', () => {
  it('drops whitespace between encoded words but keeps it next to plain text', () => {
    expect(baseSubject('=?utf-8?q?foo?= =?utf-8?q?bar?=')).toBe('FOOBAR');
    expect(baseSubject('foo =?utf-8?q?bar?=')).toBe('FOO BAR');
  });

  it('reads ISO-8859-1 as Latin-1, not as windows-1252', () => {
    expect(baseSubject('=?iso-8859-1?q?caf=E9?=')).toBe('CAFÉ');
    expect(baseSubject('=?iso-8859-1?q?=80?=')).toBe('\u0080');
    expect(baseSubject('=?windows-1252?q?=80?=')).toBe('€');
  });

  it('keeps a word in an unknown charset undecoded by charset and unfolded', () => {
    expect(baseSubject('=?x-unknown?q?re:_abc?=')).toBe('re: abc');
  });

  it('leaves a broken encoded word as text', () => {
    expect(baseSubject('=?utf-8?q?no end')).toBe('=?UTF-8?Q?NO END');
  });

  it('uses simple titlecase plus one level of compatibility decomposition', () => {
    expect(baseSubject('straße')).toBe('STRAßE');
    expect(baseSubject('ǆungla')).toBe('ǅUNGLA');
    expect(baseSubject('ﬁle')).toBe('fiLE'); // the ligature decomposes after titlecasing
    expect(baseSubject('ｒｅ： foo')).toBe('FOO'); // full-width letters fold to ASCII
    expect(baseSubject('한')).toBe('\u1112\u1161\u11ab');
  });

  it('turns invalid UTF-8 bytes into one replacement character per run', () => {
    expect(baseSubject('\uDCE9\uDCE8abc')).toBe('\uFFFDABC');
    expect(baseSubject('=?utf-8?q?=E9=E8?=x')).toBe('\uFFFDX');
  });
});

describe('baseSubject: localised prefixes (opt-in)', () => {
  it('is off by default, like Dovecot', () => {
    expect(baseSubject('AW: Hallo')).toBe('AW: HALLO');
    expect(baseSubjectInfo('SV: hei').isReplyOrForward).toBe(false);
  });

  it.each([
    ['AW: Hallo', 'HALLO'],
    ['WG: AW: Hallo', 'HALLO'],
    ['SV: [list] VS: hei', 'HEI'],
    ['Antw: vraag', 'VRAAG'],
    ['RIF: domanda', 'DOMANDA'],
    ['TR: question', 'QUESTION'],
    ['Odp: pytanie', 'PYTANIE'],
    ['ΑΠ: ερώτηση', 'ΕΡΏΤΗΣΗ'],
    ['回复：问题', '问题'],
    ['Re: AW: Fwd: mixed', 'MIXED'],
  ])('with localisedPrefixes: true, %j → %j', (subject, base) => {
    expect(baseSubjectInfo(subject, { localisedPrefixes: true })).toEqual({ base, isReplyOrForward: true });
  });

  it('accepts a custom list, compared case-insensitively', () => {
    expect(baseSubject('Vs: asia', { localisedPrefixes: ['vs'] })).toBe('ASIA');
    expect(baseSubject('AW: Hallo', { localisedPrefixes: ['vs'] })).toBe('AW: HALLO');
  });

  it('does not take a prefix without its colon', () => {
    expect(baseSubject('Awesome news', { localisedPrefixes: true })).toBe('AWESOME NEWS');
    expect(LOCALISED_REPLY_PREFIXES).toContain('AW');
  });
});
