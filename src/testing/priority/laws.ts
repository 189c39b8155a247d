import fc from 'fast-check';
import { PRIORITY_LEVELS, type PriorityLevel } from '../../events/primitives.js';
import type { Customer } from '../../identity/types.js';
import type { Thread } from '../../threading/types.js';
import { arbCustomer, arbThreadWithContext, DEFAULT_TIERS, type ThreadArbitraryOptions } from '../arbitraries/index.js';
import { MINUTE_MS, type PriorityContext, type PriorityPolicy, type PriorityResult } from '../../policies/priority/types.js';
import { describeContext, describeThread, iso } from './laws-describe.js';

/** The laws every priority policy should obey. */
export const PRIORITY_LAWS = [
  'total',
  'finite',
  'reasons',
  'deterministic',
  'monotone-severity',
  'monotone-tier',
  'aging',
  'ordering-key',
] as const;
export type PriorityLaw = (typeof PRIORITY_LAWS)[number];

/**
 * Options of `checkPriorityPolicy`.
 *
 * @example
 * ```ts
 * import type { CheckPriorityPolicyOptions } from 'omnithread/testing';
 * const options: CheckPriorityPolicyOptions = { numRuns: 300, tiers: ['basic', 'pro'], skip: ['monotone-tier'] };
 * ```
 */
export interface CheckPriorityPolicyOptions {
  /** Runs per law. Default 200. */
  readonly numRuns?: number;
  /** Replay a failure: the seed (and path) it reported. */
  readonly seed?: number;
  readonly path?: string;
  /** Tier names from lowest to highest. Default standard, gold, platinum. */
  readonly tiers?: readonly string[];
  /** Laws that do not apply to this policy. */
  readonly skip?: readonly PriorityLaw[];
  /** Shape the generated threads (channels, statuses, message counts). */
  readonly thread?: ThreadArbitraryOptions;
}

/** What `checkPriorityPolicy` found: all laws hold, or the first broken one with its counterexample. */
export type PriorityCheckResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly law: PriorityLaw;
      /** The smallest failing input fast-check found, in words. */
      readonly counterexample: string;
      /** What went wrong on it. */
      readonly error: string;
      readonly seed: number;
      readonly path: string | null;
    };

type Input = { thread: Thread; ctx: PriorityContext };

/** One generated case serves every law: generating threads costs more than checking them. */
interface Case {
  readonly a: Input;
  readonly b: Input;
  /** Severity levels (indexes into PRIORITY_LEVELS) and tiers (indexes into `tiers`) to compare. */
  readonly levels: readonly [number, number];
  readonly tierIdx: readonly [number, number];
  readonly vips: readonly [boolean, boolean];
  /** Used by the tier law when `a` has no customer. */
  readonly customer: Customer;
  /** Minutes after `now` for the aging law, and after both nows for the ordering-key law. */
  readonly later: readonly [number, number];
  readonly pairMinutes: number;
}

type LawCheck = (c: Case) => void;
type Describe = (c: Case) => string;

/** Float noise allowance: scores of ~1e7 (keys of absolute times) carry ~1e-9 of rounding. */
const close = (...values: number[]) => 1e-9 * Math.max(1, ...values.map(Math.abs));
const describeInput = ({ thread, ctx }: Input) => `${describeThread(thread)}\n  ${describeContext(ctx)}`;
const fail = (message: string): never => {
  throw new Error(message);
};

