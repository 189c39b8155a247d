import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, open as openFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFileStore, type FileEventStore, type FsyncPolicy } from '../../src/store/index.js';
import { note, notes, readAllEvents, rejection } from './helpers/events.js';

let dir: string;
let path: string;
const open: FileEventStore[] = [];

async function openStore(options: { fsync?: FsyncPolicy } = {}): Promise<FileEventStore> {
  const store = await createFileStore({ path, fsync: 'never', ...options });
  open.push(store);
  return store;
}

async function lines(): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').slice(0, -1);
}

/** Rewrites the file with `edit` applied to its text. */
async function editFile(edit: (text: string) => string): Promise<void> {
  await writeFile(path, edit(await readFile(path, 'utf8')));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'omnithread-file-'));
  path = join(dir, 'nested', 'events.jsonl');
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('file store: format and reopen', () => {
  it('writes one JSON line per event: position, append end, stream, version, id, event, checksum', async () => {
    const store = await openStore();
    await store.appendToStream('acme', [note('a-1'), note('a-2')]);
    await store.close();
    const [first, second] = (await lines()).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ pos: 1, batchEnd: 2, stream: 'acme', version: 1, id: 'a-1', event: note('a-1') });
    expect(second).toMatchObject({ pos: 2, batchEnd: 2, version: 2 });
    const line = (await lines())[0] as string;
    const body = line.slice(0, line.lastIndexOf(',"crc":'));
    expect(first?.crc).toBe(crc32(Buffer.from(body)).toString(16).padStart(8, '0'));
  });

  it('reopening sees every stream, version, position and id', async () => {
    const store = await openStore({ fsync: 'always' });
    await store.appendToStream('acme', notes('a', 3));
    await store.appendToStream('globex', notes('g', 2, 'globex'));
    const before = await readAllEvents(store);
    await store.close();

    const reopened = await openStore();
    expect(reopened.recovery).toEqual({ truncatedBytes: 0, events: 5 });
    expect(await readAllEvents(reopened)).toEqual(before);
    expect(await reopened.streams()).toEqual(['acme', 'globex']);
    const again = await reopened.appendToStream('acme', [note('a-2'), note('a-4')], { expectedStreamVersion: 3 });
    expect(again.duplicates).toEqual(['a-2']);
    expect(again.appended.map((s) => [s.streamVersion, s.globalPosition])).toEqual([[4, 6]]);
    expect(await rejection(reopened.appendToStream('acme', [note('a-1', 'acme', 'changed')]))).toBe('DUPLICATE_CONFLICT');
  });

  it("keeps every acknowledged append across a clean close with fsync 'batch' and 'never'", async () => {
    for (const fsync of ['batch', 'never'] as const) {
      const store = await createFileStore({ path, fsync, fsyncIntervalMs: 1 });
      await store.appendToStream(fsync, notes(fsync, 3));
      await new Promise((r) => setTimeout(r, 5)); // lets a 'batch' fsync run
      await store.close();
    }
    const store = await openStore();
    expect(await store.streams()).toEqual(['batch', 'never']);
    expect(await store.lastPosition()).toBe(6);
  });

  it("fsync 'always' syncs before each append resolves, 'batch' soon after, 'never' only on close", async () => {
    const probe = await openFile(join(dir, 'probe'), 'w');
    const datasync = vi.spyOn(Object.getPrototypeOf(probe) as { datasync: () => Promise<void> }, 'datasync');
    await probe.close();
    try {
      const always = await createFileStore({ path });
      datasync.mockClear();
      await always.appendToStream('acme', [note('a-1')]);
      await always.appendToStream('acme', [note('a-2')]);
      expect(datasync).toHaveBeenCalledTimes(2);
      await always.close();

      const batch = await createFileStore({ path, fsync: 'batch', fsyncIntervalMs: 10 });
      datasync.mockClear();
      await batch.appendToStream('acme', [note('a-3')]);
      await batch.appendToStream('acme', [note('a-4')]);
      expect(datasync).toHaveBeenCalledTimes(0);
      await vi.waitFor(() => expect(datasync).toHaveBeenCalledTimes(1));
      await batch.close();

      const never = await createFileStore({ path, fsync: 'never' });
      datasync.mockClear();
      await never.appendToStream('acme', [note('a-5')]);
      await new Promise((r) => setTimeout(r, 20));
      expect(datasync).toHaveBeenCalledTimes(0);
      await never.close();
      expect(datasync).toHaveBeenCalledTimes(1);
    } finally {
      datasync.mockRestore();
    }
  });

  it('rejects bad options', async () => {
    expect(await rejection(createFileStore({ path: '' }))).toBe('INVALID_ARGUMENT');
    expect(await rejection(createFileStore({ path, fsync: 'sometimes' as FsyncPolicy }))).toBe('INVALID_ARGUMENT');
  });
});

