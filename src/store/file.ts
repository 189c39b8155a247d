import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { OmnithreadEvent } from '../events/schemas.js';
import { invalidArgument } from './append-plan.js';
import { corruptError, decodeRecord, encodeRecord } from './file-format.js';
import { acquireLock } from './file-lock.js';
import { recoverFile } from './file-recovery.js';
import { type NewRecord, type StoreBackend, createIndexedStore } from './indexed-store.js';
import type { EventStore, StorableEvent, StoredEvent } from './types.js';

/**
 * When the file store forces its writes to the disk (fdatasync):
 * - `'always'`: before each append's promise resolves. An acknowledged append survives a process
 *   crash, an OS crash and a power cut.
 * - `'batch'`: at most `fsyncIntervalMs` after a write (and on close). An acknowledged append
 *   survives a process crash; an OS crash or power cut can lose the last interval.
 * - `'never'`: only on close; the OS flushes when it likes. Survives a process crash only.
 */
export type FsyncPolicy = 'always' | 'batch' | 'never';

/**
 * @example
 * ```ts
 * const store = await createFileStore({ path: './data/events.jsonl', fsync: 'batch', fsyncIntervalMs: 50 });
 * ```
 */
export interface FileStoreOptions {
  /** The log file. Created (with its folder) if missing. The lock is `${path}.lock`. */
  readonly path: string;
  /** Default `'always'`. */
  readonly fsync?: FsyncPolicy;
  /** With `fsync: 'batch'`: the longest an acknowledged append waits for its fsync (default 100). */
  readonly fsyncIntervalMs?: number;
}

/**
 * What opening the file found.
 *
 * @example
 * ```ts
 * if (store.recovery.truncatedBytes > 0) log.warn('cut off a torn append', store.recovery);
 * ```
 */
export interface FileStoreRecovery {
  /** Bytes of a torn final append cut off the end of the file (0 when it was clean). */
  readonly truncatedBytes: number;
  /** Events in the file after recovery. */
  readonly events: number;
}

/**
 * A file store: an {@link EventStore} plus its path and what its open-time recovery did.
 *
 * @example
 * ```ts
 * const store: FileEventStore = await createFileStore({ path: './data/events.jsonl' });
 * console.log(store.path, store.recovery.events);
 * ```
 */
export interface FileEventStore<E extends StorableEvent = OmnithreadEvent> extends EventStore<E> {
  readonly path: string;
  readonly recovery: FileStoreRecovery;
}

const MAX_READ_BYTES = 4 << 20;
const FSYNC_POLICIES: readonly unknown[] = ['always', 'batch', 'never'];

async function openDataFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const handle = await open(path, 'wx+');
  // Make the new file's directory entry durable too, or a power cut could lose the whole file.
  try {
    const dir = await open(dirname(path), 'r');
    await dir.sync().finally(() => dir.close());
  } catch {
    // Some platforms cannot open or sync a directory; the file itself is still synced per policy.
  }
  return handle;
}

async function writeFully(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

async function readFully(handle: FileHandle, bytes: Buffer, position: number, path: string): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesRead } = await handle.read(bytes, done, bytes.length - done, position + done);
    if (bytesRead === 0) throw corruptError(path, `file ends at byte ${position + done}, before records it held when opened`);
    done += bytesRead;
  }
}

function validateOptions(options: FileStoreOptions): Required<FileStoreOptions> {
  if (typeof options?.path !== 'string' || options.path.length === 0) throw invalidArgument('path must be a non-empty string', ['path']);
  const fsync = options.fsync ?? 'always';
  if (!FSYNC_POLICIES.includes(fsync)) throw invalidArgument(`fsync must be 'always', 'batch' or 'never', got ${String(fsync)}`, ['fsync']);
  const fsyncIntervalMs = options.fsyncIntervalMs ?? 100;
  if (!Number.isFinite(fsyncIntervalMs) || fsyncIntervalMs < 0) throw invalidArgument('fsyncIntervalMs must be a number ≥ 0', ['fsyncIntervalMs']);
  return { path: resolve(options.path), fsync, fsyncIntervalMs };
}

/**
 * Opens (or creates) the durable embedded event store: an append-only JSON Lines file with a
 * checksum per record, a single-writer lock, and recovery on open (a torn final append is cut off;
 * damage in the middle is `STORE_CORRUPT`). Appends go to disk in one write each and, with the
 * default `fsync: 'always'`, are on stable storage before their promise resolves.
 *
 * Throws `STORE_LOCKED` when another running process has the file open.
 *
 * @example
 * ```ts
 * import { createFileStore } from 'omnithread';
 * const store = await createFileStore({ path: './data/events.jsonl' });
 * await store.appendToStream('acme', [event]);
 * await store.close();
 * ```
 */
