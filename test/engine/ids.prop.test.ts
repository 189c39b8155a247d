import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { base36, customerIdFor, hash53, threadIdFor, threadRefFor } from '../../src/engine/ids.js';

// Ids end up in stored events (routing writes thread.assigned) and snapshots: the fast encoding must
// give exactly what `Number#toString(36)` gave, or existing logs would stop replaying to the same ids.
describe('deterministic ids', () => {
  test.prop([fc.maxSafeNat(), fc.integer({ min: 1, max: 16 })], { numRuns: 2000 })('base36 is toString(36) padded', (n, width) => {
    expect(base36(n, width)).toBe(n.toString(36).padStart(width, '0'));
  });

  test.prop([fc.constantFrom(0, 35, 36, 36 ** 10 - 1, 36 ** 10, 2 ** 48, 2 ** 48 + 35, Number.MAX_SAFE_INTEGER)])('at the edges', (n) => {
    expect(base36(n, 11)).toBe(n.toString(36).padStart(11, '0'));
  });

  test.prop([fc.string({ minLength: 1 }), fc.string({ minLength: 1 })])('thread, ref and customer ids keep their format', (tenant, id) => {
    const old = (n: number) => n.toString(36).padStart(11, '0');
    const threadId = threadIdFor(tenant, id);
    expect(threadId).toBe(`th_${old(hash53(`${tenant}\u0000${id}`))}`);
    expect(threadRefFor(threadId)).toBe(old(hash53(threadId, 7)).slice(-8).toUpperCase());
    expect(customerIdFor(tenant, id)).toBe(`cu_${old(hash53(`${tenant}\u0000${id}`))}`);
  });
});
