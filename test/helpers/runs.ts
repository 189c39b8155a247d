/**
 * How many runs a property gets, and how long it may shrink. `npm test` runs each property at its
 * normal count (at least 1,000 for the guarantees); `npm run test:deep` sets `OMNITHREAD_DEEP=1` and
 * every property that asks here runs at least 50,000 times. One place decides, so no file can forget
 * the deep mode.
 */
import type fc from 'fast-check';

export const DEEP = process.env.OMNITHREAD_DEEP === '1';

/** The deep run's floor: issue 13 asks for ≥ 50,000 runs of each guarantee's property. */
export const DEEP_RUNS = 50_000;

/**
 * The `numRuns` of a property: `normal` in `npm test`, at least {@link DEEP_RUNS} in `npm run test:deep`.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(arb, check), { numRuns: propertyRuns(1000) });
 * ```
 */
export function propertyRuns(normal: number): number {
  return DEEP ? Math.max(DEEP_RUNS, normal) : normal;
}

const isPropertyFailure = (r: unknown): boolean => r !== null && typeof r === 'object' && 'error' in r;

/**
 * Stops shrinking `ms` after the first failure: later shrink candidates are reported as passing
 * without running, so fast-check ends with the smallest failing value found so far (a genuine
 * counterexample, maybe not the smallest). Runs before the first failure are never touched: every
 * property still makes all its runs. Without it one failing history of 24 events shrank for 6 minutes.
 *
 * @example
 * ```ts
 * await fc.assert(property, { numRuns: 1000, plugins: [shrinkBudget(10_000)] });
 * ```
 */
export function shrinkBudget(ms: number): fc.Plugin<unknown> {
  return () => {
    let failedAt: number | undefined;
    let async = false;
    return {
      decorateRun: (nested) => (value) => {
        if (failedAt !== undefined && performance.now() - failedAt > ms) return (async ? Promise.resolve(null) : null) as ReturnType<typeof nested>;
        const out = nested(value);
        const note = (r: unknown) => {
          if (failedAt === undefined && isPropertyFailure(r)) failedAt = performance.now();
          return r;
        };
        if (out !== null && typeof (out as Promise<unknown>).then === 'function') {
          async = true;
          return (out as Promise<unknown>).then(note) as ReturnType<typeof nested>;
        }
        note(out);
        return out;
      },
    };
  };
}

/**
 * `fc.assert` parameters for a guarantee's property: {@link propertyRuns} and a shrink budget (5 s
 * in `npm test`, 2 minutes in the deep run).
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(arb, check), propertyParameters(1000));
 * ```
 */
export function propertyParameters(normal: number): { numRuns: number; plugins: fc.Plugin<unknown>[] } {
  return { numRuns: propertyRuns(normal), plugins: [shrinkBudget(DEEP ? 120_000 : 5_000)] };
}
