/**
 * The file store's format: a header line naming the log, then one JSON object per event,
 *
 *   {"omnithread":"event-log","formatVersion":1,"storeId":"6f1c…","crc":"01234567"}
 *   {"pos":7,"batchEnd":8,"stream":"acme","version":3,"id":"sms-1","event":{…},"crc":"89abcdef"}
 *
 * `crc` is the CRC-32 of every byte before `,"crc":` (the line up to the end of the event). It sits
 * last at a fixed width, so a reader verifies it without re-serialising anything. `batchEnd` is the
 * position of the last record of the same append: recovery sets aside an append whose last record
 * never made it to disk, which keeps appends all-or-nothing across crashes. Logs written by 0.1.0
 * have no header line; they start with record 1 and are read as they are.
 */
import { createHash } from 'node:crypto';
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

/** Encodes one line: `body` (an unterminated JSON object) closed by its checksum and a newline. */
function sealLine(body: string): Buffer {
  const bytes = Buffer.from(body);
  return Buffer.concat([bytes, Buffer.from(`,"crc":"${hex8(crc32(bytes))}"}\n`)]);
}

/** The first line of a log written by this version: who the log is, so snapshots can be bound to it. */
export interface LogHeader {
  readonly storeId: string;
  /** Set on a log written by `store repair`: the id of the log it was salvaged from. */
  readonly repairedFrom?: string;
}

export const LOG_FORMAT_VERSION = 1;
export const HEADER_START = Buffer.from('{"omnithread":"event-log",');

/** Encodes the header line, newline included. */
export function encodeHeader(header: LogHeader): Buffer {
  const repaired = header.repairedFrom === undefined ? '' : `,"repairedFrom":${JSON.stringify(header.repairedFrom)}`;
  return sealLine(`{"omnithread":"event-log","formatVersion":${LOG_FORMAT_VERSION},"storeId":${JSON.stringify(header.storeId)}${repaired}`);
}

/**
 * The header in buf[start, end) (a line without its newline); a string saying what is wrong with a
 * line that starts like a header but is not a valid one.
 */
export function decodeLogHeader(buf: Buffer, start: number, end: number): LogHeader | string {
  if (!checksumMatches(buf, start, end)) return 'the header line fails its checksum';
  try {
    const h = JSON.parse(buf.toString('utf8', start, end)) as { formatVersion?: unknown; storeId?: unknown; repairedFrom?: unknown };
    if (h.formatVersion !== LOG_FORMAT_VERSION) return `log format version ${String(h.formatVersion)}; this build reads ${LOG_FORMAT_VERSION}`;
    if (typeof h.storeId !== 'string' || h.storeId.length === 0) return 'the header has no storeId';
    if (h.repairedFrom !== undefined && typeof h.repairedFrom !== 'string') return 'the header has a bad repairedFrom';
    return h.repairedFrom === undefined ? { storeId: h.storeId } : { storeId: h.storeId, repairedFrom: h.repairedFrom };
  } catch {
    return 'the header line is not JSON';
  }
}

/**
 * The identity of a log written by 0.1.0, which has no header: derived from its first record, which
 * an append-only log never changes. Two copies of one log share it, as they share a header.
 */
export function legacyStoreId(buf: Buffer, start: number, end: number): string {
  return `legacy-${createHash('sha256').update(buf.subarray(start, end)).digest('hex').slice(0, 32)}`;
}

/** Encodes one record as its bytes, newline included. */
export function encodeRecord(header: RecordHeader, eventJson: string): Buffer {
  return sealLine(
    `{"pos":${header.pos},"batchEnd":${header.batchEnd},"stream":${JSON.stringify(header.stream)},` +
      `"version":${header.version},"id":${JSON.stringify(header.id)},"event":${eventJson}`,
  );
}

/** True when buf[start, end) — a line without its newline — ends with a CRC matching its body. */
export function checksumMatches(buf: Buffer, start: number, end: number): boolean {
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

/** Why buf[start, end) is not an intact record: the message of a STORE_CORRUPT. */
export function describeBadLine(buf: Buffer, start: number, end: number): string {
  if (end === start) return 'an empty line (every line of a log is a record)';
  if (buf[end - 1] === 0x0d) return "the line ends with a carriage return: the file's line endings were converted (CRLF); restore the original bytes, or run `omnithread store repair`";
  if (buf.indexOf(0, start) !== -1 && buf.indexOf(0, start) < end) return 'the line holds zero bytes (a block that was never written, or overwritten)';
  if (buf[start] !== 0x7b) return 'not a record (a log line is a JSON object); is this an omnithread event log?';
  const suffixStart = end - CRC_SUFFIX_LENGTH;
  const hasCrc = suffixStart > start && buf.compare(CRC_PREFIX, 0, CRC_PREFIX.length, suffixStart, suffixStart + CRC_PREFIX.length) === 0;
  if (!hasCrc) return 'not a record: it does not end with its checksum';
  if (!checksumMatches(buf, start, end)) return 'the checksum does not match: the record was changed after it was written';
  return 'the record fields are not valid';
}

/** The byte offset in buf[start, end) just past a checksum-valid line body ending there, if one does. */
export function sealedLineEnd(buf: Buffer, start: number, end: number): number | undefined {
  for (let at = buf.indexOf(CRC_PREFIX, start); at !== -1 && at + CRC_SUFFIX_LENGTH <= end; at = buf.indexOf(CRC_PREFIX, at + 1)) {
    const lineEnd = at + CRC_SUFFIX_LENGTH; // where the newline would be
    if (checksumMatches(buf, start, lineEnd)) return lineEnd;
  }
  return undefined;
}

/** `STORE_CORRUPT` for the log at `path`; `where` (line and byte offset) goes into the issues as `['line', n]`. */
export function corruptError(path: string, message: string, where?: { line: number; offset: number }): OmnithreadError {
  const issues = where ? [{ path: ['line', where.line], message: `byte ${where.offset}: ${message}` }] : [];
  return new OmnithreadError('STORE_CORRUPT', `${path}: ${message}`, { issues });
}

/** Decodes a full record when reading; `expected` is the global position it must have. */
export function decodeRecord<E extends StorableEvent>(buf: Buffer, start: number, end: number, expected: number, path: string): StoredEvent<E> {
  if (!checksumMatches(buf, start, end)) throw corruptError(path, `record ${expected} fails its checksum`);
  const record = JSON.parse(buf.toString('utf8', start, end)) as RecordHeader & { event: E };
  if (record.pos !== expected) throw corruptError(path, `record ${expected} claims position ${String(record.pos)}`);
  return { event: record.event, streamName: record.stream, streamVersion: record.version, globalPosition: record.pos };
}

/** Where the event's JSON sits in an intact record buf[start, end): [from, to) byte offsets. */
export function eventRange(buf: Buffer, start: number, end: number): [number, number] {
  return [buf.indexOf(EVENT_KEY, start) + EVENT_KEY.length, end - CRC_SUFFIX_LENGTH];
}
