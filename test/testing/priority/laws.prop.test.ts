import { describe, expect, it } from 'vitest';
import {
  channelUrgencyPolicy,
  customerTierPolicy,
  defaultPriorityPolicy,
  manualOverridePolicy,
  sentimentPolicy,
  serviceLevelPolicy,
  severityPolicy,
  waitingTimePolicy,
  weightedPriority,
  type PriorityPolicy,
} from '../../../src/policies/priority/index.js';
import { assertPriorityPolicy, checkPriorityPolicy, PriorityLawViolation } from '../../../src/testing/priority/laws.js';

const RUNS = 200;

describe('every built-in obeys the priority laws', () => {
  const builtIns: PriorityPolicy[] = [
    channelUrgencyPolicy(),
    customerTierPolicy(),
    severityPolicy(),
    sentimentPolicy(),
    waitingTimePolicy(),
    serviceLevelPolicy(),
    serviceLevelPolicy({ assumeDeadline: false, horizonMinutes: 60, perMinute: 2 }),
    manualOverridePolicy(),
    defaultPriorityPolicy(),
    weightedPriority({ policies: [{ policy: sentimentPolicy(), cap: 20 }, { policy: waitingTimePolicy(), weight: 3 }] }),
  ];
  it.each(builtIns.map((p) => [p.name, p] as const))('%s', (_name, policy) => {
    expect(checkPriorityPolicy(policy, { numRuns: RUNS })).toEqual({ ok: true });
  });

  it('the tier policy is monotone along a configured tier order', () => {
    const policy = customerTierPolicy({ tiers: { basic: 0, pro: 15, enterprise: 40 } });
    assertPriorityPolicy(policy, { numRuns: RUNS, tiers: ['basic', 'pro', 'enterprise'] });
  });
});

describe('the checker finds broken policies', () => {
  const explain = (points: number) => [{ factor: 'test', points, detail: 'test' }];

  it('one that lowers scores with age, with a readable counterexample', () => {
    const fading: PriorityPolicy = {
      name: 'fading',
      score: (thread, ctx) => {
        const s = 100 - (ctx.now - thread.createdAt) / 3_600_000;
        return { score: s, reasons: explain(s) };
      },
    };
    const result = checkPriorityPolicy(fading, { numRuns: RUNS });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.law).toBe('aging');
    expect(result.error).toMatch(/^score fell from [\d.]+ at \d{4}-\d\d-\d\dT.* to [\d.]+ at /);
    expect(result.counterexample).toMatch(/^thread thr-\d+ \[\w+\] answer on \w+/);
    expect(result.counterexample).toMatch(/scored again \d+ and \d+ minutes after now/);
    expect(() => assertPriorityPolicy(fading, { numRuns: RUNS, seed: result.seed })).toThrow(PriorityLawViolation);
  });

  it('a key that does not drift like the score (aging faster on chat)', () => {
    const unfair: PriorityPolicy = {
      name: 'unfair',
      drift: 1,
      score: (t, ctx) => {
        const s = t.awaitingReplySince === undefined ? 0 : ((ctx.now - t.awaitingReplySince) / 60_000) * (t.channel === 'chat' ? 2 : 1);
        return { score: s, reasons: explain(s) };
      },
      orderingKey: (t) => (t.awaitingReplySince === undefined ? undefined : -t.awaitingReplySince / 60_000),
    };
    const result = checkPriorityPolicy(unfair, { numRuns: RUNS, skip: ['aging'] });
    expect(result).toMatchObject({ ok: false, law: 'ordering-key' });
  });

  it('a key that depends on now', () => {
    const clocked: PriorityPolicy = {
      name: 'clocked',
      score: (_t, ctx) => ({ score: ctx.now / 1e9, reasons: explain(ctx.now / 1e9) }),
      orderingKey: (_t, ctx) => ctx.now / 1e9,
    };
    const result = checkPriorityPolicy(clocked, { numRuns: RUNS });
    expect(result).toMatchObject({ ok: false, law: 'ordering-key' });
    if (!result.ok) expect(result.error).toMatch(/depends on now/);
  });

  it('one that punishes platinum customers, one that lowers urgent threads, one that throws, one with no reasons', () => {
    const cases: [PriorityPolicy, string][] = [
      [{ name: 'a', score: (_t, c) => ({ score: c.customer?.attributes.tier === 'platinum' ? -1 : 0, reasons: explain(0) }) }, 'monotone-tier'],
      [{ name: 'b', score: (t) => ({ score: t.severity === 'urgent' ? -1 : 0, reasons: explain(0) }) }, 'monotone-severity'],
      [{ name: 'c', score: (t) => ({ score: t.messages[3]!.occurredAt, reasons: explain(0) }) }, 'total'],
      [{ name: 'd', score: () => ({ score: 0, reasons: [] }) }, 'reasons'],
      [{ name: 'e', score: (t) => ({ score: t.tags.length / (t.transfers - t.transfers), reasons: explain(0) }) }, 'finite'],
    ];
    for (const [policy, law] of cases) expect(checkPriorityPolicy(policy, { numRuns: RUNS })).toMatchObject({ ok: false, law });
  });

  it('one that remembers earlier calls (not deterministic)', () => {
    let calls = 0;
    const moody: PriorityPolicy = { name: 'moody', score: () => ({ score: calls++ % 2, reasons: explain(0) }) };
    expect(checkPriorityPolicy(moody, { numRuns: RUNS, skip: ['monotone-severity', 'monotone-tier', 'aging'] })).toMatchObject({
      ok: false,
      law: 'deterministic',
    });
  });

  it('one that mutates its input (generated threads are frozen like the engine’s)', () => {
    const mutating: PriorityPolicy = {
      name: 'mutating',
      score: (t) => {
        (t.tags as string[]).push('seen');
        return { score: 0, reasons: explain(0) };
      },
    };
    expect(checkPriorityPolicy(mutating, { numRuns: 20 })).toMatchObject({ ok: false, law: 'total' });
  });
});
