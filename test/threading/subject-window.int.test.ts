/**
 * Finding 8 of issue 13, the threading half: with a subject window on, every new email compared its
 * base subject with that of each thread of the customer, computing both again each time — 80 hostile
 * subjects inside the 4,096-character limit took 32 s. The work is bounded now: each subject's base
 * is computed once (base subjects are linear, and remembered), so a message costs one base subject
 * and a lookup per thread in the window.
 */
import { describe, expect, it } from 'vitest';
import { defaultThreadingPolicy } from '../../src/threading/default-policy.js';
import { DAY, MINUTE, T0, events, scenario, who } from './scenario.js';

const ev = events('acme');
const alice = who.email('alice@example.com');

/** CPU time of `run` in ms (not wall time: other processes' load does not count). */
async function cpuMs(run: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('the subject window under hostile subjects', () => {
  it('80 emails with 4,096-character hostile subjects thread in under 300 ms of CPU, with the same answers', async () => {
    const s = scenario({ defaultRegion: 'US', policies: { threading: defaultThreadingPolicy({ email: { subjectMatchWindowMs: 7 * DAY } }) } });
    // Every subject a long run of blobs and no Re: after it (the shape that was quadratic), 40 bases, each twice.
    const subject = (n: number) => {
      const tail = ` case ${n % 40}`;
      return `${'[a] '.repeat((4096 - tail.length) / 4)}${tail}`.slice(0, 4096);
    };
    const mails = Array.from({ length: 80 }, (_, n) =>
      ev.received(`m${n}`, T0 + n * MINUTE, alice, { channel: 'email', content: { subject: subject(n) } }),
    );
    expect(mails.every((m) => subject(Number(m.id.slice(1))).length <= 4096)).toBe(true);
    const took = await cpuMs(() => s.ingest(...mails));
    // 13.5 s of CPU before (the issue measured 32 s for its subjects); ~0.06 s now.
    expect(took).toBeLessThan(300);
    // The second email of each base joined the first: 40 threads of two.
    const threads = s.engine.threads();
    expect(threads).toHaveLength(40);
    for (const t of threads) {
      const [first, second] = t.messages.map((m) => Number(m.id.slice(1)));
      expect([t.messages.length, second! - first!]).toEqual([2, 40]);
    }
  });
});
