/** `omnithread thread-mbox`: print Dovecot's IMAP THREAD answer for an mbox file. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isOmnithreadError } from '../../errors.js';
import { formatImapThread, formatThreadTree } from './format.js';
import { threadMbox } from './thread-mbox.js';
import type { ThreadAlgorithm } from './types.js';

/**
 * Where the command reads and writes; `readFile` defaults to the real file system.
 *
 * @example
 * ```ts
 * const io: ThreadMboxIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };
 * ```
 */
export interface ThreadMboxIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile?(path: string): Promise<Uint8Array> | Uint8Array;
}

export const THREAD_MBOX_USAGE = `Usage: omnithread thread-mbox FILE.mbox [--algorithm references|orderedsubject] [--tree]

Threads the messages of an mbox file like an IMAP server's THREAD command (RFC 5256, with
Dovecot's exact answers) and prints the untagged answer, e.g. "* THREAD (1 2)(3)".
Messages are numbered 1, 2, ... in mbox order.

Options:
  -a, --algorithm NAME  references (default) or orderedsubject
  -t, --tree            print an indented tree with subjects instead
  -h, --help            show this help
`;

/**
 * Runs `thread-mbox`; `argv` holds the arguments after the command name. Returns the exit code:
 * 0 success, 1 unreadable or invalid mbox, 2 usage error.
 *
 * @example
 * ```ts
 * const code = await runThreadMbox(['inbox.mbox', '--tree'], {
 *   stdout: (s) => process.stdout.write(s),
 *   stderr: (s) => process.stderr.write(s),
 * });
 * ```
 */
export async function runThreadMbox(argv: readonly string[], io: ThreadMboxIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        algorithm: { type: 'string', short: 'a', default: 'references' },
        tree: { type: 'boolean', short: 't', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr(`thread-mbox: ${(error as Error).message}\n\n${THREAD_MBOX_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(THREAD_MBOX_USAGE);
    return 0;
  }
  const algorithm = values.algorithm.toLowerCase();
  if (algorithm !== 'references' && algorithm !== 'orderedsubject') {
    io.stderr(`thread-mbox: unknown algorithm "${values.algorithm}" (references or orderedsubject)\n`);
    return 2;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    io.stderr(`thread-mbox: expected exactly one mbox file\n\n${THREAD_MBOX_USAGE}`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await (io.readFile ?? readFile)(file);
  } catch (error) {
    io.stderr(`thread-mbox: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const roots = threadMbox(bytes, algorithm as ThreadAlgorithm);
    io.stdout(`${values.tree ? formatThreadTree(roots) : formatImapThread(roots)}\n`);
    return 0;
  } catch (error) {
    if (!isOmnithreadError(error)) throw error;
    io.stderr(`thread-mbox: ${file}: ${error.message}\n`);
    return 1;
  }
}
