import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { UnionFind } from '../../src/identity/union-find.js';

/** The obvious partition: each element maps to a set object; union relabels a whole set. O(n) per union. */
class NaivePartition {
  readonly #setOf = new Map<number, Set<number>>();
  has(x: number): boolean {
    return this.#setOf.has(x);
  }
  add(x: number): void {
    if (!this.#setOf.has(x)) this.#setOf.set(x, new Set([x]));
  }
  union(a: number, b: number): void {
    this.add(a);
    this.add(b);
    const sa = this.#setOf.get(a)!;
    const sb = this.#setOf.get(b)!;
    if (sa === sb) return;
    for (const x of sb) {
      sa.add(x);
      this.#setOf.set(x, sa);
    }
  }
  connected(a: number, b: number): boolean {
    return a === b || (this.#setOf.has(a) && this.#setOf.get(a) === this.#setOf.get(b));
  }
  setSize(x: number): number {
    return this.#setOf.get(x)?.size ?? 1;
  }
  get size(): number {
    return this.#setOf.size;
  }
  get setCount(): number {
    return new Set(this.#setOf.values()).size;
  }
}

type Op = { op: 'union'; a: number; b: number } | { op: 'find'; a: number } | { op: 'add'; a: number };
const element = fc.integer({ min: 0, max: 40 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('union' as const), a: element, b: element }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('find' as const), a: element }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add' as const), a: element }) },
);

describe('UnionFind agrees with a naive partition', () => {
  test.prop([fc.array(op, { maxLength: 120 })])('on connected, setSize, size, setCount after every operation', (ops) => {
    const uf = new UnionFind<number>();
    const ref = new NaivePartition();
    for (const o of ops) {
      if (o.op === 'union') {
        const root = uf.union(o.a, o.b);
        ref.union(o.a, o.b);
        // The returned root is the root of both, and belongs to the merged set.
        expect(uf.find(o.a)).toBe(root);
        expect(uf.find(o.b)).toBe(root);
        expect(ref.connected(root, o.a)).toBe(true);
      } else if (o.op === 'find') {
        const root = uf.find(o.a);
        ref.add(o.a);
        expect(ref.connected(root, o.a)).toBe(true);
        expect(uf.find(root)).toBe(root);
      } else {
        expect(uf.add(o.a)).toBe(!ref.has(o.a));
        ref.add(o.a);
      }
      expect(uf.size).toBe(ref.size);
      expect(uf.setCount).toBe(ref.setCount);
    }
    for (let a = 0; a <= 40; a++) {
      expect(uf.setSize(a)).toBe(ref.setSize(a));
      for (let b = a; b <= 40; b++) expect(uf.connected(a, b)).toBe(ref.connected(a, b));
    }
    const groups = uf.groups();
    expect(groups.flat().sort((x, y) => x - y)).toEqual([...new Set(groups.flat())].sort((x, y) => x - y));
    for (const g of groups) expect(g.every((x) => ref.connected(x, g[0]!))).toBe(true);
    expect(groups.length).toBe(ref.setCount);
  });

  test.prop([fc.array(fc.tuple(element, element), { maxLength: 60 }), fc.array(fc.tuple(element, element), { maxLength: 60 })])(
    'the partition does not depend on the order of unions',
    (first, second) => {
      const forward = new UnionFind<number>();
      const backward = new UnionFind<number>();
      for (const [a, b] of [...first, ...second]) forward.union(a, b);
      for (const [a, b] of [...second, ...first].reverse()) backward.union(b, a);
      for (let a = 0; a <= 40; a++) for (let b = 0; b <= 40; b++) expect(forward.connected(a, b)).toBe(backward.connected(a, b));
    },
  );

  test('unknown elements: find adds them, connected and setSize do not', () => {
    const uf = new UnionFind(['a']);
    expect(uf.connected('a', 'zz')).toBe(false);
    expect(uf.connected('zz', 'zz')).toBe(true);
    expect(uf.setSize('zz')).toBe(1);
    expect(uf.has('zz')).toBe(false);
    expect(uf.find('zz')).toBe('zz');
    expect(uf.has('zz')).toBe(true);
    expect(uf.size).toBe(2);
  });
});

describe('UnionFind cost', () => {
  /** Deterministic pseudo-random unions and finds over n elements (a 32-bit LCG, no Math.random). */
  function hopsPerOperation(n: number): number {
    let state = 0x9e3779b9 ^ n;
    const next = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state % n;
    };
    const uf = new UnionFind<number>();
    for (let i = 0; i < n; i++) uf.add(i);
    const ops = 4 * n;
    for (let i = 0; i < ops; i++) {
      if (i % 2 === 0) uf.union(next(), next());
      else uf.find(next());
    }
    return uf.pointerHops / ops;
  }

  test('amortised parent hops per operation stay near-constant as n grows 100×', () => {
    const perOp = [1_000, 10_000, 100_000].map(hopsPerOperation);
    // Measured ≈ 1.08 hops per op at 10³, 10⁴ and 10⁵ elements; even a log-depth forest would add ~6.6 levels.
    for (const cost of perOp) expect(cost).toBeLessThan(3);
    expect(perOp[2]! / perOp[0]!).toBeLessThan(1.25);
  });

  test('a chain of unions (the worst case without union by size) stays shallow', () => {
    const n = 50_000;
    const uf = new UnionFind<number>();
    for (let i = 1; i < n; i++) uf.union(i, i - 1);
    const before = uf.pointerHops;
    // Without union by size, each union would hang the old chain under the new element: find(0) ~ n hops.
    uf.find(0);
    expect(uf.pointerHops - before).toBeLessThanOrEqual(1);
    expect(uf.setSize(0)).toBe(n);
  });

  test('path halving flattens a deep path built by balanced unions', () => {
    // Union equal-sized trees pairwise: depth grows to log2(n) — the deepest union by size allows.
    const n = 1 << 14;
    const uf = new UnionFind<number>();
    for (let width = 1; width < n; width *= 2) for (let i = 0; i < n; i += 2 * width) uf.union(i, i + width);
    const deepest = n - 1;
    const before = uf.pointerHops;
    uf.find(deepest);
    const first = uf.pointerHops - before;
    uf.find(deepest);
    const second = uf.pointerHops - before - first;
    expect(first).toBeLessThanOrEqual(14);
    expect(second).toBeLessThanOrEqual(Math.ceil(first / 2));
  });
});
