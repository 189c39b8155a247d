import { spawn } from 'node:child_process';
/** Shared material of the CLI tests: sample event files and an in-memory Io. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../src/cli/io.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'omnithread-cli-'));
}

const base = { tenantId: 'acme', schemaVersion: 2 } as const;

/** Alice emails, an agent answers in the same thread; Bob texts (a national Korean number). */
export const aliceEmail = {
  ...base,
  id: 'em-1',
  type: 'message.received',
  occurredAt: '2026-11-23T09:05:00Z',
  channel: 'email',
  from: { kind: 'email', value: 'alice@example.com' },
  content: { subject: 'Order late', text: 'Where is it?' },
  email: { messageId: '<a1@example.com>' },
};
export const agentReply = {
  ...base,
  id: 'sent-1',
  type: 'message.sent',
  occurredAt: '2026-11-23T09:10:00Z',
  channel: 'email',
  to: { kind: 'email', value: 'alice@example.com' },
  author: { type: 'agent', agentId: 'ag1' },
  content: { text: 'On its way' },
  email: { messageId: '<r1@acme.com>', inReplyTo: '<a1@example.com>' },
};
export const bobSms = {
  ...base,
  id: 'sms-1',
  type: 'message.received',
  occurredAt: '2026-11-23T09:00:00Z',
  channel: 'sms',
  from: { kind: 'phone', value: '+82 10-1234-5678' },
  content: { text: '배송이 늦어요' },
};
export const bobNationalSms = { ...bobSms, id: 'sms-2', occurredAt: '2026-11-23T09:20:00Z', from: { kind: 'phone', value: '010-1234-5678' }, content: { text: '아직이요?' } };
export const badTimeEvent = { ...bobSms, id: 'bad-1', occurredAt: 'yesterday' };

/** Writes lines (objects become JSON, strings are written as they are) to `dir/name`. */
export function writeLines(dir: string, name: string, lines: readonly (object | string)[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  return path;
}

/**
 * The file most tests ingest. Line numbers: 1 Bob, 2 blank, 3 Alice, 4 not JSON, 5 bad time,
 * 6 Bob again (a duplicate), 7 the agent's reply.
 */
export function mixedFile(dir: string): string {
  return writeLines(dir, 'mixed.jsonl', [bobSms, '', aliceEmail, 'not json at all', badTimeEvent, bobSms, agentReply]);
}

export interface CapturedIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
}

/** An Io that records what is written; the clock jumps a second at every reading. */
export function captureIo(options: { stdoutIsTTY?: boolean; stderrIsTTY?: boolean; env?: Record<string, string> } = {}): CapturedIo {
  let out = '';
  let err = '';
  let clock = 0;
  return {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    stderrColumns: 80,
    env: options.env ?? {},
    now: () => (clock += 1000),
    out: () => out,
    err: () => err,
  };
}

/** What a child-process run of the binary gave back. */
export interface BinaryRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built binary `bin` with piped (non-TTY) output, in `cwd`, without NO_COLOR / FORCE_COLOR:
 * colour may only come from the TTY checks.
 */
export function runBinary(bin: string, args: readonly string[], cwd = process.cwd()): Promise<BinaryRun> {
  const { NO_COLOR: _noColor, FORCE_COLOR: _force, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
