/**
 * Identity resolution inside the fold: who a message belongs to, links, merges and exact unmerges.
 * Works on one component's mutable state; pure apart from that state.
 */
import { type ComponentState, type CustomerRec, type MergeRecord, pushed } from './state.js';
import { customerIdFor } from './ids.js';
import type { MergePolicy } from '../identity/merge-policy.js';
import type { NormalizedIdentity } from '../identity/normalize.js';

const NO_EXTRA: Record<string, never> = Object.freeze({});

export function newCustomer(state: ComponentState, identity: NormalizedIdentity, at: number): CustomerRec {
  const id = customerIdFor(state.tenantId, identity.key);
  const rec: CustomerRec = {
    id,
    tenantId: state.tenantId,
    identities: [{ key: identity.key, kind: identity.kind, value: identity.value, verified: identity.verified, firstSeenAt: at }],
    mergedFrom: [],
    mergedInto: undefined,
    threadIds: [],
    // `extra` is replaced, never written in place: every new customer can share one empty object.
    attributes: { name: undefined, tier: undefined, vip: undefined, language: undefined, region: undefined, extra: NO_EXTRA },
    createdAt: at,
    lastContactAt: at,
    version: 0,
    liveThreads: undefined,
  };
  state.customers.set(id, rec);
  state.born.push(`c:${id}`);
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
  customer.identities = pushed(customer.identities, { key: identity.key, kind: identity.kind, value: identity.value, verified, firstSeenAt: at });
  state.identityOwner.set(identity.key, customer.id);
  state.touchCustomer(customer);
}

/** What a merge changed on its target besides identities and threads, so an unmerge can put it back. */
interface MergeUndo extends MergeRecord {
  /** Attribute values (and `extra` keys) the target lacked and took from the source. */
  readonly filled: Readonly<Record<string, unknown>>;
  readonly filledExtra: Readonly<Record<string, string | number | boolean | null>>;
  /** The target's contact times before the merge widened them. */
  readonly targetCreatedAt: number;
  readonly targetLastContactAt: number;
}

/** Moves everything of `source` into `target` and leaves a redirect. */
export function mergeCustomers(state: ComponentState, source: CustomerRec, target: CustomerRec, eventId: string): void {
  const identityKeys = source.identities.map((i) => i.key);
  const threadIds = [...source.threadIds];
  const targetCreatedAt = target.createdAt;
  const targetLastContactAt = target.lastContactAt;
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
  target.mergedFrom = pushed(target.mergedFrom, source.id);
  target.lastContactAt = Math.max(target.lastContactAt, source.lastContactAt);
  target.createdAt = Math.min(target.createdAt, source.createdAt);
  const filled: Record<string, unknown> = {};
  const attributes = target.attributes as Record<string, unknown>;
  for (const [k, v] of Object.entries(source.attributes)) {
    if (k !== 'extra' && attributes[k] === undefined && v !== undefined) attributes[k] = filled[k] = v;
  }
  const filledExtra: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(source.attributes.extra)) if (!(k in target.attributes.extra)) filledExtra[k] = v;
  target.attributes.extra = { ...source.attributes.extra, ...target.attributes.extra };
  source.identities = [];
  source.threadIds = [];
  state.invalidateThreads(source.id);
  state.invalidateThreads(target.id);
  source.mergedInto = target.id;
  state.customerRedirect.set(source.id, target.id);
  const record: MergeUndo = { eventId, sourceId: source.id, targetId: target.id, identityKeys, threadIds, undone: false, filled, filledExtra, targetCreatedAt, targetLastContactAt };
  state.merges.set(eventId, record);
  state.touchCustomer(source);
  state.touchCustomer(target);
}

/**
 * Thread ids of two customers as one list, oldest thread first. A merge step, not a sort: each side
 * keeps its own order, so filtering one side out again (an unmerge) gives back exactly the other.
 */
