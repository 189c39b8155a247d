/** The dispatcher and every command's argument checks, in-process (the binary's own suite spawns only a few). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { aliceEmail, agentReply, bobSms, captureIo, mixedFile, tempDir, writeLines } from './helpers.js';

async function run(argv: readonly string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

const fixture = (name: string) => join(process.cwd(), '..', 'shared', 'fixtures', 'email', 'dovecot-imaptest', name);

describe('help', () => {
  it('prints each command help on stdout, whichever way it is asked for', async () => {
    const cases: [string[], RegExp][] = [
      [['help', 'replay'], /^Usage: omnithread replay --store file:PATH/],
      [['replay', '--help'], /^Usage: omnithread replay --store file:PATH/],
      [['queue', '-h'], /^Usage: omnithread queue --store file:PATH --now ISO/],
      [['schema', '--help'], /^Usage: omnithread schema \[--type TYPE\]/],
      [['thread-mbox', '--help'], /^Usage: omnithread thread-mbox FILE\.mbox/],
      [['help'], /^omnithread: event-sourced/],
    ];
    for (const [argv, usage] of cases) {
      const r = await run(argv);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toMatch(usage);
    }
  });

  it('lists every event type in the schema help', async () => {
    expect((await run(['schema', '--help'])).stdout).toMatch(/^ +message\.received$/m);
  });
});

describe('usage errors exit 2 with a message on stderr and nothing on stdout', () => {
  const cases: [string, string[], string][] = [
    ['unknown command', ['injest'], 'unknown command "injest". Did you mean "ingest"?'],
    ['unknown top-level option', ['--verbose'], 'unknown option "--verbose"'],
    ['unknown help topic', ['help', 'nope'], 'unknown command "nope"'],
    ['missing file', ['ingest'], 'missing FILE.jsonl'],
    ['two files', ['ingest', 'a.jsonl', 'b.jsonl'], 'expected one FILE.jsonl, got 2: a.jsonl b.jsonl'],
    ['flag without value', ['ingest', 'a.jsonl', '--store'], "Option '--store <value>' argument missing"],
    ['bad store', ['ingest', 'a.jsonl', '--store', 'sqlite:x'], '--store must be "memory" or "file:PATH"'],
    ['replay without store', ['replay'], 'missing --store file:PATH'],
    ['replay in memory', ['replay', '--store', 'memory'], 'replay needs a durable store'],
    ['replay positional', ['replay', 'x.log'], 'unexpected argument "x.log"'],
    ['queue without --now', ['queue', '--store', 'file:x.log'], 'missing --now ISO'],
    ['queue zoneless --now', ['queue', '--store', 'file:x.log', '--now', '2026-11-23T10:00:00'], '--now must be an ISO instant with a zone'],
    ['queue bad --now', ['queue', '--store', 'file:x.log', '--now', 'soonZ'], '--now must be an ISO instant'],
    ['queue bad --limit', ['queue', '--store', 'file:x.log', '--now', '2026-11-23T10:00:00Z', '--limit', '0'], '--limit must be a positive whole number'],
    ['queue fractional --limit', ['queue', '--store', 'file:x.log', '--now', '2026-11-23T10:00:00Z', '--limit', '2.5'], '--limit must be a positive whole number'],
    ['queue missing store', ['queue', '--store', 'file:/nonexistent/x.log', '--now', '2026-11-23T10:00:00Z'], 'cannot open store /nonexistent/x.log: no such file'],
    ['schema unknown type', ['schema', '--type', 'nope'], 'unknown event type "nope"; expected one of message.received'],
    ['thread-mbox bad algorithm', ['thread-mbox', 'x.mbox', '--algorithm', 'nope'], 'unknown algorithm "nope"'],
  ];
  for (const [name, argv, message] of cases) {
    it(name, async () => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
    });
  }

  it('a directory given as the input file', async () => {
    const dir = tempDir();
    const r = await run(['ingest', dir]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `omnithread ingest: cannot read ${dir}: is a directory\n` });
  });
});

describe('ingest', () => {
  it('exits 0 and lists no rejects when every line is accepted', async () => {
    const r = await run(['ingest', writeLines(tempDir(), 'clean.jsonl', [aliceEmail, agentReply, bobSms])]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rejected +0$/m);
    expect(r.stdout).not.toMatch(/^Rejected$/m);
  });

  it('reads a byte-order mark, CRLF line ends and JSON that is not an event', async () => {
    const dir = tempDir();
    const file = writeLines(dir, 'odd.jsonl', [`\uFEFF${JSON.stringify(bobSms)}\r`, '[1,2]\r', '   \r', `${JSON.stringify(aliceEmail)}\r`]);
    const r = await run(['ingest', file, '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.accepted).toBe(2);
    expect(report.rejected).toEqual([{ line: 2, code: 'INVALID_EVENT', message: 'Invalid event: (root): expected a JSON object' }]);
  });

  it('numbers lines across batches of 1,000', async () => {
    const events = Array.from({ length: 2500 }, (_, i) => ({ ...bobSms, id: `sms-${i}`, occurredAt: new Date(Date.UTC(2026, 10, 23, 9) + i * 1000).toISOString() }));
    const lines: (object | string)[] = [...events];
    lines.splice(1500, 0, '{"broken":');
    lines[2200] = { ...events[2199]!, occurredAt: 'never' };
    const r = await run(['ingest', writeLines(tempDir(), 'many.jsonl', lines), '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.rejected.map((x: { line: number; code: string }) => [x.line, x.code])).toEqual([
      [1501, 'INVALID_JSON'],
      [2201, 'INVALID_EVENT'],
    ]);
    expect(report.accepted).toBe(2499);
    expect(r.code).toBe(1);
  });
});

describe('schema and thread-mbox', () => {
  it('prints the schema of one event type', async () => {
    const r = await run(['schema', '--type', 'message.sent']);
    expect(r.code).toBe(0);
    const sent = JSON.parse(r.stdout);
    expect(sent.title).toBe('omnithread message.sent event');
    expect(sent.required).toEqual(expect.arrayContaining(['id', 'tenantId', 'type', 'to', 'author']));
  });

  it('hands thread-mbox its arguments', async () => {
    const tree = await run(['thread-mbox', fixture('thread.mbox'), '--tree']);
    expect(tree.code).toBe(0);
    expect(tree.stdout.trimEnd().split('\n').length).toBeGreaterThanOrEqual(3);
    const ordered = await run(['thread-mbox', fixture('thread-orderedsubject.mbox'), '-a', 'orderedsubject']);
    expect(ordered.code).toBe(0);
    expect(ordered.stdout).toMatch(/^\* THREAD /);
  });
});

describe('queue', () => {
  it('limits, filters by tenant, and says when there is no work', async () => {
    const dir = tempDir();
    const store = `file:${join(dir, 'events.log')}`;
    expect((await run(['ingest', mixedFile(dir), '--store', store, '--allow-rejects'])).code).toBe(0);
    const now = ['--now', '2026-11-23T10:00:00Z'];
    const all = JSON.parse((await run(['queue', '--store', store, ...now, '--json'])).stdout).entries;
    const one = JSON.parse((await run(['queue', '--store', store, ...now, '--json', '--limit', '1'])).stdout).entries;
    expect(all).toHaveLength(2);
    expect(one.map((e: { threadId: string }) => e.threadId)).toEqual([all[0].threadId]);
    const acme = JSON.parse((await run(['queue', '--store', store, ...now, '--json', '--tenant', 'acme'])).stdout).entries;
    expect(acme).toEqual(all);
    const other = await run(['queue', '--store', store, ...now, '--tenant', 'globex']);
    expect(other).toEqual({ code: 0, stdout: 'No open work at 2026-11-23T10:00:00.000Z.\n', stderr: '' });
  });
});
