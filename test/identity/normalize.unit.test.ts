import { describe, expect, it } from 'vitest';
import { isOmnithreadError } from '../../src/errors.js';
import type { IdentityRef } from '../../src/events/primitives.js';
import { normalizeIdentity, normalizeIdentityOrThrow } from '../../src/identity/normalize.js';
import type { NormalizeIdentityOptions } from '../../src/identity/normalize.js';

const key = (ref: IdentityRef, options?: NormalizeIdentityOptions): string => normalizeIdentityOrThrow(ref, options).key;

/** The single issue of a rejected identity, asserting it is INVALID_IDENTITY. */
function issueOf(ref: IdentityRef, options?: NormalizeIdentityOptions): { path: readonly (string | number)[]; message: string } {
  const result = normalizeIdentity(ref, options);
  if (result.ok) throw new Error(`expected ${JSON.stringify(ref)} to be rejected, got ${result.identity.key}`);
  expect(result.error.code).toBe('INVALID_IDENTITY');
  expect(result.error.issues).toHaveLength(1);
  return result.error.issues[0]!;
}

describe('email', () => {
  it('trims and lower-cases the whole address', () => {
    const id = normalizeIdentityOrThrow({ kind: 'email', value: '  Alice.Smith@Example.COM\n' });
    expect(id).toEqual({
      key: 'email:alice.smith@example.com',
      kind: 'email',
      value: 'alice.smith@example.com',
      verified: false,
      ref: { kind: 'email', value: 'alice.smith@example.com', verified: false },
    });
  });

  it('maps IDN domains to punycode and keeps a Unicode local part (lower-cased)', () => {
    expect(key({ kind: 'email', value: 'Ünïcode@Bücher.example' })).toBe('email:ünïcode@xn--bcher-kva.example');
    // The punycode spelling of the same domain is the same identity.
    expect(key({ kind: 'email', value: 'ünïcode@xn--bcher-kva.example' })).toBe('email:ünïcode@xn--bcher-kva.example');
    expect(key({ kind: 'email', value: 'info@例え.テスト' })).toBe('email:info@xn--r8jz45g.xn--zckzah');
  });

  it('treats composed and decomposed Unicode as one address', () => {
    const composed = 'J\u00fcrgen@m\u00fcnchen.de';
    const decomposed = 'Ju\u0308rgen@mu\u0308nchen.de';
    expect(key({ kind: 'email', value: decomposed })).toBe(key({ kind: 'email', value: composed }));
    expect(key({ kind: 'email', value: composed })).toBe('email:jürgen@xn--mnchen-3ya.de');
  });

  it('separates plus tags: no tag in the key, the tag returned as written', () => {
    const id = normalizeIdentityOrThrow({ kind: 'email', value: 'Alice+Reply-Q7xK@Example.com', verified: true });
    expect(id.key).toBe('email:alice@example.com');
    expect(id.value).toBe('alice@example.com');
    expect(id.plusTag).toBe('Reply-Q7xK');
    expect(id.verified).toBe(true);
    expect(key({ kind: 'email', value: 'alice+a+b@example.com' })).toBe('email:alice@example.com');
    expect(normalizeIdentityOrThrow({ kind: 'email', value: 'alice+a+b@example.com' }).plusTag).toBe('a+b');
  });

  it('keeps a leading plus or an empty tag out of plusTag', () => {
    const leading = normalizeIdentityOrThrow({ kind: 'email', value: '+orders@shop.example' });
    expect(leading.key).toBe('email:+orders@shop.example');
    expect(leading.plusTag).toBeUndefined();
    const empty = normalizeIdentityOrThrow({ kind: 'email', value: 'bob+@shop.example' });
    expect(empty.key).toBe('email:bob@shop.example');
    expect(empty).not.toHaveProperty('plusTag');
  });

  it('does not apply provider-specific aliasing (dots stay)', () => {
    expect(key({ kind: 'email', value: 'a.lice@gmail.com' })).not.toBe(key({ kind: 'email', value: 'alice@gmail.com' }));
  });

  it.each([
    ['alice.example.com', /no "@" found/],
    ['@example.com', /before "@" is empty/],
    ['alice@', /domain after "@" is empty/],
    ['al ice@example.com', /character " " is not allowed/],
    ['"alice"@example.com', /quoted local parts are not supported/],
    ['.alice@example.com', /must not start or end with "."/],
    ['al..ice@example.com', /contain "\.\."/],
    ['alice@localhost', /at least two labels/],
    ['alice@exa mple.com', /not a valid host name/],
    ['alice@-bad.example', /invalid label "-bad"/],
    ['alice@under_score.example', /invalid label "under_score"/],
    ['alice@example..com', /invalid label ""/],
    ['alice@[192.168.0.1]', /IP-literal/],
    ['alice@192.168.0.1', /numeric top-level label/],
    ['alice@ex%41mple.com', /must not contain "%"/],
    ['a\u200Dlice@example.com', /is not allowed before "@"/],
    [`${'a'.repeat(65)}@example.com`, /longer than 64 bytes/],
  ])('rejects %j', (value, message) => {
    const issue = issueOf({ kind: 'email', value });
    expect(issue.path).toEqual(['value']);
    expect(issue.message).toMatch(message);
  });
});

