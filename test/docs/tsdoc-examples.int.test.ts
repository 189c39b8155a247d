/**
 * Every ```ts block under an `@example` tag of a TSDoc comment in src/ must compile, like the
 * samples of the docs (samples.int.test.ts): the blocks are written to .tmp/tsdoc-examples and checked
 * in one TypeScript program, with 'omnithread', 'omnithread/testing', 'omnithread/channels' and
 * 'omnithread/postgres' mapped onto src/. Diagnostics name the source file and line.
 *
 * What an example may use without declaring it:
 * - the names of the shared ambient PREAMBLE below (`engine`, `thread`, `now`, …), the handful of
 *   variables examples keep referring to, each with its real type from the package;
 * - anything it imports, as a user would, from the public entry points (or node:, fast-check, vitest);
 * - when it documents a declaration that no public entry point exports (an internal module), the
 *   exports of the documented file: the names it uses are imported from that file automatically.
 *   Such an example may also import other internal modules by a path relative to the documented
 *   file (`import { processIo } from './io.js'`). Examples of public declarations get no such help:
 *   they import what they use from the entry points, as a user must.
 *
 * `// @skip-check: <reason>` on an example's first line leaves it unchecked (the reason is required).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './markdown.js';
import { sourceFiles, tsdocExamples } from './tsdoc.js';
import { type CheckedFile, COMPILER_OPTIONS, ENTRY_POINTS, skipReason, typecheck } from './typecheck.js';

// One folder per run: several test runs (or people) in one checkout never clobber each other's files.
const OUT = join(ROOT, '.tmp', 'tsdoc-examples', `run-${process.pid}`);
const TS_LANGS = new Set(['ts', 'typescript']);

/**
 * The variables examples use without declaring them. A script (no import/export), so its names are
 * global to every example; types come from the package as a user would import them.
 */
const PREAMBLE = `// Shared by every TSDoc example: the recurring variables, with their real types.
declare const engine: import('omnithread').Engine;
declare const store: import('omnithread').EventStore;
declare const thread: import('omnithread').Thread;
declare const customer: import('omnithread').Customer;
declare const agent: import('omnithread').Agent;
declare const cal: import('omnithread').BusinessCalendar;
declare const now: number;
declare const event: import('omnithread').OmnithreadEvent;
declare const events: readonly import('omnithread').OmnithreadEvent[];
declare const request: import('omnithread/channels').WebhookRequest;
declare const pool: import('pg').Pool;
declare const connectionString: string;
`;

interface Example {
  /** The documented source file, relative to the root. */
  readonly source: string;
  /** Line, in the source file, of the example's first code line. */
  readonly line: number;
  readonly code: string;
  readonly file: string;
  readonly commentStart: number;
  readonly skip?: string;
}

const examples = new Map<string, Example[]>();
for (const source of sourceFiles()) {
  const dir = join(OUT, source.replace(/\.ts$/, '').replace(/[/\\]/g, '_'));
  const found = tsdocExamples(readFileSync(join(ROOT, source), 'utf8'))
    .filter((b) => TS_LANGS.has(b.lang))
    .map((b, n): Example => {
      const skip = skipReason(b.code);
      return { source, line: b.line, code: b.code, file: join(dir, `example-${n + 1}.ts`), commentStart: b.commentStart, ...(skip !== undefined ? { skip } : {}) };
    });
  if (found.length > 0) examples.set(source, found);
}
const sources = [...examples.keys()];

/** A deliberately wrong example, checked with the others: the test must see its error. */
const CANARY = { file: join(OUT, 'canary.ts'), code: "const count: number = engine.threads({ tenantId: 'acme' });" };

let diagnostics = new Map<string, string[]>();
let programDiagnostics: string[] = [];
/** How many checked examples document an internal declaration. */
let internals = 0;

/** `file#name` of every declaration a public entry point exports, under its declared name. */
function publicDeclarations(checker: ts.TypeChecker, program: ts.Program): Set<string> {
  const found = new Set<string>();
  for (const entry of Object.values(ENTRY_POINTS)) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, entry))!)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const d of symbol.declarations ?? []) found.add(`${d.getSourceFile().fileName}#${symbol.name}`);
    }
  }
  return found;
}

/** The names a top-level statement declares (`export function f`, `export const a = …, b = …`, …). */
function declaredNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  }
  const name = (statement as { name?: ts.Node }).name;
  return name && ts.isIdentifier(name) ? [name.text] : [];
}

