/**
 * Typechecking of documentation samples (markdown ```ts blocks, TSDoc `@example`s) as a user would
 * write them: every sample is a file of one TypeScript program, 'omnithread' and its subpath entry
 * points resolve to src/, and each diagnostic is reported as `origin:LINE: TSxxxx message`.
 */
import ts from 'typescript';
import { ROOT } from './markdown.js';

/** What a user's strict project would use; 'omnithread' resolves to the sources instead of dist/. */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  skipLibCheck: true,
  noEmit: true,
  baseUrl: ROOT,
  paths: {
    omnithread: ['./src/index.ts'],
    'omnithread/testing': ['./src/testing/index.ts'],
    'omnithread/channels': ['./src/channels/index.ts'],
    'omnithread/postgres': ['./src/postgres/index.ts'],
  },
};

/** The public entry points and the source file each resolves to. */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  omnithread: 'src/index.ts',
  'omnithread/testing': 'src/testing/index.ts',
  'omnithread/channels': 'src/channels/index.ts',
  'omnithread/postgres': 'src/postgres/index.ts',
};

/** `// @skip-check: <reason>` on a sample's first line: the reason ('' if none given), else undefined. */
export function skipReason(code: string): string | undefined {
  const first = code.split('\n', 1)[0]!.trim();
  return /^\/\/\s*@skip-check\b:?\s*(.*)$/.exec(first)?.[1]?.trim();
}

export interface CheckedFile {
  /** Absolute path of the file written for the sample. */
  readonly file: string;
  /** Where the sample comes from, as reported: `docs/x.md`, `src/y.ts`. */
  readonly origin: string;
  /** Line of `origin` that the file's first line stands for (lines before it are prepended code). */
  readonly line: number;
}

export interface TypecheckResult {
  readonly program: ts.Program;
  /** Option and global diagnostics: must be empty for the result to mean anything. */
  readonly programDiagnostics: string[];
  /** Diagnostics per checked file, as `origin:LINE: TSxxxx message`. */
  readonly diagnostics: Map<string, string[]>;
}

/**
 * Checks `files` in one program (plus `extraRoots`, e.g. an ambient preamble, which are not reported).
 * `oldProgram` lets TypeScript reuse the source files it already parsed.
 */
export function typecheck(files: readonly CheckedFile[], extraRoots: readonly string[] = [], oldProgram?: ts.Program): TypecheckResult {
  const program = ts.createProgram({ rootNames: [...files.map((f) => f.file), ...extraRoots], options: COMPILER_OPTIONS, ...(oldProgram ? { oldProgram } : {}) });
  const byFile = new Map(files.map((f) => [f.file, f]));
  const programDiagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );
  const diagnostics = new Map<string, string[]>();
  for (const source of program.getSourceFiles()) {
    const checked = byFile.get(source.fileName);
    if (!checked) continue;
    const found = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
      const { line } = d.start === undefined ? { line: 0 } : source.getLineAndCharacterOfPosition(d.start);
      return `${checked.origin}:${checked.line + line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    diagnostics.set(checked.file, found);
  }
  return { program, programDiagnostics, diagnostics };
}