function mergeThreadOrder(state: ComponentState, a: readonly string[], b: readonly string[]): string[] {
  const created = (id: string) => state.threads.get(id)?.createdAt ?? 0;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(created(b[j]!) < created(a[i]!) ? b[j++]! : a[i++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** The latest message in any of `c`'s threads, or `since`. */
function latestContact(state: ComponentState, c: CustomerRec, since: number): number {
  let last = since;
  for (const tid of c.threadIds) for (const m of state.threads.get(tid)?.messages ?? []) if (m.occurredAt > last) last = m.occurredAt;
  return last;
}

/**
 * Narrows the target's contact times back to what they were before the merge, widened again only by
 * what happened since: contacts in its threads and customers merged into it after this merge.
 */
function restoreContactTimes(state: ComponentState, target: CustomerRec, m: MergeUndo): void {
  let created = m.targetCreatedAt;
  let last = m.targetLastContactAt;
  for (const id of target.mergedFrom) {
    const other = state.customers.get(id);
    if (!other) continue;
    created = Math.min(created, other.createdAt);
    last = Math.max(last, other.lastContactAt);
  }
  target.createdAt = created;
  target.lastContactAt = latestContact(state, target, last);
}

/** Takes back the attribute values a merge filled in, unless something set them again since. */
function restoreAttributes(target: CustomerRec, m: MergeUndo): void {
  const attributes = target.attributes as Record<string, unknown>;
  for (const [k, v] of Object.entries(m.filled)) if (attributes[k] === v) delete attributes[k];
  const extra = { ...target.attributes.extra };
  for (const [k, v] of Object.entries(m.filledExtra)) if (extra[k] === v) delete extra[k];
  target.attributes.extra = extra;
}

/**
 * Undoes the merge recorded under `mergeEventId`: the identities and threads it moved go back, and so
 * do threads opened since by one of those identities. Contacts that joined the survivor's own threads
 * while merged stay there. Returns a reason when it cannot be undone.
 */
export function unmergeCustomers(state: ComponentState, mergeEventId: string): string | undefined {
  const m = state.merges.get(mergeEventId) as MergeUndo | undefined;
  if (!m) return `no merge ${mergeEventId} is known at this point`; // = missingReason(…, 'e:…')
  if (m.undone) return `merge ${mergeEventId} was already undone`;
  const source = state.customers.get(m.sourceId);
  if (!source) return `customer ${m.sourceId} is unknown`;
  // The identities may have travelled further through later merges: the holder is whoever the target
  // redirects to now. Identities an unmerge of an earlier merge already gave back stay where they are.
  const holder = state.customers.get(state.resolveCustomerId(m.targetId));
  if (!holder) return `customer ${m.targetId} is unknown`;
  const keys = new Set(m.identityKeys.filter((k) => state.identityOwner.get(k) !== undefined && state.resolveCustomerId(state.identityOwner.get(k)!) === holder.id));
  const moving = holder.identities.filter((i) => keys.has(i.key));
  holder.identities = holder.identities.filter((i) => !keys.has(i.key));
  source.identities.push(...moving);
  const leaving = holder.threadIds.filter((tid) => {
    const t = state.threads.get(tid);
    return m.threadIds.includes(tid) || (t !== undefined && keys.has(t.originIdentity));
  });
  const gone = new Set(leaving);
  holder.threadIds = holder.threadIds.filter((tid) => !gone.has(tid));
  // The threads the merge took keep their old order; threads opened while merged follow, oldest first.
  source.threadIds = [...source.threadIds, ...m.threadIds.filter((tid) => gone.has(tid)), ...leaving.filter((tid) => !m.threadIds.includes(tid))];
  for (const tid of leaving) {
    const t = state.threads.get(tid);
    if (t) {
      t.customerId = source.id;
      state.touchThread(t);
    }
  }
  const target = state.customers.get(m.targetId);
  for (const c of new Set([holder, target])) if (c) c.mergedFrom = c.mergedFrom.filter((id) => id !== source.id);
  // On the direct target even when it was merged on since: undoing that later merge then finds it clean.
  if (target) restoreAttributes(target, m);
  for (const key of keys) state.identityOwner.set(key, source.id);
  state.invalidateThreads(source.id);
  state.invalidateThreads(holder.id);
  source.mergedInto = undefined;
  state.customerRedirect.delete(source.id);
  m.undone = true;
  // After a chain of merges the holder's times also contain this merge's; they stay (only widened).
  if (target) restoreContactTimes(state, target, m);
  source.lastContactAt = latestContact(state, source, source.lastContactAt);
  if (target && target !== holder) state.touchCustomer(target);
  state.touchCustomer(holder);
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
