/**
 * The ordering guarantee under real concurrency: several writer processes append at once while a
 * subscriber in this process tails the store. The subscriber must see every committed event exactly
 * once, in global order, with no gap skipped — the sequence-gap problem of stores that number
 * events before they commit (an event committing late with a lower position is skipped by a reader
 * that already moved past it). Checked against a final readAll.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresEventStore } from '../../src/store/postgres/index.js';
import type { StoredEvent } from '../../src/store/index.js';
import { readAllEvents, waitFor } from './helpers/events.js';
import { PG_URL, dropSchema, pgAvailable, pgSkipReason, uniqueSchema } from './helpers/postgres.js';

const WRITERS = 4;
const EVENTS_PER_WRITER = 2_600;
const writerScript = fileURLToPath(new URL('./helpers/pg-writer.ts', import.meta.url));

interface WriterReport {
  readonly writer: number;
  readonly appended: number;
  readonly duplicates: number;
  readonly shared: number;
  readonly positions: number[];
}

function runWriter(schema: string, writer: number): Promise<WriterReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, PG_URL, schema, String(writer), String(EVENTS_PER_WRITER)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`writer ${writer} exited with ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as WriterReport);
    });
  });
}

describe.skipIf(!pgAvailable)(`postgres store under concurrent writer processes${pgAvailable ? '' : ` (${pgSkipReason})`}`, () => {
  const schema = uniqueSchema('conc');
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await createPostgresStore({ connectionString: PG_URL, schema, pollIntervalMs: 200 });
  });
  afterAll(async () => {
    await store?.close();
    await dropSchema(schema);
  });

  it(`${WRITERS} writer processes, ${WRITERS * EVENTS_PER_WRITER}+ events: a tailing subscriber sees each committed event once, in order, no gap skipped`, async () => {
    const seen: StoredEvent[] = [];
    const errors: unknown[] = [];
    const stop = store.subscribe({ from: 1, onEvent: (s) => void seen.push(s), onError: (e) => errors.push(e) });
    const reports = await Promise.all(Array.from({ length: WRITERS }, (_, w) => runWriter(schema, w)));

    const total = await store.lastPosition();
    const acknowledged = reports.reduce((n, r) => n + r.appended + r.shared, 0);
    expect(total).toBe(acknowledged);
    expect(total).toBeGreaterThanOrEqual(WRITERS * EVENTS_PER_WRITER);
    await waitFor(() => seen.length >= total || errors.length > 0, 30_000);
    await new Promise((r) => setTimeout(r, 300)); // nothing more may arrive
    stop();
    expect(errors).toEqual([]);

    const all = await readAllEvents(store);
    expect(all.map((s) => s.globalPosition)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Exactly the log, in its order: nothing skipped, nothing twice.
    expect(seen.map((s) => [s.globalPosition, s.streamName, s.streamVersion, s.event.id])).toEqual(all.map((s) => [s.globalPosition, s.streamName, s.streamVersion, s.event.id]));
    // Every position a writer was told it got holds that writer's event, and no two writers were told the same one.
    const told = reports.flatMap((r) => r.positions);
    expect(new Set(told).size).toBe(told.length);
    expect(told.length).toBe(total);
    // Versions are dense per stream, ids unique per stream; each shared event is stored once.
    for (const stream of await store.streams()) {
      const events = all.filter((s) => s.streamName === stream);
      expect(events.map((s) => s.streamVersion)).toEqual(events.map((_, i) => i + 1));
      expect(new Set(events.map((s) => s.event.id)).size).toBe(events.length);
    }
    expect(reports.reduce((n, r) => n + r.duplicates, 0)).toBeGreaterThan(0);
    expect(all.filter((s) => s.streamName === 'shared').length).toBe(reports.reduce((n, r) => n + r.shared, 0));
  });
});