/** Every identifier an example mentions, and the names its own top-level statements declare. */
function namesOf(code: string): { used: Set<string>; declared: Set<string> } {
  const sf = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) used.add(node.text);
    node.forEachChild(visit);
  };
  visit(sf);
  const declared = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const clause = s.importClause;
      if (clause?.name) declared.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) declared.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) declared.add(e.name.text);
    } else {
      for (const n of declaredNames(s)) declared.add(n);
    }
  }
  return { used, declared };
}

/** A specifier relative to `example`'s file for `target`, an absolute path to a .ts file. */
function specifierFor(example: Example, target: string): string {
  const from = relative(dirname(example.file), target).replace(/\\/g, '/').replace(/\.ts$/, '.js');
  return from.startsWith('.') ? from : `./${from}`;
}

/**
 * An example of an internal declaration, as written to its file: with an import of the names it uses
 * from the documented file, and its relative imports resolved from the documented file's folder.
 * An example of a public declaration is left as it is.
 */
function scoped(example: Example, program: ts.Program, checker: ts.TypeChecker, publicSet: Set<string>): { code: string; internal: boolean } {
  const fileName = join(ROOT, example.source);
  const sf = program.getSourceFile(fileName)!;
  const documented = sf.statements.find((s) => s.pos <= example.commentStart && example.commentStart < s.end);
  const names = documented ? declaredNames(documented) : [];
  if (names.some((n) => publicSet.has(`${fileName}#${n}`))) return { code: example.code, internal: false };
  const module = checker.getSymbolAtLocation(sf);
  const exported = module ? checker.getExportsOfModule(module).map((s) => s.name) : [];
  const { used, declared } = namesOf(example.code);
  const wanted = exported.filter((n) => used.has(n) && !declared.has(n)).sort();
  const code = example.code.replace(
    /(from\s+|import\s*\(\s*)(['"])(\.\.?\/[^'"]+)\2/g,
    (_m, lead: string, quote: string, spec: string) => `${lead}${quote}${specifierFor(example, resolve(dirname(fileName), spec.replace(/\.js$/, '.ts')))}${quote}`,
  );
  // The import shares the example's first line, so lines map one to one.
  const scope = wanted.length > 0 ? `import { ${wanted.join(', ')} } from '${specifierFor(example, fileName)}'; ` : '';
  return { code: `${scope}${code}`, internal: true };
}

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const checked = [...examples.values()].flat().filter((e) => e.skip === undefined);
  // A first program over the entry points and the documented files: who is public, who exports what.
  const scan = ts.createProgram({ rootNames: [...Object.values(ENTRY_POINTS), ...sources].map((f) => join(ROOT, f)), options: COMPILER_OPTIONS });
  const checker = scan.getTypeChecker();
  const publicSet = publicDeclarations(checker, scan);
  const files: CheckedFile[] = [];
  for (const e of checked) {
    const { code, internal } = scoped(e, scan, checker, publicSet);
    if (internal) internals++;
    mkdirSync(dirname(e.file), { recursive: true });
    // `export {}` makes every example a module: top-level await works and names never clash.
    writeFileSync(e.file, `${code}\nexport {};\n`);
    files.push({ file: e.file, origin: e.source, line: e.line });
  }
  writeFileSync(CANARY.file, `${CANARY.code}\nexport {};\n`);
  files.push({ file: CANARY.file, origin: 'canary', line: 1 });
  const preamble = join(OUT, 'preamble.d.ts');
  writeFileSync(preamble, PREAMBLE);
  ({ diagnostics, programDiagnostics } = typecheck(files, [preamble], scan));
});

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('TSDoc @examples compile', () => {
  it('the compiler options themselves are valid', () => {
    expect(programDiagnostics).toEqual([]);
  });

  it('finds the examples; a wrong one is reported with its line', () => {
    expect([...examples.values()].flat().length).toBeGreaterThan(300);
    expect(internals).toBeGreaterThan(0);
    const canary = diagnostics.get(CANARY.file) ?? [];
    expect(canary).toHaveLength(1);
    expect(canary[0]).toMatch(/^canary:1: TS2322 /);
  });

  it.each(sources)('%s', (source) => {
    const mine = examples.get(source)!;
    for (const e of mine) {
      if (e.skip !== undefined) expect(e.skip, `${source}:${e.line}: @skip-check needs a reason`).not.toBe('');
    }
    const errors = mine.flatMap((e) => diagnostics.get(e.file) ?? []);
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
