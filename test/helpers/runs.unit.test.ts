import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEEP, DEEP_RUNS, propertyRuns, shrinkBudget } from './runs.js';

describe('property run counts and the shrink budget', () => {
  it('normal runs keep their count; the deep run (OMNITHREAD_DEEP=1) raises every count to at least 50,000', () => {
    expect(propertyRuns(1000)).toBe(DEEP ? DEEP_RUNS : 1000);
    expect(propertyRuns(100_000)).toBe(100_000);
  });

  it('a shrink budget never cuts the runs of a passing property short', async () => {
    let runs = 0;
    await fc.assert(fc.asyncProperty(fc.nat(), async () => void runs++), { numRuns: 300, plugins: [shrinkBudget(0)] });
    expect(runs).toBe(300);
  });

  it('after the budget, shrinking stops at a value that really fails', async () => {
    let calls = 0;
    const details = await fc.check(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 50 }), async (xs) => {
        calls++;
        return xs.length < 3;
      }),
      { numRuns: 100, seed: 1, plugins: [shrinkBudget(0)] },
    );
    expect(details.failed).toBe(true);
    expect((details.counterexample as [number[]] | null)?.[0]?.length).toBeGreaterThanOrEqual(3);
    // Only the runs up to the first failure ran; without the budget fast-check shrinks on to [0, 0, 0].
    expect(calls).toBe(details.numRuns);
    const unbounded = await fc.check(fc.asyncProperty(fc.array(fc.nat(), { maxLength: 50 }), async (xs) => xs.length < 3), { numRuns: 100, seed: 1 });
    expect(unbounded.counterexample).toEqual([[0, 0, 0]]);
    expect(details.counterexample).not.toEqual([[0, 0, 0]]);
  });
});
