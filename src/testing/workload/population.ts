import type { IdentityRef } from '../../events/primitives.js';
import { type Random, denseArray, hashInt, mulberry32, skewedIndex } from './prng.js';
import { flat } from './texts.js';

/** Identity kinds a synthetic customer can have, as bits. */
export const EMAIL = 0;
export const PHONE = 1;
export const WHATSAPP = 2;
export const CHAT = 3;
export const SOCIAL = 4;
const KIND_COUNT = 5;
/** How often each kind is handed out (email, phone, whatsapp, chat, social). */
const KIND_WEIGHTS = [0.35, 0.3, 0.12, 0.13, 0.1] as const;

const FIRST = ['alice', 'bob', 'carla', 'dmitri', 'elena', 'farid', 'grace', 'hugo', 'ines', 'jamal', 'kofi', 'lena',
  'mateo', 'nora', 'omar', 'priya', 'quinn', 'rosa', 'sven', 'tara', 'uma', 'victor', 'wen', 'yusuf'] as const;
const LAST = ['smith', 'garcia', 'nguyen', 'mueller', 'rossi', 'kim', 'okafor', 'silva', 'cohen', 'haddad', 'novak',
  'tanaka', 'dubois', 'larsen', 'patel', 'moreau'] as const;
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'example.com', 'example.org',
  'corp.example'] as const;
const US_AREAS = ['415', '212', '312', '617', '718', '202', '305', '512', '206', '646'] as const;
const TENANT_NAMES = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark'] as const;

/** A social identity. */
export type SocialIdentity = Extract<IdentityRef, { kind: 'social' }>;

/** The tenant id of tenant number `k`. */
export function tenantName(k: number): string {
  return TENANT_NAMES[k] ?? `tenant-${k + 1}`;
}

/**
 * The synthetic customers: which identity kinds each has, per-kind pools to draw active customers
 * from, and the identity values (derived from the customer index, cached as strings on first use).
 */
export class Population {
  readonly size: number;
  readonly tenants: number;
  /** Bit set of identity kinds per customer. */
  private readonly kinds: Uint8Array;
  /** The first kind a customer got: the identity others are linked to. */
  private readonly primary: Uint8Array;
  /** Customers with a kind, ascending, so low indices are hot in every pool alike. */
  private readonly pools: Int32Array[];
  private readonly skew: number;
  private readonly salt: number;
  private readonly phones: (string | undefined)[];
  private readonly emails: (string | undefined)[];

  constructor(customers: number, tenants: number, seed: number, skew: number) {
    this.size = customers;
    this.tenants = tenants;
    this.skew = skew;
    this.salt = seed;
    this.kinds = new Uint8Array(customers);
    this.primary = new Uint8Array(customers);
    this.phones = denseArray<string>(customers);
    this.emails = denseArray<string>(customers);
    const rnd = mulberry32(seed);
    const counts = new Array<number>(KIND_COUNT).fill(0);
    for (let c = 0; c < customers; c++) {
      const u = rnd();
      const want = u < 0.5 ? 1 : u < 0.85 ? 2 : 3;
      let bits = 0;
      while (bitCount(bits) < want) {
        const k = weightedKind(rnd);
        if (bits === 0) this.primary[c] = k;
        bits |= 1 << k;
      }
      this.kinds[c] = bits;
      for (let k = 0; k < KIND_COUNT; k++) if (bits & (1 << k)) counts[k] = (counts[k] ?? 0) + 1;
    }
    this.pools = counts.map((n) => new Int32Array(n));
    const filled = new Array<number>(KIND_COUNT).fill(0);
    for (let c = 0; c < customers; c++) {
      const bits = this.kinds[c] ?? 0;
      for (let k = 0; k < KIND_COUNT; k++) {
        if ((bits & (1 << k)) === 0) continue;
        const at = filled[k] ?? 0;
        (this.pools[k] as Int32Array)[at] = c;
        filled[k] = at + 1;
      }
    }
  }

  /** An active customer that has identity `kind` (any customer, if nobody has it). */
  pickWith(rnd: Random, kind: number): number {
    const pool = this.pools[kind];
    if (!pool || pool.length === 0) return skewedIndex(rnd, this.size, this.skew);
    return pool[skewedIndex(rnd, pool.length, this.skew)] ?? 0;
  }

  /** An active customer, whatever identities they have. */
  pickAny(rnd: Random): number {
    return skewedIndex(rnd, this.size, this.skew);
  }

