import type { IdentityRef } from '../events/primitives.js';

export interface CustomerIdentity {
  /** Unique within the tenant: `email:alice@example.com`, `phone:+14158675310`, … */
  readonly key: string;
  readonly kind: IdentityRef['kind'];
  readonly value: string;
  readonly verified: boolean;
  readonly firstSeenAt: number;
}

export interface CustomerAttributes {
  readonly name?: string;
  readonly tier?: string;
  readonly vip?: boolean;
  readonly language?: string;
  readonly region?: string;
  readonly extra: Readonly<Record<string, string | number | boolean | null>>;
}

/** A person, across all their identities. Values returned by the engine are frozen. */
export interface Customer {
  readonly id: string;
  readonly tenantId: string;
  readonly identities: readonly CustomerIdentity[];
  /** Customers merged into this one (their ids redirect here). */
  readonly mergedFrom: readonly string[];
  /** Set on an absorbed customer: the survivor. */
  readonly mergedInto?: string;
  readonly threadIds: readonly string[];
  readonly attributes: CustomerAttributes;
  readonly createdAt: number;
  readonly lastContactAt: number;
}

/** Two customers that look like one person but were not merged automatically. */
export interface MergeSuggestion {
  readonly tenantId: string;
  readonly customerIds: readonly [string, string];
  readonly eventId: string;
  readonly occurredAt: number;
  readonly reason: string;
}
