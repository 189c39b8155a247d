/**
 * Single-writer lock for the file store: a lock file holding the owner's pid, created with the `wx`
 * flag (fails if it exists). A lock whose pid is no longer running is stale (the owner crashed) and
 * is taken over; a lock held by a running process — this one included — refuses the open.
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { OmnithreadError } from '../errors.js';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function readOwner(lockPath: string): Promise<number | undefined | 'gone'> {
  try {
    const text = (await readFile(lockPath, 'utf8')).trim();
    const pid = Number(text);
    return /^\d+$/.test(text) && Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if (errno(error) === 'ENOENT') return 'gone';
    throw error;
  }
}

/** Releases the lock if this process still owns it. */
export type ReleaseLock = () => Promise<void>;

/**
 * Takes the lock at `lockPath` for this process.
 * Throws `STORE_LOCKED` when a running process holds it.
 */
export async function acquireLock(lockPath: string): Promise<ReleaseLock> {
  const me = String(process.pid);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await writeFile(lockPath, me, { flag: 'wx' });
      return async () => {
        if ((await readOwner(lockPath)) === process.pid) await unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
    }
    let owner = await readOwner(lockPath);
    // No pid yet: the owner may be between creating the file and writing it. Give it a moment; if
    // the pid never appears, the owner died there.
    for (let wait = 0; owner === undefined && wait < 3; wait++) {
      await sleep(25);
      owner = await readOwner(lockPath);
    }
    if (owner === 'gone') continue;
    if (owner !== undefined && isRunning(owner)) {
      throw new OmnithreadError(
        'STORE_LOCKED',
        `${lockPath} is held by running process ${owner}${owner === process.pid ? ' (this one: the store is already open)' : ''}; ` +
          'one writer at a time. If no process uses the store, delete the lock file.',
      );
    }
    await unlink(lockPath).catch((error: unknown) => {
      if (errno(error) !== 'ENOENT') throw error;
    });
  }
  throw new OmnithreadError('STORE_LOCKED', `${lockPath}: could not take the lock (another process keeps racing for it)`);
}
