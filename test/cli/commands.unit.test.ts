/** The commands run in-process with a captured Io: terminal-only behaviour (progress, colour) and options. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRegions, parseStoreSpec } from '../../src/cli/args.js';
import { runCli } from '../../src/cli/run.js';
import { bobNationalSms, bobSms, captureIo, mixedFile, tempDir, writeLines } from './helpers.js';

const ESC = '\u001b[';

describe('ingest on a terminal', () => {
  it('draws a progress bar on stderr and erases it before the report', async () => {
    const io = captureIo({ stderrIsTTY: true });
    const code = await runCli(['ingest', mixedFile(tempDir()), '--allow-rejects'], io);
    expect(code).toBe(0);
    expect(io.err()).toMatch(/^\r\u001b\[2Kingest \[#+-*\] +\d+%/);
    expect(io.err().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('draws no progress bar when stderr is not a terminal, however long the work', async () => {
    // The captured clock jumps a second per reading: on a terminal this run draws (see above).
    const io = captureIo({ stderrIsTTY: false, stdoutIsTTY: true });
    expect(await runCli(['ingest', mixedFile(tempDir()), '--allow-rejects'], io)).toBe(0);
    expect(io.err()).toBe('');
  });

  it('draws no progress bar with --json, even on a terminal', async () => {
    const io = captureIo({ stderrIsTTY: true, stdoutIsTTY: true });
    await runCli(['ingest', mixedFile(tempDir()), '--json'], io);
    expect(io.err()).toBe('');
    expect(io.out()).not.toContain(ESC);
    expect(() => JSON.parse(io.out())).not.toThrow();
  });

  it('colours the report on a terminal unless NO_COLOR is set', async () => {
    const file = mixedFile(tempDir());
    const coloured = captureIo({ stdoutIsTTY: true });
    await runCli(['ingest', file], coloured);
    expect(coloured.out()).toContain(`${ESC}31mINVALID_JSON${ESC}39m`);
    const plain = captureIo({ stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    await runCli(['ingest', file], plain);
    expect(plain.out()).not.toContain(ESC);
    expect(plain.out()).toMatch(/^ +4 {2}INVALID_JSON/m);
  });
});

describe('--tenant-region', () => {
  const file = () => writeLines(tempDir(), 'kr.jsonl', [bobSms, bobNationalSms]);

  it('reads national numbers in the given region, for every tenant or for one', async () => {
    for (const region of ['KR', 'kr', 'acme=KR']) {
      const io = captureIo();
      expect(await runCli(['ingest', file(), '--json', '--tenant-region', region], io)).toBe(0);
      const report = JSON.parse(io.out());
      expect(report.accepted).toBe(2);
      expect(report.customers).toHaveLength(1);
      expect(report.customers[0].identities).toEqual(['phone:+821012345678']);
    }
  });

  it('without it, a national number is rejected with INVALID_IDENTITY on its line', async () => {
    const io = captureIo();
    expect(await runCli(['ingest', file(), '--json'], io)).toBe(1);
    expect(JSON.parse(io.out()).rejected).toEqual([{ line: 2, code: 'INVALID_IDENTITY', message: expect.stringContaining('010-1234-5678') }]);
  });

  it('refuses an unknown region with a usage error', async () => {
    const io = captureIo();
    expect(await runCli(['ingest', file(), '--tenant-region', 'XX'], io)).toBe(2);
    expect(io.err()).toContain('"XX" is not a supported region code');
    expect(() => parseRegions(['=KR'])).toThrow(/missing tenant/);
    expect(parseRegions(['US', 'acme=KR'])).toEqual({ defaultRegion: 'US', tenants: { acme: { defaultRegion: 'KR' } } });
  });
});

describe('replay on a terminal', () => {
  it('follows the replay with a progress bar; a log of national numbers replays without its region (stored canonical)', async () => {
    const dir = tempDir();
    const store = `file:${join(dir, 'events.log')}`;
    const file = writeLines(dir, 'kr.jsonl', [bobSms, bobNationalSms]);
    expect(await runCli(['ingest', file, '--store', store, '--tenant-region', 'KR'], captureIo())).toBe(0);

    const io = captureIo({ stderrIsTTY: true });
    expect(await runCli(['replay', '--store', store, '--tenant-region', 'KR'], io)).toBe(0);
    expect(io.err()).toMatch(/^\r\u001b\[2Kreplay .*2 events/);
    expect(io.out()).toMatch(/^customers +1$/m);

    const withoutRegion = captureIo();
    expect(await runCli(['replay', '--store', store], withoutRegion)).toBe(0);
    expect(withoutRegion.out()).toMatch(/^customers +1$/m);
  });
});

describe('arguments', () => {
  it('reads --store specs', () => {
    expect(parseStoreSpec(undefined)).toEqual({ kind: 'memory' });
    expect(parseStoreSpec('memory')).toEqual({ kind: 'memory' });
    expect(parseStoreSpec('file:/a/b.log')).toEqual({ kind: 'file', path: '/a/b.log' });
    expect(() => parseStoreSpec('file:')).toThrow(/--store must be/);
    expect(parseStoreSpec('postgres://x')).toMatchObject({ kind: 'postgres', connectionString: 'postgres://x' });
    expect(() => parseStoreSpec('sqlite://x')).toThrow(/--store must be/);
  });

  it('suggests the command a typo meant', async () => {
    const io = captureIo();
    expect(await runCli(['replya'], io)).toBe(2);
    expect(io.err()).toContain('Did you mean "replay"?');
    const far = captureIo();
    expect(await runCli(['frobnicate'], far)).toBe(2);
    expect(far.err()).not.toContain('Did you mean');
  });

  it('treats arguments after -- as files, not flags', async () => {
    const io = captureIo();
    expect(await runCli(['ingest', '--', '--help'], io)).toBe(2);
    expect(io.err()).toContain('cannot read --help: no such file');
  });

  it('does not create a store when the input cannot be read', async () => {
    const dir = tempDir();
    const io = captureIo();
    expect(await runCli(['ingest', join(dir, 'missing.jsonl'), '--store', `file:${join(dir, 'events.log')}`], io)).toBe(2);
    expect(existsSync(join(dir, 'events.log'))).toBe(false);
  });
});
