/** Argument parsing shared by the commands: node:util parseArgs with errors a person can act on. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { isSupportedCountry } from 'libphonenumber-js/max';
import type { TenantOptions } from '../engine/engine.js';
import type { CountryCode } from '../identity/normalize.js';
import { isOmnithreadError } from '../errors.js';
import { escapeControls } from './escape.js';
import type { Io } from './io.js';

/** Exit codes of every command. */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2 });

/** A mistake in how the command was called (unknown flag, missing file): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One subcommand of `omnithread`. */
export interface Command {
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly usage: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: readonly string[], io: Io): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs in strict mode; its errors become {@link UsageError}s with node's code prefix removed.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseCommandArgs(process.argv.slice(3), { json: { type: 'boolean' } });
 * ```
 */
export function parseCommandArgs<O extends Options>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/**
 * Where events are kept: in memory for this run, in the durable file store at `path`, or in the
 * PostgreSQL store at `connectionString` (schema `schema`, default `omnithread`).
 */
export type StoreSpec =
  | { readonly kind: 'memory' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string | undefined; readonly display: string };

/**
 * `postgres://…` (or `postgresql://…`), with an optional `schema` query parameter taken out of the
 * connection string; `display` is the URL as given but without its password, for messages.
 */
function parsePostgresSpec(text: string): StoreSpec {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--store: ${JSON.stringify(text)} is not a valid postgres:// URL`);
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  if (schema === '') throw new UsageError('--store: the schema parameter is empty');
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  url.searchParams.delete('schema');
  return { kind: 'postgres', connectionString: url.toString(), schema, display: shown.toString() };
}

/**
 * Reads `--store`: `memory`, `file:PATH` or `postgres://USER@HOST:PORT/DB[?schema=NAME]`.
 *
 * @example
 * ```ts
 * parseStoreSpec('file:./events.log'); // { kind: 'file', path: './events.log' }
 * parseStoreSpec('postgres://postgres@127.0.0.1:5432/test?schema=helpdesk').kind; // 'postgres'
 * ```
 */
export function parseStoreSpec(text: string | undefined): StoreSpec {
  if (text === undefined || text === 'memory') return { kind: 'memory' };
  if (text.startsWith('file:') && text.length > 'file:'.length) return { kind: 'file', path: text.slice('file:'.length) };
  if (/^postgres(ql)?:\/\//.test(text)) return parsePostgresSpec(text);
  throw new UsageError(`--store must be "memory" or "file:PATH" (or "postgres://…"), not ${JSON.stringify(text)}`);
}

/**
 * How a store is named in messages: its path, or its URL without the password.
 *
 * @example
 * ```ts
 * describeStoreSpec(parseStoreSpec('postgres://app:pw@db/helpdesk')); // 'postgres://app:***@db/helpdesk'
 * ```
 */
export function describeStoreSpec(spec: StoreSpec): string {
  if (spec.kind === 'memory') return 'memory';
  return spec.kind === 'file' ? spec.path : spec.display;
}

/**
 * Reads `--tenant-region` values into engine options: `KR` (every tenant) or `acme=KR` (one tenant).
 * The store keeps events as sent, so a replay needs the same regions as the ingest.
 *
 * @example
 * ```ts
 * import { createEngine } from 'omnithread';
 * createEngine({ store, ...parseRegions(['KR', 'us-shop=US']) });
 * ```
 */
export function parseRegions(values: readonly string[]): { defaultRegion?: CountryCode; tenants: Record<string, TenantOptions> } {
  let defaultRegion: CountryCode | undefined;
  const tenants: Record<string, TenantOptions> = {};
  for (const value of values) {
    const eq = value.lastIndexOf('=');
    const tenant = eq === -1 ? undefined : value.slice(0, eq);
    const region = (eq === -1 ? value : value.slice(eq + 1)).toUpperCase();
    if (!isSupportedCountry(region)) throw new UsageError(`--tenant-region: ${JSON.stringify(region)} is not a supported region code (e.g. KR, US, GB)`);
    if (tenant === undefined) defaultRegion = region;
    else if (tenant === '') throw new UsageError(`--tenant-region: missing tenant before "=" in ${JSON.stringify(value)}`);
    else tenants[tenant] = { defaultRegion: region };
  }
  return { ...(defaultRegion === undefined ? {} : { defaultRegion }), tenants };
}

/** Exactly one positional argument, named `what` in the error. */
export function onePositional(positionals: readonly string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`missing ${what}`);
  if (positionals.length > 1) throw new UsageError(`expected one ${what}, got ${positionals.length}: ${positionals.join(' ')}`);
  return positionals[0]!;
}

export function noPositionals(positionals: readonly string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
}

/**
 * Wraps a command body: `--help` prints the usage, a {@link UsageError} prints the message, a hint
 * and exits 2; any other error prints its message and exits 1.
 */
export async function runGuarded(command: Pick<Command, 'name' | 'usage'>, io: Io, argv: readonly string[], body: () => Promise<number>): Promise<number> {
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  if (flags.includes('--help') || flags.includes('-h')) {
    io.stdout(command.usage);
    return EXIT.ok;
  }
  // Messages quote input (paths, ids, values): never let them drive the terminal.
  const say = (text: string) => io.stderr(`omnithread ${command.name}: ${escapeControls(text, '\n')}\n`);
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      say(`${error.message}\nRun "omnithread ${command.name} --help" for usage.`);
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      say(error.message);
      return EXIT.usage;
    }
    // A typed failure mid-work (a store that fails an append: STORE_IO …) says its code.
    say(isOmnithreadError(error) ? `${error.code}: ${error.message}` : ((error as Error)?.message ?? String(error)));
    return EXIT.failed;
  }
}

/** An input the command cannot use at all (unreadable file, store that cannot be opened): exit 2. */
export class InputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}
