/**
 * mbox rows of `npm run bench` (and `npm run bench:mbox`): the built `omnithread thread-mbox` CLI and
 * Dovecot's IMAP THREAD (../shared/tools/dovecot-thread) on the same ≥ 50 MB mailbox, whole processes,
 * back to back. The mailbox is every fixture mbox of ../shared/fixtures/email repeated with renamed
 * Message-IDs (so copies do not collide), built once in .tmp/ and reused.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = resolve(ROOT, '../shared/fixtures/email');
const DOVECOT_TOOL = resolve(ROOT, '../shared/tools/dovecot-thread');
const DOVECOT_IMAP = '/usr/lib/dovecot/imap';
const CLI = join(ROOT, 'dist/cli/main.js');

/** The fixture mboxes, in a fixed order. */
function fixtureMboxes(): Buffer[] {
  return readdirSync(FIXTURES)
    .sort()
    .flatMap((dir) =>
      readdirSync(join(FIXTURES, dir))
        .filter((f) => f.endsWith('.mbox'))
        .sort()
        .map((f) => readFileSync(join(FIXTURES, dir, f))),
    );
}

const ID_HEADER = /^(message-id|in-reply-to|references)\s*:/i;

/**
 * One copy of a fixture with every `<` in its id headers (and their folded lines) prefixed by `tag.`,
 * so ids stay ids, stay equal inside the copy and differ from every other copy. Worked as latin1 so
 * bytes that are not UTF-8 survive unchanged.
 */
function renameIds(mbox: Buffer, tag: string): Buffer {
  const lines = mbox.toString('latin1').split('\n');
  let inHeaders = false;
  let inIdHeader = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('From ') && (i === 0 || lines[i - 1] === '' || lines[i - 1] === '\r')) {
      inHeaders = true;
      inIdHeader = false;
      continue;
    }
    if (!inHeaders) continue;
    if (line === '' || line === '\r') {
      inHeaders = false;
      continue;
    }
    const folded = line[0] === ' ' || line[0] === '\t';
    if (!folded) inIdHeader = ID_HEADER.test(line);
    if (inIdHeader) lines[i] = line.replaceAll('<', `<${tag}.`);
  }
  const out = lines.join('\n');
  // Each copy ends with an empty line so the next From_ line starts a message of its own.
  return Buffer.from(out.endsWith('\n\n') ? out : out.endsWith('\n') ? `${out}\n` : `${out}\n\n`, 'latin1');
}

/** Builds (or reuses) the bench mailbox of at least `minBytes`; returns its path and size. */
export function benchMailbox(minBytes = 52_000_000): { file: string; bytes: number } {
  const dir = join(ROOT, '.tmp');
  const file = join(dir, `bench-mbox-v1-${minBytes}.mbox`);
  if (existsSync(file)) return { file, bytes: statSync(file).size };
  mkdirSync(dir, { recursive: true });
  const fixtures = fixtureMboxes();
  const parts: Buffer[] = [];
  let bytes = 0;
  for (let copy = 0; bytes < minBytes; copy++) {
    fixtures.forEach((mbox, f) => {
      const part = renameIds(mbox, `c${copy}f${f}`);
      parts.push(part);
      bytes += part.length;
    });
  }
  writeFileSync(`${file}.partial`, Buffer.concat(parts));
  renameSync(`${file}.partial`, file);
  return { file, bytes };
}

async function timedProcess(command: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  const { stdout } = await run(command, args, { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 30 });
  return { ms: performance.now() - t0, stdout: stdout.replace(/\r/g, '').trim() };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

/** The JSON keys of the mbox rows. */
export interface MboxBenchResult {
  mbox_bytes: number;
  mbox_thread_ms: number;
  mbox_dovecot_ms: number | null;
  /** Megabytes (10^6 bytes) of mailbox per second of the whole `thread-mbox` process. */
  mbox_mb_s: number;
  /** thread-mbox time ÷ Dovecot's; `null` when Dovecot is not installed. */
  mbox_vs_dovecot: number | null;
  /** Whether both printed the same THREAD answer (over Dovecot's untruncated answers); `null` without Dovecot. */
  mbox_same_answer: boolean | null;
  /** Dovecot runs whose answer was cut short by the tool's pipe (a strict prefix of ours). */
  mbox_dovecot_truncated: number | null;
  mbox_note?: string;
}

/**
 * Times the built CLI and Dovecot on the bench mailbox, alternating, `runs` times each; medians.
 * Needs `dist/` (the bench scripts build it first).
 */
export async function runMboxBench(runs = 3, log: (line: string) => void = () => undefined): Promise<MboxBenchResult> {
  const { file, bytes } = benchMailbox();
  const dovecot = existsSync(DOVECOT_IMAP) && existsSync(DOVECOT_TOOL);
  const ours: number[] = [];
  const theirs: number[] = [];
  let same: boolean | null = null;
  let truncated = 0;
  for (let i = 0; i < runs; i++) {
    const a = await timedProcess(process.execPath, [CLI, 'thread-mbox', file]);
    ours.push(a.ms);
    if (!dovecot) continue;
    const b = await timedProcess(DOVECOT_TOOL, [file, 'REFERENCES']);
    theirs.push(b.ms);
    // dovecot-thread's pipe sometimes loses the end of a long answer (imap exits at LOGOUT before
    // flushing): a strict prefix of ours is counted as truncated, not as a different answer.
    if (b.stdout !== a.stdout && a.stdout.startsWith(b.stdout)) truncated++;
    else same = (same ?? true) && a.stdout === b.stdout;
    log(`  mbox run ${i + 1}: thread-mbox ${(a.ms / 1000).toFixed(2)} s, dovecot ${(b.ms / 1000).toFixed(2)} s`);
  }
  const ms = median(ours);
  const dovecotMs = dovecot ? median(theirs) : null;
  return {
    mbox_bytes: bytes,
    mbox_thread_ms: Math.round(ms),
    mbox_dovecot_ms: dovecotMs === null ? null : Math.round(dovecotMs),
    mbox_mb_s: Number((bytes / 1e6 / (ms / 1000)).toFixed(2)),
    mbox_vs_dovecot: dovecotMs === null ? null : Number((ms / dovecotMs).toFixed(3)),
    mbox_same_answer: same,
    mbox_dovecot_truncated: dovecot ? truncated : null,
    ...(dovecot ? {} : { mbox_note: `Dovecot absent (${DOVECOT_IMAP}): apt-get install dovecot-imapd` }),
  };
}

// `npm run bench:mbox [-- --runs N]`: these rows alone, one JSON line.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const at = process.argv.indexOf('--runs');
  const runs = at > 0 ? Number(process.argv[at + 1]) : 3;
  console.log(JSON.stringify(await runMboxBench(runs, (line) => console.error(line))));
}
