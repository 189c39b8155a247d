/**
 * Opening a file store is recovery: stream the file once, verify every record, rebuild the indexes,
 * and decide what to do with anything that is not a complete, intact append.
 *
 * - A damaged or incomplete tail (a crash mid-append: a torn last line, zero-filled blocks, an
 *   append whose last record is missing) is cut off. Such an append was never acknowledged.
 * - Damage followed by any intact record is corruption in the middle: `STORE_CORRUPT`. Records are
 *   never skipped silently.
 */
import type { FileHandle } from 'node:fs/promises';
import { RECORD_START, containsRecord, corruptError, decodeHeader, type RecordHeader } from './file-format.js';
import { type StoreIndex, emptyIndex } from './indexed-store.js';

const CHUNK = 1 << 20;

export interface Recovered {
  readonly index: StoreIndex;
  /** Byte offset of each record; offsets[p - 1] is where position p starts. */
  readonly offsets: number[];
  /** Bytes of the file that hold complete appends. */
  readonly size: number;
  /** Bytes cut off the end (a torn append), 0 when the file was clean. */
  readonly truncatedBytes: number;
}

type LineHandler = (buf: Buffer, start: number, end: number, offset: number) => void;

/**
 * Calls `onLine` for each newline-terminated line (without the newline) and returns the offset and
 * bytes of an unterminated last line, if any. Reads in chunks: the file is never one big string.
 */
async function scanLines(handle: FileHandle, onLine: LineHandler): Promise<{ offset: number; rest: Buffer }> {
  let buf = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let base = 0; // file offset of buf[0]
  for (;;) {
    if (filled === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2); // one line longer than the buffer
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    const { bytesRead } = await handle.read(buf, filled, buf.length - filled, base + filled);
    if (bytesRead === 0) return { offset: base, rest: Buffer.from(buf.subarray(0, filled)) };
    const scanFrom = filled;
    filled += bytesRead;
    let start = 0;
    let newline = buf.indexOf(0x0a, scanFrom);
    while (newline !== -1 && newline < filled) {
      onLine(buf, start, newline, base + start);
      start = newline + 1;
      newline = buf.indexOf(0x0a, start);
    }
    buf.copy(buf, 0, start, filled);
    filled -= start;
    base += start;
  }
}

/**
 * A torn append starts where a record starts: its first bytes are (a start of) `{"pos":`, then
 * zeros where a block never reached the disk. Anything else (a foreign file, text added by hand) is not a
 * crash to clean up, and is refused rather than deleted.
 */
async function assertLooksTorn(handle: FileHandle, offset: number, path: string): Promise<void> {
  const head = Buffer.alloc(RECORD_START.length);
  const { bytesRead } = await handle.read(head, 0, head.length, offset);
  let matching = 0;
  while (matching < bytesRead && head[matching] === RECORD_START[matching]) matching++;
  const torn = head.subarray(matching, bytesRead).every((b) => b === 0); // a block boundary may fall inside the prefix
  if (!torn) throw corruptError(path, `byte ${offset}: unreadable data that is not a torn append${offset === 0 ? ' (is this an omnithread event log?)' : ''}`);
}

export async function recoverFile(handle: FileHandle, path: string): Promise<Recovered> {
  const index = emptyIndex();
  const offsets: number[] = [];
  let size = 0; // end of the last complete append
  let pending: { header: RecordHeader; offset: number }[] = [];
  const pendingIds = new Set<string>();
  let damagedAt: number | undefined;

  function corrupt(offset: number, message: string): never {
    throw corruptError(path, `byte ${offset}: ${message}`);
  }

  function accept(header: RecordHeader, offset: number, end: number): void {
    const first = pending[0]?.header;
    const stream = index.streams.get(header.stream);
    const base = stream?.positions.length ?? 0;
    if (header.pos !== index.head + pending.length + 1) corrupt(offset, `record claims position ${header.pos}, expected ${index.head + pending.length + 1}`);
    if (first && (first.stream !== header.stream || first.batchEnd !== header.batchEnd)) corrupt(offset, `record ${header.pos} does not continue the append it is part of`);
    if (header.version !== base + pending.length + 1) corrupt(offset, `record ${header.pos} has stream version ${header.version}, expected ${base + pending.length + 1}`);
    if (stream?.ids.has(header.id) || pendingIds.has(header.id)) corrupt(offset, `event id ${header.id} appears twice in stream ${header.stream}`);
    pending.push({ header, offset });
    pendingIds.add(header.id);
    if (header.pos < header.batchEnd) return;
    // The append is complete: commit it to the indexes.
    let target = stream;
    if (!target) {
      target = { ids: new Map(), positions: [] };
      index.streams.set(header.stream, target);
    }
    for (const p of pending) {
      target.ids.set(p.header.id, p.header.pos);
      target.positions.push(p.header.pos);
      offsets.push(p.offset);
    }
    index.head += pending.length;
    pending = [];
    pendingIds.clear();
    size = end + 1;
  }

  const { offset: restOffset, rest } = await scanLines(handle, (buf, start, end, offset) => {
    if (damagedAt !== undefined) {
      if (containsRecord(buf, start, end)) corrupt(offset, `intact records follow damage at byte ${damagedAt}`);
      return;
    }
    const header = decodeHeader(buf, start, end);
    if (header) return accept(header, offset, offset + (end - start));
    damagedAt = offset;
    if (containsRecord(buf, start + 1, end)) corrupt(offset, 'a damaged record runs into an intact one');
  });
  // An unterminated last line is a torn write whatever it holds: every acknowledged record ends
  // with its newline.
  const fileSize = restOffset + rest.length;
  if (size < fileSize) {
    await assertLooksTorn(handle, size, path);
    await handle.truncate(size);
    await handle.datasync();
  }
  return { index, offsets, size, truncatedBytes: fileSize - size };
}
