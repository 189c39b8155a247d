/**
 * Finding 8 of issue 13, the threading half: with a subject window on, every new email compared its
 * base subject with that of each thread of the customer, computing both again each time — 80 hostile
 * subjects inside the 4,096-character limit took 32 s. The work is bounded now: each subject's base
 * is computed once (base subjects are linear, and remembered), so a message costs one base subject
 * and a lookup per thread in the window.
 *
 * What is checked is the work, not the clock (a timed test fails on a loaded machine and proves
 * little): base subjects computed per message, counted through the module the policy imports. The
 * cost of one base subject is linear on its own (rfc5256/linear-time.prop.test.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as rfc5256 from '../../src/threading/rfc5256/index.js';
import { defaultThreadingPolicy } from '../../src/threading/default-policy.js';
import { DAY, MINUTE, T0, events, scenario, who } from './scenario.js';

vi.mock('../../src/threading/rfc5256/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/threading/rfc5256/index.js')>();
  return { ...actual, baseSubject: vi.fn(actual.baseSubject) };
});
const baseSubjectCalls = () => vi.mocked(rfc5256.baseSubject).mock.calls.length;
afterEach(() => vi.mocked(rfc5256.baseSubject).mockClear());

const ev = events('acme');
const alice = who.email('alice@example.com');

describe('the subject window under hostile subjects', () => {
  it('80 emails with 4,096-character hostile subjects cost one base subject per distinct subject, with the same answers', async () => {
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
    await s.ingest(...mails);
    // Before: each message computed the base of every thread in the window again (~80 × 40 / 2 calls,
    // 13.5 s of CPU); now each of the 40 distinct subjects once (~0.05 s).
    expect(baseSubjectCalls()).toBeGreaterThan(0);
    expect(baseSubjectCalls()).toBeLessThanOrEqual(new Set(mails.map((m) => subject(Number(m.id.slice(1))))).size);
    // The second email of each base joined the first: 40 threads of two.
    const threads = s.engine.threads();
    expect(threads).toHaveLength(40);
    for (const t of threads) {
      const [first, second] = t.messages.map((m) => Number(m.id.slice(1)));
      expect([t.messages.length, second! - first!]).toEqual([2, 40]);
    }
  });
});
