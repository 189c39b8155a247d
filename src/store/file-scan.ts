/**
 * The strict reading of a log file, shared by the writer's and the reader's open: every complete
 * line must be the next intact record; what follows the last complete append is either nothing,
 * or a torn final append, or damage. It never changes the file: what to do with a torn append is
 * the caller's business (the writer sets it aside, a reader stops before it).
 *
 * The one rule (docs/stores.md, "Recovery on open"): the torn final append is
 *   - the complete records of an append whose last record (`pos === batchEnd`) is not in the file,
 *   - followed by the bytes after the last newline, which must look like what a crash mid-write
 *     leaves: a prefix of the next record, optionally followed by zero bytes (blocks never written).
 * Everything else — a complete line that is not the next intact record (bad checksum, CRLF, out of
 * order, duplicated, edited, foreign), a complete record followed by stray bytes, data after zero
 * bytes — is `STORE_CORRUPT`, naming the line and the byte offset.
 */
import type { FileHandle } from 'node:fs/promises';
import {
  HEADER_START,
  RECORD_START,
  type LogHeader,
  type RecordHeader,
  corruptError,
  decodeHeader,
  decodeLogHeader,
  describeBadLine,
  legacyStoreId,
  sealedLineEnd,
} from './file-format.js';
import { scanLines } from './file-lines.js';
import { type StoreIndex, emptyIndex } from './indexed-store.js';

/** The unfinished append at the end of a log: never acknowledged, so never part of the log. */
export interface TornTail {
  /** Byte offset where it starts: the end of the last complete append. */
  readonly offset: number;
  /** Its line number (1-based). */
  readonly line: number;
  /** Its length in bytes, up to the end of the file. */
  readonly bytes: number;
  /** Complete (checksum-valid) records of the unfinished append it holds. */
  readonly records: number;
}

export interface ScannedLog {
  readonly index: StoreIndex;
  /** Byte offset of each record; offsets[p - 1] is where position p starts. */
  readonly offsets: number[];
  /** End of the last complete append (or of the header): the bytes that are the log. */
  readonly size: number;
  readonly fileSize: number;
  /** The header line, absent in a 0.1.0 log and in an empty file. */
  readonly header: LogHeader | undefined;
  /** The header's id, or for a 0.1.0 log one derived from its first record; undefined for an empty file. */
  readonly storeId: string | undefined;
  /** Lines of the log proper (header included), that is the line number before the torn tail. */
  readonly lines: number;
  readonly tail: TornTail | undefined;
}

