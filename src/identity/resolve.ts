/**
 * Identity resolution inside the fold: who a message belongs to, links, merges and exact unmerges.
 * Works on one component's mutable state; pure apart from that state.
 */
import type { ComponentState, CustomerRec } from '../engine/state.js';
import { customerIdFor } from '../engine/ids.js';
import type { MergePolicy } from './merge-policy.js';
import type { NormalizedIdentity } from './normalize.js';

export function newCustomer(state: ComponentState, identity: NormalizedIdentity, at: number): CustomerRec {
  const id = customerIdFor(state.tenantId, identity.key);
  const rec: CustomerRec = {
    id,
    tenantId: state.tenantId,
    identities: [{ key: identity.key, kind: identity.kind, value: identity.value, verified: identity.verified, firstSeenAt: at }],
    mergedFrom: [],
    threadIds: [],
    attributes: { extra: {} },
    createdAt: at,
    lastContactAt: at,
    version: 0,
  };
  state.customers.set(id, rec);
  state.identityOwner.set(identity.key, id);
  state.touchCustomer(rec);
  return rec;
}

/** The customer holding `identity`, created on first sight. */
export function customerFor(state: ComponentState, identity: NormalizedIdentity, at: number): CustomerRec {
  const owner = state.identityOwner.get(identity.key);
  const rec = owner === undefined ? undefined : state.customers.get(state.resolveCustomerId(owner));
  if (rec) {
    if (identity.verified) markVerified(state, rec, identity.key);
    return rec;
  }
  return newCustomer(state, identity, at);
}

function markVerified(state: ComponentState, rec: CustomerRec, key: string): void {
  const i = rec.identities.findIndex((x) => x.key === key);
  const current = rec.identities[i];
  if (current && !current.verified) {
    rec.identities[i] = { ...current, verified: true };
    state.touchCustomer(rec);
  }
}

/** Gives `identity` to `customer` (it held no one). */
export function attachIdentity(state: ComponentState, customer: CustomerRec, identity: NormalizedIdentity, at: number, verified: boolean): void {
  customer.identities.push({ key: identity.key, kind: identity.kind, value: identity.value, verified, firstSeenAt: at });
  state.identityOwner.set(identity.key, customer.id);
  state.touchCustomer(customer);
}

/** Moves everything of `source` into `target` and leaves a redirect. Returns what moved. */
export function mergeCustomers(state: ComponentState, source: CustomerRec, target: CustomerRec, eventId: string): void {
  const identityKeys = source.identities.map((i) => i.key);
  const threadIds = [...source.threadIds];
  for (const i of source.identities) {
    target.identities.push(i);
    state.identityOwner.set(i.key, target.id);
  }
  for (const tid of threadIds) {
    const t = state.threads.get(tid);
    if (t) {
      t.customerId = target.id;
      state.touchThread(t);
    }
  }
  target.threadIds = mergeThreadOrder(state, target.threadIds, threadIds);
  target.mergedFrom.push(source.id);
  target.lastContactAt = Math.max(target.lastContactAt, source.lastContactAt);
  target.createdAt = Math.min(target.createdAt, source.createdAt);
  for (const [k, v] of Object.entries(source.attributes)) {
    if (k !== 'extra' && (target.attributes as Record<string, unknown>)[k] === undefined) (target.attributes as Record<string, unknown>)[k] = v;
  }
  target.attributes.extra = { ...source.attributes.extra, ...target.attributes.extra };
  source.identities = [];
  source.threadIds = [];
  source.mergedInto = target.id;
  state.customerRedirect.set(source.id, target.id);
  state.merges.set(eventId, { eventId, sourceId: source.id, targetId: target.id, identityKeys, threadIds, undone: false });
  state.touchCustomer(source);
  state.touchCustomer(target);
}

/** Thread ids of a customer, oldest thread first. */
function mergeThreadOrder(state: ComponentState, a: readonly string[], b: readonly string[]): string[] {
  const created = (id: string) => state.threads.get(id)?.createdAt ?? 0;
  return [...a, ...b].sort((x, y) => created(x) - created(y) || (x < y ? -1 : x > y ? 1 : 0));
}

/**
 * Undoes the merge recorded under `mergeEventId`: the identities and threads it moved go back, and so
 * do threads opened since by one of those identities. Returns a reason when it cannot be undone.
 */
export function unmergeCustomers(state: ComponentState, mergeEventId: string): string | undefined {
  const m = state.merges.get(mergeEventId);
  if (!m) return `no merge ${mergeEventId} is known at this point`;
  if (m.undone) return `merge ${mergeEventId} was already undone`;
  const source = state.customers.get(m.sourceId);
  if (!source) return `customer ${m.sourceId} is unknown`;
  const keys = new Set(m.identityKeys);
  // The identities may have travelled further through later merges: take them from whoever holds them.
  const holders = new Set<CustomerRec>();
  for (const key of keys) {
    const owner = state.identityOwner.get(key);
    const holder = owner === undefined ? undefined : state.customers.get(state.resolveCustomerId(owner));
    if (holder) holders.add(holder);
  }
  for (const holder of holders) {
    const moving = holder.identities.filter((i) => keys.has(i.key));
    holder.identities = holder.identities.filter((i) => !keys.has(i.key));
    source.identities.push(...moving);
    const leaving = holder.threadIds.filter((tid) => {
      const t = state.threads.get(tid);
      return m.threadIds.includes(tid) || (t !== undefined && keys.has(t.originIdentity));
    });
    holder.threadIds = holder.threadIds.filter((tid) => !leaving.includes(tid));
    source.threadIds = mergeThreadOrder(state, source.threadIds, leaving);
    for (const tid of leaving) {
      const t = state.threads.get(tid);
      if (t) {
        t.customerId = source.id;
        state.touchThread(t);
      }
    }
    holder.mergedFrom = holder.mergedFrom.filter((id) => id !== source.id);
    state.touchCustomer(holder);
  }
  for (const key of keys) state.identityOwner.set(key, source.id);
  delete source.mergedInto;
  state.customerRedirect.delete(source.id);
  m.undone = true;
  state.touchCustomer(source);
  return undefined;
}

/** Applies the merge policy to an identity that two customers now claim. */
export function proposeMerge(
  state: ComponentState,
  policy: MergePolicy,
  source: CustomerRec,
  target: CustomerRec,
  identityKey: string,
  eventId: string,
  at: number,
): void {
  const verdict = policy.decide({ source, target, identityKey, eventId });
  if (verdict.merge) {
    mergeCustomers(state, source, target, eventId);
    return;
  }
  state.suggestions.push({ tenantId: state.tenantId, customerIds: [target.id, source.id], eventId, occurredAt: at, reason: verdict.reason });
}
