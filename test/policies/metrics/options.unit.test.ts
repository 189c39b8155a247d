import { describe, expect, it } from 'vitest';
import { isOmnithreadError } from '../../../src/errors.js';
import { computeMetrics } from '../../../src/policies/metrics/index.js';
import { HOUR, thread } from './threads.js';

function issuesOf(fn: () => unknown): { path: readonly (string | number)[]; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (isOmnithreadError(e, 'INVALID_ARGUMENT')) return [...e.issues];
    throw e;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

const t = thread({ steps: [{ at: 0, kind: 'in' }] });

describe('options validation', () => {
  it.each([
    ['a missing now', {}, ['now']],
    ['a non-finite now', { now: Number.NaN }, ['now']],
    ['an unknown groupBy', { now: 0, groupBy: 'tenant' }, ['groupBy']],
    ['from after to', { now: 0, from: 2, to: 1 }, ['to']],
    ['an infinite bound', { now: 0, to: Infinity }, ['to']],
    ['a calendar not made by createCalendar', { now: 0, calendar: { timeZone: 'UTC' } }, ['calendar']],
    ['priorityOf that is not a function', { now: 0, priorityOf: 'high' }, ['priorityOf']],
    ['an unknown option', { now: 0, tenant: 'acme' }, []],
  ])('rejects %s', (_, options, path) => {
    const issues = issuesOf(() => computeMetrics([t], options as never));
    expect(issues.map((i) => i.path)).toContainEqual(path);
  });

  it('reports SLA policy problems under sla', () => {
    const issues = issuesOf(() => computeMetrics([t], { now: 0, sla: { default: { firstResponse: -1 } } }));
    expect(issues).toEqual([{ path: ['sla', 'default', 'firstResponse'], message: expect.any(String) }]);
  });

  it('rejects threads that are not iterable', () => {
    expect(issuesOf(() => computeMetrics({} as never, { now: 0 }))).toEqual([{ path: ['threads'], message: expect.any(String) }]);
  });

  it('rejects a priorityOf that returns something else than a priority level', () => {
    const issues = issuesOf(() => computeMetrics([t], { now: HOUR, groupBy: 'priority', priorityOf: () => 'critical' as never }));
    expect(issues).toEqual([{ path: ['priorityOf'], message: expect.stringContaining('"critical"') }]);
  });
});
