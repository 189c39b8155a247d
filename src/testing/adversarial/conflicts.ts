/**
 * Redeliveries that are not quite redeliveries: an event id sent again with other content (a vendor
 * reusing ids, a producer bug), beside true redeliveries spelled differently (an ISO time for epoch
 * milliseconds, keys in another order, an email address in capitals). The first must be refused with
 * `DUPLICATE_CONFLICT` and change nothing; the second are duplicates.
 */
import fc from 'fast-check';
import type { EventInput } from '../../events/schemas.js';

/** What {@link arbConflictingRedelivery} produces. */
export interface ConflictingRedelivery {
  /** The history, unchanged. */
  readonly events: readonly EventInput[];
  /** Events reusing the tenant and id of one in `events`, with other content. */
  readonly conflicts: readonly EventInput[];
  /** Events of `events` again, spelled differently but meaning the same. */
  readonly redeliveries: readonly EventInput[];
  /** `conflicts` and `redeliveries` shuffled together and cut into batches. */
  readonly batches: readonly (readonly EventInput[])[];
}

const msOf = (e: EventInput): number => (typeof e.occurredAt === 'number' ? e.occurredAt : Date.parse(e.occurredAt));

/** The same event, spelled otherwise: the other time format, keys reversed, email in capitals. */
function respelled(e: EventInput): EventInput {
  const ms = msOf(e);
  const copy = { ...e, occurredAt: typeof e.occurredAt === 'number' ? new Date(ms).toISOString() : ms } as Record<string, unknown>;
  for (const field of ['from', 'to']) {
    const ref = copy[field] as { kind?: string; value?: string } | undefined;
    if (ref?.kind === 'email' && ref.value !== undefined) copy[field] = { ...ref, value: ref.value.toUpperCase() };
  }
  return Object.fromEntries(Object.entries(copy).reverse()) as EventInput;
}

/**
 * Another event under `target`'s tenant and id: `donor`'s content (another type, perhaps) or
 * `target`'s own with another text, always at another millisecond so the content surely differs.
 */
function conflicting(target: EventInput, donor: EventInput, shiftMs: number, useDonor: boolean): EventInput {
  // An unmerge taking the id of the merge it names would name itself: invalid, not a conflict.
  const selfNaming = donor.type === 'customer.unmerged' && donor.mergeEventId === target.id;
  const source = useDonor && !selfNaming ? donor : target;
  const changed = { ...source, id: target.id, tenantId: target.tenantId, occurredAt: msOf(target) + shiftMs } as EventInput;
  if (!useDonor && (changed.type === 'message.received' || changed.type === 'message.sent')) {
    return { ...changed, content: { ...changed.content, text: `${changed.content?.text ?? ''} (edited)` } };
  }
  return changed;
}

/**
 * Conflicting versions and respelled redeliveries of a history's events, mixed into batches. Deliver
 * `events` first (in any order), then `batches`: every conflict is a `DUPLICATE_CONFLICT`, every
 * redelivery a duplicate, and the state is what `events` alone give.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { createEngine } from 'omnithread';
 * import { arbAdversarialHistory, arbConflictingRedelivery } from 'omnithread/testing';
 * await fc.assert(fc.asyncProperty(arbAdversarialHistory().chain(arbConflictingRedelivery), async ({ events, conflicts, batches }) => {
 *   const engine = createEngine();
 *   await engine.ingest([...events]);
 *   let refused = 0;
 *   for (const batch of batches) refused += (await engine.ingest([...batch])).rejected.filter((r) => r.error.code === 'DUPLICATE_CONFLICT').length;
 *   return refused === conflicts.length;
 * }));
 * ```
 */
export function arbConflictingRedelivery(events: readonly EventInput[]): fc.Arbitrary<ConflictingRedelivery> {
  if (events.length === 0) return fc.constant({ events, conflicts: [], redeliveries: [], batches: [] });
  const index = fc.nat({ max: events.length - 1 });
  const conflict = fc.record({ target: index, donor: index, shiftMs: fc.integer({ min: 1, max: 3_600_000 }), useDonor: fc.boolean() });
  return fc
    .record({
      conflicts: fc.array(conflict, { minLength: 1, maxLength: 4 }),
      redeliveries: fc.array(index, { maxLength: 4 }),
      order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
      cut: fc.nat({ max: 8 }),
    })
    .map(({ conflicts: picks, redeliveries: again, order, cut }) => {
      const conflicts = picks.map((c) => conflicting(events[c.target]!, events[c.donor]!, c.shiftMs, c.useDonor));
      const redeliveries = again.map((i) => respelled(events[i]!));
      const mixed = [...conflicts, ...redeliveries].map((e, i) => ({ e, k: order[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.e);
      const at = Math.min(cut, mixed.length);
      const batches = [mixed.slice(0, at), mixed.slice(at)].filter((b) => b.length > 0);
      return { events, conflicts, redeliveries, batches };
    });
}
