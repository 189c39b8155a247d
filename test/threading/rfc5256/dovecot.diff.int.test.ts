/**
 * Differential test against Dovecot itself: seeded random mboxes (reply graphs with missing
 * parents, duplicate and malformed ids, loops, subject variants, odd dates) are threaded by the
 * library and by Dovecot's `imap` (/work/shared/tools/dovecot-thread); the answers must be equal
 * byte for byte. Skipped when Dovecot is not installed (CI installs dovecot-imapd).
 */
import { fc } from '@fast-check/vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatImapThread, threadMbox } from '../../../src/threading/rfc5256/index.js';
import { toBytes } from '../../../src/threading/rfc5256/utf8.js';
import { dovecotAvailable, dovecotThreadAll } from './dovecot-oracle.js';
import { awkwardMbox } from './mbox-arbitrary.js';

const MBOXES = Number(process.env.OMNITHREAD_DOVECOT_DIFF_RUNS ?? 210);
const ORDEREDSUBJECT_MBOXES = Math.ceil(MBOXES * 0.4);
const SEED = Number(process.env.OMNITHREAD_DOVECOT_DIFF_SEED ?? 5256);

describe.skipIf(!dovecotAvailable)('threading agrees with Dovecot 2.3 on random mboxes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnithread-dovecot-diff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`gives Dovecot's THREAD answer for ${MBOXES} mboxes (seed ${SEED})`, { timeout: 180_000 }, async () => {
    const files = fc.sample(awkwardMbox, { seed: SEED, numRuns: MBOXES }).map((mbox, i) => {
      const file = join(dir, `${i}.mbox`);
      writeFileSync(file, toBytes(mbox));
      return file;
    });
    const jobs = [
      ...files.map((file) => ({ file, algorithm: 'REFERENCES' as const })),
      ...files.slice(0, ORDEREDSUBJECT_MBOXES).map((file) => ({ file, algorithm: 'ORDEREDSUBJECT' as const })),
    ];
    const answers = await dovecotThreadAll(jobs);

    const mismatches: string[] = [];
    let compared = 0;
    jobs.forEach((job, i) => {
      const expected = answers[i];
      if (expected === null || expected === undefined) return; // Dovecot crashed on this mbox
      compared++;
      const actual = formatImapThread(threadMbox(readFileSync(job.file), job.algorithm === 'REFERENCES' ? 'references' : 'orderedsubject'));
      if (actual !== expected) mismatches.push(`${job.algorithm} ${job.file}\n  dovecot: ${expected}\n  ours:    ${actual}`);
    });
    expect(mismatches).toEqual([]);
    // Dovecot 2.3.19 panics on a few mboxes with duplicate ids; never let that hide the test.
    expect(compared).toBeGreaterThanOrEqual(jobs.length * 0.95);
  });
});
