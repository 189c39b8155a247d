import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { OmnithreadEvent } from '../events/schemas.js';
import { OmnithreadError } from '../errors.js';
import { invalidArgument } from './append-plan.js';
import { corruptError, decodeRecord, encodeRecord } from './file-format.js';
import { type FileIdentity, type WriterLock, type WriterLockKind, acquireWriterLock } from './file-lock.js';
import { type SetAside, setAsideTornTail, syncFolder, writeHeader } from './file-recovery.js';
import { type ScannedLog, scanLog } from './file-scan.js';
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
 * import { createFileStore } from 'omnithread';
 * const store = await createFileStore({ path: './data/events.jsonl', fsync: 'batch', fsyncIntervalMs: 50 });
 * const reader = await createFileStore({ path: './data/events.jsonl', readOnly: true });
 * ```
 */
export interface FileStoreOptions {
  /** The log file. A writer creates it (with its folder) if missing; a reader needs it to exist. */
  readonly path: string;
  /**
   * Open for reading only: no lock, nothing in the file is ever changed, appends reject with
   * `STORE_READ_ONLY`. Works next to a live writer and sees the log as it was when opened, up to its
   * last complete append. Default false.
   */
  readonly readOnly?: boolean;
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
 * import { createFileStore } from 'omnithread';
 * const store = await createFileStore({ path: 'events.jsonl' });
 * if (store.recovery.setAside) console.warn(`a torn final append was moved to ${store.recovery.setAside.path}`);
 * ```
 */
export interface FileStoreRecovery {
  /** Events in the log. */
  readonly events: number;
  /** Bytes of a torn final append the writer cut off the end, after copying them aside (0 when clean). */
  readonly truncatedBytes: number;
  /** Where the writer put a torn final append, or null when there was none (always null for a reader). */
  readonly setAside: SetAside | null;
  /**
   * For a reader: bytes after the last complete append that it does not read — an append a live
   * writer is making, or a torn one the next writer will set aside. 0 for a writer.
   */
  readonly pendingBytes: number;
}

/**
 * A file store: an {@link EventStore} plus its path, mode and what its open found.
 *
 * @example
 * ```ts
 * import { type FileEventStore, createFileStore } from 'omnithread';
 * const store: FileEventStore = await createFileStore({ path: './data/events.jsonl' });
 * console.log(store.path, store.recovery.events, store.lock); // …, 0, 'abstract-socket' on Linux
 * ```
 */
export interface FileEventStore<E extends StorableEvent = OmnithreadEvent> extends EventStore<E> {
  readonly path: string;
  readonly readOnly: boolean;
  /** The writer lock's mechanism on this platform; null for a reader (it takes none). */
  readonly lock: WriterLockKind | null;
  readonly recovery: FileStoreRecovery;
  storeId(): Promise<string | undefined>;
}

const MAX_READ_BYTES = 4 << 20;
const FSYNC_POLICIES: readonly unknown[] = ['always', 'batch', 'never'];

/** `STORE_IO`: the system refused something the store needs (the errno is in the message). */
export function storeIoError(path: string, doing: string, error: unknown): OmnithreadError {
  const e = error as NodeJS.ErrnoException;
  const reason = e?.code === 'ENOENT' ? 'no such file' : e?.code === 'EACCES' || e?.code === 'EPERM' ? 'permission denied' : e?.code === 'EISDIR' ? 'is a directory' : e?.code === 'ENOSPC' ? 'no space left on the device' : (e?.message ?? String(error));
  return new OmnithreadError('STORE_IO', `${path}: cannot ${doing}: ${reason}${e?.code && !reason.includes(e.code) ? ` (${e.code})` : ''}`, { cause: error });
}

async function openWritable(path: string): Promise<FileHandle> {
  for (;;) {
    try {
      return await open(path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      const handle = await open(path, 'wx+');
      // Make the new file's directory entry durable too, or a power cut could lose the whole file.
      await syncFolder(path);
      return handle;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // created by another process meanwhile
    }
  }
}

/** The handle's file identity; throws `STORE_IO` unless it is a regular file. */
async function regularFile(handle: FileHandle, path: string): Promise<FileIdentity> {
  const info = await handle.stat({ bigint: true });
  if (!info.isFile()) {
    const what = info.isCharacterDevice() ? 'a character device' : info.isBlockDevice() ? 'a block device' : info.isFIFO() ? 'a pipe' : info.isSocket() ? 'a socket' : 'not a file';
    throw new OmnithreadError('STORE_IO', `${path}: cannot be used as a store: not a regular file (${what})`);
  }
  return { dev: info.dev, ino: info.ino };
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
  const readOnly = options.readOnly ?? false;
  if (typeof readOnly !== 'boolean') throw invalidArgument('readOnly must be a boolean', ['readOnly']);
  return { path: resolve(options.path), fsync, fsyncIntervalMs, readOnly };
}

/** Errors of the file system become `STORE_IO`; omnithread's own errors pass through. */
function typed(path: string, doing: string, error: unknown): unknown {
  return error instanceof OmnithreadError || (error as NodeJS.ErrnoException)?.code === undefined ? error : storeIoError(path, doing, error);
}

interface Opened {
  readonly handle: FileHandle;
  readonly lock: WriterLock | undefined;
  readonly scanned: ScannedLog;
  readonly size: number;
  readonly storeId: string | undefined;
  readonly setAside: SetAside | null;
}

async function openForWriting(path: string): Promise<Opened> {
  await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
    throw storeIoError(path, 'create its folder', error);
  });
  for (let attempt = 0; ; attempt++) {
    const handle = await openWritable(path).catch((error: unknown) => {
      throw storeIoError(path, 'open for writing', error);
    });
    let lock: WriterLock | undefined;
    try {
      const identity = await regularFile(handle, path);
      lock = await acquireWriterLock(path, identity);
      // The lock names the inode we opened: make sure the path still leads to it.
      const now = await stat(path, { bigint: true }).catch(() => undefined);
      if (!now || now.dev !== identity.dev || now.ino !== identity.ino) {
        if (attempt < 3) {
          await lock.release();
          await handle.close();
          continue;
        }
        throw new OmnithreadError('STORE_IO', `${path}: the file keeps being replaced while it is opened`);
      }
      const scanned = await scanLog(handle, path);
      const setAside = scanned.tail ? await setAsideTornTail(handle, path, scanned.tail) : null;
      let { size, storeId } = scanned;
      if (size === 0) ({ size, storeId } = await writeHeader(handle));
      return { handle, lock, scanned, size, storeId, setAside };
    } catch (error) {
      await lock?.release();
      await handle.close().catch(() => undefined);
      throw typed(path, 'open', error);
    }
  }
}