describe('file store: recovery', () => {
  async function seed(): Promise<void> {
    const store = await openStore();
    await store.appendToStream('acme', [note('a-1')]);
    await store.appendToStream('acme', [note('a-2')]);
    await store.close();
  }

  it('cuts off a torn final record, then carries on from the last complete append', async () => {
    await seed();
    const whole = (await stat(path)).size;
    const torn = (await lines())[1]?.slice(0, 40) ?? '';
    await appendFile(path, torn);
    const store = await openStore();
    expect(store.recovery).toEqual({ truncatedBytes: torn.length, events: 2 });
    expect((await stat(path)).size).toBe(whole);
    const next = await store.appendToStream('acme', [note('a-3')]);
    expect(next.appended[0]?.globalPosition).toBe(3);
    await store.close();
    const clean = await openStore();
    expect(clean.recovery.truncatedBytes).toBe(0);
    expect((await readAllEvents(clean)).map((s) => s.event.id)).toEqual(['a-1', 'a-2', 'a-3']);
  });

  it('drops an append whose last record is missing, so appends stay all-or-nothing', async () => {
    await seed();
    const store = await openStore();
    await store.appendToStream('acme', notes('b', 3));
    await store.close();
    const all = await lines();
    // Crash variants: the last line cut short, or the last line missing entirely.
    for (const keep of [all.slice(0, 4).join('\n') + '\n' + (all[4] ?? '').slice(0, 25), all.slice(0, 4).join('\n') + '\n']) {
      await writeFile(path, keep);
      const reopened = await createFileStore({ path });
      expect(reopened.recovery.events).toBe(2);
      expect((await reopened.readStream('acme')).events.map((s) => s.event.id)).toEqual(['a-1', 'a-2']);
      await reopened.close();
    }
  });

  it('cuts off a zero-filled tail (blocks allocated but never written)', async () => {
    await seed();
    await appendFile(path, Buffer.alloc(4096));
    const store = await openStore();
    expect(store.recovery).toEqual({ truncatedBytes: 4096, events: 2 });
  });

  it('refuses a damaged record in the middle with STORE_CORRUPT, and releases the lock', async () => {
    await seed();
    const store = await openStore();
    await store.appendToStream('acme', [note('a-3')]);
    await store.close();
    await editFile((text) => text.replace('text of a-2', 'text of a-X'));
    expect(await rejection(createFileStore({ path }))).toBe('STORE_CORRUPT');
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect((await lines()).length).toBe(3); // nothing was cut
  });

  it('a lost newline between the last two records is corruption, not a torn tail', async () => {
    await seed();
    await editFile((text) => text.replace('}\n{"pos":2', '}X{"pos":2'));
    expect(await rejection(createFileStore({ path }))).toBe('STORE_CORRUPT');
  });

  it('refuses, rather than erases, a file that is not an event log', async () => {
    await writeFile(path.replace('nested/', ''), 'name,email\nAda,ada@example.com\n');
    path = path.replace('nested/', '');
    expect(await rejection(createFileStore({ path }))).toBe('STORE_CORRUPT');
    expect(await readFile(path, 'utf8')).toContain('Ada');
  });

  it('damage that appears after open fails the read with STORE_CORRUPT', async () => {
    const store = await openStore();
    await store.appendToStream('acme', [note('a-1'), note('a-2')]);
    await editFile((text) => text.replace('text of a-1', 'text of a-Z'));
    expect(await rejection(store.readStream('acme'))).toBe('STORE_CORRUPT');
  });
});

describe('file store: single-writer lock', () => {
  it('refuses a second writer while the first is open, and frees the lock on close', async () => {
    const first = await openStore();
    expect(await readFile(`${path}.lock`, 'utf8')).toBe(String(process.pid));
    expect(await rejection(createFileStore({ path }))).toBe('STORE_LOCKED');
    await first.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    await openStore();
  });

  it('takes over a stale lock left by a dead process, or one without a readable pid', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await openStore().then((s) => s.close()); // creates the folder
    for (const content of [String(dead), '']) {
      await writeFile(`${path}.lock`, content);
      const store = await createFileStore({ path });
      expect(await readFile(`${path}.lock`, 'utf8')).toBe(String(process.pid));
      await store.close();
    }
  });
});

describe('file store: crash safety', () => {
  const writer = join(import.meta.dirname, 'helpers', 'crash-writer.ts');

  /** Runs the writer child, kills it with SIGKILL after `acks` acknowledged appends, returns them. */
  async function crashAfter(acks: number, fsync: FsyncPolicy): Promise<{ position: number; ids: string[] }[]> {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, fsync], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').length > acks) child.kill('SIGKILL');
    });
    const signal = await exited;
    expect(signal, `writer exited on its own: ${err}`).toBe('SIGKILL');
    return out
      .split('\n')
      .slice(0, -1) // a line without its newline was not fully reported
      .map((line) => {
        const [position, ids] = line.split(' ');
        return { position: Number(position), ids: (ids ?? '').split(',') };
      });
  }

  for (const fsync of ['always', 'never'] as const) {
    it(`after SIGKILL mid-stream (fsync '${fsync}'), every acknowledged append is there and the file is clean`, async () => {
      const acked = await crashAfter(fsync === 'always' ? 40 : 400, fsync);
      expect(acked.length).toBeGreaterThan(10);
      const store = await openStore(); // also takes over the dead writer's lock
      const all = await readAllEvents(store);
      const byPosition = new Map(all.map((s) => [s.globalPosition, s.event.id]));
      for (const { position, ids } of acked) {
        ids.forEach((id, i) => expect(byPosition.get(position - ids.length + 1 + i)).toBe(id));
      }
      expect(all.map((s) => s.globalPosition)).toEqual(all.map((_, i) => i + 1));
      await store.close();
      const again = await openStore();
      expect(again.recovery.truncatedBytes).toBe(0);
      expect((await readFile(path)).at(-1)).toBe(0x0a);
    });
  }
});
