/**
 * The corruption matrix: a log of 110 acknowledged events, damaged in every way we could think of,
 * opened by a reader and then by a writer. For every case exactly one of these holds:
 *   - STORE_CORRUPT naming the damaged line, and the file is byte-identical afterwards (no cut, no
 *     `.torn-*` file) — the reader refuses the same way;
 *   - the damage is indistinguishable from a crash mid-append (it sits after the last complete
 *     append and looks like a torn write): exactly those bytes are copied to `.torn-1` and cut, the
 *     log keeps every append that lies wholly before the damage, and log + aside = the damaged file;
 *   - the file is a shorter valid log (cut exactly at an append boundary: no store can see what was
 *     after it) or a 0.1.0 log (header removed): it opens unchanged.
 * Zero silent losses: the expected class of each case is fixed here, and the invariants are checked
 * whatever the class.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOmnithreadError } from '../../src/errors.js';
import { createFileStore, type FileEventStore } from '../../src/store/index.js';
import { note, readAllEvents } from './helpers/events.js';
import { type Layout, firstDifference, flipByte, layoutOf, sha256, splice } from './helpers/layout.js';

type Expect = { kind: 'corrupt'; line: number } | { kind: 'torn' } | { kind: 'shorter' } | { kind: 'all' };
interface Case {
  readonly name: string;
  readonly bytes: Buffer;
  readonly expect: Expect;
}

let dir: string;
let base: Layout;
let caseNo = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'omnithread-matrix-'));
  const store = await createFileStore({ path: join(dir, 'base.jsonl'), fsync: 'never' });
  // 110 events in appends of 1, 2 and 3 events, alternating two streams, some with non-ASCII text.
  for (let n = 0, i = 0; n < 110; i++) {
    const size = Math.min((i % 3) + 1, 110 - n);
    const stream = i % 2 === 0 ? 'acme' : 'globex';
    await store.appendToStream(stream, Array.from({ length: size }, (_, k) => note(`e-${n + k}`, stream, n % 7 === 0 ? `배송 ${n + k} ✓` : `text of ${n + k}`)));
    n += size;
  }
  await store.close();
  base = layoutOf(await readFile(join(dir, 'base.jsonl')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lineOf = (index: number) => base.records[index]!.line;
const lastIndex = () => base.records.length - 1;
/** A record line re-sealed with a correct checksum after `edit`: a forgery only the sequence checks catch. */
function reseal(text: string, edit: (record: Record<string, unknown>) => void): string {
  const record = JSON.parse(text) as Record<string, unknown>;
  delete record.crc;
  edit(record);
  const body = JSON.stringify(record).slice(0, -1);
  return `${body},"crc":"${crc32(Buffer.from(body)).toString(16).padStart(8, '0')}"}`;
}
function lines(): string[] {
  return base.bytes.toString('utf8').split('\n').slice(0, -1);
}
function fromLines(all: readonly string[], trailingNewline = true): Buffer {
  return Buffer.from(all.join('\n') + (trailingNewline ? '\n' : ''));
}
function nextRecordPrefix(): string {
  return `{"pos":${base.records.length + 1},"batchEnd":${base.records.length + 1},"stream":"acme","version":`;
}

