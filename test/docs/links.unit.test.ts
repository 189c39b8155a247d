/**
 * Relative links between README.md and docs/*.md point at files that exist, and `#anchors` at
 * headings that exist (GitHub's slugs), so the guides never send a reader nowhere.
 */
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, documentationFiles, fencedBlocks, readDoc } from './markdown.js';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2… */
function slugs(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  const withoutCode = markdown.replace(/^( {0,3})(`{3,}|~{3,})[\s\S]*?^\1\2\s*$/gm, '');
  for (const [, text] of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = text!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Markdown links outside code blocks and code spans: [text](target). */
function links(markdown: string): string[] {
  let text = markdown;
  for (const b of fencedBlocks(markdown)) text = text.replace(b.code, '');
  text = text.replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

const docs = documentationFiles();

describe('links between the guides', () => {
  it.each(docs)('%s', (doc) => {
    const broken: string[] = [];
    for (const target of links(readDoc(doc))) {
      if (/^[a-z]+:/i.test(target)) continue; // http:, mailto:
      const [path = '', anchor] = target.split('#');
      const file = path === '' ? doc : normalize(join(dirname(doc), path)).replace(/\\/g, '/');
      if (!existsSync(join(ROOT, file))) {
        broken.push(`${target}: no file ${file}`);
        continue;
      }
      if (anchor !== undefined && file.endsWith('.md') && !slugs(readDoc(file)).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${file}`);
    }
    expect(broken).toEqual([]);
  });
});
