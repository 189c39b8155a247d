/**
 * Child process for the lock-race test. Waits for commands on stdin, one per line:
 *   open <path> <round> <appends>  try to open the store for writing; on success append <appends>
 *                                  events one at a time (fsync 'always'), printing `ack <id>` for
 *                                  each, then `won <round>`; else `locked <round>` or `error <round> <msg>`
 *   release                        close the store if this process holds it; prints `released`
 * Usage: node --import tsx lock-worker.ts <name>
 */
import { createInterface } from 'node:readline';
import { isOmnithreadError } from '../../../src/errors.js';
import { createFileStore, type FileEventStore } from '../../../src/store/index.js';
import { note } from './events.js';

const name = process.argv[2] ?? 'w';
let held: FileEventStore | undefined;
const say = (line: string) => process.stdout.write(`${line}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const [command, path, round, appends] = line.split(' ');
  if (command === 'open') {
    try {
      const store = await createFileStore({ path: path!, fsync: 'always' });
      held = store;
      for (let i = 0; i < Number(appends); i++) {
        const id = `r${round}-${name}-${i}`;
        await store.appendToStream('acme', [note(id)]);
        say(`ack ${id}`);
      }
      say(`won ${round}`);
    } catch (error) {
      say(isOmnithreadError(error, 'STORE_LOCKED') ? `locked ${round}` : `error ${round} ${(error as Error).message.replaceAll('\n', ' ')}`);
    }
  } else if (command === 'release') {
    await held?.close();
    held = undefined;
    say('released');
  }
}