export async function createFileStore<E extends StorableEvent = OmnithreadEvent>(options: FileStoreOptions): Promise<FileEventStore<E>> {
  const { path, fsync, fsyncIntervalMs } = validateOptions(options);
  await mkdir(dirname(path), { recursive: true });
  const releaseLock = await acquireLock(`${path}.lock`);
  let handle: FileHandle | undefined;
  try {
    handle = await openDataFile(path);
    const recovered = await recoverFile(handle, path);
    const backend = fileBackend<E>(handle, path, recovered.offsets, recovered.size, fsync, fsyncIntervalMs, releaseLock);
    const store = createIndexedStore<E>(backend, recovered.index);
    const recovery: FileStoreRecovery = { truncatedBytes: recovered.truncatedBytes, events: recovered.index.head };
    return Object.assign(store, { path, recovery });
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await releaseLock();
    throw error;
  }
}

function fileBackend<E extends StorableEvent>(
  handle: FileHandle,
  path: string,
  offsets: number[],
  initialSize: number,
  fsync: FsyncPolicy,
  fsyncIntervalMs: number,
  releaseLock: () => Promise<void>,
): StoreBackend<E> {
  let size = initialSize;
  /** Set when a write or fsync failed in a way that leaves the file's state unknown. */
  let broken: unknown;
  let syncTimer: NodeJS.Timeout | undefined;
  let backgroundSync: Promise<void> = Promise.resolve();

  const endOf = (position: number): number => (position < offsets.length ? (offsets[position] as number) : size);

  function scheduleSync(): void {
    if (syncTimer) return;
    syncTimer = setTimeout(() => {
      syncTimer = undefined;
      backgroundSync = handle.datasync().catch((error: unknown) => {
        broken ??= error;
      });
    }, fsyncIntervalMs);
    syncTimer.unref();
  }

  async function persist(records: readonly NewRecord<E>[]): Promise<void> {
    if (broken) throw corruptError(path, 'an earlier write or fsync failed; reopen the store to recover');
    const parts = records.map(({ stored, id, batchEnd, json }) =>
      // The file store never sets needsJson to false, so every record arrives with its JSON.
      encodeRecord({ pos: stored.globalPosition, batchEnd, stream: stored.streamName, version: stored.streamVersion, id }, json ?? JSON.stringify(stored.event)),
    );
    const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    try {
      await writeFully(handle, bytes, size);
    } catch (error) {
      // Take back a partial write so that the next append does not land after garbage.
      await handle.truncate(size).catch(() => (broken ??= error));
      throw error;
    }
    if (fsync === 'always') {
      try {
        await handle.datasync();
      } catch (error) {
        // After a failed fsync the page cache may have dropped the data: nothing can be trusted.
        broken ??= error;
        await handle.truncate(size).catch(() => undefined);
        throw error;
      }
    }
    for (const part of parts) {
      offsets.push(size);
      size += part.length;
    }
    if (fsync === 'batch') scheduleSync();
  }

  async function readPositions(positions: readonly number[]): Promise<StoredEvent<E>[]> {
    const out: StoredEvent<E>[] = [];
    for (let i = 0; i < positions.length; ) {
      // One read per run of consecutive positions, capped in size.
      const start = offsets[(positions[i] as number) - 1] as number;
      let j = i;
      while (j + 1 < positions.length && positions[j + 1] === (positions[j] as number) + 1 && endOf(positions[j + 1] as number) - start <= MAX_READ_BYTES) j++;
      const buf = Buffer.allocUnsafe(endOf(positions[j] as number) - start);
      await readFully(handle, buf, start, path);
      for (let k = i; k <= j; k++) {
        const position = positions[k] as number;
        const from = (offsets[position - 1] as number) - start;
        const newline = endOf(position) - start - 1;
        if (buf[newline] !== 0x0a) throw corruptError(path, `record ${position} is not where the index says`);
        out.push(decodeRecord<E>(buf, from, newline, position, path));
      }
      i = j + 1;
    }
    return out;
  }

  return {
    persist,
    readPositions,
    readRange(from, to) {
      const positions: number[] = [];
      for (let p = from; p <= to; p++) positions.push(p);
      return readPositions(positions);
    },
    async close() {
      clearTimeout(syncTimer);
      try {
        await backgroundSync;
        if (!broken) await handle.datasync();
      } finally {
        await handle.close();
        await releaseLock();
      }
    },
  };
}
