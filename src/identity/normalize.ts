/**
 * Identity normalisation: turns an {@link IdentityRef} as a channel reported it into one canonical
 * key per real-world identity within a tenant. Two refs name the same identity exactly when their
 * keys are equal, so everything downstream (matching, merging, indexes) compares keys only.
 */
import { domainToASCII } from 'node:url';
import { isSupportedCountry, parsePhoneNumberWithError, ParseError } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { OmnithreadError, formatIssues } from '../errors.js';
import type { ErrorIssue } from '../errors.js';
import type { IdentityRef } from '../events/primitives.js';

export type { CountryCode };

/** A path into the input, as in {@link ErrorIssue}. */
type Path = readonly (string | number)[];

/** Options of {@link normalizeIdentity}. */
export interface NormalizeIdentityOptions {
  /** ISO 3166-1 alpha-2 region for national phone numbers (`010-1234-5678` with `KR`). */
  readonly defaultRegion?: CountryCode;
  /** Prefix of issue paths, e.g. `['from']` so a bad phone reports `['from', 'value']`. */
  readonly path?: Path;
  /**
   * The identity comes from omnithread's own store, where numbers are kept in E.164 after they were
   * validated: a value already in that exact form is taken as is instead of being parsed again (the
   * costly part of a replay). Anything not in that form is still parsed and validated.
   */
  readonly trusted?: boolean;
}

/**
 * An identity in canonical form.
 *
 * @example
 * ```ts
 * import { normalizeIdentityOrThrow } from 'omnithread';
 * const { key, value } = normalizeIdentityOrThrow({ kind: 'whatsapp', value: 'whatsapp:+14155238886' });
 * // key === 'phone:+14155238886', value === '+14155238886'
 * ```
 */
export interface NormalizedIdentity {
  /** Unique within a tenant: equal keys ⇔ same identity. WhatsApp ids share `phone:` keys. */
  readonly key: string;
  readonly kind: IdentityRef['kind'];
  /** The normalised identifying value: address, E.164 number, social/chat/external id. */
  readonly value: string;
  readonly verified: boolean;
  /** The `tag` of `alice+tag@example.com`: a reply token, not part of the identity. */
  readonly plusTag?: string;
  /** The ref in canonical form; normalising it again yields the same key. */
  readonly ref: IdentityRef;
}

/** Outcome of {@link normalizeIdentity}. */
export type NormalizeIdentityResult =
  | { readonly ok: true; readonly identity: NormalizedIdentity }
  | { readonly ok: false; readonly error: OmnithreadError };

/**
 * Social platforms whose user ids are only unique per page/account (Messenger PSIDs are per page,
 * Instagram IGSIDs per professional account, LINE user ids per provider). Their keys carry the scope
 * and a ref without one is rejected: guessing would merge strangers across pages.
 */
const SCOPED_PLATFORMS: ReadonlySet<string> = new Set(['messenger', 'instagram', 'line']);
/** Platforms with one global id per user: a scope (the receiving account) must not split them. */
const GLOBAL_PLATFORMS: ReadonlySet<string> = new Set(['x', 'telegram']);
/** Other names of one platform. X user ids are the old Twitter ids. */
const PLATFORM_ALIASES: ReadonlyMap<string, string> = new Map([['twitter', 'x']]);

/** Thrown inside this module only; converted to an {@link OmnithreadError} at the boundary. */
class Invalid {
  constructor(readonly path: Path, readonly message: string) {}
}

/**
 * Normalises an identity and computes its key. Never throws on bad input: an unusable identity
 * (malformed email, impossible phone number, missing page scope) is an `INVALID_IDENTITY` error,
 * never a silently new customer.
 *
 * @example
 * ```ts
 * import { normalizeIdentity } from 'omnithread';
 * const r = normalizeIdentity({ kind: 'phone', value: '010-1234-5678' }, { defaultRegion: 'KR' });
 * if (r.ok) r.identity.key; // 'phone:+821012345678'
 * else r.error.issues;      // [{ path: ['value'], message: '…' }]
 * ```
 */
