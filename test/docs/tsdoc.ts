/**
 * The ```ts blocks under `@example` tags of the TSDoc comments in src/, with the source line each
 * starts on, so a failing example is reported as `src/x.ts:42`.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type FencedBlock, ROOT, fencedBlocks } from './markdown.js';

/** Every src/**\/*.ts file (no .d.ts), as a path relative to the project root, in a stable order. */
export function sourceFiles(): string[] {
  return readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => relative(ROOT, join(ROOT, 'src', f)).replace(/\\/g, '/'))
    .sort();
}

export interface TsdocExample extends FencedBlock {
  /** 0-based offset, in the source text, of the `/**` that opens the comment holding the example. */
  readonly commentStart: number;
}

/** A `@tag` at the start of a comment line ends the previous tag's content. */
const TAG = /^@\w+/;

/**
 * The fenced blocks under each `@example` tag of each `/** … *\/` comment of a TypeScript text, with
 * the comment's ` * ` line prefixes stripped. `line` is the 1-based line, in the text, of the block's
 * first code line. Blocks of every language are returned; callers filter on `lang`.
 */
export function tsdocExamples(source: string): TsdocExample[] {
  const lines = source.split(/\r?\n/);
  const lineStarts: number[] = [];
  for (let i = 0, at = 0; i < lines.length; at += lines[i]!.length + 1, i++) lineStarts.push(at);
  const examples: TsdocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*\/\*\*(?!\/)/.exec(lines[i]!);
    if (!open || lines[i]!.includes('*/', open[0].length)) continue;
    const commentStart = lineStarts[i]! + open[0].length - 3;
    // The comment's lines after the opening one, without their ` * ` prefix; `i` ends on the `*/`.
    const body: { text: string; line: number }[] = [];
    for (i++; i < lines.length; i++) {
      const raw = lines[i]!;
      const end = raw.indexOf('*/');
      const text = (end < 0 ? raw : raw.slice(0, end)).replace(/^\s*\*(?: |$)/, '');
      if (end < 0 || text.trim() !== '') body.push({ text, line: i + 1 });
      if (end >= 0) break;
    }
    for (let t = 0; t < body.length; t++) {
      if (!/^@example\b/.test(body[t]!.text)) continue;
      // The tag's content: up to the next tag that is not inside a fence.
      const content: typeof body = [];
      let fenced = false;
      for (t++; t < body.length; t++) {
        const { text } = body[t]!;
        if (!fenced && TAG.test(text)) break;
        if (/^\s*(`{3,}|~{3,})/.test(text)) fenced = !fenced;
        content.push(body[t]!);
      }
      t--;
      for (const block of fencedBlocks(content.map((c) => c.text).join('\n'))) {
        // fencedBlocks counts lines of the joined content; map back to source lines.
        examples.push({ ...block, line: content[block.line - 1]?.line ?? content.at(-1)!.line + 1, commentStart });
      }
    }
  }
  return examples;
}
