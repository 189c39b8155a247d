import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SmallMap } from '../../src/fold/small-map.js';

type Op = { op: 'set'; key: string; value: number } | { op: 'delete'; key: string } | { op: 'clear' };

const key = fc.constantFrom('a', 'b', 'c', 'd');
const ops = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), key, value: fc.integer() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), key }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const) }) },
  ),
  { maxLength: 30 },
);

describe('SmallMap behaves as a Map', () => {
  it('same answers and the same insertion order after any sequence of operations', () => {
    fc.assert(
      fc.property(ops, (sequence: Op[]) => {
        const model = new Map<string, number>();
        const small = new SmallMap<string, number>();
        for (const o of sequence) {
          if (o.op === 'set') {
            expect(small.set(o.key, o.value)).toBe(small);
            model.set(o.key, o.value);
          } else if (o.op === 'delete') expect(small.delete(o.key)).toBe(model.delete(o.key));
          else {
            small.clear();
            model.clear();
          }
          expect(small.size).toBe(model.size);
          expect([...small]).toEqual([...model]);
          expect([...small.keys()]).toEqual([...model.keys()]);
          expect([...small.values()]).toEqual([...model.values()]);
          for (const k of ['a', 'b', 'c', 'd', 'e']) {
            expect(small.get(k)).toBe(model.get(k));
            expect(small.has(k)).toBe(model.has(k));
          }
        }
        const seen: [string, number][] = [];
        small.forEach((v, k, m) => {
          expect(m).toBe(small);
          seen.push([k, v]);
        });
        expect(seen).toEqual([...model.entries()]);
      }),
      { numRuns: 1000 },
    );
  });
});
