/** The `omnithread` command line: picks the subcommand and hands it the rest of the arguments. */
import { readFileSync } from 'node:fs';
import { type Command, EXIT } from './args.js';
import { demoCommand } from './commands/demo.js';
import { ingestCommand } from './commands/ingest.js';
import { queueCommand } from './commands/queue.js';
import { replayCommand } from './commands/replay.js';
import { schemaCommand } from './commands/schema.js';
import { storeCommand } from './commands/store.js';
import { threadMboxCommand } from './commands/thread-mbox.js';
import { formatTable } from './format.js';
import type { Io } from './io.js';

/** Every subcommand, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [demoCommand, ingestCommand, replayCommand, queueCommand, schemaCommand, threadMboxCommand, storeCommand];

function topUsage(): string {
  const list = formatTable(
    COMMANDS.map((c) => [c.name, c.summary]),
    { indent: '  ' },
  );
  return `omnithread: event-sourced, omnichannel conversation threading

Usage: omnithread COMMAND [options]

Commands:
${list}
Run "omnithread COMMAND --help" (or "omnithread help COMMAND") for a command's options.
Start with "omnithread demo": a day of a support desk, end to end.

Options:
  -h, --help     show this help
  -V, --version  print the version

Exit codes: 0 success, 1 the work failed (e.g. events rejected), 2 usage error or unreadable input.
`;
}

/** The package version, read next to the code: `src/cli/` and `dist/cli/` are both two levels down. */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Edit distance, to suggest the command a typo meant. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function unknown(name: string, io: Io): number {
  const close = COMMANDS.map((c) => ({ name: c.name, d: distance(name, c.name) })).sort((x, y) => x.d - y.d)[0];
  const hint = close && close.d <= 2 ? ` Did you mean "${close.name}"?` : '';
  const what = name.startsWith('-') ? `unknown option ${JSON.stringify(name)}` : `unknown command ${JSON.stringify(name)}`;
  io.stderr(`omnithread: ${what}.${hint}\nRun "omnithread --help" for the list of commands.\n`);
  return EXIT.usage;
}

/**
 * Runs the CLI in-process; resolves to the exit code (0 success, 1 failure, 2 usage error).
 *
 * @example
 * ```ts
 * import { runCli } from './run.js';
 * import { processIo } from './io.js';
 * process.exitCode = await runCli(['ingest', 'events.jsonl', '--json'], processIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(topUsage());
    return EXIT.usage;
  }
  if (first === '--help' || first === '-h') {
    io.stdout(topUsage());
    return EXIT.ok;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`${version()}\n`);
    return EXIT.ok;
  }
  if (first === 'help') {
    if (rest.length === 0) {
      io.stdout(topUsage());
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === rest[0]);
    if (!command) return unknown(rest[0]!, io);
    io.stdout(command.usage);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === first);
  return command ? command.run(rest, io) : unknown(first, io);
}
