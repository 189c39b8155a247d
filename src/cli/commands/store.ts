/** `omnithread store SUBCOMMAND`: maintenance of a store. Each subcommand is a {@link Command} of its own. */
import { type Command, EXIT } from '../args.js';
import { formatTable } from '../format.js';
import { storeMigrateCommand } from './store-migrate.js';

/** The subcommands, by the word after `store`. */
const SUBCOMMANDS: ReadonlyMap<string, Command> = new Map([['migrate', storeMigrateCommand]]);

function usage(): string {
  const list = formatTable(
    [...SUBCOMMANDS].map(([name, c]) => [name, c.summary]),
    { indent: '  ' },
  );
  return `Usage: omnithread store SUBCOMMAND [options]

Subcommands:
${list}
Run "omnithread store SUBCOMMAND --help" for its options.
`;
}

/** The `store` command. */
export const storeCommand: Command = {
  name: 'store',
  summary: 'maintain a store: migrate (PostgreSQL)',
  get usage() {
    return usage();
  },
  async run(argv, io) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      (name === undefined ? io.stderr : io.stdout)(usage());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const sub = SUBCOMMANDS.get(name);
    if (!sub) {
      io.stderr(`omnithread store: unknown subcommand ${JSON.stringify(name)}\n${usage()}`);
      return EXIT.usage;
    }
    return sub.run(rest, io);
  },
};
