import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { getCountries, getExampleNumber } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import type { IdentityRef } from '../../src/events/primitives.js';
import { normalizeIdentity, normalizeIdentityOrThrow } from '../../src/identity/normalize.js';
import type { NormalizedIdentity } from '../../src/identity/normalize.js';

// ------------------------------------------------------------------------------------ generators

/** Letters whose upper-casing round-trips (so a case variant is the same address): no ß, no İ. */
const LETTERS = [...'abcdefghijklmnopqrstuvwxyzäöüéèñçøåœ'];
const LOCAL_SYMBOLS = [...'0123456789_-!#$&\'*/=?^`{|}~'];
const word = (chars: string[], max: number) => fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: max }).map((a) => a.join(''));

/** Dot-separated words: never a leading, trailing or double dot. */
const localPart = fc.array(word([...LETTERS, ...LOCAL_SYMBOLS], 8), { minLength: 1, maxLength: 3 }).map((w) => w.join('.'));
const domainLabel = fc.tuple(word(LETTERS, 10), fc.option(word([...LETTERS, '-', '0', '7'], 6), { nil: undefined }), word(LETTERS, 1)).map(
  ([head, mid, tail]) => `${head}${mid ?? ''}${tail}`,
);
const domain = fc.array(domainLabel, { minLength: 2, maxLength: 3 }).map((labels) => labels.join('.'));
const plusTag = fc.option(word([...LETTERS, '0', '1', '-'], 6), { nil: undefined });
const email = fc.record({ local: localPart, domain, tag: plusTag }).map(({ local, domain: d, tag }) =>
  tag === undefined ? `${local}@${d}` : `${local}+${tag}@${d}`,
);

/** Upper-cases the characters chosen by `mask` and pads with whitespace. */
function variant(value: string, mask: boolean[], pad: [string, string]): string {
  const chars = [...value].map((c, i) => (mask[i % Math.max(mask.length, 1)] ? c.toUpperCase() : c));
  return `${pad[0]}${chars.join('')}${pad[1]}`;
}
const whitespace = fc.constantFrom('', ' ', '  ', '\t', '\n', ' \r\n');

/** Short components over an alphabet rich in the escape characters, to provoke key collisions. */
const component = fc.array(fc.constantFrom('a', 'B', ':', '%', '3', 'A', '2', '5'), { minLength: 1, maxLength: 5 }).map((a) => a.join(''));
const phoneValue = fc.constantFrom('+14158675310', '+821012345678', '+447911123456', '+14155238886', '+14158675310;ext=12');
const identityRef: fc.Arbitrary<IdentityRef> = fc.oneof(
  email.map((value) => ({ kind: 'email' as const, value })),
  phoneValue.map((value) => ({ kind: 'phone' as const, value })),
  phoneValue.filter((v) => !v.includes(';')).map((value) => ({ kind: 'whatsapp' as const, value })),
  fc.record(
    { kind: fc.constant('social' as const), platform: fc.constantFrom('messenger', 'x', 'twitter', 'acme', 'ac:me'), id: component, scope: component },
    { requiredKeys: ['kind', 'platform', 'id'] },
  ).filter((r) => r.platform !== 'messenger' || r.scope !== undefined),
  fc.record({ kind: fc.constant('chat' as const), visitorId: component }),
  fc.record({ kind: fc.constant('external' as const), system: component, id: component }),
);

/** What makes two identities the same, computed from canonical fields without looking at the key. */
function identityOf(n: NormalizedIdentity): string {
  const r = n.ref;
  switch (r.kind) {
    case 'email':
    case 'phone':
    case 'whatsapp':
      return JSON.stringify([r.kind === 'email' ? 'email' : 'phone', r.value]);
    case 'social':
      return JSON.stringify(['social', r.platform, r.scope ?? null, r.id]);
    case 'chat':
      return JSON.stringify(['chat', r.visitorId]);
    case 'external':
      return JSON.stringify(['external', r.system, r.id]);
  }
}

// ------------------------------------------------------------------------------------ properties

describe('email', () => {
  test.prop([email])('normalising the normalised value gives the same key and value', (value) => {
    const once = normalizeIdentityOrThrow({ kind: 'email', value });
    const twice = normalizeIdentityOrThrow({ kind: 'email', value: once.value });
    expect(twice.key).toBe(once.key);
    expect(twice.value).toBe(once.value);
    expect(twice.plusTag).toBeUndefined();
    expect(normalizeIdentityOrThrow(once.ref).key).toBe(once.key);
  });

  test.prop([email, fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), fc.tuple(whitespace, whitespace)])(
    'case and whitespace variants of one address give one key',
    (value, mask, pad) => {
      const base = normalizeIdentityOrThrow({ kind: 'email', value });
      const other = normalizeIdentityOrThrow({ kind: 'email', value: variant(value, mask, pad) });
      expect(other.key).toBe(base.key);
      expect(other.key).toBe(`email:${value.toLowerCase().replace(/\+[^@]*@/, '@').replace(/@.*$/, '')}@${base.value.split('@')[1]}`);
    },
  );

  test.prop([email, fc.string({ maxLength: 40, unit: 'grapheme' })])('never throws on arbitrary input, only reports', (a, junk) => {
    for (const value of [junk, `${junk}@${a}`, `${a}${junk}`]) {
      const r = normalizeIdentity({ kind: 'email', value });
      if (r.ok) expect(normalizeIdentityOrThrow({ kind: 'email', value: r.identity.value }).key).toBe(r.identity.key);
      else expect(r.error.code).toBe('INVALID_IDENTITY');
    }
  });
});

