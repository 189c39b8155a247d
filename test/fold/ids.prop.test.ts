import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { base36, customerIdFor, hash53, threadIdFor, threadRefFor } from '../../src/fold/ids.js';
import { eventSchemas } from '../../src/events/schemas.js';

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

// Thread and customer ids hash `${tenantId}\u0000${key}`. That input is injective — one (tenant, key)
// pair per string — exactly when no valid tenant id contains the separator: then the first NUL of the
// input is the separator, and every other split of the same string has a NUL in its tenant part.
describe('the hash input of derived ids is injective over valid tenant ids', () => {
  const tenantId = eventSchemas['message.received'].shape.tenantId;
  const valid = (t: string) => tenantId.safeParse(t).success;
  const nulHeavy = fc.string({ unit: fc.constantFrom('\u0000', 'a', 'b', ':', '\u0085', '\ud800', '🎫'), maxLength: 12 });

  test.prop([nulHeavy, nulHeavy], { numRuns: 3000 })('every other split of the same input has an invalid tenant id', (tenant, key) => {
    fc.pre(valid(tenant));
    const input = `${tenant}\u0000${key}`;
    for (let at = input.indexOf('\u0000'); at >= 0; at = input.indexOf('\u0000', at + 1)) {
      if (at === tenant.length) continue;
      expect(valid(input.slice(0, at)), JSON.stringify([input.slice(0, at), input.slice(at + 1)])).toBe(false);
    }
  });

  test.prop([fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 })])('a valid tenant id never contains the separator', (before, after) => {
    expect(valid(`${before}\u0000${after}`)).toBe(false);
  });
});
