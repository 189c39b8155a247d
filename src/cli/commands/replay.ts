/** `omnithread replay --store file:PATH`: rebuild the state from a durable log and describe it. */
import { createEngine } from '../../engine/engine.js';
import { type Command, EXIT, UsageError, noPositionals, parseCommandArgs, parseRegions, parseStoreSpec, runGuarded, describeStoreSpec } from '../args.js';
import { createPainter, createProgressBar, formatCount } from '../format.js';
import { colorEnabled } from '../io.js';
import { escapeControls as safe, terminalSafeJson } from '../escape.js';
import { openStore, replayStore, watchReads } from '../store.js';
import { renderStateSummary, summarizeState } from '../summary.js';

const USAGE = `Usage: omnithread replay --store file:PATH [--json] [--tenant-region REGION]

Opens a file store read-only (no lock: it works next to a live writer, and changes nothing),
replays every event in it into a fresh engine and prints what the engine holds: position (events stored), tenants, customers, threads and messages, threads and messages
by channel, threads by status, unapplied events and merge suggestions.

Options:
  --store file:PATH  the log to replay (required; it must exist), or
  --store postgres://USER@HOST:PORT/DB[?schema=NAME]  a PostgreSQL store (migrated)
  --json             print one JSON object: { store, truncatedBytes (always 0), pendingBytes,
                     position, tenants, customers,
                     threads, messages, byChannel: { CHANNEL: { threads, messages } },
                     byStatus: { STATUS: n }, unapplied, mergeSuggestions }
  --tenant-region R  region for national phone numbers, as given to ingest (the log keeps
                     events as sent, so a replay needs the same regions); repeatable
  -h, --help         show this help

Exit codes: 0 success, 1 the log could not be replayed, 2 usage error or store that cannot be opened
(missing, STORE_CORRUPT, STORE_IO: see "omnithread store --help").
`;

/** The `replay` command. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay a file store into an engine and summarise the state',
  usage: USAGE,
  run(argv, io) {
    return runGuarded(replayCommand, io, argv, async () => {
      const { values, positionals } = parseCommandArgs(argv, {
        store: { type: 'string' },
        json: { type: 'boolean' },
        'tenant-region': { type: 'string', multiple: true },
      });
      noPositionals(positionals);
      if (values.store === undefined) throw new UsageError('missing --store file:PATH (or postgres://…)');
      const spec = parseStoreSpec(values.store);
      if (spec.kind === 'memory') throw new UsageError('replay needs a durable store: --store file:PATH or --store postgres://…');
      const regions = parseRegions(values['tenant-region'] ?? []);
      // Read-only: no lock, nothing changed, works next to a live writer.
      const { store, truncatedBytes, pendingBytes } = await openStore(spec, { mustExist: true, readOnly: true });
      const total = await store.lastPosition();
      const bar =
        io.stderrIsTTY && !values.json
          ? createProgressBar({ write: io.stderr, now: io.now, label: 'replay', total, ...(io.stderrColumns ? { columns: io.stderrColumns } : {}) })
          : undefined;
      const engine = createEngine({ store: bar ? watchReads(store, (p) => bar.update(p, `${formatCount(p)} events`)) : store, ...regions });
      try {
        await replayStore(engine);
        bar?.finish();
        const summary = summarizeState(engine);
        if (values.json) {
          io.stdout(`${terminalSafeJson({ store: describeStoreSpec(spec), truncatedBytes, pendingBytes, ...summary })}\n`);
        } else {
          const paint = createPainter(colorEnabled(io, 'stdout'));
          let out = `${paint.bold(`Replayed ${safe(describeStoreSpec(spec))}`)}\n`;
          if (pendingBytes > 0) {
            out += `${paint.yellow('note')}: ${formatCount(pendingBytes)} bytes after the last complete append were not read (an append in progress, or a torn one the next writer sets aside)\n`;
          }
          io.stdout(out + renderStateSummary(summary, paint));
        }
      } finally {
        bar?.finish();
        await engine.close();
      }
      return EXIT.ok;
    });
  },
};
