/** `omnithread store migrate --store postgres://…`: bring a PostgreSQL store's schema up to date. */
import { type Command, EXIT, InputError, UsageError, noPositionals, parseCommandArgs, parseStoreSpec, runGuarded } from '../args.js';
import { loadPostgres } from '../store.js';

const USAGE = `Usage: omnithread store migrate --store postgres://USER@HOST:PORT/DB[?schema=NAME] [--json]

Applies the SQL migrations this omnithread ships to the store's schema (default "omnithread"),
creating the schema if needed, and prints the versions it applied. Idempotent: an up-to-date schema
is left alone (no DDL runs). Safe when several processes migrate at once: they take an advisory
lock, and each version is applied exactly once.

Options:
  --store postgres://…  the PostgreSQL store (required); ?schema=NAME picks the schema
  --json                print { store, schema, applied: [version], version }
  -h, --help            show this help

Exit codes: 0 success, 1 a migration failed, 2 usage error or a server that cannot be reached.
`;

/** The `store migrate` subcommand. */
export const storeMigrateCommand: Command = {
  name: 'store migrate',
  summary: 'apply the PostgreSQL store migrations (--store postgres://…)',
  usage: USAGE,
  run(argv, io) {
    return runGuarded(storeMigrateCommand, io, argv, async () => {
      const { values, positionals } = parseCommandArgs(argv, { store: { type: 'string' }, json: { type: 'boolean' } });
      noPositionals(positionals);
      if (values.store === undefined) throw new UsageError('missing --store postgres://…');
      const spec = parseStoreSpec(values.store);
      if (spec.kind !== 'postgres') throw new UsageError('store migrate is for PostgreSQL stores: --store postgres://… (file stores need no migration)');
      const { migrate } = await loadPostgres();
      const result = await migrate({ connectionString: spec.connectionString, schema: spec.schema }).catch((error: unknown) => {
        // Not reaching the server is an input the command cannot use; a failing migration is a failure.
        const code = (error as { code?: unknown })?.code;
        if (typeof code === 'string' && /^(E[A-Z]+|08...|28...|3D000)$/.test(code)) {
          throw new InputError(`cannot reach ${spec.display}: ${(error as Error).message}`, { cause: error });
        }
        throw error;
      });
      if (values.json) io.stdout(`${JSON.stringify({ store: spec.display, ...result })}\n`);
      else if (result.applied.length === 0) io.stdout(`Schema "${result.schema}" of ${spec.display} is up to date (version ${result.version}).\n`);
      else io.stdout(`Migrated schema "${result.schema}" of ${spec.display} to version ${result.version} (applied ${result.applied.join(', ')}).\n`);
      return EXIT.ok;
    });
  },
};
