/**
 * `omnithread store check | repair | export | migrate`: look after a file store without ever changing
 * it in place; create or upgrade a PostgreSQL store's schema.
 */
import { createFileStore } from '../../store/file.js';
import { type LogCheck, checkLog, repairLog } from '../../store/file-repair.js';
import { type Command, EXIT, InputError, UsageError, noPositionals, parseCommandArgs, parseStoreSpec, runGuarded } from '../args.js';
import { escapeControls as safe, terminalSafeJson } from '../escape.js';
import { createPainter, formatCount, formatTable } from '../format.js';
import { type Io, colorEnabled } from '../io.js';
import { describeStoreError } from '../store.js';
import { storeMigrateCommand } from './store-migrate.js';

const USAGE = `Usage: omnithread store check   --store file:PATH [--json]
       omnithread store repair  --store file:PATH --out NEW [--quarantine FILE] [--json]
       omnithread store export  --store file:PATH
       omnithread store migrate --store postgres://USER@HOST:PORT/DB[?schema=NAME]

check, repair and export look after a file store. None of them takes the writer's lock or changes
PATH: they work next to a live writer (on the log as it is when read). migrate creates or upgrades a
PostgreSQL store's schema ("omnithread store migrate --help").

  check   says what opening the log would do: "clean"; "torn-tail" (a crash mid-append left an
          unfinished final append: the next writer copies it to PATH.torn-<n> and cuts it); or
          "corrupt" (STORE_CORRUPT: the first damaged line and why, every line a repair would
          quarantine, and how many records it would keep).
  repair  writes a NEW log at --out (which must not exist) with every salvageable record: each
          line whose checksum holds (a CRLF line ending is forgiven), once, in its original order,
          renumbered; and --quarantine (default NEW.quarantine.jsonl) with every other line, its
          line number, byte offset, reason and bytes (and its event, if it still parses, to review
          and re-ingest). The new log has a new store id: snapshots of the old one are refused.
  export  prints every stored event as JSON Lines, in store order: "omnithread ingest" reads it
          back into the same state.

Options:
  --store file:PATH     the log (required)
  --out NEW             repair: where to write the repaired log
  --quarantine FILE     repair: where to write the lines it could not keep
  --json                check, repair: print one JSON object
  -h, --help            show this help

Exit codes: 0 check: clean or torn-tail; repair / export: done. 1 check: corrupt. 2 usage error, or a
log that cannot be read (missing: STORE_IO; corrupt, for export: STORE_CORRUPT).
`;

function logPath(values: { store?: string | undefined }): string {
  if (values.store === undefined) throw new UsageError('missing --store file:PATH');
  const spec = parseStoreSpec(values.store);
  if (spec.kind !== 'file') throw new UsageError('store commands need a file store: --store file:PATH');
  return spec.path;
}

function renderCheck(report: LogCheck, shown: string, io: Io): string {
  const paint = createPainter(colorEnabled(io, 'stdout'));
  const verdict = report.verdict === 'clean' ? paint.green('clean') : report.verdict === 'torn-tail' ? paint.yellow('torn-tail') : paint.red('corrupt');
  let out = `${paint.bold(`Store ${safe(shown)}`)}: ${verdict}\n`;
  out += formatTable(
    [
      ['bytes', formatCount(report.bytes)],
      ['format', report.format === 'header' ? 'header line (store id)' : report.format === '0.1.0' ? 'omnithread 0.1.0 (no header line)' : report.format],
      ['store id', safe(report.storeId ?? '-')],
      ['events', formatCount(report.events)],
      ['streams', formatCount(report.streams)],
    ],
    { align: ['left', 'left'] },
  );
  if (report.tornTail) {
    const t = report.tornTail;
    out += `\n${paint.yellow('torn final append')}: ${formatCount(t.bytes)} bytes from line ${t.line} (byte ${t.offset}), ${t.records} complete record(s) of an append whose last record is missing.\n`;
    out += 'It was never acknowledged. The next writer copies it to PATH.torn-<n> and cuts it; readers ignore it.\n';
  }
  if (report.problem) {
    out += `\n${paint.red('STORE_CORRUPT')}: ${safe(report.problem.message)}\n`;
    out += `\n${paint.bold('Damaged lines')} (${formatCount(report.damagedLineCount)}; a repair would keep ${formatCount(report.salvageable)} records)\n`;
    out += formatTable(
      report.damagedLines.slice(0, 20).map((d) => [String(d.line), String(d.offset), formatCount(d.bytes), safe(d.reason)]),
      { header: ['Line', 'Byte', 'Bytes', 'Why'], align: ['right', 'right', 'right', 'left'] },
    );
    if (report.damagedLineCount > 20) out += `… and ${formatCount(report.damagedLineCount - 20)} more (--json lists up to 1,000)\n`;
    out += `\nRepair into a new file: omnithread store repair --store file:${safe(shown)} --out NEW\n`;
  }
  return out;
}

