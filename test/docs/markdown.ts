/**
 * Fenced code blocks of the documentation, with the line each starts on, so a failing sample can be
 * reported as `docs/x.md:42` rather than as "block 3".
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface FencedBlock {
  /** The first word of the info string (`ts`, `json`, …), lower-case. */
  readonly lang: string;
  readonly code: string;
  /** 1-based line, in the markdown file, of the block's first code line. */
  readonly line: number;
}

/** Every fenced block (``` or ~~~, possibly indented inside a list) of a markdown text, in order. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      // Content lines lose at most the fence's own indentation (CommonMark).
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    blocks.push({ lang: info.toLowerCase(), code: body.join('\n'), line: i + 2 });
    i = j;
  }
  return blocks;
}

/** README.md and every docs/*.md, as paths relative to the project root, in a stable order. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return [...(existsSync(join(ROOT, 'README.md')) ? ['README.md'] : []), ...docs];
}

export function readDoc(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}
