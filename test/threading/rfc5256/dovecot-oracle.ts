/** Runs /work/shared/tools/dovecot-thread (Dovecot's real IMAP THREAD) on mbox files, a few at a time. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const DOVECOT_IMAP = '/usr/lib/dovecot/imap';
export const DOVECOT_THREAD_TOOL = resolve(process.cwd(), '../shared/tools/dovecot-thread');
export const dovecotAvailable = existsSync(DOVECOT_IMAP) && existsSync(DOVECOT_THREAD_TOOL);

/**
 * Dovecot's answer line for each (file, algorithm) job, in job order; `null` where Dovecot gave
 * no answer (2.3.19's mbox reader can panic on some mailboxes with duplicate Message-IDs).
 */
export async function dovecotThreadAll(
  jobs: readonly { file: string; algorithm: 'REFERENCES' | 'ORDEREDSUBJECT' }[],
  parallel = 4,
): Promise<(string | null)[]> {
  const answers: (string | null)[] = new Array<string | null>(jobs.length).fill(null);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      if (job === undefined) continue;
      // The From_ lines without a zone are local time to Dovecot; the library reads them as UTC.
      try {
        const { stdout } = await run(DOVECOT_THREAD_TOOL, [job.file, job.algorithm], { env: { ...process.env, TZ: 'UTC' } });
        answers[index] = stdout.trim();
      } catch {
        answers[index] = null;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return answers;
}
