/**
 * `store check` and `store repair`: reading a damaged log leniently, never in place.
 *
 * - {@link checkLog} says what a writer's open would do (clean / a torn final append it would set
 *   aside / STORE_CORRUPT at a line) and, for a damaged log, lists every line that is not an intact
 *   record and how many records a repair would keep.
 * - {@link repairLog} writes a NEW log with every salvageable record — each line whose checksum holds
 *   (a line whose only fault is a CRLF ending counts), once, in the order of its original position,
 *   renumbered densely — and a quarantine file (JSON Lines) with every other line, its line number,
 *   byte offset, reason and bytes. The new log has a new store id (`repairedFrom` names the old), so
 *   snapshots of the damaged log are refused over it. The damaged file is only read.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isOmnithreadError, OmnithreadError } from '../errors.js';
import { HEADER_START, type RecordHeader, decodeHeader, decodeLogHeader, describeBadLine, encodeHeader, encodeRecord, eventRange, legacyStoreId } from './file-format.js';
import { scanLines } from './file-lines.js';
import { syncFolder } from './file-recovery.js';
import { type TornTail, scanLog } from './file-scan.js';
import { storeIoError } from './file.js';

/**
 * A line of a log that is not carried into a repaired log.
 *
 * @example
 * ```ts
 * import { checkLog } from 'omnithread';
 * for (const d of (await checkLog('events.jsonl')).damagedLines) console.log(d.line, d.offset, d.reason);
 * ```
 */
export interface DamagedLine {
  readonly line: number;
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
}

/**
 * What `store check` found.
 *
 * @example
 * ```ts
 * import { checkLog } from 'omnithread';
 * const report = await checkLog('./data/events.jsonl');
 * if (report.verdict === 'corrupt') console.error(report.problem?.message);
 * ```
 */
export interface LogCheck {
  readonly path: string;
  readonly bytes: number;
  /** `clean`: opens as it is; `torn-tail`: a writer would set a torn final append aside; `corrupt`: STORE_CORRUPT. */
  readonly verdict: 'clean' | 'torn-tail' | 'corrupt';
  readonly storeId: string | null;
  /** `header` for a log of this version, `0.1.0` for one without a header line. */
  readonly format: 'header' | '0.1.0' | 'empty' | 'unknown';
  /** Events a store opened on the file would hold (0 when corrupt). */
  readonly events: number;
  readonly streams: number;
  readonly tornTail: TornTail | null;
  /** The first damage (what STORE_CORRUPT says), for a corrupt log. */
  readonly problem: { readonly line: number; readonly message: string } | null;
  /** For a corrupt log: every line a repair would quarantine (at most 1,000 listed) and how many records it would keep. */
  readonly damagedLines: readonly DamagedLine[];
  readonly damagedLineCount: number;
  readonly salvageable: number;
}

interface Candidate {
  readonly line: number;
  readonly offset: number;
  /** The whole line, newline included. */
  readonly bytes: number;
  readonly header: RecordHeader;
  readonly eventFrom: number;
  readonly eventTo: number;
  readonly digest: string;
  readonly crlf: boolean;
}

interface Salvage {
  readonly storeId: string | undefined;
  readonly kept: Candidate[];
  readonly quarantined: DamagedLine[];
}

async function openInput(path: string): Promise<FileHandle> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw storeIoError(path, 'open for reading', error);
  });
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new OmnithreadError('STORE_IO', `${path}: not a regular file`);
  }
  return handle;
}