async function check(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { store: { type: 'string' }, json: { type: 'boolean' } });
  noPositionals(positionals);
  const path = logPath(values);
  const report = await checkLog(path).catch((error: unknown) => {
    throw new InputError(`cannot check store ${path}: ${describeStoreError(error, path)}`, { cause: error });
  });
  io.stdout(values.json ? `${terminalSafeJson(report)}\n` : renderCheck(report, path, io));
  return report.verdict === 'corrupt' ? EXIT.failed : EXIT.ok;
}

async function repair(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { store: { type: 'string' }, out: { type: 'string' }, quarantine: { type: 'string' }, json: { type: 'boolean' } });
  noPositionals(positionals);
  const path = logPath(values);
  if (values.out === undefined || values.out === '') throw new UsageError('missing --out NEW: repair never writes in place');
  const report = await repairLog({ path, out: values.out, ...(values.quarantine ? { quarantine: values.quarantine } : {}) }).catch((error: unknown) => {
    throw new InputError(`cannot repair store ${path}: ${describeStoreError(error, path)}`, { cause: error });
  });
  if (values.json) io.stdout(`${terminalSafeJson(report)}\n`);
  else {
    io.stdout(
      `Repaired ${safe(path)} into ${safe(report.out)}: ${formatCount(report.kept)} records kept, ${formatCount(report.quarantined)} lines quarantined in ${safe(report.quarantine)}.\n` +
        `The new log has store id ${report.storeId}: snapshots of the old log will not resume over it (replay instead).\n`,
    );
  }
  return EXIT.ok;
}

async function exportEvents(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { store: { type: 'string' } });
  noPositionals(positionals);
  const path = logPath(values);
  const store = await createFileStore({ path, readOnly: true }).catch((error: unknown) => {
    throw new InputError(`cannot open store ${path}: ${describeStoreError(error, path)}`, { cause: error });
  });
  try {
    for await (const batch of store.readAll()) {
      io.stdout(batch.map((s) => `${JSON.stringify(s.event)}\n`).join(''));
    }
  } finally {
    await store.close();
  }
  return EXIT.ok;
}

const SUBCOMMANDS: Readonly<Record<string, (argv: readonly string[], io: Io) => Promise<number>>> = {
  check,
  repair,
  export: exportEvents,
};

/** The `store` command. */
export const storeCommand: Command = {
  name: 'store',
  summary: 'check a file store, repair a damaged one into a new file, export its events; migrate a PostgreSQL store',
  usage: USAGE,
  run(argv, io) {
    // migrate is a command of its own, with its own --help and options.
    if (argv[0] === 'migrate') return storeMigrateCommand.run(argv.slice(1), io);
    return runGuarded(storeCommand, io, argv, async () => {
      const [sub, ...rest] = argv;
      const run = sub === undefined ? undefined : SUBCOMMANDS[sub];
      if (!run) throw new UsageError(sub === undefined ? 'missing what to do: check, repair, export or migrate' : `unknown store command ${JSON.stringify(sub)}: check, repair, export or migrate`);
      return run(rest, io);
    });
  },
};
