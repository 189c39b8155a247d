/** `omnithread demo`: a seeded day of a support desk through the engine, on the file store. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, EXIT, InputError, UsageError, noPositionals, parseCommandArgs, runGuarded } from '../args.js';
import { createPainter } from '../format.js';
import { colorEnabled } from '../io.js';
import { createFileStore } from '../../store/file.js';
import { renderReport } from '../demo/render.js';
import { buildReport } from '../demo/report.js';
import { simulateDay } from '../demo/simulate.js';

const DEFAULT_SEED = 42;
const LOG_NAME = 'events.log';

const USAGE = `Usage: omnithread demo [--seed N] [--json] [--keep DIR]

Simulates one day (Tuesday 2026-11-24) at a support desk in Seoul and runs it through the engine,
stored in the file store: about fifty customers on email (real Message-ID / In-Reply-To chains),
SMS, WhatsApp, web chat, calls with missed calls and voicemail, Instagram DMs and a public X
mention; some of them on several channels, joined by identity.linked into one customer; VIPs; a
Black Friday campaign routed to its team; a payment outage mid-morning; eight agents with skills,
languages (en, ko, de) and capacities going online and offline; their replies, resolutions and
surveys. Routing (VIP and campaign rules, sticky, skills and language), priority and service
levels on business hours run as the day goes, and breaches fire as they come due.

Prints: 1. unified threads per customer, 2. the priority queue at the end of the day with its
reasons, 3. the routing decisions, 4. service levels (breaches, warnings, at risk), 5. metrics by
channel. The same seed always prints the same output.

Options:
  --seed N     which day to simulate, a whole number 0-4294967295 (default ${DEFAULT_SEED})
  --json       print one JSON object: { seed, tenantId, day, totals, customers, queue, routing,
               sla, metrics, log }
  --keep DIR   keep the event log in DIR/${LOG_NAME} (DIR is created; it must not hold one
               already). Default: a temporary folder, removed afterwards.
  -h, --help   show this help

Exit codes: 0 success, 1 the simulation failed, 2 usage error or DIR cannot be used.
`;

function parseSeed(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SEED;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n > 0xffff_ffff) {
    throw new UsageError(`--seed must be a whole number from 0 to 4294967295, not ${JSON.stringify(text)}`);
  }
  return n;
}

async function logFolder(keep: string | undefined): Promise<string> {
  if (keep === undefined) return mkdtemp(join(tmpdir(), 'omnithread-demo-'));
  if (keep === '') throw new UsageError('--keep needs a folder');
  try {
    await mkdir(keep, { recursive: true });
  } catch (error) {
    throw new InputError(`cannot use ${keep}: ${(error as Error).message}`);
  }
  if (existsSync(join(keep, LOG_NAME))) throw new InputError(`${join(keep, LOG_NAME)} already exists: choose another folder or remove it`);
  return keep;
}

function keptNote(path: string, end: string): string {
  return `
The event log is kept in ${path}. Look at it again with:
  omnithread replay --store file:${path}
  omnithread queue --store file:${path} --now ${end} --explain
`;
}

/** The `demo` command. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'simulate a seeded day of a support desk and show threads, queue, routing, SLAs, metrics',
  usage: USAGE,
  run(argv, io) {
    return runGuarded(demoCommand, io, argv, async () => {
      const { values, positionals } = parseCommandArgs(argv, {
        seed: { type: 'string' },
        json: { type: 'boolean' },
        keep: { type: 'string' },
      });
      noPositionals(positionals);
      const seed = parseSeed(values.seed);
      const folder = await logFolder(values.keep);
      const path = join(folder, LOG_NAME);
      try {
        // A throwaway log needs no fsync; a kept one gets the CLI's usual 'batch'.
        const store = await createFileStore({ path, fsync: values.keep === undefined ? 'never' : 'batch' }).catch((error: unknown) => {
          throw new InputError(`cannot open ${path}: ${(error as Error).message}`, { cause: error });
        });
        const run = await simulateDay({ seed, store });
        let report;
        try {
          report = buildReport(run);
        } finally {
          await run.engine.close();
        }
        const kept = values.keep === undefined ? null : path;
        if (values.json) io.stdout(`${JSON.stringify({ ...report, log: kept })}\n`);
        else io.stdout(renderReport(report, createPainter(colorEnabled(io, 'stdout'))) + (kept ? keptNote(kept, report.day.end) : ''));
      } finally {
        if (values.keep === undefined) await rm(folder, { recursive: true, force: true });
      }
      return EXIT.ok;
    });
  },
};
