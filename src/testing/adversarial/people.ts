/**
 * The people of an adversarial history: each has an email address, a phone number (which is also
 * their WhatsApp number: SMS and WhatsApp share one identity key), a chat visitor id, an X account
 * and a Messenger PSID — each written in several of the spellings channels send.
 */
import type { Channel, IdentityRef } from '../../events/primitives.js';
import { normalizeIdentityOrThrow } from '../../identity/normalize.js';
import { customerIdFor } from '../../fold/ids.js';

/**
 * The identity kinds a person has (`whatsapp` shares its key with `phone`).
 *
 * @example
 * ```ts
 * import { PERSON_IDENTITY_KINDS, personIdentity } from 'omnithread/testing';
 * const all = PERSON_IDENTITY_KINDS.map((kind) => personIdentity(0, kind));
 * ```
 */
export const PERSON_IDENTITY_KINDS = ['email', 'phone', 'whatsapp', 'chat', 'x', 'messenger'] as const;
/** One of {@link PERSON_IDENTITY_KINDS}. */
export type PersonIdentityKind = (typeof PERSON_IDENTITY_KINDS)[number];

const phoneDigits = (person: number) => `415555${String(1000 + person)}`;

/**
 * Person `person`'s identity of `kind`, in spelling `spelling` (any number; each kind has a few
 * spellings that normalise to the same key: `P2@Example.COM`, `+1 (415) 555-1002`, `Twitter`).
 *
 * @example
 * ```ts
 * import { personIdentity } from 'omnithread/testing';
 * personIdentity(2, 'email');    // { kind: 'email', value: 'p2@example.com' }
 * personIdentity(0, 'phone', 1); // { kind: 'phone', value: '+1 (415) 555-1000' }
 * ```
 */
export function personIdentity(person: number, kind: PersonIdentityKind, spelling = 0): IdentityRef {
  const digits = phoneDigits(person);
  switch (kind) {
    case 'email':
      return { kind: 'email', value: [`p${person}@example.com`, `P${person}@Example.COM`, ` p${person}@EXAMPLE.com `][spelling % 3]! };
    case 'phone':
      return { kind: 'phone', value: [`+1${digits}`, `+1 (415) 555-${digits.slice(6)}`, `tel:+1${digits}`][spelling % 3]! };
    case 'whatsapp':
      return { kind: 'whatsapp', value: [`whatsapp:+1${digits}`, `1${digits}`, `+1${digits}`][spelling % 3]! };
    case 'chat':
      return { kind: 'chat', visitorId: `visitor-${person}` };
    case 'x':
      return { kind: 'social', platform: ['x', 'Twitter', 'X'][spelling % 3]!, id: `1500000000000000${String(100 + person)}` };
    case 'messenger':
      return { kind: 'social', platform: 'messenger', scope: 'page-1', id: `psid-${person}` };
  }
}

/**
 * The identity key the engine derives from a ref (`email:p2@example.com`, `phone:+14155551002`).
 *
 * @example
 * ```ts
 * import { identityKeyOf } from 'omnithread/testing';
 * identityKeyOf({ kind: 'whatsapp', value: 'whatsapp:+14155551000' }); // 'phone:+14155551000'
 * ```
 */
export function identityKeyOf(ref: IdentityRef): string {
  return normalizeIdentityOrThrow(ref).key;
}

/**
 * The id the engine gives a customer first seen with this identity: `customerIdFor(tenant, key)`.
 * A merge naming it names a customer that exists only if that identity was the customer's first.
 *
 * @example
 * ```ts
 * import { derivedCustomerId } from 'omnithread/testing';
 * const source = { kind: 'customer', customerId: derivedCustomerId('t0', { kind: 'email', value: 'p2@example.com' }) };
 * ```
 */
export function derivedCustomerId(tenantId: string, ref: IdentityRef): string {
  return customerIdFor(tenantId, identityKeyOf(ref));
}

/** The channel a message from this identity arrives on (phones alternate between SMS and calls). */
export function channelOf(kind: PersonIdentityKind, alternate: boolean): Channel {
  switch (kind) {
    case 'email':
      return 'email';
    case 'phone':
      return alternate ? 'call' : 'sms';
    case 'whatsapp':
      return 'whatsapp';
    case 'chat':
      return 'chat';
    case 'x':
    case 'messenger':
      return 'social';
  }
}
