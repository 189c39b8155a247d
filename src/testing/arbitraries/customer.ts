import fc from 'fast-check';
import type { Customer, CustomerIdentity } from '../../identity/types.js';
import { DAY, DEFAULT_FROM, DEFAULT_TO, compact, deepFreeze, maybe } from './common.js';

export const DEFAULT_TIERS: readonly string[] = ['standard', 'gold', 'platinum'];

/**
 * Options of `arbCustomer`.
 *
 * @example
 * ```ts
 * import type { CustomerArbitraryOptions } from 'omnithread/testing';
 * const options: CustomerArbitraryOptions = { tiers: ['basic', 'pro', 'enterprise'] };
 * ```
 */
export interface CustomerArbitraryOptions {
  readonly tenantId?: string;
  /** A fixed id; default `cust-<n>`. */
  readonly id?: string;
  /** Tier names to draw `attributes.tier` from (or no tier). Default standard, gold, platinum. */
  readonly tiers?: readonly string[];
  readonly from?: number;
  readonly to?: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const IDENTITY_KINDS: readonly ((n: number) => Pick<CustomerIdentity, 'key' | 'kind' | 'value'>)[] = [
  (n) => ({ key: `email:c${n}@example.com`, kind: 'email', value: `c${n}@example.com` }),
  (n) => ({ key: `phone:+1415555${pad(n, 4)}`, kind: 'phone', value: `+1415555${pad(n, 4)}` }),
  (n) => ({ key: `whatsapp:+4915100${pad(n, 5)}`, kind: 'whatsapp', value: `+4915100${pad(n, 5)}` }),
  (n) => ({ key: `chat:visitor-${n}`, kind: 'chat', value: `visitor-${n}` }),
];

/**
 * Customers with 1–4 identities, an optional tier from `tiers`, an optional VIP flag, language and
 * region; `lastContactAt ≥ createdAt`. Deeply frozen.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbCustomer } from 'omnithread/testing';
 * const [customer] = fc.sample(arbCustomer({ tiers: ['basic', 'pro'] }), 1);
 * ```
 */
export function arbCustomer(options: CustomerArbitraryOptions = {}): fc.Arbitrary<Customer> {
  const tiers = options.tiers ?? DEFAULT_TIERS;
  const from = options.from ?? DEFAULT_FROM;
  const to = Math.max(from, options.to ?? DEFAULT_TO);
  return fc
    .record({
      n: fc.integer({ min: 1, max: 1000 }),
      kinds: fc.uniqueArray(fc.integer({ min: 0, max: IDENTITY_KINDS.length - 1 }), { minLength: 1, maxLength: IDENTITY_KINDS.length }),
      verified: fc.boolean(),
      createdAt: fc.integer({ min: from, max: to }),
      contactAfter: fc.integer({ min: 0, max: 30 * DAY }),
      tier: tiers.length > 0 ? maybe(fc.constantFrom(...tiers)) : fc.constant(undefined),
      vip: maybe(fc.boolean()),
      name: maybe(fc.constantFrom('Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Zoë Ångström')),
      language: maybe(fc.constantFrom('en', 'de', 'fr', 'es')),
      region: maybe(fc.constantFrom('eu', 'us', 'apac')),
    })
    .map((c) =>
      deepFreeze({
        id: options.id ?? `cust-${c.n}`,
        tenantId: options.tenantId ?? 'tenant-1',
        identities: c.kinds.map((k) => ({ ...IDENTITY_KINDS[k]!(c.n), verified: c.verified, firstSeenAt: c.createdAt })),
        mergedFrom: [],
        threadIds: [],
        attributes: compact({ name: c.name, tier: c.tier, vip: c.vip, language: c.language, region: c.region, extra: {} }),
        createdAt: c.createdAt,
        lastContactAt: c.createdAt + c.contactAfter,
      }),
    );
}
