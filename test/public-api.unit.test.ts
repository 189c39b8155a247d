/**
 * The public names of every entry point in package.json "exports", read from the built package in dist/
 * (npm test builds first), pinned by a committed snapshot: adding, renaming or dropping an export shows up
 * as a snapshot diff in review instead of slipping out in a release. The ESM and CJS builds must export the
 * same names, and the published .d.ts files must not mention the fold's internal classes.
 *
 * To accept an intended change of the public surface: `npm run build && npx vitest run test/public-api -u`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { import: { types: string; default: string }; require: { types: string; default: string } }>;
};

/** The code entry points (".", "./testing", …): every "exports" key with import/require conditions. */
const entries = Object.entries(pkg.exports).flatMap(([subpath, target]) => (typeof target === 'string' ? [] : [{ subpath, ...target }]));

function built(file: string): string {
  const path = join(ROOT, file);
  if (!existsSync(path)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does it via pretest)`);
  return path;
}

const requireFromHere = createRequire(import.meta.url);

async function esmNames(file: string): Promise<string[]> {
  return Object.keys(await import(pathToFileURL(built(file)).href)).sort();
}

function cjsNames(file: string): string[] {
  return Object.keys(requireFromHere(built(file)) as object)
    .filter((name) => name !== '__esModule')
    .sort();
}

/** Every name a .d.ts exports, types included, as the TypeScript checker resolves it. */
function declaredNames(program: ts.Program, file: string): string[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(built(file));
  const symbol = source && checker.getSymbolAtLocation(source);
  if (!symbol) throw new Error(`${file} is not a module`);
  return checker
    .getExportsOfModule(symbol)
    .map((s) => s.name)
    .sort();
}

describe('public API of the built package', () => {
  it('covers the four code entry points of package.json "exports"', () => {
    expect(entries.map((e) => e.subpath)).toEqual(['.', './testing', './channels', './postgres']);
  });

  let program: ts.Program | undefined;
  /** One TypeScript program over all the built declarations, made on first use (it takes a few seconds). */
  function declarations(): ts.Program {
    const files = entries.flatMap((e) => [built(e.import.types), built(e.require.types)]);
    program ??= ts.createProgram(files, { noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
    return program;
  }

  for (const entry of entries) {
    it(`${entry.subpath}: runtime export names match the snapshot, and ESM equals CJS`, async () => {
      const esm = await esmNames(entry.import.default);
      expect(esm.length).toBeGreaterThan(0);
      expect(esm).toMatchSnapshot('runtime names');
      expect(cjsNames(entry.require.default)).toEqual(esm);
    });

    it(`${entry.subpath}: declared names (types included) match the snapshot, .d.ts equals .d.cts, every runtime name is declared`, async () => {
      const types = declaredNames(declarations(), entry.import.types);
      expect(types).toMatchSnapshot('declared names');
      expect(declaredNames(declarations(), entry.require.types)).toEqual(types);
      const undeclared = (await esmNames(entry.import.default)).filter((name) => !types.includes(name));
      expect(undeclared, 'exported at runtime but not declared').toEqual([]);
    });
  }
});

describe('internal names do not leak into the published declarations', () => {
  /** Classes in src/fold that no entry point exports: implementation details a user must never see in a type. */
  function internalFoldClasses(publicNames: ReadonlySet<string>): string[] {
    const dir = join(ROOT, 'src/fold');
    const names = new Set(['EngineCore', 'TenantState', 'ComponentState', 'PureState']);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const [, name] of readFileSync(join(dir, file), 'utf8').matchAll(/^(?:export\s+)?(?:abstract\s+)?class\s+(\w+)/gm)) names.add(name!);
    }
    return [...names].filter((name) => !publicNames.has(name)).sort();
  }

  /** The declaration text without comments, so prose like "a Component of the graph" does not count. */
  function declarationText(): string {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (/\.d\.c?ts$/.test(entry.name)) files.push(join(dir, entry.name));
      }
    };
    walk(built('dist'));
    expect(files.length).toBeGreaterThan(0);
    return files.map((f) => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')).join('\n');
  }

  it('the fold classes (EngineCore, TenantState, ComponentState, PureState, …) appear in no .d.ts file', async () => {
    const publicNames = new Set((await Promise.all(entries.map((e) => esmNames(e.import.default)))).flat());
    const internal = internalFoldClasses(publicNames);
    expect(internal).toEqual(expect.arrayContaining(['EngineCore', 'TenantState', 'ComponentState', 'PureState']));
    const text = declarationText();
    expect(internal.filter((name) => new RegExp(`\\b${name}\\b`).test(text))).toEqual([]);
  });
});