class LawFailure extends Error {
  constructor(
    readonly law: PriorityLaw,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

const tierLabel = (ctx: PriorityContext) => `tier ${ctx.customer?.attributes.tier}${ctx.customer?.attributes.vip ? ' VIP' : ''}`;
const sorted = ([x, y]: readonly [number, number]) => [Math.min(x, y), Math.max(x, y)] as const;

function laws(policy: PriorityPolicy, tiers: readonly string[]): Record<PriorityLaw, [LawCheck, Describe] | undefined> {
  const score = (t: Thread, ctx: PriorityContext) => policy.score(t, ctx);
  const key = policy.orderingKey?.bind(policy);
  const one = (c: Case) => describeInput(c.a);
  const tierCtx = (c: Case, tier: string, vip: boolean): PriorityContext => {
    const customer = c.a.ctx.customer ?? c.customer;
    return { ...c.a.ctx, customer: { ...customer, attributes: { ...customer.attributes, tier, vip } } };
  };
  const tierPair = (c: Case) => {
    const [lo, hi] = sorted(c.tierIdx);
    return [tierCtx(c, tiers[lo]!, c.vips[0] && c.vips[1]), tierCtx(c, tiers[hi]!, c.vips[0] || c.vips[1])] as const;
  };

  return {
    total: [
      ({ a: { thread, ctx } }) => {
        const r = score(thread, ctx);
        if (typeof r !== 'object' || r === null) fail(`score returned ${String(r)}, not { score, reasons }`);
        key?.(thread, ctx);
      },
      one,
    ],
    finite: [
      ({ a: { thread, ctx } }) => {
        const r = score(thread, ctx);
        if (!Number.isFinite(r.score)) fail(`score is ${r.score}`);
        const bad = r.reasons?.find((x) => !Number.isFinite(x.points));
        if (bad) fail(`reason ${JSON.stringify(bad.factor)} has points ${bad.points}`);
        const k = key?.(thread, ctx);
        if (k !== undefined && !Number.isFinite(k)) fail(`orderingKey is ${k}`);
      },
      one,
    ],
    reasons: [
      ({ a: { thread, ctx } }) => {
        const { reasons } = score(thread, ctx);
        if (!Array.isArray(reasons) || reasons.length === 0) fail('no reasons given: every score must be explained');
        for (const r of reasons as PriorityResult['reasons']) {
          if (typeof r.factor !== 'string' || r.factor === '' || typeof r.detail !== 'string' || typeof r.points !== 'number') {
            fail(`malformed reason ${JSON.stringify(r)}: expected { factor, points, detail }`);
          }
        }
      },
      one,
    ],
    deterministic: [
      ({ a: { thread, ctx } }) => {
        const first = JSON.stringify(score(thread, ctx));
        const again = JSON.stringify(score(thread, ctx));
        const copy = JSON.stringify(score(structuredClone(thread), structuredClone(ctx)));
        if (first !== again) fail(`two calls gave different results:\n  ${first}\n  ${again}`);
        if (first !== copy) fail(`an equal copy of the input gave a different result:\n  ${first}\n  ${copy}`);
        if (key && !Object.is(key(thread, ctx), key(structuredClone(thread), structuredClone(ctx)))) fail('orderingKey differs between equal inputs');
      },
      one,
    ],
    'monotone-severity': [
      (c) => {
        const [lo, hi] = sorted(c.levels).map((i) => PRIORITY_LEVELS[i]!) as [PriorityLevel, PriorityLevel];
        const sLo = score({ ...c.a.thread, severity: lo }, c.a.ctx).score;
        const sHi = score({ ...c.a.thread, severity: hi }, c.a.ctx).score;
        if (sHi < sLo - close(sLo, sHi)) fail(`severity ${lo} scores ${sLo} but ${hi} scores only ${sHi}`);
      },
      (c) => {
        const [lo, hi] = sorted(c.levels);
        return `${one(c)}\n  severity raised from ${PRIORITY_LEVELS[lo]} to ${PRIORITY_LEVELS[hi]}`;
      },
    ],
    'monotone-tier':
      tiers.length === 0
        ? undefined
        : [
            (c) => {
              const [lo, hi] = tierPair(c);
              const sLo = score(c.a.thread, lo).score;
              const sHi = score(c.a.thread, hi).score;
              if (sHi < sLo - close(sLo, sHi)) fail(`customer ${tierLabel(lo)} scores ${sLo}, but ${tierLabel(hi)} scores only ${sHi}`);
            },
            (c) => {
              const [lo, hi] = tierPair(c);
              return `${describeThread(c.a.thread)}\n  lower:  ${describeContext(lo)}\n  higher: ${describeContext(hi)}`;
            },
          ],
    aging: [
      (c) => {
        const { thread, ctx } = c.a;
        const [m1, m2] = sorted(c.later);
        const early = ctx.now + m1 * MINUTE_MS;
        const late = ctx.now + m2 * MINUTE_MS;
        const sEarly = score(thread, { ...ctx, now: early }).score;
        const sLate = score(thread, { ...ctx, now: late }).score;
        if (sLate < sEarly - close(sEarly, sLate)) fail(`score fell from ${sEarly} at ${iso(early)} to ${sLate} at ${iso(late)}`);
      },
      (c) => {
        const [m1, m2] = sorted(c.later);
        return `${one(c)}\n  scored again ${m1} and ${m2} minutes after now`;
      },
    ],
    'ordering-key':
      key === undefined
        ? undefined
        : [
            orderingKeyLaw(policy, key),
            (c) => `A: ${describeInput(c.a)}\nB: ${describeInput(c.b)}\n  both scored ${c.pairMinutes} minutes after the later of their nows`,
          ],
  };
}

function orderingKeyLaw(policy: PriorityPolicy, key: NonNullable<PriorityPolicy['orderingKey']>): LawCheck {
  const drift = policy.drift ?? 0;
  return ({ a, b, pairMinutes }) => {
    const now = Math.max(a.ctx.now, b.ctx.now) + pairMinutes * MINUTE_MS;
    const at = (i: Input): PriorityContext => ({ ...i.ctx, now });
    const measure = (i: Input, name: string) => {
      const k = key(i.thread, at(i));
      const kThen = key(i.thread, i.ctx);
      if (!Object.is(k, kThen)) fail(`${name}: orderingKey depends on now: ${kThen} at ${iso(i.ctx.now)} but ${k} at ${iso(now)}`);
      if (k === undefined) return undefined;
      const s = policy.score(i.thread, at(i)).score;
      const expected = k + (drift * now) / MINUTE_MS;
      if (Math.abs(s - expected) > close(k, expected, s)) {
        fail(`${name}: score ${s} at ${iso(now)} is not orderingKey ${k} + drift ${drift}/min × now/60000 = ${expected}`);
      }
      return { k, s };
    };
    const ka = measure(a, 'A');
    const kb = measure(b, 'B');
    if (!ka || !kb) return;
    const tol = close(ka.s, kb.s, ka.k, kb.k);
    const scoreSays = Math.abs(ka.s - kb.s) <= tol ? 0 : Math.sign(ka.s - kb.s);
    const keySays = Math.abs(ka.k - kb.k) <= tol ? 0 : Math.sign(ka.k - kb.k);
    if (scoreSays !== 0 && keySays !== 0 && scoreSays !== keySays) {
      fail(`keys order A ${keySays > 0 ? 'before' : 'after'} B (${ka.k} vs ${kb.k}) but scores at ${iso(now)} say otherwise (${ka.s} vs ${kb.s})`);
    }
  };
}

function arbCase(options: CheckPriorityPolicyOptions, tiers: readonly string[]): fc.Arbitrary<Case> {
  const input = arbThreadWithContext({ thread: options.thread ?? {}, customer: { tiers } });
  const pair = <T>(arb: fc.Arbitrary<T>) => fc.tuple(arb, arb);
  return fc.record({
    a: input,
    b: input,
    levels: pair(fc.nat(PRIORITY_LEVELS.length - 1)),
    tierIdx: pair(fc.nat(Math.max(0, tiers.length - 1))),
    vips: pair(fc.boolean()),
    customer: arbCustomer({ tiers }),
    later: pair(fc.nat(7 * 24 * 60)),
    pairMinutes: fc.nat(14 * 24 * 60),
  });
}

/**
 * Checks a priority policy against the priority laws with fast-check: total (never throws),
 * finite scores and keys, non-empty well-formed reasons, deterministic, monotone in severity and in
 * customer tier/VIP, never lowered by time passing, and — when it has an `orderingKey` — a key that
 * is independent of `now`, equals `score − drift × now / 60 000`, and orders like the score.
 * Returns the first broken law with a shrunk, readable counterexample.
 *
 * @example
 * ```ts
 * import { checkPriorityPolicy } from 'omnithread/testing';
 * import type { PriorityPolicy } from 'omnithread';
 * declare const myPolicy: PriorityPolicy; // the policy under test
 * const result = checkPriorityPolicy(myPolicy, { numRuns: 300, tiers: ['basic', 'pro', 'enterprise'] });
 * if (!result.ok) console.log(result.law, result.counterexample, result.error);
 * ```
 */
export function checkPriorityPolicy(policy: PriorityPolicy, options: CheckPriorityPolicyOptions = {}): PriorityCheckResult {
  const tiers = options.tiers ?? DEFAULT_TIERS;
  const table = laws(policy, tiers);
  const active = PRIORITY_LAWS.filter((law) => table[law] !== undefined && !options.skip?.includes(law));
  const details = fc.check(
    fc.property(arbCase(options, tiers), (c) => {
      for (const law of active) {
        try {
          table[law]![0](c);
        } catch (e) {
          throw new LawFailure(law, e);
        }
      }
    }),
    {
      numRuns: options.numRuns ?? 200,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.path === undefined ? {} : { path: options.path }),
    },
  );
  if (!details.failed) return { ok: true };
  const err = details.errorInstance;
  const law = err instanceof LawFailure ? err.law : 'total';
  const c = details.counterexample?.[0];
  return {
    ok: false,
    law,
    counterexample: c === undefined ? '(none)' : table[law]![1](c),
    error: err instanceof Error ? err.message : String(err),
    seed: details.seed,
    path: details.counterexamplePath,
  };
}

/** Thrown by {@link assertPriorityPolicy}: names the law and shows the counterexample. */
export class PriorityLawViolation extends Error {
  readonly law: PriorityLaw;
  readonly counterexample: string;
  constructor(policy: string, failure: Extract<PriorityCheckResult, { ok: false }>) {
    super(
      `priority policy "${policy}" breaks the law "${failure.law}": ${failure.error}\n` +
        `counterexample:\n  ${failure.counterexample}\n` +
        `replay with { seed: ${failure.seed}, path: ${JSON.stringify(failure.path)} }`,
    );
    this.name = 'PriorityLawViolation';
    this.law = failure.law;
    this.counterexample = failure.counterexample;
  }
}

/**
 * {@link checkPriorityPolicy} for test files: throws a {@link PriorityLawViolation} on the first
 * broken law.
 *
 * @example
 * ```ts
 * import { test } from 'vitest';
 * import { assertPriorityPolicy } from 'omnithread/testing';
 * import type { PriorityPolicy } from 'omnithread';
 * declare const myPolicy: PriorityPolicy; // the policy under test
 * test('my policy obeys the priority laws', () => assertPriorityPolicy(myPolicy));
 * ```
 */
export function assertPriorityPolicy(policy: PriorityPolicy, options?: CheckPriorityPolicyOptions): void {
  const result = checkPriorityPolicy(policy, options);
  if (!result.ok) throw new PriorityLawViolation(policy.name, result);
}
