/**
 * The built `omnithread` binary, run as a child process: exit codes, output streams and the file
 * store round trip, as a user sees them. The binary is (re)built first when stale; see build.setup.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt } from './build.setup.js';
import { mixedFile, runBinary, tempDir } from './helpers.js';

let bin = '';
beforeAll(async () => {
  bin = await ensureCliBuilt();
});

/** Runs the built binary with piped output (see runBinary). */
function omnithread(args: readonly string[], cwd = process.cwd()) {
  return runBinary(bin, args, cwd);
}

const fixture = (name: string) => join(process.cwd(), '..', 'shared', 'fixtures', 'email', 'dovecot-imaptest', name);

describe.concurrent('omnithread binary', () => {
  it('is an executable ESM file with a node shebang', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('prints the top-level help and a command help on stdout with exit 0', async () => {
    const top = await omnithread(['--help']);
    expect(top.code).toBe(0);
    for (const name of ['ingest', 'replay', 'queue', 'schema', 'thread-mbox']) expect(top.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    const ingest = await omnithread(['ingest', '--help']);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/^Usage: omnithread ingest FILE\.jsonl/);
    expect(ingest.stdout).toContain('--allow-rejects');
  });

  it('exits 2 with the usage on stderr when called without a command', async () => {
    const r = await omnithread([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: omnithread COMMAND');
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = await omnithread(['--version']);
    expect([r.code, r.stdout]).toEqual([0, `${version}\n`]);
  });

  it('exits 2 with a clear message for an unknown flag', async () => {
    const flag = await omnithread(['ingest', 'x.jsonl', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stdout).toBe('');
    expect(flag.stderr).toContain("Unknown option '--bogus'");
    expect(flag.stderr).toContain('omnithread ingest --help');
  });

  it('exits 2 when the file cannot be read, saying why', async () => {
    const missing = await omnithread(['ingest', 'nope.jsonl'], tempDir());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('omnithread ingest: cannot read nope.jsonl: no such file\n');
  });

  it('lists rejected lines with number, code and message, and exits 1', async () => {
    const dir = tempDir();
    const r = await omnithread(['ingest', mixedFile(dir)], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^accepted +3$/m);
    expect(r.stdout).toMatch(/^duplicates +1$/m);
    expect(r.stdout).toMatch(/^rejected +2$/m);
    expect(r.stdout).toMatch(/^ +4 {2}INVALID_JSON {3}not JSON: /m);
    expect(r.stdout).toMatch(/^ +5 {2}INVALID_EVENT {2}Invalid event \(id bad-1\): occurredAt: /m);
    expect(r.stdout).not.toContain('at index');
    expect(r.stdout).toMatch(/^customers +2$/m);
    expect(r.stdout).toMatch(/^threads +2$/m);
    // Not a terminal: no colour, no progress bar.
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stderr).toBe('');
  });

  it('exits 0 with --allow-rejects, still listing the rejects', async () => {
    const dir = tempDir();
    const allowed = await omnithread(['ingest', mixedFile(dir), '--allow-rejects'], dir);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^ +4 {2}INVALID_JSON/m);
  });

  it('prints exactly one JSON object of the documented shape with --json', async () => {
    const dir = tempDir();
    const r = await omnithread(['ingest', mixedFile(dir), '--json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['accepted', 'duplicates', 'rejected', 'customers', 'threads']);
    expect(report.accepted).toBe(3);
    expect(report.duplicates).toBe(1);
    expect(report.rejected).toEqual([
      { line: 4, code: 'INVALID_JSON', message: expect.stringMatching(/^not JSON: /) },
      { line: 5, code: 'INVALID_EVENT', message: expect.stringContaining('occurredAt') },
    ]);
    expect(report.customers).toHaveLength(2);
    const alice = report.customers.find((c: { identities: string[] }) => c.identities.includes('email:alice@example.com'));
    expect(alice).toMatchObject({ tenantId: 'acme', threadIds: [expect.any(String)] });
    expect(report.threads).toHaveLength(2);
    const aliceThread = report.threads.find((t: { customerId: string }) => t.customerId === alice.id);
    expect(aliceThread).toEqual({ id: alice.threadIds[0], tenantId: 'acme', customerId: alice.id, status: 'open', channels: ['email'], messageIds: ['em-1', 'sent-1'] });
  });

  it('keeps events in a file store: replay shows what ingest built, and a second ingest finds only duplicates', async () => {
    const dir = tempDir();
    const store = `file:${join(dir, 'data', 'events.log')}`;
    const ingested = await omnithread(['ingest', mixedFile(dir), '--store', store, '--json', '--allow-rejects'], dir);
    expect(ingested.code).toBe(0);
    const report = JSON.parse(ingested.stdout);

    // One after another: the file store admits one process at a time.
    const replayed = await omnithread(['replay', '--store', store, '--json'], dir);
    const text = await omnithread(['replay', '--store', store], dir);
    const again = await omnithread(['ingest', mixedFile(dir), '--store', store, '--json'], dir);
    expect(replayed.code).toBe(0);
    const summary = JSON.parse(replayed.stdout);
    expect(summary).toMatchObject({
      position: report.accepted,
      customers: report.customers.length,
      threads: report.threads.length,
      messages: report.threads.reduce((n: number, t: { messageIds: string[] }) => n + t.messageIds.length, 0),
      byStatus: { open: 2 },
      byChannel: { email: { threads: 1, messages: 2 }, sms: { threads: 1, messages: 1 } },
      truncatedBytes: 0,
    });
    expect(text.stdout).toMatch(/^position +3$/m);
    expect(text.stdout).toMatch(/^email +1 +2$/m);
    expect(text.stderr).toBe('');
    const second = JSON.parse(again.stdout);
    expect([second.accepted, second.duplicates, second.threads]).toEqual([0, 4, report.threads]);
  });

  it('replay refuses a missing store with exit 2, creating nothing', async () => {
    const dir = tempDir();
    const missing = await omnithread(['replay', '--store', 'file:absent.log'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('omnithread replay: cannot open store absent.log: no such file\n');
    expect(existsSync(join(dir, 'absent.log'))).toBe(false);
  });

  it('ranks the open work of a file store at --now, with reasons that add up to the score', async () => {
    const dir = tempDir();
    const store = `file:${join(dir, 'events.log')}`;
    expect((await omnithread(['ingest', mixedFile(dir), '--store', store, '--allow-rejects'], dir)).code).toBe(0);
    const now = ['--now', '2026-11-23T10:00:00Z'];
    // One after another: the file store admits one process at a time.
    const json = await omnithread(['queue', '--store', store, ...now, '--json'], dir);
    const text = await omnithread(['queue', '--store', store, ...now, '--explain'], dir);

    expect(json.code).toBe(0);
    const { now: at, entries } = JSON.parse(json.stdout);
    expect(at).toBe('2026-11-23T10:00:00.000Z');
    expect(entries).toHaveLength(2);
    expect(entries.map((e: { rank: number }) => e.rank)).toEqual([1, 2]);
    // Bob texted at 09:00 and nobody answered; Alice was answered at 09:10.
    expect(entries[0]).toMatchObject({ tenantId: 'acme', channel: 'sms', status: 'open', assignee: null, awaitingReplySince: '2026-11-23T09:00:00.000Z' });
    expect(entries[1]).toMatchObject({ channel: 'email', awaitingReplySince: null });
    expect(entries[0].score).toBeGreaterThan(entries[1].score);
    for (const e of entries) {
      expect(e.reasons.length).toBeGreaterThan(0);
      for (const r of e.reasons) expect(Object.keys(r)).toEqual(['factor', 'points', 'detail']);
      expect(e.reasons.reduce((n: number, r: { points: number }) => n + r.points, 0)).toBe(e.score);
    }

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^#  Score  Thread +Customer +Channel  Status  Waiting  Assignee  Top reasons$/m);
    expect(text.stdout).toMatch(new RegExp(`^1 +${entries[0].score}  ${entries[0].threadId} .* sms +open +1h +- +\\S`, 'm'));
    expect(text.stdout).toContain(`1. ${entries[0].threadId}  score ${entries[0].score}`);
    expect(text.stdout).toMatch(/^ {3}aging +\+\d+ {2}customer waiting/m);
  });

  it('prints the JSON Schema', async () => {
    const all = await omnithread(['schema']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ $id: 'https://omnithread.dev/schema/event.json', title: 'omnithread event' });
  });

  it('threads an mbox through thread-mbox, as Dovecot answers', async () => {
    const references = await omnithread(['thread-mbox', fixture('thread.mbox')]);
    expect(references).toEqual({ code: 0, stdout: '* THREAD (3 2)(1)\n', stderr: '' });
  });
});
