import type { Customer, CustomerIdentity } from './types.js';

/** Why two customers are up for an automatic merge. */
export interface MergeProposal {
  /** The customer that would survive (the one the identity was linked to). */
  readonly target: Customer;
  /** The customer that would be absorbed (the current holder of the identity). */
  readonly source: Customer;
  /** The identity both now claim. */
  readonly identityKey: string;
  readonly eventId: string;
}

export type MergeVerdict = { readonly merge: true; readonly reason: string } | { readonly merge: false; readonly reason: string };

/**
 * Decides automatic merges (explicit `customer.merged` events are always applied). Pure.
 *
 * @example
 * ```ts
 * import type { MergePolicy } from 'omnithread';
 * const neverAutoMerge: MergePolicy = {
 *   name: 'never',
 *   decide: () => ({ merge: false, reason: 'a person confirms every merge here' }),
 * };
 * ```
 */
export interface MergePolicy {
  readonly name: string;
  /** What makes it decide as it does, as a string (a snapshot records it; another one refuses the snapshot); `name` stands in without one. */
  readonly fingerprint?: string;
  decide(proposal: MergeProposal): MergeVerdict;
}

/** Kinds where one person is expected to hold a single verified value (chat visitor ids are not). */
const EXCLUSIVE_KINDS = new Set<CustomerIdentity['kind']>(['email', 'phone', 'whatsapp', 'social', 'external']);

/** The class within which two verified identities contradict each other. */
function conflictClass(i: CustomerIdentity): string | undefined {
  if (!i.verified || !EXCLUSIVE_KINDS.has(i.kind)) return undefined;
  if (i.kind === 'whatsapp') return 'phone';
  if (i.kind === 'social' || i.kind === 'external') return i.key.slice(0, i.key.lastIndexOf(':'));
  return i.kind;
}

/** The first pair of verified identities of one class with different values, if any. */
export function verifiedConflict(a: Customer, b: Customer): readonly [CustomerIdentity, CustomerIdentity] | undefined {
  const byClass = new Map<string, CustomerIdentity>();
  for (const i of a.identities) {
    const c = conflictClass(i);
    if (c !== undefined) byClass.set(c, i);
  }
  for (const j of b.identities) {
    const c = conflictClass(j);
    const i = c === undefined ? undefined : byClass.get(c);
    if (i !== undefined && i.key !== j.key) return [i, j];
  }
  return undefined;
}

/**
 * The default: merge when an identity links two customers, unless each holds a verified identifier of
 * the same kind with a different value — then record a merge suggestion instead.
 *
 * @example
 * ```ts
 * import { conservativeMergePolicy, createEngine } from 'omnithread';
 * const engine = createEngine({ policies: { merge: conservativeMergePolicy } });
 * ```
 */
export const conservativeMergePolicy: MergePolicy = {
  name: 'conservative',
  decide({ source, target, identityKey }) {
    const conflict = verifiedConflict(target, source);
    if (conflict) {
      return {
        merge: false,
        reason: `verified ${conflict[0].kind} ${conflict[0].value} conflicts with verified ${conflict[1].kind} ${conflict[1].value}`,
      };
    }
    return { merge: true, reason: `both customers hold ${identityKey}` };
  },
};