export function normalizeIdentity(ref: IdentityRef, options: NormalizeIdentityOptions = {}): NormalizeIdentityResult {
  const prefix = options.path ?? [];
  const region = options.defaultRegion;
  if (region !== undefined && !isSupportedCountry(region)) {
    const issues = [{ path: ['defaultRegion'], message: `unknown region ${JSON.stringify(region)}` }];
    return { ok: false, error: new OmnithreadError('INVALID_ARGUMENT', `Invalid options: ${formatIssues(issues)}`, { issues }) };
  }
  try {
    return { ok: true, identity: normalizeUnchecked(ref, region, options.trusted === true) };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    const issues: ErrorIssue[] = [{ path: [...prefix, ...e.path], message: e.message }];
    return { ok: false, error: new OmnithreadError('INVALID_IDENTITY', `Invalid identity: ${formatIssues(issues)}`, { issues }) };
  }
}

/**
 * {@link normalizeIdentity} that throws the `INVALID_IDENTITY` {@link OmnithreadError} instead.
 *
 * @example
 * ```ts
 * import { normalizeIdentityOrThrow } from 'omnithread';
 * normalizeIdentityOrThrow({ kind: 'email', value: ' Alice+Order-42@Example.COM ' });
 * // { key: 'email:alice@example.com', value: 'alice@example.com', plusTag: 'Order-42', … }
 * ```
 */
export function normalizeIdentityOrThrow(ref: IdentityRef, options: NormalizeIdentityOptions = {}): NormalizedIdentity {
  const result = normalizeIdentity(ref, options);
  if (!result.ok) throw result.error;
  return result.identity;
}

function normalizeUnchecked(ref: IdentityRef, region: CountryCode | undefined, trusted: boolean): NormalizedIdentity {
  const verified = ref.verified === true;
  switch (ref.kind) {
    case 'email': {
      const { address, plusTag } = normalizeEmail(text(ref.value, ['value']));
      const identity = { key: `email:${escapeComponent(address)}`, kind: ref.kind, value: address, verified };
      return { ...identity, ...(plusTag === undefined ? {} : { plusTag }), ref: { kind: 'email', value: address, verified } };
    }
    case 'phone': {
      const value = normalizePhone(text(ref.value, ['value']), region, trusted);
      return { key: `phone:${value}`, kind: ref.kind, value, verified, ref: { kind: 'phone', value, verified } };
    }
    case 'whatsapp': {
      const value = normalizeWhatsApp(text(ref.value, ['value']), trusted);
      // A WhatsApp id is the phone number: SMS and WhatsApp from one number are one identity.
      return { key: `phone:${value}`, kind: ref.kind, value, verified, ref: { kind: 'whatsapp', value, verified } };
    }
    case 'social':
      return normalizeSocial(ref, verified);
    case 'chat': {
      const visitorId = text(ref.visitorId, ['visitorId']);
      return { key: `chat:${escapeComponent(visitorId)}`, kind: ref.kind, value: visitorId, verified, ref: { kind: 'chat', visitorId, verified } };
    }
    case 'external': {
      const system = text(ref.system, ['system']).toLowerCase();
      const id = text(ref.id, ['id']);
      const key = `external:${escapeComponent(system)}:${escapeComponent(id)}`;
      return { key, kind: ref.kind, value: id, verified, ref: { kind: 'external', system, id, verified } };
    }
    default:
      throw new Invalid(['kind'], `unknown identity kind ${JSON.stringify((ref as { kind?: unknown }).kind)}`);
  }
}

/** A trimmed, NFC, non-empty string, or an issue at `path`. */
function text(value: unknown, path: Path): string {
  if (typeof value !== 'string') throw new Invalid(path, 'expected a string');
  const trimmed = value.trim().normalize('NFC');
  if (trimmed === '') throw new Invalid(path, 'must not be empty');
  return trimmed;
}

/**
 * Keeps keys injective: components are joined with `:`, so a `:` inside one is escaped (and `%`,
 * the escape character itself, first) — `a:b` + `c` can never collide with `a` + `b:c`.
 */
function escapeComponent(component: string): string {
  return component.replaceAll('%', '%25').replaceAll(':', '%3A');
}

