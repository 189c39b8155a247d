import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../../src/policies/priority/queue.js';
import { isOmnithreadError } from '../../../src/errors.js';

describe('createWorkQueue', () => {
  it('orders by key (highest first), then earlier tieBreak, then id', () => {
    const q = createWorkQueue();
    q.upsert('b', 10, 5);
    q.upsert('a', 10, 5);
    q.upsert('c', 10, 1);
    q.upsert('d', 99, 100);
    q.upsert('e', -3, 0);
    expect(q.top(10).map((e) => e.threadId)).toEqual(['d', 'c', 'a', 'b', 'e']);
    expect(q.top(2).map((e) => e.threadId)).toEqual(['d', 'c']);
    expect(q.size).toBe(5);
  });

  it('moves a thread on upsert and forgets it on remove', () => {
    const q = createWorkQueue();
    q.upsert('t1', 1, 0);
    q.upsert('t2', 2, 0);
    q.upsert('t1', 3, 0);
    expect(q.top(5).map((e) => e.threadId)).toEqual(['t1', 't2']);
    expect(q.get('t1')).toEqual({ threadId: 't1', key: 3, tieBreak: 0 });
    expect(q.remove('t1')).toBe(true);
    expect(q.remove('t1')).toBe(false);
    expect(q.has('t1')).toBe(false);
    expect(q.size).toBe(1);
    q.clear();
    expect(q.top(5)).toEqual([]);
  });

  it('filters while reading the top, and returns copies', () => {
    const q = createWorkQueue();
    for (let i = 0; i < 1000; i++) q.upsert(`t${i}`, i % 7, i);
    const evens = q.top(3, (e) => e.tieBreak % 2 === 0);
    expect(evens.map((e) => e.threadId)).toEqual(['t6', 't20', 't34']);
    (evens[0] as { key: number }).key = 1e9;
    expect(q.top(1)[0]?.key).toBe(6);
    expect(q.top(0)).toEqual([]);
  });

  it('stays ordered through many splits and merges', () => {
    const q = createWorkQueue();
    for (let i = 0; i < 5000; i++) q.upsert(`t${i}`, (i * 7919) % 5000, 0);
    for (let i = 0; i < 5000; i += 2) q.remove(`t${i}`);
    const all = q.top(5000);
    expect(all).toHaveLength(2500);
    expect(all.every((e, i) => i === 0 || all[i - 1]!.key >= e.key)).toBe(true);
  });

  it('rejects NaN keys, non-finite tie-breaks, empty ids and bad limits', () => {
    const q = createWorkQueue();
    expect(() => q.upsert('t', Number.NaN, 0)).toThrow(/finite/);
    expect(() => q.upsert('t', 1, Infinity)).toThrow(/finite/);
    expect(() => q.upsert('', 1, 0)).toThrow(/threadId/);
    try {
      q.top(-1);
      expect.unreachable();
    } catch (e) {
      expect(isOmnithreadError(e, 'INVALID_ARGUMENT')).toBe(true);
    }
    expect(q.size).toBe(0);
  });
});
