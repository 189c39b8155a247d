/**
 * The file store's record format: one JSON object per line,
 *
 *   {"pos":7,"batchEnd":8,"stream":"acme","version":3,"id":"sms-1","event":{…},"crc":"89abcdef"}
 *
 * `crc` is the CRC-32 of every byte before `,"crc":` (the line up to the end of the event). It sits
 * last at a fixed width, so a reader verifies it without re-serialising anything. `batchEnd` is the
 * position of the last record of the same append: recovery drops an append whose last record never
 * made it to disk, which keeps appends all-or-nothing across crashes.
 */
import * as zlib from 'node:zlib';
import { OmnithreadError } from '../errors.js';
import type { StorableEvent, StoredEvent } from './types.js';

/** The header fields of a record: everything recovery needs, without parsing the event. */
export interface RecordHeader {
  readonly pos: number;
  readonly batchEnd: number;
  readonly stream: string;
  readonly version: number;
  readonly id: string;
}

const CRC_PREFIX = Buffer.from(',"crc":"');
const CRC_SUFFIX_LENGTH = CRC_PREFIX.length + 8 + 2; // ,"crc":"xxxxxxxx"}
/** `,"event":` cannot occur inside a JSON string (a quote there is always escaped), so its first occurrence is structural. */
const EVENT_KEY = Buffer.from(',"event":');
export const RECORD_START = Buffer.from('{"pos":');
const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function crc32Portable(data: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = (CRC_TABLE[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** zlib.crc32 is native from Node 20.15; older Node 20 releases get the table version. */
export const crc32: (data: Uint8Array) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (data) => zlib.crc32(data) : crc32Portable;

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** Encodes one record as its bytes, newline included. */
export function encodeRecord(header: RecordHeader, eventJson: string): Buffer {
  const body = Buffer.from(
    `{"pos":${header.pos},"batchEnd":${header.batchEnd},"stream":${JSON.stringify(header.stream)},` +
      `"version":${header.version},"id":${JSON.stringify(header.id)},"event":${eventJson}`,
  );
  const suffix = Buffer.from(`,"crc":"${hex8(crc32(body))}"}\n`);
  return Buffer.concat([body, suffix]);
}

/** True when buf[start, end) — a line without its newline — ends with a CRC matching its body. */
function checksumMatches(buf: Buffer, start: number, end: number): boolean {
  const suffixStart = end - CRC_SUFFIX_LENGTH;
  if (suffixStart <= start || buf[end - 1] !== CLOSE_BRACE || buf[end - 2] !== QUOTE) return false;
  if (buf.compare(CRC_PREFIX, 0, CRC_PREFIX.length, suffixStart, suffixStart + CRC_PREFIX.length) !== 0) return false;
  const stated = buf.toString('latin1', end - 10, end - 2);
  if (!/^[0-9a-f]{8}$/.test(stated)) return false;
  return crc32(buf.subarray(start, suffixStart)) === Number.parseInt(stated, 16);
}

function isHeader(value: unknown): value is RecordHeader {
  const h = value as Partial<RecordHeader> | null;
  return (
    typeof h === 'object' && h !== null &&
    Number.isSafeInteger(h.pos) && (h.pos as number) >= 1 &&
    Number.isSafeInteger(h.batchEnd) && (h.batchEnd as number) >= (h.pos as number) &&
    typeof h.stream === 'string' && h.stream.length > 0 &&
    Number.isSafeInteger(h.version) && (h.version as number) >= 1 &&
    typeof h.id === 'string' && h.id.length > 0
  );
}

/** The header of the record in buf[start, end), or undefined when it is not an intact record. */
export function decodeHeader(buf: Buffer, start: number, end: number): RecordHeader | undefined {
  if (!checksumMatches(buf, start, end)) return undefined;
  const eventAt = buf.indexOf(EVENT_KEY, start);
  if (eventAt === -1 || eventAt >= end) return undefined;
  try {
    const header: unknown = JSON.parse(`${buf.toString('utf8', start, eventAt)}}`);
    return isHeader(header) ? header : undefined;
  } catch {
    return undefined;
  }
}

/** True when an intact record starts anywhere in buf[start, end) — used to tell a torn tail from damage in the middle. */
export function containsRecord(buf: Buffer, start: number, end: number): boolean {
  for (let at = buf.indexOf(RECORD_START, start); at !== -1 && at < end; at = buf.indexOf(RECORD_START, at + 1)) {
    if (decodeHeader(buf, at, end)) return true;
  }
  return false;
}

export function corruptError(path: string, message: string): OmnithreadError {
  return new OmnithreadError('STORE_CORRUPT', `${path}: ${message}`);
}

/** Decodes a full record when reading; `expected` is the global position it must have. */
export function decodeRecord<E extends StorableEvent>(buf: Buffer, start: number, end: number, expected: number, path: string): StoredEvent<E> {
  if (!checksumMatches(buf, start, end)) throw corruptError(path, `record ${expected} fails its checksum`);
  const record = JSON.parse(buf.toString('utf8', start, end)) as RecordHeader & { event: E };
  if (record.pos !== expected) throw corruptError(path, `record ${expected} claims position ${String(record.pos)}`);
  return { event: record.event, streamName: record.stream, streamVersion: record.version, globalPosition: record.pos };
}