function normalizeSocial(ref: Extract<IdentityRef, { kind: 'social' }>, verified: boolean): NormalizedIdentity {
  const named = text(ref.platform, ['platform']).toLowerCase();
  const platform = PLATFORM_ALIASES.get(named) ?? named;
  const id = text(ref.id, ['id']);
  const rawScope = ref.scope === undefined ? undefined : text(ref.scope, ['scope']);
  if (SCOPED_PLATFORMS.has(platform) && rawScope === undefined) {
    throw new Invalid(['scope'], `${platform} ids are only unique per page/account: the page or account id is required`);
  }
  // Unknown platforms keep a scope when given: a needless split is undoable, a wrong merge is not.
  const scope = GLOBAL_PLATFORMS.has(platform) ? undefined : rawScope;
  const parts = scope === undefined ? [platform, id] : [platform, scope, id];
  const handle = ref.handle?.trim();
  const canonical: IdentityRef = {
    kind: 'social',
    platform,
    id,
    ...(scope === undefined ? {} : { scope }),
    ...(handle ? { handle } : {}),
    verified,
  };
  return { key: `social:${parts.map(escapeComponent).join(':')}`, kind: 'social', value: id, verified, ref: canonical };
}

// ---------------------------------------------------------------------------------------------- email

/** RFC 5322 `atext` plus `.`; anything non-ASCII is judged separately (RFC 6531 UTF-8 local parts). */
const ASCII_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]$/;
/** Visible non-ASCII characters only: no controls, format characters (zero-width joiners), spaces. */
const UNICODE_LOCAL = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const utf8 = new TextEncoder();

/**
 * Lower-cases the whole address. RFC 5321 lets a server treat `Alice` and `alice` as different
 * mailboxes, but no real provider does, while customers type their address in every casing: a
 * case-sensitive key would split one person into many. Dots and other provider-specific aliasing
 * (Gmail ignores dots) are kept: they are not universal.
 *
 * Deliberately not a full RFC 5322 parser: quoted local parts, comments and IP-literal domains are
 * rejected; they do not occur in customer addresses and would only widen the attack surface.
 */
function normalizeEmail(input: string): { address: string; plusTag: string | undefined } {
  const path = ['value'];
  const at = input.lastIndexOf('@');
  if (at < 0) throw new Invalid(path, 'expected an email address like name@example.com (no "@" found)');
  const rawLocal = input.slice(0, at);
  const rawDomain = input.slice(at + 1);
  if (rawLocal === '') throw new Invalid(path, 'the part before "@" is empty');
  if (rawDomain === '') throw new Invalid(path, 'the domain after "@" is empty');

  const local = rawLocal.toLowerCase().normalize('NFC');
  for (const ch of local) {
    const ok = ch.charCodeAt(0) < 0x80 ? ASCII_LOCAL.test(ch) : UNICODE_LOCAL.test(ch);
    if (!ok) throw new Invalid(path, `character ${JSON.stringify(ch)} is not allowed before "@" (quoted local parts are not supported)`);
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    throw new Invalid(path, 'the part before "@" must not start or end with "." or contain ".."');
  }
  if (utf8.encode(local).length > 64) throw new Invalid(path, 'the part before "@" is longer than 64 bytes');

  const domain = normalizeEmailDomain(rawDomain);
  // A tag only exists when a valid mailbox precedes the `+`: `+tag@x` and `a.+b@x` are their own mailboxes.
  const plus = local.indexOf('+');
  const tagged = plus > 0 && !local.slice(0, plus).endsWith('.');
  const mailbox = tagged ? local.slice(0, plus) : local;
  // The tag keeps its written case: reply tokens may be case-sensitive; it is not part of the key.
  const tag = tagged ? rawLocal.slice(rawLocal.indexOf('+') + 1) : '';
  const plusTag = tag === '' ? undefined : tag;
  const address = `${mailbox}@${domain}`;
  if (utf8.encode(address).length > 254) throw new Invalid(path, 'the address is longer than 254 bytes');
  return { address, plusTag };
}

