/**
 * The CLI under hostile input and broken stores: a 200 MB line (exit 2 with its line number,
 * nothing from it applied, no V8 out-of-memory even with a small heap), terminal escapes from
 * input shown escaped, and store errors as typed messages with the documented exit code.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { createFileStore } from '../../src/store/index.js';
import { ensureCliBuilt } from './build.setup.js';
import { aliceEmail, bobSms, captureIo, tempDir, writeLines } from './helpers.js';

async function run(argv: readonly string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** ESC, BEL, CSI, OSC (window title), a C1 CSI and a right-to-left override: what must never reach a terminal raw. */
const NASTY = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e';
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

let bin = '';
beforeAll(async () => {
  bin = await ensureCliBuilt();
});

describe('a 200 MB line', () => {
  it('exits 2 naming line 2, applies nothing from it, reads nothing after it, and does not run out of memory (96 MB heap)', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const file = join(dir, 'huge.jsonl');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(file);
      out.on('error', reject);
      out.write(`${JSON.stringify(bobSms)}\n{"id":"huge","tenantId":"acme","pad":"`);
      const mb = Buffer.alloc(1 << 20, 'a');
      for (let i = 0; i < 200; i++) out.write(mb);
      out.end(`"}\n${JSON.stringify(aliceEmail)}\n`, resolve);
    });
    const store = join(dir, 'events.log');
    const child = spawn(process.execPath, ['--max-old-space-size=96', bin, 'ingest', file, '--store', `file:${store}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toContain('line 2 is longer than the limit of 4,194,304 bytes');
    expect(stderr).toContain('nothing from that line was applied');
    expect(stderr).not.toMatch(/heap|out of memory/i);
    expect([code, stdout]).toEqual([2, '']);
    // Line 1 was ingested, line 2 not, line 3 never read.
    const log = await createFileStore({ path: store, readOnly: true });
    const ids: string[] = [];
    for await (const batch of log.readAll()) ids.push(...batch.map((s) => s.event.id));
    await log.close();
    expect(ids).toEqual([bobSms.id]);
  });

  it('--max-line-bytes sets the limit', async () => {
    const file = writeLines(tempDir(), 'small.jsonl', [bobSms, aliceEmail]);
    const r = await run(['ingest', file, '--max-line-bytes', '100']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 1 is longer than the limit of 100 bytes');
    expect(r.stderr).toContain('It is the first line: nothing was ingested.');
    expect(r.stderr).not.toContain('Lines 1–0');
    expect((await run(['ingest', file, '--max-line-bytes', '0'])).code).toBe(2);
  });
});

describe('terminal escapes in input are shown escaped', () => {
  it('ingest: ids, rejected messages quoting input, and lines that are not JSON', async () => {
    const dir = tempDir();
    const file = writeLines(dir, 'nasty.jsonl', [
      { ...bobSms, id: `sms${NASTY}` },
      { ...bobSms, id: `bad${NASTY}`, occurredAt: `soon${NASTY}` },
      `not json ${NASTY}`,
    ]);
    const text = await run(['ingest', file, '--allow-rejects']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('\\x1b]0;pwned\\x07');
    expect(text.stdout).toContain('\\u{202e}');
    expect(RAW_CONTROL.test(text.stdout), JSON.stringify(text.stdout)).toBe(false);
    const json = await run(['ingest', file, '--allow-rejects', '--json']);
    expect(RAW_CONTROL.test(json.stdout)).toBe(false);
    // Ids may not hold control characters: the event is rejected, and its id quoted in the message
    // is the same value, only written safely.
    expect(JSON.parse(json.stdout).rejected[0].message).toContain(`(id sms${NASTY})`);
  });

  it('error messages: a file name with escapes', async () => {
    const r = await run(['ingest', join(tempDir(), `missing${NASTY}.jsonl`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing\\x1b]0;pwned');
    expect(RAW_CONTROL.test(r.stderr)).toBe(false);
  });

  it('thread-mbox --tree: a subject with escapes', async () => {
    const dir = tempDir();
    const mbox = join(dir, 'nasty.mbox');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(mbox, `From a@b Mon Nov 23 09:00:00 2026\nMessage-ID: <1@x>\nSubject: hi ${NASTY}\nDate: Mon, 23 Nov 2026 09:00:00 +0000\n\nbody\n`);
    const r = await run(['thread-mbox', mbox, '--tree']);
    expect(r.code).toBe(0);
    expect(RAW_CONTROL.test(r.stdout), JSON.stringify(r.stdout)).toBe(false);
  });
});

describe('store errors: a typed message and the documented exit code', () => {
  it('--store file:/dev/null is STORE_IO with exit 2, not a raw EINVAL from fdatasync', async () => {
    const r = await run(['ingest', writeLines(tempDir(), 'ok.jsonl', [bobSms]), '--store', 'file:/dev/null']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot open store /dev/null: STORE_IO:');
    expect(r.stderr).toContain('not a regular file (a character device)');
    expect(r.stderr).not.toContain('EINVAL');
  });

  it('a store open for writing elsewhere: ingest exits 2 with STORE_LOCKED; replay, queue and store check still read it', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.log');
    expect((await run(['ingest', writeLines(dir, 'a.jsonl', [bobSms, aliceEmail]), '--store', `file:${path}`])).code).toBe(0);
    const writer = await createFileStore({ path });
    try {
      const r = await run(['ingest', writeLines(dir, 'b.jsonl', [bobSms]), '--store', `file:${path}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot open store .*: STORE_LOCKED: open for writing by this process/);
      expect(JSON.parse((await run(['replay', '--store', `file:${path}`, '--json'])).stdout).position).toBe(2);
      expect((await run(['queue', '--store', `file:${path}`, '--now', '2026-11-23T10:00:00Z', '--json'])).code).toBe(0);
      expect(JSON.parse((await run(['store', 'check', '--store', `file:${path}`, '--json'])).stdout).verdict).toBe('clean');
    } finally {
      await writer.close();
    }
  });

  it('a corrupt store: replay exits 2 with STORE_CORRUPT, the line, and what to run', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.log');
    await run(['ingest', writeLines(dir, 'a.jsonl', [bobSms, aliceEmail]), '--store', `file:${path}`]);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('\n', '\r\n'));
    const r = await run(['replay', '--store', `file:${path}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/STORE_CORRUPT: line 1 .*CRLF/);
    expect(r.stderr).toContain('omnithread store check');
  });
});