/** Reads every line leniently and decides what a repair keeps. */
async function salvage(handle: FileHandle): Promise<Salvage> {
  let storeId: string | undefined;
  const candidates: Candidate[] = [];
  const quarantined: DamagedLine[] = [];
  let lineNo = 0;
  const { offset: restOffset, rest } = await scanLines(handle, (buf, start, end, offset) => {
    lineNo++;
    const bytes = end - start + 1;
    // A CRLF line ending is the one damage forgiven: the checksum proves the rest of the line.
    const crlf = buf[end - 1] === 0x0d;
    const to = crlf ? end - 1 : end;
    if (buf.compare(HEADER_START, 0, HEADER_START.length, start, Math.min(end, start + HEADER_START.length)) === 0) {
      const header = decodeLogHeader(buf, start, to);
      if (lineNo === 1 && typeof header !== 'string') storeId = header.storeId;
      else quarantined.push({ line: lineNo, offset, bytes, reason: typeof header === 'string' ? header : 'a second header line' });
      return;
    }
    const header = decodeHeader(buf, start, to);
    if (!header) {
      quarantined.push({ line: lineNo, offset, bytes, reason: describeBadLine(buf, start, end) });
      return;
    }
    if (lineNo === 1) storeId = legacyStoreId(buf, start, to);
    const [from, until] = eventRange(buf, start, to);
    const digest = createHash('sha256').update(buf.subarray(from, until)).digest('hex');
    candidates.push({ line: lineNo, offset, bytes, header, eventFrom: offset + (from - start), eventTo: offset + (until - start), digest, crlf });
  });
  if (rest.length > 0) quarantined.push({ line: lineNo + 1, offset: restOffset, bytes: rest.length, reason: 'bytes after the last newline (a torn final append, never acknowledged)' });

  // In the order of their original positions (the order appends committed); the file order breaks ties.
  candidates.sort((a, b) => a.header.pos - b.header.pos || a.line - b.line);
  const kept: Candidate[] = [];
  const atPosition = new Map<number, Candidate>();
  const byId = new Map<string, Candidate>();
  for (const c of candidates) {
    const key = `${c.header.stream}\u0000${c.header.id}`;
    const samePos = atPosition.get(c.header.pos);
    const sameId = byId.get(key);
    const bytes = c.bytes;
    if (sameId) {
      const reason = sameId.digest === c.digest ? `a copy of line ${sameId.line} (event ${c.header.id})` : `event id ${c.header.id} of stream ${c.header.stream} again, with other content than line ${sameId.line}`;
      quarantined.push({ line: c.line, offset: c.offset, bytes, reason });
      continue;
    }
    if (samePos) {
      quarantined.push({ line: c.line, offset: c.offset, bytes, reason: `claims position ${c.header.pos}, already held by line ${samePos.line}` });
      continue;
    }
    atPosition.set(c.header.pos, c);
    byId.set(key, c);
    kept.push(c);
  }
  quarantined.sort((a, b) => a.line - b.line);
  return { storeId, kept, quarantined };
}

/**
 * Checks a log without changing it (no lock: it works next to a live writer, on the log as it is).
 *
 * @example
 * ```ts
 * import { checkLog } from 'omnithread';
 * const { verdict, events } = await checkLog('./data/events.jsonl');
 * ```
 */
export async function checkLog(file: string): Promise<LogCheck> {
  const path = resolve(file);
  const handle = await openInput(path);
  try {
    const bytes = (await handle.stat()).size;
    try {
      const log = await scanLog(handle, path);
      return {
        path, bytes, verdict: log.tail ? 'torn-tail' : 'clean', storeId: log.storeId ?? null,
        format: log.header ? 'header' : log.index.head > 0 ? '0.1.0' : 'empty',
        events: log.index.head, streams: log.index.streams.size, tornTail: log.tail ?? null, problem: null,
        damagedLines: [], damagedLineCount: 0, salvageable: log.index.head,
      };
    } catch (error) {
      if (!isOmnithreadError(error, 'STORE_CORRUPT')) throw error;
      const found = await salvage(handle);
      const line = error.issues[0]?.path[1];
      return {
        path, bytes, verdict: 'corrupt', storeId: found.storeId ?? null, format: 'unknown', events: 0, streams: 0, tornTail: null,
        problem: { line: typeof line === 'number' ? line : 0, message: error.message.replace(`${path}: `, '') },
        damagedLines: found.quarantined.slice(0, 1000), damagedLineCount: found.quarantined.length, salvageable: found.kept.length,
      };
    }
  } finally {
    await handle.close();
  }
}

/**
 * What `store repair` wrote.
 *
 * @example
 * ```ts
 * import { repairLog } from 'omnithread';
 * const { kept, quarantined } = await repairLog({ path: 'events.jsonl', out: 'events.repaired.jsonl' });
 * ```
 */
export interface RepairReport {
  readonly out: string;
  readonly quarantine: string;
  readonly storeId: string;
  readonly repairedFrom: string | null;
  readonly kept: number;
  readonly quarantined: number;
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
}