function namedCases(): Case[] {
  const b = base.bytes;
  const last = base.records[lastIndex()]!;
  const all = lines();
  const header = base.header!;
  const csv = Buffer.from('name,email\nAda,ada@example.com\n');
  const events = Buffer.from(`${JSON.stringify(note('x-1'))}\n${JSON.stringify(note('x-2'))}\n`);
  const cases: Case[] = [
    { name: 'CRLF line endings (git autocrlf, an editor, an ASCII transfer)', bytes: Buffer.from(b.toString('latin1').replaceAll('\n', '\r\n'), 'latin1'), expect: { kind: 'corrupt', line: 1 } },
    { name: 'CRLF on the last line only', bytes: splice(b, last.end - 1, last.end, '\r\n'), expect: { kind: 'corrupt', line: last.line } },
    { name: 'CRLF on a middle line', bytes: splice(b, base.records[50]!.end - 1, base.records[50]!.end, '\r\n'), expect: { kind: 'corrupt', line: lineOf(50) } },
    {
      name: 'the last 40 lines re-serialised (a space after "pos":)',
      bytes: fromLines(all.map((l, i) => (i >= all.length - 40 ? l.replace('"pos":', '"pos": ') : l))),
      expect: { kind: 'corrupt', line: all.length - 39 },
    },
    { name: 'a record re-serialised with its keys in another order', bytes: fromLines(all.map((l, i) => (i === lineOf(30) - 1 ? JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(l) as object).reverse())) : l))), expect: { kind: 'corrupt', line: lineOf(30) } },
    { name: 'the header: one byte flipped', bytes: flipByte(b, header.offset + 30), expect: { kind: 'corrupt', line: 1 } },
    { name: 'the header removed (reads as a 0.1.0 log)', bytes: b.subarray(header.end), expect: { kind: 'all' } },
    { name: 'the last record: first byte flipped', bytes: flipByte(b, last.offset), expect: { kind: 'corrupt', line: last.line } },
    { name: 'the last record: a digit of its position flipped', bytes: flipByte(b, last.offset + 7), expect: { kind: 'corrupt', line: last.line } },
    { name: 'the last record: a checksum digit changed', bytes: flipByte(b, last.end - 4, b[last.end - 4] === 0x30 ? 0x31 : 0x30), expect: { kind: 'corrupt', line: last.line } },
    { name: 'the last record: its closing brace flipped', bytes: flipByte(b, last.end - 2), expect: { kind: 'corrupt', line: last.line } },
    { name: 'the last record: its newline turned into another byte', bytes: flipByte(b, last.end - 1, 0x0b), expect: { kind: 'corrupt', line: last.line } },
    // A zero where the final newline was is exactly what a power cut leaves (a block never written).
    { name: 'the last record: its newline turned into a zero byte (looks like a torn write)', bytes: flipByte(b, last.end - 1, 0x00), expect: { kind: 'torn' } },
    { name: 'a middle newline turned into a space (two lines run together)', bytes: flipByte(b, base.records[60]!.end - 1, 0x20), expect: { kind: 'corrupt', line: lineOf(60) } },
    { name: 'the last line duplicated', bytes: Buffer.concat([b, b.subarray(last.offset, last.end)]), expect: { kind: 'corrupt', line: last.line + 1 } },
    { name: 'a middle line duplicated', bytes: splice(b, base.records[41]!.offset, base.records[41]!.offset, b.subarray(base.records[40]!.offset, base.records[40]!.end)), expect: { kind: 'corrupt', line: lineOf(41) } },
    { name: 'two middle lines swapped', bytes: fromLines(all.map((l, i) => (i === lineOf(20) - 1 ? all[lineOf(21) - 1]! : i === lineOf(21) - 1 ? all[lineOf(20) - 1]! : l))), expect: { kind: 'corrupt', line: lineOf(20) } },
    { name: 'the last two lines swapped', bytes: fromLines([...all.slice(0, -2), all.at(-1)!, all.at(-2)!]), expect: { kind: 'corrupt', line: last.line - 1 } },
    { name: 'a middle line removed', bytes: splice(b, base.records[70]!.offset, base.records[70]!.end, ''), expect: { kind: 'corrupt', line: lineOf(70) } },
    { name: 'a middle record edited (its checksum left as it was)', bytes: Buffer.from(b.toString('utf8').replace('text of 57"', 'text on 57"')), expect: { kind: 'corrupt', line: base.records.find((r) => r.id === 'e-57')!.line } },
    { name: 'the last record edited (its checksum left as it was)', bytes: Buffer.from(b.toString('utf8').replace(`text of 109"`, 'text on 109"')), expect: { kind: 'corrupt', line: last.line } },
    {
      name: 'a middle record forged with a valid checksum but another position',
      bytes: fromLines(all.map((l, i) => (i === lineOf(80) - 1 ? reseal(l, (r) => void (r.pos = 999)) : l))),
      expect: { kind: 'corrupt', line: lineOf(80) },
    },
    {
      name: 'the last record forged with a valid checksum but an event id its stream already has',
      bytes: fromLines(all.map((l, i) => (i === last.line - 1 ? reseal(l, (r) => void (r.id = base.records.find((x) => x.stream === last.stream)!.id)) : l))),
      expect: { kind: 'corrupt', line: last.line },
    },
    { name: 'a blank line inserted in the middle', bytes: splice(b, base.records[33]!.offset, base.records[33]!.offset, '\n'), expect: { kind: 'corrupt', line: lineOf(33) } },
    { name: 'a blank line appended', bytes: Buffer.concat([b, Buffer.from('\n')]), expect: { kind: 'corrupt', line: last.line + 1 } },
    { name: 'garbage appended as a line', bytes: Buffer.concat([b, Buffer.from('garbage\n')]), expect: { kind: 'corrupt', line: last.line + 1 } },
    { name: 'garbage appended without a newline', bytes: Buffer.concat([b, Buffer.from('garbage')]), expect: { kind: 'corrupt', line: last.line + 1 } },
    { name: 'a terminal escape appended without a newline', bytes: Buffer.concat([b, Buffer.from('\u001b[2J')]), expect: { kind: 'corrupt', line: last.line + 1 } },
    { name: 'zero-filled blocks appended (never written)', bytes: Buffer.concat([b, Buffer.alloc(4096)]), expect: { kind: 'torn' } },
    { name: 'zero bytes then data appended', bytes: Buffer.concat([b, Buffer.alloc(100), Buffer.from('{"pos":1')]), expect: { kind: 'corrupt', line: last.line + 1 } },
    { name: 'the start of the next record appended (a torn write)', bytes: Buffer.concat([b, Buffer.from(nextRecordPrefix())]), expect: { kind: 'torn' } },
    { name: 'the start of a record at a wrong position appended', bytes: Buffer.concat([b, Buffer.from('{"pos":5,"batchEnd":5,')]), expect: { kind: 'corrupt', line: last.line + 1 } },
    { name: 'a complete next record without its newline (torn just before it)', bytes: Buffer.concat([b, Buffer.from(reseal(last.text, (r) => Object.assign(r, { pos: last.pos + 1, batchEnd: last.pos + 1, id: 'new', version: 99 })))]), expect: { kind: 'torn' } },
    {
      name: 'a complete next record followed by stray bytes',
      bytes: Buffer.concat([b, Buffer.from(`${reseal(last.text, (r) => Object.assign(r, { pos: last.pos + 1, batchEnd: last.pos + 1, id: 'new' }))}xx`)]),
      expect: { kind: 'corrupt', line: last.line + 1 },
    },
    { name: 'a second log appended (two logs joined by cat)', bytes: Buffer.concat([b, b]), expect: { kind: 'corrupt', line: last.line + 1 } },
    { name: 'the file truncated to half (the rest is gone with the damage)', bytes: b.subarray(0, Math.floor(b.length / 2)), expect: { kind: 'torn' } },
    { name: 'a foreign file: CSV', bytes: csv, expect: { kind: 'corrupt', line: 1 } },
    { name: 'a foreign file: canonical events (an ingest input given as the store)', bytes: events, expect: { kind: 'corrupt', line: 1 } },
    { name: 'a foreign file: PNG bytes', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), expect: { kind: 'corrupt', line: 1 } },
    { name: 'a foreign file: an empty JSON object', bytes: Buffer.from('{}\n'), expect: { kind: 'corrupt', line: 1 } },
    { name: 'a foreign file: text without a newline', bytes: Buffer.from('hello'), expect: { kind: 'corrupt', line: 1 } },
  ];
  return cases;
}