describe('phone', () => {
  const examples = getCountries()
    .map((country) => ({ country, example: getExampleNumber(country, mobileExamples) }))
    .filter((e): e is { country: typeof e.country; example: NonNullable<typeof e.example> } => e.example !== undefined);

  test('every region has a usable example (guards the property below against vacuity)', () => {
    expect(examples.length).toBeGreaterThan(200);
  });

  test.prop([fc.constantFrom(...examples)])('national, international and E.164 spellings of one number give one key', ({ country, example }) => {
    const expected = `phone:${example.number}`;
    const spellings = [example.formatNational(), example.formatInternational(), example.number, ` ${example.number} `];
    for (const value of spellings) expect(normalizeIdentityOrThrow({ kind: 'phone', value }, { defaultRegion: country }).key).toBe(expected);
    // Idempotent, and region-independent once international.
    const once = normalizeIdentityOrThrow({ kind: 'phone', value: example.formatNational() }, { defaultRegion: country });
    expect(normalizeIdentityOrThrow({ kind: 'phone', value: once.value }).key).toBe(expected);
    expect(normalizeIdentityOrThrow({ kind: 'phone', value: once.value }, { defaultRegion: 'KR' }).key).toBe(expected);
    // The same number over WhatsApp (Twilio form and wa_id digits) is the same identity.
    expect(normalizeIdentityOrThrow({ kind: 'whatsapp', value: `whatsapp:${example.number}` }).key).toBe(expected);
    expect(normalizeIdentityOrThrow({ kind: 'whatsapp', value: example.number.slice(1) }).key).toBe(expected);
  });
});

describe('all kinds', () => {
  test.prop([identityRef])('normalising the canonical ref is idempotent', (ref) => {
    const once = normalizeIdentityOrThrow(ref);
    const twice = normalizeIdentityOrThrow(once.ref);
    expect(twice.key).toBe(once.key);
    expect(twice.ref).toEqual(once.ref);
  });

  test.prop([identityRef])('the key decodes back to the canonical components (a left inverse, so keys are injective)', (ref) => {
    const n = normalizeIdentityOrThrow(ref);
    const [namespace, ...parts] = n.key.split(':');
    const components = parts.map((p) => p.replace(/%3A|%25/g, (m) => (m === '%3A' ? ':' : '%')));
    const r = n.ref;
    const expected =
      r.kind === 'social'
        ? ['social', r.platform, ...(r.scope === undefined ? [] : [r.scope]), r.id]
        : r.kind === 'chat'
          ? ['chat', r.visitorId]
          : r.kind === 'external'
            ? ['external', r.system, r.id]
            : [r.kind === 'email' ? 'email' : 'phone', r.value];
    expect([namespace, ...components]).toEqual(expected);
  });

  test.prop([component, component, component])('re-splitting the same characters across components never collides', (x, y, z) => {
    const refs: IdentityRef[] = [
      { kind: 'social', platform: 'acme', scope: `${x}:${y}`, id: z },
      { kind: 'social', platform: 'acme', scope: x, id: `${y}:${z}` },
      { kind: 'social', platform: 'acme', id: `${x}:${y}:${z}` },
      { kind: 'social', platform: 'acme', id: `${x}%3A${y}%3A${z}` },
      { kind: 'social', platform: `acme:${x}`, scope: y, id: z },
      { kind: 'external', system: `${x}:${y}`, id: z },
      { kind: 'external', system: x, id: `${y}:${z}` },
      { kind: 'external', system: x, id: `${y}%3A${z}` },
    ];
    const identities = new Set(refs.map((r) => identityOf(normalizeIdentityOrThrow(r))));
    const keys = new Set(refs.map((r) => normalizeIdentityOrThrow(r).key));
    expect(keys.size).toBe(identities.size);
  });

  test.prop([fc.array(identityRef, { minLength: 2, maxLength: 30 })])('keys are injective: equal keys ⇔ same identity', (refs) => {
    const byKey = new Map<string, string>();
    const byIdentity = new Map<string, string>();
    for (const ref of refs) {
      const n = normalizeIdentityOrThrow(ref);
      const identity = identityOf(n);
      expect(byKey.get(n.key) ?? identity).toBe(identity);
      expect(byIdentity.get(identity) ?? n.key).toBe(n.key);
      byKey.set(n.key, identity);
      byIdentity.set(identity, n.key);
    }
  });
});
