/** `omnithread store check | repair | export`: never in place, every record accounted for. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { createFileStore } from '../../src/store/index.js';
import { agentReply, aliceEmail, bobSms, captureIo, tempDir, writeLines } from './helpers.js';

async function run(argv: readonly string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A store of 12 events written through `ingest`. */
async function seeded(): Promise<{ dir: string; path: string; store: string }> {
  const dir = tempDir();
  const path = join(dir, 'events.log');
  const events = Array.from({ length: 12 }, (_, i) => ({ ...bobSms, id: `sms-${i}`, occurredAt: new Date(Date.UTC(2026, 10, 23, 9, i)).toISOString() }));
  const r = await run(['ingest', writeLines(dir, 'in.jsonl', events), '--store', `file:${path}`]);
  expect(r.code).toBe(0);
  return { dir, path, store: `file:${path}` };
}

describe('store check', () => {
  it('clean: exit 0, the events and the store id', async () => {
    const { store } = await seeded();
    const r = await run(['store', 'check', '--store', store, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'clean', format: 'header', events: 12, streams: 1, tornTail: null, problem: null });
    expect((await run(['store', 'check', '--store', store])).stdout).toMatch(/: clean\n/);
  });

  it('a torn final append: exit 0, torn-tail, and the file is not touched', async () => {
    const { path, store } = await seeded();
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"pos":13,"batchEnd":13,"str`);
    const before = hash(path);
    const r = await run(['store', 'check', '--store', store, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'torn-tail', events: 12, tornTail: { line: 14, records: 0 } });
    expect(hash(path)).toBe(before);
  });

  it('corrupt: exit 1, the first damaged line and why, every damaged line, what a repair keeps', async () => {
    const { path, store } = await seeded();
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[4] = lines[4]!.replace('sms-3', 'sms-X');
    lines.splice(8, 0, lines[7]!);
    writeFileSync(path, lines.join('\n'));
    const before = hash(path);
    const r = await run(['store', 'check', '--store', store, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ verdict: 'corrupt', problem: { line: 5 }, salvageable: 11, damagedLineCount: 2 });
    expect(report.damagedLines.map((d: { line: number; reason: string }) => [d.line, d.reason.split(':')[0]])).toEqual([
      [5, 'the checksum does not match'],
      [9, 'a copy of line 8 (event sms-6)'],
    ]);
    const text = await run(['store', 'check', '--store', store]);
    expect(text.stdout).toContain('STORE_CORRUPT: line 5 (byte');
    expect(text.stdout).toContain('omnithread store repair');
    expect(hash(path)).toBe(before);
  });
});

describe('store repair', () => {
  it('salvages a CRLF-converted log whole into a new file that opens cleanly, with a new store id; the damaged file is untouched', async () => {
    const { dir, path, store } = await seeded();
    const oldId = JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!).storeId as string;
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('\n', '\r\n'));
    const before = hash(path);
    const out = join(dir, 'repaired.log');
    const r = await run(['store', 'repair', '--store', store, '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kept: 12, quarantined: 0, repairedFrom: oldId });
    expect(hash(path)).toBe(before);
    const repaired = await createFileStore({ path: out, readOnly: true });
    expect(await repaired.lastPosition()).toBe(12);
    expect(await repaired.storeId()).not.toBe(oldId);
    await repaired.close();
  });

  it('keeps every intact record once and quarantines the rest with line, offset, reason and bytes', async () => {
    const { dir, path, store } = await seeded();
    const lines = readFileSync(path, 'utf8').split('\n');
    const damagedLine = lines[4]!.replace('sms-3', 'sms-X');
    lines[4] = damagedLine;
    lines.splice(8, 0, lines[7]!);
    writeFileSync(path, `${lines.join('\n')}garbage`);
    const out = join(dir, 'repaired.log');
    const r = await run(['store', 'repair', '--store', store, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('11 records kept, 3 lines quarantined');
    const quarantine = readFileSync(`${out}.quarantine.jsonl`, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(quarantine.map((q) => q.line)).toEqual([5, 9, 15]);
    expect(quarantine[0]).toMatchObject({ text: damagedLine, reason: expect.stringContaining('checksum'), event: { id: 'sms-3' } }); // to review and re-ingest
    const repaired = await createFileStore({ path: out, readOnly: true });
    const ids: string[] = [];
    for await (const batch of repaired.readAll()) ids.push(...batch.map((s) => s.event.id));
    await repaired.close();
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => `sms-${i}`).filter((id) => id !== 'sms-3'));
  });

  it('never writes in place, and never over an existing file', async () => {
    const { dir, path, store } = await seeded();
    expect((await run(['store', 'repair', '--store', store])).code).toBe(2);
    expect((await run(['store', 'repair', '--store', store, '--out', path])).code).toBe(2);
    writeFileSync(join(dir, 'taken.log'), 'x');
    const r = await run(['store', 'repair', '--store', store, '--out', join(dir, 'taken.log')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('STORE_IO');
    expect(readFileSync(join(dir, 'taken.log'), 'utf8')).toBe('x');
    expect(existsSync(join(dir, 'taken.log.quarantine.jsonl'))).toBe(false);
  });

  it('a repair refused because the quarantine file exists leaves no --out behind, so the same command can be run again', async () => {
    const { dir, store } = await seeded();
    writeFileSync(join(dir, 'taken.quarantine.jsonl'), 'precious');
    const out = join(dir, 'repaired.log');
    const r = await run(['store', 'repair', '--store', store, '--out', out, '--quarantine', join(dir, 'taken.quarantine.jsonl')]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'taken.quarantine.jsonl'), 'utf8')).toBe('precious');
    expect(existsSync(out)).toBe(false); // a repaired log without its quarantine would look like a finished repair
    expect((await run(['store', 'repair', '--store', store, '--out', out])).code).toBe(0);
  });
});

describe('store export', () => {
  it('export → ingest gives the same state', async () => {
    const dir = tempDir();
    const first = join(dir, 'first.log');
    await run(['ingest', writeLines(dir, 'in.jsonl', [bobSms, aliceEmail, agentReply]), '--store', `file:${first}`]);
    const exported = await run(['store', 'export', '--store', `file:${first}`]);
    expect(exported.code).toBe(0);
    const second = join(dir, 'second.log');
    const again = await run(['ingest', writeLines(dir, 'exported.jsonl', exported.stdout.trimEnd().split('\n')), '--store', `file:${second}`, '--json']);
    expect(JSON.parse(again.stdout).rejected).toEqual([]);
    const a = JSON.parse((await run(['replay', '--store', `file:${first}`, '--json'])).stdout);
    const b = JSON.parse((await run(['replay', '--store', `file:${second}`, '--json'])).stdout);
    expect({ ...b, store: '' }).toEqual({ ...a, store: '' });
  });

  it('an unknown store command is a usage error', async () => {
    expect((await run(['store', 'fix'])).code).toBe(2);
    expect((await run(['store'])).code).toBe(2);
  });
});
