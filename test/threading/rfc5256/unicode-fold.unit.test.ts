import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UNICODE_FOLD_DATA } from '../../../src/threading/rfc5256/unicode-fold-data.js';
import { foldForComparison } from '../../../src/threading/rfc5256/unicode-fold.js';
import { buildFoldEntries, encodeFoldEntries } from './tools/unicode-fold-table.js';

const UNICODE_DATA = '/usr/share/unicode/UnicodeData.txt';

describe("Dovecot's titlecase + compatibility decomposition", () => {
  it.each([
    ['abc xyz', 'ABC XYZ'],
    ['àéîõü ÿ', 'ÀÉÎÕÜ Ÿ'],
    ['µ', 'Μ'],
    ['ß', 'ß'],
    ['ǆ Ǆ', 'ǅ ǅ'],
    ['\u00a0', ' '], // no-break space decomposes to a space
    ['½', '1⁄2'],
    ['ﬃ', 'ffi'],
    ['Ｒｅ', 'RE'],
    ['é', 'É'], // precomposed stays precomposed: canonical decompositions are not applied
    ['e\u0301', 'E\u0301'],
    ['가', '\u1100\u1161'],
  ])('%j → %j', (input, folded) => {
    expect(foldForComparison(input)).toBe(folded);
  });

  it.skipIf(!existsSync(UNICODE_DATA))('the committed table is what UnicodeData.txt gives', () => {
    expect(encodeFoldEntries(buildFoldEntries(readFileSync(UNICODE_DATA, 'utf8')))).toBe(UNICODE_FOLD_DATA);
  });
});
