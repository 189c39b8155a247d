/** partitionOf: pure, stable across processes (pinned values), in range, and spreads tenants evenly. */
import { describe, expect, it } from 'vitest';
import { isOmnithreadError } from '../../src/errors.js';
import { partitionOf } from '../../src/store/postgres/partitions.js';
import { lockName } from '../../src/cluster/held-locks.js';

describe('partitionOf', () => {
  it('is the first 4 bytes of SHA-256 mod n: pinned values every process must agree on', () => {
    // sha256('acme') starts 0x822b33ad = 2183869357 ≡ 5 (mod 8); sha256('') starts 0xe3b0c442. Pinned: a
    // change of the mapping would move tenants between owners of a running cluster.
    expect([partitionOf('acme', 8), partitionOf('acme', 1), partitionOf('globex', 8), partitionOf('', 7)]).toEqual([5, 0, 5, 0xe3b0c442 % 7]);
    expect(partitionOf('acme', 1)).toBe(0);
    expect(partitionOf('acme', 8)).toBe(partitionOf('acme', 8));
  });

  it('stays in range and spreads 10,000 tenants within ±15 % of even over 16 partitions', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const p = partitionOf(`tenant-${i}`, 16);
      expect(Number.isInteger(p) && p >= 0 && p < 16).toBe(true);
      counts[p]!++;
    }
    for (const c of counts) expect(Math.abs(c - 625)).toBeLessThan(625 * 0.15);
  });

  it('rejects a partition count that is not a positive integer with INVALID_ARGUMENT', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => partitionOf('acme', n)).toThrow(expect.toSatisfy((e: unknown) => isOmnithreadError(e, 'INVALID_ARGUMENT')));
  });

  it('names each partition lock by schema, count and number', () => {
    expect(lockName('helpdesk', 8, 3)).toBe('helpdesk/8/3');
  });
});