/** A byte flip in the middle of every record: each one is STORE_CORRUPT at its line. */
function flipCases(): Case[] {
  return base.records.map((r, i) => ({ name: `record ${i + 1} of ${base.records.length}: a byte in the middle flipped`, bytes: flipByte(base.bytes, r.offset + Math.floor((r.end - r.offset) / 2)), expect: { kind: 'corrupt', line: r.line } }));
}

/** Truncation at every offset inside the last three records. */
function truncationCases(): Case[] {
  const boundaries = new Set(base.appends.map((a) => a.at(-1)!.end));
  const from = base.records[base.records.length - 3]!.offset;
  const cases: Case[] = [];
  for (let at = from; at < base.bytes.length; at++) {
    cases.push({ name: `truncated at byte ${at}`, bytes: base.bytes.subarray(0, at), expect: boundaries.has(at) ? { kind: 'shorter' } : { kind: 'torn' } });
  }
  return cases;
}

function asideFiles(path: string): string[] {
  const name = path.slice(dir.length + 1);
  return readdirSync(dir).filter((f) => f.startsWith(`${name}.torn-`));
}

async function tryOpen(path: string, readOnly: boolean): Promise<FileEventStore | unknown> {
  try {
    return await createFileStore({ path, readOnly, fsync: 'never' });
  } catch (error) {
    return error;
  }
}

