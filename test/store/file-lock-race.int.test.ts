/**
 * One writer, provably: several processes race to open one store for writing, every round, with a
 * stale lock of a dead process in the way (a 0.1.0 pid file, and now and then a writer killed with
 * SIGKILL while holding the store). Exactly one of them may win each round, and every event it
 * acknowledged (fsync 'always') must be in the log afterwards. OMNITHREAD_DEEP=1 runs more rounds
 * and more processes.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileStore } from '../../src/store/index.js';
import { readAllEvents } from './helpers/events.js';

const DEEP = process.env.OMNITHREAD_DEEP === '1';
const PROCESSES = DEEP ? 8 : 6;
const ROUNDS = DEEP ? 200 : 40;
const APPENDS = 5;
/** Every this many rounds the winner is killed with SIGKILL instead of closing (and replaced). */
const KILL_EVERY = DEEP ? 5 : 10;

interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: AsyncIterator<string>;
}

const workers: Worker[] = [];
afterAll(() => {
  for (const w of workers) w.child.kill('SIGKILL');
});

function startWorker(name: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'lock-worker.ts'), name], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
  return { child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator]() };
}

async function nextLine(w: Worker): Promise<string> {
  const { value, done } = await w.lines.next();
  if (done) throw new Error('worker exited');
  return value;
}

/** Reads a worker's answer to `open`: the ids it acknowledged and how it ended. */
async function outcome(w: Worker): Promise<{ end: string; acked: string[] }> {
  const acked: string[] = [];
  for (;;) {
    const line = await nextLine(w);
    if (line.startsWith('ack ')) acked.push(line.slice(4));
    else return { end: line, acked };
  }
}

describe(`file store lock race (${PROCESSES} processes × ${ROUNDS} rounds)`, () => {
  it('exactly one writer per round, even against a stale lock, and zero acknowledged events lost', { timeout: DEEP ? 900_000 : 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnithread-race-'));
    const path = join(dir, 'events.jsonl');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    for (let i = 0; i < PROCESSES; i++) workers.push(startWorker(`w${i}`));
    const acked: string[] = [];
    const winners: number[] = [];
    const refusedOpens: string[] = [];
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        await writeFile(`${path}.lock`, String(dead)); // what a crashed 0.1.0 writer leaves behind
        for (const w of workers) w.child.stdin.write(`open ${path} ${round} ${APPENDS}\n`);
        const results = await Promise.all(workers.map(outcome));
        const won = results.flatMap((r, i) => (r.end === `won ${round}` ? [i] : []));
        for (const r of results) if (r.end !== `won ${round}` && r.end !== `locked ${round}`) refusedOpens.push(r.end);
        winners.push(won.length);
        for (const r of results) acked.push(...r.acked);
        if (won.length !== 1) break;
        const winner = won[0]!;
        if (round % KILL_EVERY === 0) {
          // A stale lock of the kind that matters now: its holder dies without closing.
          const w = workers[winner]!;
          const exited = new Promise((resolve) => w.child.once('exit', resolve));
          w.child.kill('SIGKILL');
          await exited;
          workers[winner] = startWorker(`w${winner}-${round}`);
        } else {
          workers[winner]!.child.stdin.write('release\n');
          expect(await nextLine(workers[winner]!)).toBe('released');
        }
      }
      expect(refusedOpens).toEqual([]);
      expect(winners.filter((n) => n !== 1), `rounds without exactly one writer: ${JSON.stringify(winners)}`).toEqual([]);
      expect(winners).toHaveLength(ROUNDS);
      const store = await createFileStore({ path, readOnly: true });
      const stored = (await readAllEvents(store)).map((s) => s.event.id);
      await store.close();
      expect(acked).toHaveLength(ROUNDS * APPENDS);
      expect(stored).toEqual(acked); // every acknowledged event, in order, nothing else
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
