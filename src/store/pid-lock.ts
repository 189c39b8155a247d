/**
 * The pid-file lock of omnithread 0.1.0, kept for two jobs only:
 * - the writer lock on platforms without a kernel-named endpoint (not Linux, not Windows): a lock
 *   file created with `wx` holding the owner's pid. Its takeover of a stale lock (dead pid) is NOT
 *   atomic — two processes racing for a stale lock can both win — so there it only guards against a
 *   second process opened by mistake (docs/stores.md, "One writer");
 * - recognising a live 0.1.0 writer next to a newer one (`livePidLockOwner`).
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { OmnithreadError } from '../errors.js';

/** True when a process with this pid runs (EPERM: it exists but belongs to someone else). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
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

/**
 * The pid named by a 0.1.0 lock file at `lockPath` when that process runs and is not this one;
 * undefined otherwise (no file, no pid, a dead pid, our own pid left by an earlier run).
 */
export async function livePidLockOwner(lockPath: string): Promise<number | undefined> {
  const owner = await readOwner(lockPath).catch(() => undefined);
  return typeof owner === 'number' && owner !== process.pid && isRunning(owner) ? owner : undefined;
}

/**
 * Takes the pid-file lock at `lockPath` for this process; resolves to its release.
 * Throws `STORE_LOCKED` when a running process holds it.
 */
export async function acquirePidLock(lockPath: string): Promise<() => Promise<void>> {
  const me = String(process.pid);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await writeFile(lockPath, me, { flag: 'wx' });
      return async () => {
        if ((await readOwner(lockPath).catch(() => undefined)) === process.pid) await unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
    }
    let owner = await readOwner(lockPath);
    // No pid yet: the owner may be between creating the file and writing it. Give it a moment.
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