const isStore = (x: unknown): x is FileEventStore => typeof (x as FileEventStore | undefined)?.appendToStream === 'function';
const describeOutcome = (x: unknown): string =>
  isStore(x) ? `opened (${x.recovery.events} events, ${x.recovery.truncatedBytes} bytes cut)` : isOmnithreadError(x) ? `${x.code}: ${x.message}` : String(x);

/** Runs one case; returns what went wrong (empty when it behaved). */
async function check(c: Case): Promise<string[]> {
  const problems: string[] = [];
  const path = join(dir, `case-${++caseNo}.jsonl`);
  await writeFile(path, c.bytes);
  const before = sha256(c.bytes);
  const diff = firstDifference(base.bytes, c.bytes);
  const intact = base.appends.filter((a) => a.at(-1)!.end <= diff).flat();

  const reader = await tryOpen(path, true);
  if (sha256(await readFile(path)) !== before) problems.push('the reader changed the file');
  const writer = isStore(reader) ? (await reader.close(), await tryOpen(path, false)) : await tryOpen(path, false);
  const after = await readFile(path);

  if (c.expect.kind === 'corrupt') {
    for (const [who, outcome] of [['reader', reader], ['writer', writer]] as const) {
      if (!isOmnithreadError(outcome, 'STORE_CORRUPT')) problems.push(`${who}: expected STORE_CORRUPT at line ${c.expect.line}, got ${describeOutcome(outcome)}`);
      else if (!outcome.message.includes(`line ${c.expect.line} `)) problems.push(`${who}: STORE_CORRUPT names the wrong line: ${outcome.message}`);
    }
    if (sha256(after) !== before) problems.push(`the file changed: ${c.bytes.length} → ${after.length} bytes`);
    if (asideFiles(path).length > 0) problems.push(`set something aside: ${asideFiles(path).join(', ')}`);
    if (isStore(writer)) await writer.close();
    return problems;
  }

  if (!isStore(writer)) return [...problems, `expected to open (${c.expect.kind}), got ${describeOutcome(writer)}`];
  try {
    const ids = (await readAllEvents(writer)).map((s) => `${s.globalPosition}:${s.event.id}`);
    const expectedIds = (c.expect.kind === 'all' ? base.records : intact).map((r) => `${r.pos}:${r.id}`);
    if (ids.join() !== expectedIds.join()) problems.push(`the log holds ${ids.length} events, expected the ${expectedIds.length} of the appends before the damage`);
    const aside = asideFiles(path);
    if (c.expect.kind === 'torn') {
      const setAside = writer.recovery.setAside;
      if (!setAside || aside.length !== 1) problems.push(`expected one .torn file, got ${aside.join(', ') || 'none'} (setAside ${JSON.stringify(setAside)})`);
      else {
        const kept = await readFile(setAside.path);
        if (Buffer.compare(Buffer.concat([after, kept]), c.bytes) !== 0) problems.push('log + aside bytes are not the damaged file');
        if (setAside.offset !== after.length) problems.push(`setAside.offset ${setAside.offset}, the log is ${after.length} bytes`);
      }
      if (isStore(reader) && reader.recovery.pendingBytes !== c.bytes.length - after.length) problems.push(`the reader saw ${reader.recovery.pendingBytes} pending bytes`);
      if (isStore(reader) && reader.recovery.events !== writer.recovery.events) problems.push(`the reader saw ${reader.recovery.events} events, the writer ${writer.recovery.events}`);
    } else {
      if (aside.length > 0 || writer.recovery.setAside) problems.push(`set aside ${aside.join(', ')} for a log that needed nothing`);
      const grew = after.length === 0 || (c.bytes.length === 0 && after.toString().startsWith('{"omnithread"'));
      if (sha256(after) !== before && !grew) problems.push('the file changed');
    }
  } finally {
    await writer.close();
  }
  return problems;
}