describe('phone', () => {
  it.each([
    ['010-1234-5678', 'KR', '+821012345678'],
    ['+82 10-1234-5678', undefined, '+821012345678'],
    ['(415) 867-5310', 'US', '+14158675310'],
    ['+1 415 867 5310', 'KR', '+14158675310'],
    ['07911 123456', 'GB', '+447911123456'],
    ['+44 (0)7911 123456', undefined, '+447911123456'],
    ['0044 7911 123456', 'GB', '+447911123456'],
    ['tel:+14158675310', undefined, '+14158675310'],
  ] as const)('%s with region %s → %s', (value, defaultRegion, e164) => {
    const id = normalizeIdentityOrThrow({ kind: 'phone', value }, defaultRegion ? { defaultRegion } : {});
    expect(id.key).toBe(`phone:${e164}`);
    expect(id.value).toBe(e164);
    expect(id.ref).toEqual({ kind: 'phone', value: e164, verified: false });
  });

  it('keeps an extension in the key: lines behind one switchboard are different people', () => {
    expect(key({ kind: 'phone', value: '+1 415 867 5310 ext. 12' })).toBe('phone:+14158675310;ext=12');
    expect(key({ kind: 'phone', value: '+14158675310;ext=12' })).toBe('phone:+14158675310;ext=12');
    expect(key({ kind: 'phone', value: '+14158675310' })).toBe('phone:+14158675310');
  });

  it.each([
    ['12', 'US', /too short|not a valid phone number/],
    ['555-1234', 'US', /not a valid phone number for US/],
    ['+1 555 555 5555', undefined, /not a valid phone number for \+1/],
    ['099-1234-5678', 'KR', /not a valid phone number for KR/],
    ['010-1234-56789', 'KR', /not a valid phone number for KR/],
    ['06911 123456', 'GB', /not a valid phone number for GB/],
    ['4158675310', undefined, /has no country/],
    ['call me on +14158675310', undefined, /is not a phone number/],
    ['1-800-FLOWERS', 'US', /is not a phone number/],
  ] as const)('rejects %j (region %s)', (value, defaultRegion, message) => {
    const issue = issueOf({ kind: 'phone', value }, defaultRegion ? { defaultRegion, path: ['from'] } : { path: ['from'] });
    expect(issue.path).toEqual(['from', 'value']);
    expect(issue.message).toMatch(message);
  });

  it('reports an unsupported default region as INVALID_ARGUMENT, not as a bad identity', () => {
    const result = normalizeIdentity({ kind: 'phone', value: '010-1234-5678' }, { defaultRegion: 'ZZ' as 'KR' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT');
      expect(result.error.issues[0]?.path).toEqual(['defaultRegion']);
    }
  });
});

describe('whatsapp', () => {
  it("reads Twilio's whatsapp: prefix and WhatsApp Cloud's wa_id digits as one phone identity", () => {
    const twilio = normalizeIdentityOrThrow({ kind: 'whatsapp', value: 'whatsapp:+14155238886' });
    const cloud = normalizeIdentityOrThrow({ kind: 'whatsapp', value: '14155238886' });
    const sms = normalizeIdentityOrThrow({ kind: 'phone', value: '(415) 523-8886' }, { defaultRegion: 'US' });
    expect(twilio.key).toBe('phone:+14155238886');
    expect(cloud.key).toBe(twilio.key);
    expect(sms.key).toBe(twilio.key);
    expect(twilio.kind).toBe('whatsapp');
    expect(twilio.value).toBe('+14155238886');
    expect(key({ kind: 'whatsapp', value: '821012345678' })).toBe('phone:+821012345678');
    expect(key({ kind: 'whatsapp', value: 'WhatsApp:+44 7911 123456' })).toBe('phone:+447911123456');
  });

  it('ignores the default region: wa_id digits are already international', () => {
    // Read as a US national number this would be +1 415…; as a wa_id it is Switzerland (+41) and invalid.
    const issue = issueOf({ kind: 'whatsapp', value: '4158675310' }, { defaultRegion: 'US' });
    expect(issue.message).toMatch(/not a valid phone number/);
  });

  it.each([
    ['(415) 523-8886', /not a WhatsApp id/],
    ['whatsapp:', /not a WhatsApp id/],
    ['+1 415 867 5310 ext 9', /has an extension/],
    ['+1555555', /not a valid phone number|too short/],
  ])('rejects %j', (value, message) => {
    const issue = issueOf({ kind: 'whatsapp', value }, { path: ['from'] });
    expect(issue.path).toEqual(['from', 'value']);
    expect(issue.message).toMatch(message);
  });
});

describe('social', () => {
  it('scopes Messenger PSIDs by page: one PSID on two pages is two identities', () => {
    const pageA = key({ kind: 'social', platform: 'messenger', scope: '104738291234', id: '6723941827364' });
    const pageB = key({ kind: 'social', platform: 'Messenger', scope: '998877665544', id: '6723941827364' });
    expect(pageA).toBe('social:messenger:104738291234:6723941827364');
    expect(pageB).toBe('social:messenger:998877665544:6723941827364');
    expect(pageA).not.toBe(pageB);
  });

  it('requires a scope for page/account-scoped platforms', () => {
    for (const platform of ['messenger', 'instagram', 'LINE']) {
      const issue = issueOf({ kind: 'social', platform, id: '17841400000000' }, { path: ['from'] });
      expect(issue.path).toEqual(['from', 'scope']);
      expect(issue.message).toMatch(/only unique per page\/account/);
    }
    expect(key({ kind: 'social', platform: 'instagram', scope: '17841400008460056', id: '1234567890' })).toBe(
      'social:instagram:17841400008460056:1234567890',
    );
  });

  it('treats x and twitter as one platform with global ids (a scope does not split them)', () => {
    const x = key({ kind: 'social', platform: 'x', id: '783214' });
    expect(x).toBe('social:x:783214');
    expect(key({ kind: 'social', platform: 'Twitter', id: '783214', handle: '@Twitter' })).toBe(x);
    expect(key({ kind: 'social', platform: 'twitter', id: '783214', scope: 'our-support-account' })).toBe(x);
  });

  it('keeps a scope for unknown platforms and never puts the handle in the key', () => {
    expect(key({ kind: 'social', platform: 'mastodon', id: '109', scope: 'mastodon.social' })).toBe('social:mastodon:mastodon.social:109');
    const id = normalizeIdentityOrThrow({ kind: 'social', platform: 'x', id: '783214', handle: ' @support ' });
    expect(id.value).toBe('783214');
    expect(id.ref).toEqual({ kind: 'social', platform: 'x', id: '783214', handle: '@support', verified: false });
  });

  it('escapes ":" inside components so keys stay injective', () => {
    const a = key({ kind: 'social', platform: 'acme', scope: 'a:b', id: 'c' });
    const b = key({ kind: 'social', platform: 'acme', scope: 'a', id: 'b:c' });
    const c = key({ kind: 'social', platform: 'acme', id: 'a:b:c' });
    expect(new Set([a, b, c]).size).toBe(3);
    expect(a).toBe('social:acme:a%3Ab:c');
    expect(key({ kind: 'social', platform: 'acme', id: 'a%3Ab' })).toBe('social:acme:a%253Ab');
  });

  it('rejects blank components with their path', () => {
    expect(issueOf({ kind: 'social', platform: ' ', id: '1' }).path).toEqual(['platform']);
    expect(issueOf({ kind: 'social', platform: 'x', id: '   ' }).path).toEqual(['id']);
    expect(issueOf({ kind: 'social', platform: 'messenger', scope: ' ', id: '1' }).path).toEqual(['scope']);
  });
});

describe('chat and external', () => {
  it('keys chat visitors and external ids by namespace', () => {
    expect(key({ kind: 'chat', visitorId: 'v_9f2c1a' })).toBe('chat:v_9f2c1a');
    expect(key({ kind: 'external', system: 'Salesforce', id: '0035g00000XyZ12AAB' })).toBe('external:salesforce:0035g00000XyZ12AAB');
    // External ids stay case-sensitive: systems like Salesforce distinguish them.
    expect(key({ kind: 'external', system: 'salesforce', id: '0035g00000xyz12aab' })).not.toBe(
      key({ kind: 'external', system: 'salesforce', id: '0035g00000XyZ12AAB' }),
    );
  });

  it('never lets different kinds share a key', () => {
    const keys = [
      key({ kind: 'chat', visitorId: 'x:1' }),
      key({ kind: 'external', system: 'x', id: '1' }),
      key({ kind: 'social', platform: 'x', id: '1' }),
    ];
    expect(new Set(keys).size).toBe(3);
  });
});

describe('errors', () => {
  it('throws an OmnithreadError with code and issues from the throwing variant', () => {
    let caught: unknown;
    try {
      normalizeIdentityOrThrow({ kind: 'email', value: 'not-an-email' }, { path: ['events', 3, 'from'] });
    } catch (e) {
      caught = e;
    }
    expect(isOmnithreadError(caught, 'INVALID_IDENTITY')).toBe(true);
    if (isOmnithreadError(caught)) {
      expect(caught.issues).toEqual([{ path: ['events', 3, 'from', 'value'], message: expect.stringMatching(/no "@" found/) }]);
      expect(caught.message).toMatch(/^Invalid identity: events\.3\.from\.value: /);
    }
  });

  it('rejects an unknown kind from untyped callers', () => {
    const issue = issueOf({ kind: 'fax', value: '123' } as unknown as IdentityRef);
    expect(issue).toEqual({ path: ['kind'], message: 'unknown identity kind "fax"' });
  });
});

describe('trusted identities (read back from our own store)', () => {
  it('takes a stored E.164 number as is, but still parses anything else', () => {
    expect(normalizeIdentityOrThrow({ kind: 'phone', value: '+14158675310' }, { trusted: true }).key).toBe('phone:+14158675310');
    expect(normalizeIdentityOrThrow({ kind: 'whatsapp', value: 'whatsapp:+14155238886' }, { trusted: true }).key).toBe('phone:+14155238886');
    expect(normalizeIdentityOrThrow({ kind: 'phone', value: '(415) 867-5310' }, { trusted: true, defaultRegion: 'US' }).key).toBe('phone:+14158675310');
    expect(normalizeIdentity({ kind: 'phone', value: '12' }, { trusted: true }).ok).toBe(false);
  });
});
