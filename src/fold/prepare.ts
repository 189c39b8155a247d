import { type ErrorIssue, OmnithreadError, formatIssues } from '../errors.js';
import type { CustomerRef, IdentityRef } from '../events/primitives.js';
import type { OmnithreadEvent } from '../events/schemas.js';
import { type CountryCode, type NormalizedIdentity, normalizeIdentity } from '../identity/normalize.js';
import { isMessageUpdate } from './message-updates.js';
import type { Envelope } from './envelope.js';

type Ref = NormalizedIdentity | { readonly customerId: string };

function cacheKey(ref: IdentityRef, region: string): string {
  switch (ref.kind) {
    case 'social':
      return `social\u0000${ref.platform}\u0000${ref.scope ?? ''}\u0000${ref.id}\u0000${ref.handle ?? ''}\u0000${ref.verified === true}`;
    case 'chat':
      return `chat\u0000${ref.visitorId}\u0000${ref.verified === true}`;
    case 'external':
      return `external\u0000${ref.system}\u0000${ref.id}\u0000${ref.verified === true}`;
    default:
      return `${ref.kind}\u0000${region}\u0000${ref.value}\u0000${ref.verified === true}`;
  }
}

interface TrustedEntry {
  readonly ref: IdentityRef;
  readonly identity: NormalizedIdentity;
}

const VERIFIED_GROUP: Record<IdentityRef['kind'], string> = { email: 'email+', phone: 'phone+', whatsapp: 'whatsapp+', chat: 'chat+', social: 'social+', external: 'external+' };

/** The identifier a ref is looked up by; the rest must match too ({@link sameRest}). */
function primaryOf(ref: IdentityRef): string {
  switch (ref.kind) {
    case 'chat':
      return ref.visitorId;
    case 'social':
    case 'external':
      return ref.id;
    default:
      return ref.value;
  }
}

/** The fields besides the primary identifier and `verified`, compared as {@link cacheKey} would. */
function sameRest(a: IdentityRef, b: IdentityRef): boolean {
  if (a.kind === 'social' && b.kind === 'social') return a.platform === b.platform && (a.scope ?? '') === (b.scope ?? '') && (a.handle ?? '') === (b.handle ?? '');
  if (a.kind === 'external' && b.kind === 'external') return a.system === b.system;
  return a.kind === b.kind;
}

/**
 * Normalises the identities of events once, with a cache: replays and redeliveries never parse the
 * same phone number twice. Bounded so a flood of distinct identities cannot grow it without end.
 */
export class IdentityNormalizer {
  /** kind → region → verified → value → result: no key string is built for the common kinds. */
  private readonly simple = new Map<string, Map<string, Map<string, NormalizedIdentity | OmnithreadError>>>();
  private readonly composite = new Map<string, NormalizedIdentity | OmnithreadError>();
  /** kind (with `+` when verified) → primary identifier → identity, for trusted (replayed) input. */
  private readonly trustedByKind = new Map<string, Map<string, TrustedEntry>>();
  private trustedEntries = 0;
  private entries = 0;
  /**
   * @param trusted identities are read back from our own store, already canonical (see
   *   `NormalizeIdentityOptions.trusted`): a replay keeps one normaliser of its own for them.
   */
  constructor(
    readonly trusted = false,
    private readonly maxEntries = 500_000,
  ) {}

  private bucket(ref: IdentityRef, region: string): Map<string, NormalizedIdentity | OmnithreadError> | undefined {
    if (ref.kind !== 'email' && ref.kind !== 'phone' && ref.kind !== 'whatsapp') return undefined;
    const group = ref.verified === true ? `${ref.kind}+` : ref.kind;
    let byRegion = this.simple.get(group);
    if (!byRegion) this.simple.set(group, (byRegion = new Map()));
    let byValue = byRegion.get(region);
    if (!byValue) byRegion.set(region, (byValue = new Map()));
    return byValue;
  }

  normalize(ref: IdentityRef, region: CountryCode | undefined, path: readonly (string | number)[]): NormalizedIdentity | ErrorIssue[] {
    if (this.trusted && ref.kind !== 'email') {
      const hit = this.trustedHit(ref);
      if (hit !== undefined) return hit;
      if (ref.kind === 'phone' || ref.kind === 'whatsapp') {
        // A stored E.164 number is a regex check; kept apart from the cache untrusted input reads.
        const r = normalizeIdentity(ref, { ...(region === undefined ? {} : { defaultRegion: region }), trusted: true });
        if (!r.ok) return r.error.issues.map((i) => ({ path: [...path, ...i.path], message: i.message }));
        return this.keepTrusted(ref, r.identity);
      }
    }
    const bucket = this.bucket(ref, region ?? '');
    const key = bucket === undefined ? cacheKey(ref, region ?? '') : (ref as { value: string }).value;
    const cache = bucket ?? this.composite;
    let hit = cache.get(key);
    if (hit === undefined) {
      const r = normalizeIdentity(ref, region === undefined ? {} : { defaultRegion: region });
      hit = r.ok ? r.identity : r.error;
      if (++this.entries > this.maxEntries) {
        this.simple.clear();
        this.composite.clear();
        this.entries = 0;
      }
      (this.bucket(ref, region ?? '') ?? this.composite).set(key, hit);
    }
    if (hit instanceof OmnithreadError) return hit.issues.map((i) => ({ path: [...path, ...i.path], message: i.message }));
    return this.trusted ? this.keepTrusted(ref, hit) : hit;
  }