/** Runs the cases a few at a time (each waits mostly on fsync), reporting failures in case order. */
async function runAll(cases: readonly Case[], concurrency = 8): Promise<string[]> {
  const failures: string[][] = cases.map(() => []);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const problems = await check(cases[i]!);
      if (problems.length > 0) failures[i] = [`${cases[i]!.name}: ${problems.join('; ')}`];
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures.flat();
}

describe('file store corruption matrix (110 acknowledged events)', () => {
  it('the base log is what the matrix assumes: a header, 110 records, appends of 1–3', () => {
    expect(base.header).toBeDefined();
    expect(base.records).toHaveLength(110);
    expect(new Set(base.appends.map((a) => a.length))).toEqual(new Set([1, 2, 3]));
  });

  it('named damage: CRLF, re-serialisation, flips in the header and the last record, duplicated / swapped / removed / edited / forged lines, appended garbage, foreign files', async () => {
    const cases = namedCases();
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(await runAll(cases)).toEqual([]);
  });

  it('a byte flipped in every record is STORE_CORRUPT at that line, and the file is left byte-identical', async () => {
    expect(await runAll(flipCases())).toEqual([]);
  });

  it('truncation at every offset of the last three records: the torn final append is set aside verbatim, or the log is a shorter valid one', async () => {
    const cases = truncationCases();
    expect(cases.length).toBeGreaterThan(300);
    expect(await runAll(cases)).toEqual([]);
  });

  it('a torn append of several records is set aside whole, its complete records included, so appends stay all-or-nothing', async () => {
    const three = base.appends.findLast((a) => a.length === 3)!;
    const cut = three[1]!.end + 10; // records 1 and 2 of the append complete, the third torn
    const path = join(dir, 'multi.jsonl');
    const damaged = base.bytes.subarray(0, cut);
    await writeFile(path, damaged);
    const store = await createFileStore({ path });
    try {
      expect(store.recovery.setAside).toMatchObject({ offset: three[0]!.offset, line: three[0]!.line, records: 2, bytes: cut - three[0]!.offset });
      expect(await store.lastPosition()).toBe(three[0]!.pos - 1);
      expect(existsSync(`${path}.torn-1`)).toBe(true);
      expect((await readFile(`${path}.torn-1`)).equals(damaged.subarray(three[0]!.offset))).toBe(true);
    } finally {
      await store.close();
    }
    const again = await createFileStore({ path });
    expect(again.recovery).toMatchObject({ truncatedBytes: 0, setAside: null });
    await again.close();
  });
});
