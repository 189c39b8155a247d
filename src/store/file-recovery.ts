/**
 * What the writer does with what the strict scan found (file-scan.ts): a torn final append is
 * copied aside to `${path}.torn-<n>` (synced) before the file is cut back to its last complete
 * append, and an empty file gets its header. A reader does neither: it only stops before the tail.
 */
import { randomUUID } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodeHeader } from './file-format.js';
import type { TornTail } from './file-scan.js';

/**
 * Where the bytes of a torn final append were put, and what they were.
 *
 * @example
 * ```ts
 * import { createFileStore } from 'omnithread';
 * const store = await createFileStore({ path: 'events.jsonl' });
 * const { setAside } = store.recovery;
 * if (setAside) console.warn(`${setAside.bytes} bytes from line ${setAside.line} moved to ${setAside.path}`);
 * ```
 */
export interface SetAside {
  /** The file holding the bytes, verbatim: `${path}.torn-<n>`. */
  readonly path: string;
  /** Where they were in the log, as a byte offset and a line number. */
  readonly offset: number;
  readonly line: number;
  readonly bytes: number;
  /** Complete records of the unfinished append among them. */
  readonly records: number;
}

const COPY_CHUNK = 1 << 20;

/** fsyncs a folder, so that a file just created in it (or renamed into it) survives a power cut. */
export async function syncFolder(path: string): Promise<void> {
  try {
    const dir = await open(dirname(path), 'r');
    await dir.sync().finally(() => dir.close());
  } catch {
    // Some platforms cannot open or sync a directory; the file itself is still synced.
  }
}

/** Creates the first free `${path}.torn-<n>` (n = 1, 2, …) exclusively. */
async function createAsideFile(path: string): Promise<{ handle: FileHandle; path: string }> {
  for (let n = 1; ; n++) {
    const candidate = `${path}.torn-${n}`;
    try {
      return { handle: await open(candidate, 'wx'), path: candidate };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Copies the torn tail aside (synced, with its folder entry), then truncates the log to the end of
 * its last complete append and syncs it. A crash between the two steps copies the tail again next
 * time, to the next free name: the bytes are never only in the log's tail and then gone.
 */
export async function setAsideTornTail(handle: FileHandle, path: string, tail: TornTail): Promise<SetAside> {
  const aside = await createAsideFile(path);
  try {
    const buf = Buffer.allocUnsafe(Math.min(COPY_CHUNK, tail.bytes));
    for (let done = 0; done < tail.bytes; ) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, tail.bytes - done), tail.offset + done);
      if (bytesRead === 0) break; // the file shrank under us: keep what was there
      for (let written = 0; written < bytesRead; ) written += (await aside.handle.write(buf, written, bytesRead - written)).bytesWritten;
      done += bytesRead;
    }
    await aside.handle.datasync();
  } finally {
    await aside.handle.close();
  }
  await syncFolder(aside.path);
  await handle.truncate(tail.offset);
  await handle.datasync();
  return { path: aside.path, offset: tail.offset, line: tail.line, bytes: tail.bytes, records: tail.records };
}

/** Writes the header of a new log into an empty file and syncs it; returns the header's length and id. */
export async function writeHeader(handle: FileHandle): Promise<{ size: number; storeId: string }> {
  const storeId = randomUUID();
  const bytes = encodeHeader({ storeId });
  for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done, done)).bytesWritten;
  await handle.datasync();
  return { size: bytes.length, storeId };
}
