import { describe, expect, it } from 'vitest';
import type { IdentityRef } from '../../src/events/primitives.js';
import { IdentityNormalizer } from '../../src/fold/prepare.js';

const refs: IdentityRef[] = [
  { kind: 'email', value: 'ana@example.com' },
  { kind: 'phone', value: '+14155550100' },
  { kind: 'phone', value: '+14155550100', verified: true },
  { kind: 'whatsapp', value: '+14155550100' },
  { kind: 'chat', visitorId: 'v-1' },
  { kind: 'chat', visitorId: 'v-1', verified: true },
  { kind: 'social', platform: 'x', id: '42', handle: 'ana' },
  // Same id, other platform / scope / handle: must never be taken for the one above.
  { kind: 'social', platform: 'instagram', id: '42', handle: 'ana' },
  { kind: 'social', platform: 'x', scope: 'page-1', id: '42', handle: 'ana' },
  { kind: 'social', platform: 'x', id: '42', handle: 'ana_new' },
  { kind: 'external', system: 'crm', id: '42' },
  { kind: 'external', system: 'billing', id: '42' },
];

describe('IdentityNormalizer in trusted (replay) mode', () => {
  it('gives what untrusted normalisation gives, for every kind, twice in a row (cached)', () => {
    const plain = new IdentityNormalizer();
    const trusted = new IdentityNormalizer(true);
    for (let round = 0; round < 2; round++) {
      for (const ref of refs) expect(trusted.normalize({ ...ref }, 'US', [])).toEqual(plain.normalize(ref, 'US', []));
    }
  });

  it('shares one identity object per identifier instead of building one per event', () => {
    const trusted = new IdentityNormalizer(true);
    const valid = refs.filter((ref) => !Array.isArray(trusted.normalize(ref, 'US', [])));
    expect(valid.length).toBeGreaterThan(8);
    for (const ref of valid) expect(trusted.normalize({ ...ref }, 'US', [])).toBe(trusted.normalize({ ...ref }, 'US', []));
  });

  it('a national phone number still depends on the region', () => {
    const trusted = new IdentityNormalizer(true);
    const us = trusted.normalize({ kind: 'phone', value: '(415) 555-0100' }, 'US', []);
    const gb = trusted.normalize({ kind: 'phone', value: '020 7946 0958' }, 'GB', []);
    expect(us).toMatchObject({ key: 'phone:+14155550100' });
    expect(gb).toMatchObject({ key: 'phone:+442079460958' });
  });
});
