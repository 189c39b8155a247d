import { z } from 'zod';
import type { Customer } from '../../identity/types.js';
import type { PriorityPolicy, PriorityReason } from './types.js';
import { finite, parseOptions } from './options.js';

/** Default points per customer tier (tier names compare case-insensitively). */
export const DEFAULT_TIER_POINTS: Readonly<Record<string, number>> = Object.freeze({
  free: 0,
  standard: 0,
  silver: 10,
  gold: 20,
  platinum: 40,
  enterprise: 40,
});

/**
 * Options of `customerTierPolicy`.
 *
 * @example
 * ```ts
 * import type { CustomerTierOptions } from 'omnithread';
 * const options: CustomerTierOptions = { tiers: { basic: 0, pro: 15 }, vipPoints: 50 };
 * ```
 */
export interface CustomerTierOptions {
  /** Points per tier name; replaces {@link DEFAULT_TIER_POINTS} when given. */
  readonly tiers?: Readonly<Record<string, number>>;
  /** Points for a tier not in `tiers`, or no tier. Default 0. */
  readonly unknownTierPoints?: number;
  /** Added when `attributes.vip` is true. Default 30. */
  readonly vipPoints?: number;
  /** Read the tier from `attributes.extra[tierAttribute]` instead of `attributes.tier`. */
  readonly tierAttribute?: string;
}

const schema = z.strictObject({
  tiers: z
    .record(z.string().min(1), finite)
    .default({ ...DEFAULT_TIER_POINTS })
    .transform((t) => new Map(Object.entries(t).map(([k, v]) => [k.toLowerCase(), v] as const))),
  unknownTierPoints: finite.default(0),
  vipPoints: finite.default(30),
  tierAttribute: z.string().min(1).optional(),
});

/**
 * Customer tier and VIP status, from `Customer.attributes`. Without a customer in the context the
 * thread scores as an unknown tier. Does not move with time.
 *
 * @example
 * ```ts
 * import { customerTierPolicy } from 'omnithread';
 * const policy = customerTierPolicy({ tiers: { basic: 0, pro: 15, enterprise: 40 }, vipPoints: 50 });
 * policy.score(thread, { now, customer }).reasons; // [{ factor: 'tier', points: 15, detail: 'tier pro' }, …]
 * ```
 */
export function customerTierPolicy(options?: CustomerTierOptions): PriorityPolicy {
  const o = parseOptions('customerTierPolicy', schema, options);
  const tierOf = (customer: Customer): string | undefined => {
    if (o.tierAttribute === undefined) return customer.attributes.tier;
    const raw = customer.attributes.extra[o.tierAttribute];
    return raw === null || raw === undefined ? undefined : String(raw);
  };
  const explain = (customer: Customer | undefined): PriorityReason[] => {
    if (!customer) return [{ factor: 'tier', points: o.unknownTierPoints, detail: 'customer unknown' }];
    const tier = tierOf(customer);
    const known = tier === undefined ? undefined : o.tiers.get(tier.toLowerCase());
    const reasons: PriorityReason[] = [
      known === undefined
        ? { factor: 'tier', points: o.unknownTierPoints, detail: tier === undefined ? 'no tier' : `tier ${tier} (not configured)` }
        : { factor: 'tier', points: known, detail: `tier ${tier}` },
    ];
    if (customer.attributes.vip === true) reasons.push({ factor: 'vip', points: o.vipPoints, detail: 'VIP customer' });
    return reasons;
  };
  const sum = (reasons: readonly PriorityReason[]) => reasons.reduce((s, r) => s + r.points, 0);
  return {
    name: 'tier',
    score(_thread, ctx) {
      const reasons = explain(ctx.customer);
      return { score: sum(reasons), reasons };
    },
    orderingKey: (_thread, ctx) => sum(explain(ctx.customer)),
  };
}
