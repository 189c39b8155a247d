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
import { awkwardMbox, hostileHeaderMbox } from './mbox-arbitrary.js';

const MBOXES = Number(process.env.OMNITHREAD_DOVECOT_DIFF_RUNS ?? 210);
const ORDEREDSUBJECT_MBOXES = Math.ceil(MBOXES * 0.4);
const SEED = Number(process.env.OMNITHREAD_DOVECOT_DIFF_SEED ?? 5256);
const HOSTILE_MBOXES = Math.ceil(MBOXES * 0.4);

describe.skipIf(!dovecotAvailable)('threading agrees with Dovecot 2.3 on random mboxes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnithread-dovecot-diff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Threads each job with Dovecot and with the library; returns the mismatches and how many were compared. */
  async function compare(prefix: string, mboxes: readonly string[], orderedSubject: number): Promise<{ mismatches: string[]; compared: number; jobs: number }> {
    const files = mboxes.map((mbox, i) => {
      const file = join(dir, `${prefix}-${i}.mbox`);
      writeFileSync(file, toBytes(mbox));
      return file;
    });
    const jobs = [
      ...files.map((file) => ({ file, algorithm: 'REFERENCES' as const })),
      ...files.slice(0, orderedSubject).map((file) => ({ file, algorithm: 'ORDEREDSUBJECT' as const })),
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
    return { mismatches, compared, jobs: jobs.length };
  }

  it(`gives Dovecot's THREAD answer for ${MBOXES} mboxes (seed ${SEED})`, { timeout: 180_000 }, async () => {
    const { mismatches, compared, jobs } = await compare('awkward', fc.sample(awkwardMbox, { seed: SEED, numRuns: MBOXES }), ORDEREDSUBJECT_MBOXES);
    expect(mismatches).toEqual([]);
    // Dovecot 2.3.19 panics on a few mboxes with duplicate ids; never let that hide the test.
    expect(compared).toBeGreaterThanOrEqual(jobs * 0.95);
  });

  it(`gives Dovecot's THREAD answer for ${HOSTILE_MBOXES} mboxes of hostile Message-ID, References and Subject headers`, { timeout: 180_000 }, async () => {
    const mboxes = fc.sample(hostileHeaderMbox, { seed: SEED + 1, numRuns: HOSTILE_MBOXES });
    const { mismatches, compared, jobs } = await compare('hostile', mboxes, HOSTILE_MBOXES);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(jobs * 0.9);
  });
});