async function openForReading(path: string): Promise<Opened> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw storeIoError(path, 'open for reading', error);
  });
  try {
    await regularFile(handle, path);
    const scanned = await scanLog(handle, path);
    return { handle, lock: undefined, scanned, size: scanned.size, storeId: scanned.storeId, setAside: null };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw typed(path, 'read', error);
  }
}

/**
 * Opens (or creates) the durable embedded event store: an append-only JSON Lines file with a header
 * naming the log, a checksum per record, a single-writer lock the kernel releases when the writer
 * dies, and strict recovery on open: only a torn final append is cut (after being copied to
 * `${path}.torn-<n>`); any other damage is `STORE_CORRUPT` and the file is left as it was. Appends go
 * to disk in one write each and, with the default `fsync: 'always'`, are on stable storage before
 * their promise resolves. With `readOnly: true` it takes no lock and changes nothing.
 *
 * Throws `STORE_LOCKED` when another process has the file open for writing, `STORE_CORRUPT` for a
 * damaged file, `STORE_IO` for a path that cannot be used (see docs/stores.md).
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
  const { path, fsync, fsyncIntervalMs, readOnly } = validateOptions(options);
  const opened = readOnly ? await openForReading(path) : await openForWriting(path);
  const { handle, lock, scanned, size, storeId, setAside } = opened;
  const release = lock ? lock.release : async () => undefined;
  const backend = fileBackend<E>(handle, path, scanned.offsets, size, readOnly ? 'never' : fsync, fsyncIntervalMs, release);
  const store = createIndexedStore<E>(backend, scanned.index, { readOnly, storeId });
  const recovery: FileStoreRecovery = {
    events: scanned.index.head,
    truncatedBytes: setAside?.bytes ?? 0,
    setAside,
    pendingBytes: readOnly ? scanned.fileSize - scanned.size : 0,
  };
  return Object.assign(store, { path, readOnly, lock: lock?.kind ?? null, recovery, storeId: store.storeId! });
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
  /** Bytes written since the last fsync started: close() syncs only then. */
  let unsynced = false;

  const endOf = (position: number): number => (position < offsets.length ? (offsets[position] as number) : size);

  function scheduleSync(): void {
    if (syncTimer) return;
    syncTimer = setTimeout(() => {
      syncTimer = undefined;
      unsynced = false;
      backgroundSync = handle.datasync().catch((error: unknown) => {
        broken ??= error;
      });
    }, fsyncIntervalMs);
    syncTimer.unref();
  }

  async function persist(records: readonly NewRecord<E>[]): Promise<void> {
    if (broken) throw storeIoError(path, 'append after an earlier write or fsync failed (reopen the store to recover)', broken);
    const parts = records.map(({ stored, id, batchEnd, json }) =>
      // The file store never sets needsJson to false, so every record arrives with its JSON.
      encodeRecord({ pos: stored.globalPosition, batchEnd, stream: stored.streamName, version: stored.streamVersion, id }, json ?? JSON.stringify(stored.event)),
    );
    const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    unsynced = true;
    try {
      await writeFully(handle, bytes, size);
    } catch (error) {
      // Take back a partial write so that the next append does not land after garbage.
      await handle.truncate(size).catch(() => (broken ??= error));
      throw storeIoError(path, 'write', error);
    }
    if (fsync === 'always') {
      try {
        await handle.datasync();
        unsynced = false;
      } catch (error) {
        // After a failed fsync the page cache may have dropped the data: nothing can be trusted.
        broken ??= error;
        await handle.truncate(size).catch(() => undefined);
        throw storeIoError(path, 'sync (fdatasync)', error);
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
        if (!broken && unsynced) await handle.datasync();
      } finally {
        await handle.close();
        await releaseLock();
      }
    },
  };
}
