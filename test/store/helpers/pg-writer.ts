/**
 * Child process for the PostgreSQL concurrency test: appends `count` events in small batches to
 * streams shared with the other writers, re-sends some batches (duplicates of its own) and some
 * events every writer sends with the same content (one copy may be stored), then prints one JSON
 * line: what its appends reported. Usage:
 *   node --import tsx pg-writer.ts <connectionString> <schema> <writer> <count>
 */
import { createPostgresStore } from '../../../src/store/postgres/index.js';
import { note } from './events.js';

const [connectionString, schema, writerArg, countArg] = process.argv.slice(2);
if (!connectionString || !schema || !writerArg || !countArg) throw new Error('usage: pg-writer.ts <connectionString> <schema> <writer> <count>');
const writer = Number(writerArg);
const count = Number(countArg);
const STREAMS = ['acme', 'globex', 'initech', 'umbrella', 'hooli'];

// A small deterministic generator per writer: batches of 1–12 events.
let seed = 0x9e3779b9 ^ (writer * 2654435761);
const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;

const store = await createPostgresStore({ connectionString, schema, migrate: false, maxConnections: 2 });
let appended = 0;
let duplicates = 0;
let shared = 0;
const positions: number[] = [];
let previous: { stream: string; batch: ReturnType<typeof note>[] } | undefined;
for (let n = 0; n < count; ) {
  const roll = random();
  if (previous && roll < 0.08) {
    const r = await store.appendToStream(previous.stream, previous.batch);
    if (r.appended.length > 0) throw new Error(`a re-sent batch appended ${r.appended.length} events`);
    duplicates += r.duplicates.length;
    continue;
  }
  const stream = STREAMS[Math.floor(random() * STREAMS.length)]!;
  if (roll < 0.12) {
    // The same event from every writer: exactly one copy is ever stored.
    const id = `shared-${Math.floor(random() * 40)}`;
    const r = await store.appendToStream('shared', [note(id, 'shared', 'the same content everywhere')]);
    shared += r.appended.length;
    positions.push(...r.appended.map((s) => s.globalPosition));
    continue;
  }
  const size = Math.min(count - n, 1 + Math.floor(random() * 12));
  const batch = Array.from({ length: size }, (_, i) => note(`w${writer}-${n + i}`, stream, `writer ${writer} event ${n + i}`));
  const r = await store.appendToStream(stream, batch);
  if (r.appended.length !== size) throw new Error(`appended ${r.appended.length} of ${size} new events`);
  appended += size;
  positions.push(...r.appended.map((s) => s.globalPosition));
  previous = { stream, batch };
  n += size;
}
await store.close();
process.stdout.write(`${JSON.stringify({ writer, appended, duplicates, shared, positions })}\n`);
