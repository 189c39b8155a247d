/**
 * docs/guarantees.md names the tests that check each guarantee; this makes sure they exist, so the
 * document cannot silently point at renamed or deleted tests. And the determinism guarantee's static
 * half: the core reads no clock and draws no random numbers.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, readDoc } from './markdown.js';

/** `test/x.test.ts` › "name" pairs of the document. */
function citations(markdown: string): { file: string; name: string }[] {
  return [...markdown.matchAll(/`(test\/[^`]+\.ts)`\s*›\s*"([^"]+)"/g)].map((m) => ({ file: m[1]!, name: m[2]! }));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The shell may read clocks: the CLI, the partition owners of src/cluster (process orchestration: a
 * takeover pass at the clock's now), and the engine's default clock (validation and `startTimers`).
 */
const ALLOWED = [/^src\/cli\//, /^src\/cluster\//];
const ALLOWED_LINES = [/this\.clock = options\.clock \?\? Date\.now;/];
const FORBIDDEN = /\bDate\.now\s*\(|\bDate\.now\b|\bMath\.random\b|\bnew Date\(\s*\)|\bperformance\.now\b|\bprocess\.hrtime\b|\bcrypto\.random/;

describe('docs/guarantees.md', () => {
  const cited = citations(readDoc('docs/guarantees.md'));

  it('cites tests for every guarantee', () => {
    expect(cited.length).toBeGreaterThanOrEqual(30);
    const sections = readDoc('docs/guarantees.md').split(/^## /m).slice(1);
    for (const section of sections) expect(citations(section).length, `section "${section.split('\n', 1)[0]}"`).toBeGreaterThan(0);
  });

  it.each(cited.map((c) => [`${c.file} › ${c.name}`, c] as const))('%s exists', (_label, { file, name }) => {
    expect(existsSync(join(ROOT, file)), file).toBe(true);
    expect(readFileSync(join(ROOT, file), 'utf8')).toContain(name);
  });
});

describe('determinism', () => {
  it('the core reads no clock and draws no random numbers', () => {
    const offenders: string[] = [];
    for (const path of sourceFiles(join(ROOT, 'src'))) {
      const file = relative(ROOT, path).replace(/\\/g, '/');
      if (ALLOWED.some((r) => r.test(file))) continue;
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
          if (FORBIDDEN.test(code) && !ALLOWED_LINES.some((r) => r.test(code))) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