/** IDN domains go to their ASCII (punycode) form, so `Bücher.example` and `xn--bcher-kva.example` meet. */
function normalizeEmailDomain(raw: string): string {
  const path = ['value'];
  if (raw.startsWith('[')) throw new Invalid(path, 'IP-literal domains are not accepted');
  // The URL host parser would percent-decode `ex%41mple.com` into `example.com`: not an address.
  if (raw.includes('%')) throw new Invalid(path, `domain ${JSON.stringify(raw)} must not contain "%"`);
  const ascii = domainToASCII(raw.toLowerCase());
  if (ascii === '') throw new Invalid(path, `domain ${JSON.stringify(raw)} is not a valid host name`);
  const labels = ascii.split('.');
  if (labels.length < 2) throw new Invalid(path, `domain ${JSON.stringify(raw)} needs at least two labels (like example.com)`);
  for (const label of labels) {
    if (!DNS_LABEL.test(label)) throw new Invalid(path, `domain ${JSON.stringify(raw)} has an invalid label ${JSON.stringify(label)}`);
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) throw new Invalid(path, `domain ${JSON.stringify(raw)} has a numeric top-level label`);
  if (ascii.length > 253) throw new Invalid(path, 'the domain is longer than 253 characters');
  return ascii;
}

// ---------------------------------------------------------------------------------------------- phone

const PARSE_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  NOT_A_NUMBER: 'is not a phone number',
  INVALID_COUNTRY: 'has no country: give it in international form (+…) or set a default region',
  TOO_SHORT: 'is too short to be a phone number',
  TOO_LONG: 'is too long to be a phone number',
  INVALID_LENGTH: 'has an impossible length',
};

/**
 * E.164 with libphonenumber's `max` metadata: `min` metadata only checks lengths (so `isValid()` is
 * `isPossible()`), and a number that merely has the right length would become a merge key. `max`
 * checks the digits against each region's real number ranges, for ~65 kB more.
 *
 * An extension stays in the key (`+14158675310;ext=12`, RFC 3966 style): the lines behind one
 * switchboard are different people.
 */
/** E.164 as omnithread stores it, optionally with an extension. */
const STORED_E164 = /^\+[1-9][0-9]{5,14}(?:;ext=[0-9]{1,10})?$/;

function normalizePhone(input: string, region: CountryCode | undefined, trusted = false): string {
  if (trusted && STORED_E164.test(input)) return input;
  const path = ['value'];
  let phone;
  try {
    // extract: false — `call me on +1 415…` is not a phone number, it is a sentence.
    // A `tel:` URI (RFC 3966) is a number too; with extraction off the prefix must go first.
    phone = parsePhoneNumberWithError(input.replace(/^tel:/i, ''), { extract: false, ...(region === undefined ? {} : { defaultCountry: region }) });
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    throw new Invalid(path, `${JSON.stringify(input)} ${PARSE_ERROR_MESSAGES[e.message] ?? 'is not a phone number'}`);
  }
  if (!phone.isValid()) {
    const where = phone.country ?? (region === undefined ? `+${phone.countryCallingCode}` : region);
    throw new Invalid(path, `${JSON.stringify(input)} is not a valid phone number for ${where}`);
  }
  return phone.ext ? `${phone.number};ext=${phone.ext}` : phone.number;
}

/**
 * Accepts Twilio's `whatsapp:+14155238886` and WhatsApp Cloud's `wa_id` (`14155238886`: already
 * international, just without `+`). The default region is ignored on purpose: bare digits are a
 * wa_id, and reading them as a national number would give a different person.
 */
function normalizeWhatsApp(input: string, trusted = false): string {
  const bare = input.replace(/^whatsapp:/i, '').trim();
  if (!bare.startsWith('+') && !/^[0-9]+$/.test(bare)) {
    throw new Invalid(['value'], `${JSON.stringify(input)} is not a WhatsApp id: expected "+<country code><number>" or wa_id digits`);
  }
  const value = normalizePhone(bare.startsWith('+') ? bare : `+${bare}`, undefined, trusted);
  if (value.includes(';')) throw new Invalid(['value'], `${JSON.stringify(input)} is not a WhatsApp id: it has an extension`);
  return value;
}
