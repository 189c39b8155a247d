/**
 * Builds the `omnithread` binary (dist/cli/main.js) when it is missing or older than any source
 * file, with the CLI entry of tsup.config.ts (only that entry: no type declarations, no clean, so
 * it takes well under a second and leaves the rest of dist/ alone).
 *
 * Usable as a vitest globalSetup file (`globalSetup: ['test/cli/build.setup.ts']`); the CLI tests
 * also call {@link ensureCliBuilt} in a beforeAll, which is a no-op when the binary is fresh.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Options } from 'tsup';
import tsupConfig from '../../tsup.config.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI_BIN = join(root, 'dist', 'cli', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  try {
    return statSync(CLI_BIN).mtimeMs >= newestMtime(join(root, 'src'));
  } catch {
    return false;
  }
}

function cliOptions(): Options {
  const configs = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as Options[];
  const cli = configs.find((c) => typeof c.entry === 'object' && !Array.isArray(c.entry) && 'cli/main' in c.entry);
  if (!cli) throw new Error('tsup.config.ts has no cli/main entry');
  return cli;
}

/** Builds the binary unless it is up to date; returns its path. */
export async function ensureCliBuilt(): Promise<string> {
  if (!isFresh()) {
    const options = cliOptions();
    // Absolute paths: the build must not depend on the directory vitest was started from.
    const entry = Object.fromEntries(Object.entries(options.entry as Record<string, string>).map(([name, file]) => [name, join(root, file)]));
    await build({ ...options, entry, outDir: join(root, options.outDir ?? 'dist'), tsconfig: join(root, 'tsconfig.json'), config: false, silent: true });
  }
  return CLI_BIN;
}

export default async function setup(): Promise<void> {
  await ensureCliBuilt();
}