function quarantineEntry(d: DamagedLine, raw: Buffer): string {
  const text = raw.toString('utf8');
  const valid = Buffer.from(text, 'utf8').equals(raw);
  let event: unknown;
  try {
    event = (JSON.parse(text.replace(/\r$/, '')) as { event?: unknown }).event;
  } catch {
    event = undefined;
  }
  return `${JSON.stringify({ ...d, ...(valid ? { text } : { base64: raw.toString('base64') }), ...(event !== undefined ? { event } : {}) })}\n`;
}

/**
 * Writes a repaired copy of the log at `path` to `out` (which must not exist) and the lines it could
 * not keep to `quarantine` (default `${out}.quarantine.jsonl`). Never writes to `path`.
 */
export async function repairLog(options: { path: string; out: string; quarantine?: string }): Promise<RepairReport> {
  const path = resolve(options.path);
  const out = resolve(options.out);
  const quarantinePath = resolve(options.quarantine ?? `${options.out}.quarantine.jsonl`);
  if (out === path || quarantinePath === path) throw new OmnithreadError('INVALID_ARGUMENT', 'store repair never writes in place: --out must be another file', { issues: [{ path: ['out'], message: 'same as the log' }] });
  const input = await openInput(path);
  try {
    const found = await salvage(input);
    const storeId = randomUUID();
    const repairedFrom = found.storeId ?? null;
    const log = await open(out, 'wx').catch((error: unknown) => {
      throw storeIoError(out, 'create (it must not exist)', error);
    });
    // Both files are claimed before anything is written: a quarantine that cannot be created must not
    // leave behind a repaired log that looks finished (and blocks running the same command again).
    const q = await open(quarantinePath, 'wx').catch(async (error: unknown) => {
      await log.close();
      await unlink(out).catch(() => undefined);
      throw storeIoError(quarantinePath, 'create (it must not exist)', error);
    });
    try {
      await writeAll(log, encodeHeader(repairedFrom === null ? { storeId } : { storeId, repairedFrom }));
      const versions = new Map<string, number>();
      // Records of one original append stay one append (its batchEnd renumbered with it).
      for (let i = 0; i < found.kept.length; ) {
        let j = i;
        const first = found.kept[i]!.header;
        while (j + 1 < found.kept.length && found.kept[j + 1]!.header.batchEnd === first.batchEnd && found.kept[j + 1]!.header.stream === first.stream) j++;
        const parts: Buffer[] = [];
        for (let k = i; k <= j; k++) {
          const c = found.kept[k]!;
          const json = Buffer.allocUnsafe(c.eventTo - c.eventFrom);
          await input.read(json, 0, json.length, c.eventFrom);
          const version = (versions.get(c.header.stream) ?? 0) + 1;
          versions.set(c.header.stream, version);
          parts.push(encodeRecord({ pos: k + 1, batchEnd: j + 1, stream: c.header.stream, version, id: c.header.id }, json.toString('utf8')));
        }
        await writeAll(log, Buffer.concat(parts));
        i = j + 1;
      }
      await log.datasync();
    } catch (error) {
      await q.close();
      throw error;
    } finally {
      await log.close();
    }
    await syncFolder(out);
    try {
      for (const d of found.quarantined) {
        const raw = Buffer.allocUnsafe(d.bytes);
        const { bytesRead } = await input.read(raw, 0, raw.length, d.offset);
        await writeAll(q, Buffer.from(quarantineEntry(d, raw.subarray(0, bytesRead).subarray(0, raw.at(bytesRead - 1) === 0x0a ? bytesRead - 1 : bytesRead))));
      }
      await q.datasync();
    } finally {
      await q.close();
    }
    // The result must open as a clean log: check it with the same strict reading as a store's open.
    const check = await open(out, 'r');
    try {
      const verified = await scanLog(check, out);
      if (verified.tail || verified.index.head !== found.kept.length) throw new OmnithreadError('STORE_CORRUPT', `${out}: the repaired log does not read back as written`);
    } finally {
      await check.close();
    }
    return { out, quarantine: quarantinePath, storeId, repairedFrom, kept: found.kept.length, quarantined: found.quarantined.length };
  } finally {
    await input.close();
  }
}
