/** `omnithread queue`: the open work of a file store in priority order, with the reasons. */
import { createEngine } from '../../engine/engine.js';
import type { QueueEntry } from '../../engine/work-queue.js';
import { type Command, EXIT, UsageError, noPositionals, parseCommandArgs, parseRegions, parseStoreSpec, runGuarded } from '../args.js';
import { type Painter, createPainter, formatAge, formatTable } from '../format.js';
import { colorEnabled } from '../io.js';
import { escapeControls as safe, terminalSafeJson } from '../escape.js';
import { openStore, replayStore } from '../store.js';

const DEFAULT_LIMIT = 20;

const USAGE = `Usage: omnithread queue --store file:PATH --now ISO [options]

Replays a file store (read-only: no lock, nothing changed) and prints the open work at the moment --now, best first: each thread's
priority score and the factors that made it (severity, channel, waiting time, deadlines, ...).

Options:
  --store file:PATH    the log to read (required; it must exist), or
  --store postgres://USER@HOST:PORT/DB[?schema=NAME]  a PostgreSQL store (migrated)
  --now ISO            the moment to rank at, e.g. 2026-11-23T09:30:00Z (required: the queue
                       depends on time, and the CLI never assumes the clock)
  --limit N            at most N threads (default ${DEFAULT_LIMIT})
  --tenant T           only this tenant
  --include-assigned   also threads an agent already holds
  --tenant-region R    region for national phone numbers, as given to ingest; repeatable
  --explain            list every reason of every thread under the table
  --json               print one JSON object: { now, entries: [{ rank, threadId, tenantId,
                       customerId, status, channel, assignee, awaitingReplySince, score,
                       reasons: [{ factor, points, detail }] }] }
  -h, --help           show this help

Exit codes: 0 success, 1 the log could not be replayed, 2 usage error or store that cannot be opened.
`;

function parseNow(text: string | undefined): number {
  if (text === undefined) throw new UsageError('missing --now ISO (e.g. --now 2026-11-23T09:30:00Z)');
  // Date-only and zone-less forms would be read in the machine's zone: ask for an explicit instant.
  const ms = /(Z|[+-]\d\d:?\d\d)$/i.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`--now must be an ISO instant with a zone, e.g. 2026-11-23T09:30:00Z, not ${JSON.stringify(text)}`);
  return ms;
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--limit must be a positive whole number, not ${JSON.stringify(text)}`);
  return n;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** One decimal at most: float sums like 55.91250000000005 read as 55.9. */
function round1(x: number): string {
  return String(Number(x.toFixed(1)));
}

function signed(points: number): string {
  return points >= 0 ? `+${round1(points)}` : round1(points);
}

/** The strongest factors first, in one short cell. */
function topReasons(entry: QueueEntry, count = 3): string {
  const strongest = [...entry.reasons].filter((r) => r.points !== 0).sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  const shown = strongest.slice(0, count).map((r) => `${r.factor} ${signed(r.points)}`);
  return strongest.length > count ? `${shown.join(', ')}, …` : shown.join(', ');
}

function renderText(entries: readonly QueueEntry[], now: number, explain: boolean, paint: Painter): string {
  if (entries.length === 0) return `No open work at ${iso(now)}.\n`;
  let out = `${paint.bold(`Queue at ${iso(now)}`)} (${entries.length} shown)\n`;
  out += formatTable(
    entries.map((e, i) => [
      String(i + 1),
      paint.bold(round1(e.score)),
      safe(e.thread.id),
      safe(e.thread.customerId),
      e.thread.channel,
      e.thread.status,
      e.thread.awaitingReplySince === undefined ? '-' : formatAge(now - e.thread.awaitingReplySince),
      safe(e.thread.assignee ?? '-'),
      safe(topReasons(e)),
    ]),
    { header: ['#', 'Score', 'Thread', 'Customer', 'Channel', 'Status', 'Waiting', 'Assignee', 'Top reasons'], align: ['right', 'right'] },
  );
  if (!explain) return out;
  entries.forEach((e, i) => {
    out += `\n${paint.bold(`${i + 1}. ${safe(e.thread.id)}`)}  score ${round1(e.score)}\n`;
    out += formatTable(
      e.reasons.map((r) => [safe(r.factor), signed(r.points), safe(r.detail)]),
      { align: ['left', 'right', 'left'], indent: '   ' },
    );
  });
  return out;
}

/** The `queue` command. */
export const queueCommand: Command = {
  name: 'queue',
  summary: 'print the open work of a file store in priority order, with reasons',
  usage: USAGE,
  run(argv, io) {
    return runGuarded(queueCommand, io, argv, async () => {
      const { values, positionals } = parseCommandArgs(argv, {
        store: { type: 'string' },
        now: { type: 'string' },
        limit: { type: 'string' },
        tenant: { type: 'string' },
        'include-assigned': { type: 'boolean' },
        explain: { type: 'boolean' },
        json: { type: 'boolean' },
        'tenant-region': { type: 'string', multiple: true },
      });
      noPositionals(positionals);
      if (values.store === undefined) throw new UsageError('missing --store file:PATH (or postgres://…)');
      const spec = parseStoreSpec(values.store);
      if (spec.kind === 'memory') throw new UsageError('queue needs a durable store: --store file:PATH or --store postgres://…');
      const now = parseNow(values.now);
      const limit = parseLimit(values.limit);
      if (values.tenant === '') throw new UsageError('--tenant must not be empty');
      const regions = parseRegions(values['tenant-region'] ?? []);
      const { store } = await openStore(spec, { mustExist: true, readOnly: true });
      const engine = createEngine({ store, ...regions });
      try {
        await replayStore(engine);
        const entries = engine.queue({
          now,
          limit,
          ...(values.tenant === undefined ? {} : { tenantId: values.tenant }),
          ...(values['include-assigned'] ? { includeAssigned: true } : {}),
        });
        if (values.json) {
          const json = entries.map((e, i) => ({
            rank: i + 1,
            threadId: e.thread.id,
            tenantId: e.thread.tenantId,
            customerId: e.thread.customerId,
            status: e.thread.status,
            channel: e.thread.channel,
            assignee: e.thread.assignee ?? null,
            awaitingReplySince: iso(e.thread.awaitingReplySince),
            score: e.score,
            reasons: e.reasons.map((r) => ({ factor: r.factor, points: r.points, detail: r.detail })),
          }));
          io.stdout(`${terminalSafeJson({ now: iso(now), entries: json })}\n`);
        } else {
          io.stdout(renderText(entries, now, values.explain === true, createPainter(colorEnabled(io, 'stdout'))));
        }
      } finally {
        await engine.close();
      }
      return EXIT.ok;
    });
  },
};