/** Reads the whole file strictly; throws `STORE_CORRUPT` (line and byte offset) at the first damage. */
export async function scanLog(handle: FileHandle, path: string): Promise<ScannedLog> {
  const index = emptyIndex();
  const offsets: number[] = [];
  let size = 0;
  let lines = 0;
  let lineNo = 0;
  let header: LogHeader | undefined;
  let storeId: string | undefined;
  let pending: { header: RecordHeader; offset: number }[] = [];
  const pendingIds = new Set<string>();

  const corrupt = (line: number, offset: number, message: string): never => {
    throw corruptError(path, `line ${line} (byte ${offset}): ${message}`, { line, offset });
  };

  function accept(record: RecordHeader, offset: number, end: number): void {
    const first = pending[0]?.header;
    const stream = index.streams.get(record.stream);
    const base = stream?.positions.length ?? 0;
    const expected = index.head + pending.length + 1;
    if (record.pos !== expected) corrupt(lineNo, offset, `record claims position ${record.pos}, expected ${expected} (lines duplicated, swapped or removed?)`);
    if (first && (first.stream !== record.stream || first.batchEnd !== record.batchEnd)) {
      corrupt(lineNo, offset, `record ${record.pos} does not continue the append of positions ${first.pos}–${first.batchEnd}, whose last record is missing`);
    }
    if (record.version !== base + pending.length + 1) corrupt(lineNo, offset, `record ${record.pos} has stream version ${record.version}, expected ${base + pending.length + 1}`);
    if (stream?.ids.has(record.id) || pendingIds.has(record.id)) corrupt(lineNo, offset, `event id ${record.id} appears twice in stream ${record.stream}`);
    pending.push({ header: record, offset });
    pendingIds.add(record.id);
    if (record.pos < record.batchEnd) return;
    // The append is complete: commit it to the indexes.
    let target = stream;
    if (!target) {
      target = { ids: new Map(), positions: [] };
      index.streams.set(record.stream, target);
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
    lines = lineNo;
  }

  const { offset: restOffset, rest } = await scanLines(handle, (buf, start, end, offset) => {
    lineNo++;
    const startsLikeHeader = end - start >= HEADER_START.length && buf.compare(HEADER_START, 0, HEADER_START.length, start, start + HEADER_START.length) === 0;
    if (startsLikeHeader) {
      if (lineNo !== 1) corrupt(lineNo, offset, 'a second header line: two logs were joined into one file?');
      const decoded = decodeLogHeader(buf, start, end);
      if (typeof decoded === 'string') corrupt(lineNo, offset, buf[end - 1] === 0x0d ? describeBadLine(buf, start, end) : decoded);
      header = decoded as LogHeader;
      storeId = header.storeId;
      size = offset + (end - start) + 1;
      lines = 1;
      return;
    }
    const record = decodeHeader(buf, start, end);
    if (!record) corrupt(lineNo, offset, describeBadLine(buf, start, end));
    if (lineNo === 1) storeId = legacyStoreId(buf, start, end);
    accept(record!, offset, offset + (end - start));
  });

  const fileSize = restOffset + rest.length;
  let tail: TornTail | undefined;
  if (size < fileSize) {
    if (rest.length > 0) checkFragment(rest, expectedStart(index.head, pending, size === 0), lineNo + 1, restOffset, corrupt);
    tail = { offset: size, line: lines + 1, bytes: fileSize - size, records: pending.length };
  }
  return { index, offsets, size, fileSize, header, storeId, lines, tail };
}

/** The bytes the next record must start with, as far as they are known. */
function expectedStart(head: number, pending: readonly { header: RecordHeader }[], emptyLog: boolean): Buffer[] {
  const first = pending[0]?.header;
  const next = head + pending.length + 1;
  if (first) {
    const version = first.version + pending.length;
    return [Buffer.from(`{"pos":${next},"batchEnd":${first.batchEnd},"stream":${JSON.stringify(first.stream)},"version":${version},"id":"`)];
  }
  const record = Buffer.from(`{"pos":${next},"batchEnd":`);
  // An empty file may hold the start of its header (a crash while the store was created).
  return emptyLog ? [record, Buffer.from(`${HEADER_START.toString()}"formatVersion":`)] : [record];
}

/**
 * The bytes after the last newline must be what a crash mid-append leaves: the start of the next
 * record as written (no zero byte: JSON never holds one), then possibly zero bytes only.
 */
function checkFragment(rest: Buffer, starts: Buffer[], line: number, offset: number, corrupt: (line: number, offset: number, message: string) => never): void {
  const zero = rest.indexOf(0);
  const text = zero === -1 ? rest : rest.subarray(0, zero);
  if (zero !== -1) {
    for (let i = zero; i < rest.length; i++) {
      if (rest[i] !== 0) corrupt(line, offset + i, 'data after zero bytes at the end of the file: not what a crash mid-append leaves');
    }
  }
  if (text.length === 0) return;
  const looksLikeNext = starts.some((start) => {
    const n = Math.min(text.length, start.length);
    return text.compare(start, 0, n, 0, n) === 0;
  });
  if (!looksLikeNext) {
    const what = text.compare(RECORD_START, 0, Math.min(text.length, RECORD_START.length), 0, Math.min(text.length, RECORD_START.length)) === 0 ? 'a record that is not the next one' : 'bytes that are not a record';
    corrupt(line, offset, `the file ends with ${what} (no newline): not the start of the next append, so not a torn write`);
  }
  const sealed = sealedLineEnd(text, 0, text.length);
  if (sealed !== undefined && sealed !== text.length) corrupt(line, offset + sealed, 'a complete record followed by stray bytes instead of its newline');
}
