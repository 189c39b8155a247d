/**
 * Child process for the crash test: appends batches of 1–3 events (now and then 120) in a loop, alternating two
 * streams, and prints `<lastPosition> <id,id,…>` for each acknowledged append. The test kills it
 * with SIGKILL mid-stream. Usage: node --import tsx crash-writer.ts <path> <fsync>
 */
import { createFileStore, type FsyncPolicy } from '../../../src/store/index.js';
import { note } from './events.js';

const [path, fsync = 'always'] = process.argv.slice(2);
if (!path) throw new Error('usage: crash-writer.ts <path> [fsync]');
const store = await createFileStore({ path, fsync: fsync as FsyncPolicy });
for (let n = 0, appends = 0; ; appends++) {
  const stream = n % 2 === 0 ? 'acme' : 'globex';
  // Mostly 1–3 events; now and then 120 (a write of many pages, which a SIGKILL can tear).
  const size = appends % 7 === 6 ? 120 : (n % 3) + 1;
  const batch = Array.from({ length: size }, (_, i) => note(`crash-${n + i}`, stream, 'x'.repeat(200 + ((n + i) % 500))));
  const result = await store.appendToStream(stream, batch);
  n += size;
  process.stdout.write(`${result.lastPosition} ${result.appended.map((s) => s.event.id).join(',')}\n`);
}
