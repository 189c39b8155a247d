/** `omnithread ingest FILE.jsonl`: canonical events, one per line, into an engine. */
import { open } from 'node:fs/promises';
import { type Engine, createEngine } from '../../engine/engine.js';
import { type Command, EXIT, InputError, UsageError, onePositional, parseCommandArgs, parseRegions, parseStoreSpec, runGuarded } from '../args.js';
import { createPainter, createProgressBar, formatCount, formatTable } from '../format.js';
import { type Io, colorEnabled } from '../io.js';
import { terminalSafeJson, escapeControls as safe } from '../escape.js';
import { LineTooLongError, readJsonLines } from '../lines.js';
import { openStore } from '../store.js';
import { renderStateSummary, summarizeState } from '../summary.js';

/** Events per `engine.ingest` call: big enough to amortise the store's append, far under the limit. */
const BATCH_SIZE = 1000;
/**
 * The longest line read (4 MiB): far above any event within the default limits (a 256 KiB text is at
 * most 1.5 MiB of JSON even if every character needs a \\u escape), far below what would strain memory.
 */
export const DEFAULT_MAX_LINE_BYTES = 4 << 20;

function parseMaxLineBytes(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_LINE_BYTES;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--max-line-bytes must be a positive whole number, not ${JSON.stringify(text)}`);
  return n;
}

const USAGE = `Usage: omnithread ingest FILE.jsonl [options]

Reads canonical events, one JSON object per line (blank lines are skipped), ingests them in
batches of ${formatCount(BATCH_SIZE)}, and reports what was accepted, what was a duplicate and what was
rejected (with its line number), then what the engine holds.

Options:
  --store memory|file:PATH  where the events are kept. Default: memory (gone when the command
                            ends). file:PATH appends to a durable log, created if missing.
                            postgres://USER@HOST:PORT/DB[?schema=NAME] appends to a PostgreSQL
                            store (schema default omnithread, migrated if needed).
  --json                    print one JSON object instead of text (shape below)
  --allow-rejects           exit 0 even when some events were rejected
  --tenant-region REGION    region for national phone numbers, e.g. KR for every tenant, or
                            TENANT=REGION for one tenant; repeatable
  --max-line-bytes N        the longest line accepted (default 4 MiB). A longer line stops the
                            run with exit 2 and its line number; nothing from it is applied
  -h, --help                show this help

--json prints:
  { "accepted": n, "duplicates": n,
    "rejected":  [{ "line", "code", "message" }],
    "customers": [{ "id", "tenantId", "identities": [key], "threadIds": [id] }],
    "threads":   [{ "id", "tenantId", "customerId", "status", "channels", "messageIds": [id] }] }
A line that is not JSON is rejected with code INVALID_JSON.

Exit codes: 0 nothing rejected (or --allow-rejects), 1 some lines rejected or the store failed,
2 usage error, unreadable file, a line over --max-line-bytes, or a store that cannot be opened
(STORE_LOCKED, STORE_CORRUPT, STORE_IO: see "omnithread store --help").
`;

/** One refused line. */
export interface RejectedLine {
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

/** The engine's message names the batch index; on the command line the line number says it better. */
function withoutBatchIndex(message: string, index: number): string {
  return message.replace(` at index ${index}`, '');
}

async function openInput(file: string) {
  let handle;
  try {
    handle = await open(file, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return { stream: handle.createReadStream(), size: info.size };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    const e = error as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new InputError(`cannot read ${file}: ${reason}`);
  }
}

interface IngestTotals {
  accepted: number;
  duplicates: number;
  rejected: RejectedLine[];
  lines: number;
}

type Input = Awaited<ReturnType<typeof openInput>>;

async function ingestLines(engine: Engine, file: string, { stream, size }: Input, io: Io, showProgress: boolean, maxLineBytes: number): Promise<IngestTotals> {
  const bar = showProgress ? createProgressBar({ write: io.stderr, now: io.now, label: 'ingest', total: size, ...(io.stderrColumns ? { columns: io.stderrColumns } : {}) }) : undefined;
  const totals: IngestTotals = { accepted: 0, duplicates: 0, rejected: [], lines: 0 };
  let events: unknown[] = [];
  let lineOf: number[] = [];
  let flushing = false;
  const flush = async () => {
    if (events.length === 0) return;
    flushing = true;
    const result = await engine.ingest(events);
    flushing = false;
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    for (const r of result.rejected) {
      totals.rejected.push({ line: lineOf[r.index]!, code: r.error.code, message: withoutBatchIndex(r.error.message, r.index) });
    }
    events = [];
    lineOf = [];
    bar?.update(stream.bytesRead, `${formatCount(totals.lines)} lines`);
  };
  try {
    for await (const { line, text } of readJsonLines(stream, maxLineBytes)) {
      totals.lines = line;
      if (text.trim() === '') continue;
      try {
        events.push(JSON.parse(text));
        lineOf.push(line);
      } catch (error) {
        totals.rejected.push({ line, code: 'INVALID_JSON', message: `not JSON: ${(error as Error).message}` });
      }
      if (events.length >= BATCH_SIZE) await flush();
    }
  } catch (error) {
    // A failed append is the store's failure (exit 1), not an unreadable input (exit 2).
    if (flushing) throw error;
    if (error instanceof LineTooLongError) {
      // The lines before it are whole: ingest them, so that what was applied is exactly "lines before N".
      await flush();
      bar?.finish();
      throw new InputError(
        `${file}: ${error.message} (--max-line-bytes): stopped there, nothing from that line was applied and the rest of the file was not read. ` +
          (error.line <= 1
            ? 'It is the first line: nothing was ingested.'
            : `${error.line === 2 ? 'Line 1 was' : `Lines 1–${error.line - 1} were`} ingested: ${formatCount(totals.accepted)} accepted, ${formatCount(totals.duplicates)} duplicates, ${formatCount(totals.rejected.length)} rejected.`),
      );
    }
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  } finally {
    stream.destroy();
  }
  await flush();
  bar?.finish();
  // Batches report their own rejects; JSON errors were noted as met. One list in line order.
  totals.rejected.sort((a, b) => a.line - b.line);
  return totals;
}

function jsonReport(totals: IngestTotals, engine: Engine) {
  return {
    accepted: totals.accepted,
    duplicates: totals.duplicates,
    rejected: totals.rejected,
    customers: engine.customers().map((c) => ({ id: c.id, tenantId: c.tenantId, identities: c.identities.map((i) => i.key), threadIds: c.threadIds })),
    threads: engine.threads().map((t) => ({
      id: t.id,
      tenantId: t.tenantId,
      customerId: t.customerId,
      status: t.status,
      channels: t.channels,
      messageIds: t.messages.map((m) => m.id),
    })),
  };
}

function textReport(file: string, totals: IngestTotals, engine: Engine, io: Io): string {
  const paint = createPainter(colorEnabled(io, 'stdout'));
  const n = totals.rejected.length;
  let out = `${paint.bold(`Ingested ${safe(file)}`)} (${formatCount(totals.lines)} lines)\n`;
  out += formatTable(
    [
      ['accepted', paint.green(formatCount(totals.accepted))],
      ['duplicates', formatCount(totals.duplicates)],
      ['rejected', n > 0 ? paint.red(formatCount(n)) : '0'],
    ],
    { align: ['left', 'right'] },
  );
  if (n > 0) {
    out += `\n${paint.bold('Rejected')}\n`;
    out += formatTable(
      totals.rejected.map((r) => [String(r.line), paint.red(safe(r.code)), safe(r.message)]),
      { header: ['Line', 'Code', 'Message'], align: ['right', 'left', 'left'] },
    );
  }
  out += `\n${paint.bold('State')}\n`;
  return out + renderStateSummary(summarizeState(engine), paint);
}

/** The `ingest` command. */
export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'ingest canonical events from a JSON Lines file and report rejects by line',
  usage: USAGE,
  run(argv, io) {
    return runGuarded(ingestCommand, io, argv, async () => {
      const { values, positionals } = parseCommandArgs(argv, {
        store: { type: 'string' },
        json: { type: 'boolean' },
        'allow-rejects': { type: 'boolean' },
        'tenant-region': { type: 'string', multiple: true },
        'max-line-bytes': { type: 'string' },
      });
      const file = onePositional(positionals, 'FILE.jsonl');
      const maxLineBytes = parseMaxLineBytes(values['max-line-bytes']);
      const regions = parseRegions(values['tenant-region'] ?? []);
      const spec = parseStoreSpec(values.store);
      // The input first: an unreadable file must not leave a new, empty store behind.
      const input = await openInput(file);
      const { store } = await openStore(spec, { mustExist: false }).catch((error: unknown) => {
        input.stream.destroy();
        throw error;
      });
      const engine = createEngine({ store, ...regions });
      let totals: IngestTotals;
      try {
        totals = await ingestLines(engine, file, input, io, io.stderrIsTTY && !values.json, maxLineBytes);
        io.stdout(values.json ? `${terminalSafeJson(jsonReport(totals, engine))}\n` : textReport(file, totals, engine, io));
      } finally {
        await engine.close();
      }
      return totals.rejected.length > 0 && !values['allow-rejects'] ? EXIT.failed : EXIT.ok;
    });
  },
};
