import { describe, expect, it } from 'vitest';
import { computeMetrics, originChannel } from '../../../src/policies/metrics/index.js';
import type { Thread } from '../../../src/threading/types.js';
import { HOUR, MIN, inbound, thread } from './threads.js';

const NOW = 100 * HOUR;
const keys = (threads: Thread[], groupBy: 'channel' | 'team' | 'agent' | 'priority' | 'none', extra = {}) =>
  computeMetrics(threads, { now: NOW, groupBy, ...extra }).groups.map((g) => [g.key, g.threads]);

const answered = (id: string, extra: Parameters<typeof thread>[1] = {}) => thread({ id, steps: [{ at: 0, kind: 'in' }, { at: 10 * MIN, kind: 'agent' }] }, extra);

describe('grouping', () => {
  it('none: one group, "all", equal to the total', () => {
    const report = computeMetrics([answered('a'), answered('b')], { now: NOW });
    expect(report.groupBy).toBe('none');
    expect(report.groups).toEqual([report.total]);
    expect(report.total.key).toBe('all');
  });

  it('agent: the current assignee, unassigned last', () => {
    const threads = [answered('a', { assignee: 'zoe' }), answered('b'), answered('c', { assignee: 'ann' }), answered('d', { assignee: 'zoe' })];
    expect(keys(threads, 'agent')).toEqual([['ann', 1], ['zoe', 2], ['unassigned', 1]]);
  });

  it('team: the thread team, unassigned last', () => {
    expect(keys([answered('a', { team: 'billing' }), answered('b')], 'team')).toEqual([['billing', 1], ['unassigned', 1]]);
  });

  it('priority: priorityOf, else the override, else severity, else normal; urgent first', () => {
    const threads = [answered('a', { priorityOverride: 'low', severity: 'urgent' }), answered('b', { severity: 'urgent' }), answered('c'), answered('d', { severity: 'high' })];
    expect(keys(threads, 'priority')).toEqual([['urgent', 1], ['high', 1], ['normal', 1], ['low', 1]]);
    const mine = (t: Thread) => (t.id === 'c' ? ('urgent' as const) : undefined);
    expect(keys(threads, 'priority', { priorityOf: mine })).toEqual([['urgent', 2], ['high', 1], ['low', 1]]);
  });

  it('channel: where the customer first wrote, not where they wrote last', () => {
    const switched = thread({ id: 's', steps: [{ at: 0, kind: 'agent' }] }, { more: [inbound('i1', MIN, 'chat'), inbound('i2', 2 * MIN, 'sms')], channel: 'sms', createdAt: 0 });
    const outreach = thread({ id: 'o', steps: [{ at: 0, kind: 'agent' }], channel: 'whatsapp' });
    const empty = thread({ id: 'e', steps: [] }, { channel: 'social' });
    expect(originChannel(switched)).toBe('chat');
    expect(keys([switched, outreach, empty, answered('a')], 'channel')).toEqual([['chat', 1], ['email', 1], ['social', 1], ['whatsapp', 1]]);
  });

  it('groups partition the threads and their samples', () => {
    const threads = [answered('a', { assignee: 'x' }), answered('b', { assignee: 'y' }), answered('c')];
    const report = computeMetrics(threads, { now: NOW, groupBy: 'agent' });
    expect(report.groups.reduce((n, g) => n + g.threads, 0)).toBe(report.total.threads);
    expect(report.groups.reduce((n, g) => n + g.firstResponse.count, 0)).toBe(report.total.firstResponse.count);
  });
});

describe('window and merged threads', () => {
  it('takes threads created in [from, to) and skips merged-away threads', () => {
    const at = (id: string, hour: number, extra: Parameters<typeof thread>[1] = {}) => thread({ id, steps: [{ at: hour * HOUR, kind: 'in' }] }, extra);
    const threads = [at('a', 1), at('b', 2), at('c', 3), at('d', 2, { status: 'merged', mergedInto: 'b' })];
    const report = computeMetrics(threads, { now: NOW, from: 2 * HOUR, to: 3 * HOUR });
    expect(report.total.threads).toBe(1);
    expect([report.from, report.to]).toEqual([2 * HOUR, 3 * HOUR]);
    expect(computeMetrics(threads, { now: NOW }).total.threads).toBe(3);
    expect(computeMetrics(threads, { now: NOW, from: 2 * HOUR, to: 2 * HOUR }).groups).toEqual([]);
  });

  it('no threads: every figure null, every count zero', () => {
    const { total, groups } = computeMetrics([], { now: NOW, groupBy: 'channel' });
    expect(groups).toEqual([]);
    expect(total).toMatchObject({ threads: 0, transfers: { total: 0, perThread: null }, firstContactResolution: { rate: null, resolved: 0, eligible: 0 }, reopenRate: null });
  });

  it('accepts any iterable of threads', () => {
    function* gen() {
      yield answered('a');
      yield answered('b');
    }
    expect(computeMetrics(gen(), { now: NOW }).total.threads).toBe(2);
  });
});
