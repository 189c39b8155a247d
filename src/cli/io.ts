/**
 * Where a CLI command reads its environment and writes its output. Commands take an `Io` instead of
 * touching `process`, so tests run them in-process with captured output and chosen TTY flags.
 */
import { performance } from 'node:perf_hooks';

/**
 * The outside world of a command.
 *
 * @example
 * ```ts
 * import { runCli } from './run.js';
 * const out: string[] = [];
 * const io: Io = { stdout: (s) => out.push(s), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {}, now: () => 0 };
 * await runCli(['schema'], io);
 * ```
 */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Width of the stderr terminal, for the progress bar. */
  readonly stderrColumns?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A monotonic clock in milliseconds: only for throttling the progress bar. */
  now(): number;
}

/**
 * The real process. A closed stdout pipe (`omnithread … | head`) ends the process quietly instead of
 * crashing it with EPIPE.
 *
 * @example
 * ```ts
 * import { runCli } from './run.js';
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): Io {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    ...(process.stderr.columns === undefined ? {} : { stderrColumns: process.stderr.columns }),
    env: process.env,
    now: () => performance.now(),
  };
}

/**
 * True when text for a stream may carry colour: the stream is a terminal and `NO_COLOR` is unset or
 * empty (https://no-color.org).
 *
 * @example
 * ```ts
 * import { createPainter } from './format.js';
 * const io = processIo();
 * const paint = createPainter(colorEnabled(io, 'stdout'));
 * ```
 */
export function colorEnabled(io: Io, stream: 'stdout' | 'stderr'): boolean {
  const tty = stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
  const noColor = io.env['NO_COLOR'];
  return tty && (noColor === undefined || noColor === '');
}