  has(c: number, kind: number): boolean {
    return ((this.kinds[c] ?? 0) & (1 << kind)) !== 0;
  }

  primaryKind(c: number): number {
    return this.primary[c] ?? EMAIL;
  }

  /** The identity others get linked to: the email address if there is one (CRMs key on it), else the first. */
  anchorKind(c: number): number {
    return this.has(c, EMAIL) ? EMAIL : this.primaryKind(c);
  }

  /** A kind of `c` other than `exclude`, or -1. */
  otherKind(c: number, exclude: number, rnd: Random): number {
    const others = (this.kinds[c] ?? 0) & ~(1 << exclude);
    if (others === 0) return -1;
    let nth = Math.floor(rnd() * bitCount(others));
    for (let k = 0; k < KIND_COUNT; k++) if (others & (1 << k) && nth-- === 0) return k;
    return -1;
  }

  tenantOf(c: number): number {
    return c % this.tenants;
  }

  private trait(c: number, salt: number): number {
    return hashInt(c, this.salt ^ salt);
  }

  email(c: number): string {
    const cached = this.emails[c];
    if (cached !== undefined) return cached;
    const h = this.trait(c, 0x11);
    const value = `${FIRST[h % FIRST.length]}.${LAST[(h >>> 8) % LAST.length]}${c}@${DOMAINS[(h >>> 16) % DOMAINS.length]}`;
    this.emails[c] = flat(value);
    return value;
  }

  /** The domain part of the customer's address: where their Message-IDs come from. */
  mailDomain(c: number): string {
    const h = this.trait(c, 0x11);
    return DOMAINS[(h >>> 16) % DOMAINS.length] ?? 'example.com';
  }

  /** E.164: mostly US numbers, some German mobiles. */
  phone(c: number): string {
    const cached = this.phones[c];
    if (cached !== undefined) return cached;
    const value = this.isGerman(c)
      ? `+49151${10_000_000 + c}`
      : `+1${US_AREAS[c % US_AREAS.length]}${2_000_000 + Math.floor(c / US_AREAS.length)}`;
    this.phones[c] = flat(value);
    return value;
  }

  /** The WhatsApp id: the phone number, in Twilio's `whatsapp:+1…` form for some customers. */
  whatsapp(c: number): string {
    return this.trait(c, 0x22) % 3 === 0 ? flat(`whatsapp:${this.phone(c)}`) : this.phone(c);
  }

  visitor(c: number): string {
    return `v_${c.toString(36)}_${(this.trait(c, 0x33) & 0xfffff).toString(36)}`;
  }

  /** Facebook and Instagram ids are scoped to the tenant's page; X ids are global, with a handle. */
  social(c: number): SocialIdentity {
    const h = this.trait(c, 0x44) % 20;
    const tenant = tenantName(this.tenantOf(c));
    if (h < 9) return { kind: 'social', platform: 'facebook', id: String(7_100_000_000_000_000 + c * 17), scope: `${tenant}-page` };
    if (h < 16) return { kind: 'social', platform: 'instagram', id: String(17_841_000_000_000 + c), scope: `${tenant}-ig` };
    const t = this.trait(c, 0x11);
    return { kind: 'social', platform: 'x', id: String(1_400_000_000 + c), handle: `@${FIRST[t % FIRST.length]}${c}` };
  }

  /** A language tag when it is not English (routing by language needs some). */
  language(c: number): string | undefined {
    if (this.isGerman(c)) return 'de';
    return this.trait(c, 0x55) % 100 < 7 ? 'es' : undefined;
  }

  private isGerman(c: number): boolean {
    return this.trait(c, 0x66) % 10 === 0;
  }

  /** A fresh identity object of kind `kind` for customer `c`. */
  identity(c: number, kind: number): IdentityRef {
    switch (kind) {
      case EMAIL: return { kind: 'email', value: this.email(c) };
      case PHONE: return { kind: 'phone', value: this.phone(c) };
      case WHATSAPP: return { kind: 'whatsapp', value: this.whatsapp(c) };
      case CHAT: return { kind: 'chat', visitorId: this.visitor(c) };
      default: return this.social(c);
    }
  }
}

function bitCount(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b &= b - 1) n++;
  return n;
}

function weightedKind(rnd: Random): number {
  let u = rnd();
  for (let k = 0; k < KIND_WEIGHTS.length; k++) {
    u -= KIND_WEIGHTS[k] ?? 0;
    if (u < 0) return k;
  }
  return KIND_COUNT - 1;
}