  /**
   * Replay reads identities this engine made canonical: one lookup by the identifier's own string
   * (no key built per event), then the ref's other fields compared with the entry's. Phone numbers
   * qualify only in E.164 form, where the region cannot matter.
   */
  private trustedHit(ref: IdentityRef): NormalizedIdentity | undefined {
    const entry = this.trustedBucket(ref).get(primaryOf(ref));
    return entry !== undefined && sameRest(entry.ref, ref) ? entry.identity : undefined;
  }

  private keepTrusted(ref: IdentityRef, identity: NormalizedIdentity): NormalizedIdentity {
    if (ref.kind === 'email' || ((ref.kind === 'phone' || ref.kind === 'whatsapp') && !ref.value.startsWith('+'))) return identity;
    if (++this.trustedEntries > this.maxEntries) {
      for (const m of this.trustedByKind.values()) m.clear();
      this.trustedEntries = 0;
    }
    this.trustedBucket(ref).set(primaryOf(ref), { ref, identity });
    return identity;
  }

  private trustedBucket(ref: IdentityRef): Map<string, TrustedEntry> {
    const group = ref.verified === true ? VERIFIED_GROUP[ref.kind] : ref.kind;
    let m = this.trustedByKind.get(group);
    if (m === undefined) this.trustedByKind.set(group, (m = new Map()));
    return m;
  }

  ref(ref: CustomerRef, region: CountryCode | undefined, path: readonly (string | number)[]): Ref | ErrorIssue[] {
    if (ref.kind === 'customer') return { customerId: ref.customerId };
    return this.normalize(ref, region, path);
  }
}

/** Builds the envelope of a validated event, or the `INVALID_IDENTITY` error of its identities. */
export function prepareEnvelope(
  event: OmnithreadEvent,
  position: number,
  normalizer: IdentityNormalizer,
  region: CountryCode | undefined,
  index?: number,
): Envelope | OmnithreadError {
  // Messages are nearly every event: handle them without the general path's allocations.
  if (event.type === 'message.received') {
    const r = normalizer.normalize(event.from, region, FROM);
    if (Array.isArray(r)) return identityError(event, r, index);
    return { event: sameRef(event.from, r.ref) ? event : { ...event, from: r.ref }, position, identity: r };
  }
  if (event.type === 'message.sent') {
    const r = normalizer.normalize(event.to, region, TO);
    if (Array.isArray(r)) return identityError(event, r, index);
    return { event: sameRef(event.to, r.ref) ? event : { ...event, to: r.ref }, position, identity: r };
  }
  if (isMessageUpdate(event)) {
    // Delivery, edits, deletions: the customer identity of the message, made canonical like a message's.
    const r = normalizer.normalize(event.customer, region, CUSTOMER);
    if (Array.isArray(r)) return identityError(event, r, index);
    return { event: sameRef(event.customer, r.ref) ? event : { ...event, customer: r.ref }, position, identity: r };
  }
  const issues: ErrorIssue[] = [];
  const take = <T>(r: T | ErrorIssue[]): T | undefined => {
    if (Array.isArray(r)) {
      issues.push(...r);
      return undefined;
    }
    return r;
  };
  let identity: NormalizedIdentity | undefined;
  let refs: Ref[] | undefined;
  switch (event.type) {
    case 'identity.linked':
      identity = take(normalizer.normalize(event.identity, region, ['identity']));
      refs = [take(normalizer.ref(event.to, region, ['to']))!];
      break;
    case 'customer.merged':
      refs = [take(normalizer.ref(event.source, region, ['source']))!, take(normalizer.ref(event.target, region, ['target']))!];
      break;
    case 'customer.attributes_set':
      refs = [take(normalizer.ref(event.customer, region, ['customer']))!];
      break;
    default:
      return { event, position };
  }
  if (issues.length > 0) return identityError(event, issues, index);
  return { event: canonicalEvent(event, identity, refs), position, ...(identity === undefined ? {} : { identity }), ...(refs === undefined ? {} : { refs }) };
}

const canonicalRef = (ref: CustomerRef, r: Ref | undefined): CustomerRef => (r === undefined || 'customerId' in r ? ref : r.ref);

/**
 * The event as stored: identities in canonical form (E.164, lower-case ASCII email without plus tag),
 * so the log replays to the same customers without the region settings it was ingested with.
 */
function canonicalEvent(event: OmnithreadEvent, identity: NormalizedIdentity | undefined, refs: Ref[] | undefined): OmnithreadEvent {
  switch (event.type) {
    case 'identity.linked':
      return { ...event, identity: identity!.ref, to: canonicalRef(event.to, refs![0]) };
    case 'customer.merged':
      return { ...event, source: canonicalRef(event.source, refs![0]), target: canonicalRef(event.target, refs![1]) };
    case 'customer.attributes_set':
      return { ...event, customer: canonicalRef(event.customer, refs![0]) };
    default:
      return event;
  }
}

/** True when `given` already is the canonical `ref` (same keys, same values). */
function sameRef(given: IdentityRef, ref: IdentityRef): boolean {
  const a = given as unknown as Record<string, unknown>;
  const b = ref as unknown as Record<string, unknown>;
  let n = 0;
  for (const k in b) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in a) n--;
  return n === 0;
}

const FROM = ['from'] as const;
const TO = ['to'] as const;
const CUSTOMER = ['customer'] as const;

function identityError(event: OmnithreadEvent, issues: ErrorIssue[], index: number | undefined): OmnithreadError {
  const where = index === undefined ? '' : ` at index ${index}`;
  return new OmnithreadError('INVALID_IDENTITY', `Invalid identity${where} (id ${event.id}): ${formatIssues(issues)}`, {
    issues,
    eventId: event.id,
    ...(index === undefined ? {} : { index }),
  });
}
