/**
 * Every ```ts block of README.md and docs/*.md must compile against the real API, as a user would
 * write it (`import … from 'omnithread'`). The blocks are written to .tmp/doc-samples and checked in
 * one TypeScript program, with 'omnithread' and 'omnithread/testing' mapped onto src/. Diagnostics
 * name the markdown file and line.
 *
 * Markers on a block's first line:
 * - `// @skip-check: <reason>` — not checked (use sparingly; the reason is required);
 * - `// @run` — a complete program: also executed with tsx, in an empty folder, and must exit 0;
 * - `// @file: name.ts` — the block is a module other blocks of the same doc import as './name.js'.
 *
 * Each doc's samples live in their own folder (.tmp/doc-samples/run-<pid>/<doc>/), so named files
 * never clash.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, documentationFiles, fencedBlocks, readDoc } from './markdown.js';
import { skipReason, typecheck } from './typecheck.js';

// One folder per run: several test runs (or people) in one checkout never clobber each other's files.
const OUT = join(ROOT, '.tmp', 'doc-samples', `run-${process.pid}`);
const TS_LANGS = new Set(['ts', 'typescript']);
const RUN_TIMEOUT_MS = 20_000;

interface Sample {
  readonly doc: string;
  /** Line of the block's first code line in the markdown file. */
  readonly line: number;
  readonly file: string;
  readonly code: string;
  readonly run: boolean;
  readonly skip?: string;
}

function samplesOf(doc: string): Sample[] {
  const dir = join(OUT, doc.replace(/\.md$/, '').replace(/[/\\]/g, '_'));
  return fencedBlocks(readDoc(doc))
    .filter((b) => TS_LANGS.has(b.lang))
    .map((b, n) => {
      const first = b.code.split('\n', 1)[0]!.trim();
      const skip = skipReason(b.code);
      const named = /^\/\/\s*@file:\s*([\w.-]+\.ts)\s*$/.exec(first);
      return {
        doc,
        line: b.line,
        file: join(dir, named ? named[1]! : `sample-${n + 1}.ts`),
        code: b.code,
        run: /^\/\/\s*@run\b/.test(first),
        ...(skip !== undefined ? { skip } : {}),
      };
    });
}

const docs = documentationFiles();
const samples = new Map(docs.map((d) => [d, samplesOf(d)]));

/** Diagnostics per sample file, as `docs/x.md:LINE: message`. */
let diagnostics = new Map<string, string[]>();
let programDiagnostics: string[] = [];

/** Runs a `// @run` sample with tsx from an empty folder; 'omnithread' is rewritten to the sources. */
function execute(sample: Sample): Promise<{ code: number; output: string }> {
  const runDir = join(OUT, '.run');
  const file = join(runDir, relative(OUT, sample.file).replace(/[/\\]/g, '_'));
  const toSrc = (entry: string) => relative(runDir, join(ROOT, 'src', entry)).replace(/\\/g, '/');
  const code = sample.code
    .replace(/(from\s+|import\s*\(\s*)(['"])omnithread\/testing\2/g, `$1$2${toSrc('testing/index.ts')}$2`)
    .replace(/(from\s+|import\s*\(\s*)(['"])omnithread\/channels\2/g, `$1$2${toSrc('channels/index.ts')}$2`)
    .replace(/(from\s+|import\s*\(\s*)(['"])omnithread\/postgres\2/g, `$1$2${toSrc('postgres/index.ts')}$2`)
    .replace(/(from\s+|import\s*\(\s*)(['"])omnithread\2/g, `$1$2${toSrc('index.ts')}$2`);
  writeFileSync(file, `${code}\n`);
  const cwd = mkdtempSync(join(tmpdir(), 'omnithread-doc-run-'));
  // tsx's loader by absolute URL: the empty working folder has no node_modules to resolve it from.
  const loader = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return new Promise((resolveRun) => {
    execFile(process.execPath, ['--import', loader, file], { cwd, timeout: RUN_TIMEOUT_MS }, (error, stdout, stderr) => {
      rmSync(cwd, { recursive: true, force: true });
      const exit = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const note = error?.killed ? `(killed after ${RUN_TIMEOUT_MS} ms)\n` : '';
      resolveRun({ code: exit, output: `${note}${stdout}${stderr}` });
    });
  });
}

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, '.run'), { recursive: true });
  const checked = [...samples.values()].flat().filter((s) => s.skip === undefined);
  // `export {}` makes every sample a module: top-level await works and names never clash across samples.
  for (const s of checked) {
    mkdirSync(dirname(s.file), { recursive: true });
    writeFileSync(s.file, `${s.code}\nexport {};\n`);
  }
  ({ diagnostics, programDiagnostics } = typecheck(checked.map((s) => ({ file: s.file, origin: s.doc, line: s.line }))));
});

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('documentation samples compile', () => {
  it('the compiler options themselves are valid', () => {
    expect(programDiagnostics).toEqual([]);
  });

  it('finds the docs and their samples; named files are unique per doc', () => {
    expect(docs.length).toBeGreaterThan(5);
    expect([...samples.values()].flat().length).toBeGreaterThan(20);
    for (const [doc, mine] of samples) {
      const files = mine.map((s) => s.file);
      expect(new Set(files).size, `${doc}: two blocks with the same @file name`).toBe(files.length);
    }
  });

  it.each(docs)('%s', async (doc) => {
    const mine = samples.get(doc)!;
    for (const s of mine) {
      if (s.skip !== undefined) expect(s.skip, `${doc}:${s.line}: @skip-check needs a reason`).not.toBe('');
    }
    const errors = mine.flatMap((s) => diagnostics.get(s.file) ?? []);
    expect(errors, errors.join('\n')).toEqual([]);
    const runs = await Promise.all(mine.filter((s) => s.run && s.skip === undefined).map(async (s) => ({ s, r: await execute(s) })));
    for (const { s, r } of runs) expect(r.code, `${doc}:${s.line} (@run) exited ${r.code}:\n${r.output}`).toBe(0);
  });
});
