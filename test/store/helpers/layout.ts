/**
 * The byte layout of a log file, read independently of the store (so that tests of recovery do not
 * trust the code they test): the header line, each record's line, offsets and append.
 */
import { createHash } from 'node:crypto';

export interface LineInfo {
  /** 1-based line number. */
  readonly line: number;
  readonly offset: number;
  /** Offset just past the newline. */
  readonly end: number;
  readonly text: string;
}

export interface RecordInfo extends LineInfo {
  readonly pos: number;
  readonly batchEnd: number;
  readonly id: string;
  readonly stream: string;
}

export interface Layout {
  readonly bytes: Buffer;
  readonly header: LineInfo | undefined;
  readonly records: readonly RecordInfo[];
  /** Appends in order, each as the records it holds. */
  readonly appends: readonly (readonly RecordInfo[])[];
}

export function layoutOf(bytes: Buffer): Layout {
  const lines: LineInfo[] = [];
  let offset = 0;
  for (let n = 1; offset < bytes.length; n++) {
    const newline = bytes.indexOf(0x0a, offset);
    if (newline === -1) break;
    lines.push({ line: n, offset, end: newline + 1, text: bytes.toString('utf8', offset, newline) });
    offset = newline + 1;
  }
  const header = lines[0]?.text.startsWith('{"omnithread"') ? lines[0] : undefined;
  const records = lines
    .filter((l) => l !== header)
    .map((l) => {
      const r = JSON.parse(l.text) as { pos: number; batchEnd: number; id: string; stream: string };
      return { ...l, pos: r.pos, batchEnd: r.batchEnd, id: r.id, stream: r.stream };
    });
  const appends: RecordInfo[][] = [];
  for (const r of records) {
    const last = appends.at(-1);
    if (last && last[0]!.batchEnd === r.batchEnd) last.push(r);
    else appends.push([r]);
  }
  return { bytes, header, records, appends };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The first byte offset where `damaged` differs from `base` (the shorter length when one is a prefix of the other). */
export function firstDifference(base: Buffer, damaged: Buffer): number {
  const n = Math.min(base.length, damaged.length);
  for (let i = 0; i < n; i++) if (base[i] !== damaged[i]) return i;
  return n;
}

/** Replaces buf[start, end) with `replacement`. */
export function splice(buf: Buffer, start: number, end: number, replacement: Buffer | string): Buffer {
  return Buffer.concat([buf.subarray(0, start), Buffer.from(replacement), buf.subarray(end)]);
}

/** Flips the bits of one byte (never to itself). */
export function flipByte(buf: Buffer, at: number, to?: number): Buffer {
  const out = Buffer.from(buf);
  out[at] = to ?? (out[at]! ^ 0x20 || 0x21);
  return out;
}
