/**
 * The guarantees (convergence, replay = live, snapshot + tail = replay, time travel, isolation,
 * nothing lost) on histories built the way integrations misbehave: `arbAdversarialHistory`.
 * Run counts come from test/helpers/runs.ts (`npm run test:deep` for 50,000 each).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import type { EventInput } from '../../src/events/schemas.js';
import { arbAdversarialHistory, arbConflictingRedelivery } from '../../src/testing/adversarial/index.js';
import { arbRedelivery } from '../../src/testing/histories.js';
import { propertyParameters } from '../helpers/runs.js';
import { engineAndRejects, engineWith, stateOf } from '../helpers/state.js';

const PARAMS = propertyParameters(1000);
const history = arbAdversarialHistory();

/** Events stored up to `position`, in store order. */
async function storedUpTo(engine: Awaited<ReturnType<typeof engineWith>>, position: number): Promise<unknown[]> {
  const prefix: unknown[] = [];
  for await (const batch of engine.store.readAll({})) for (const s of batch) if (s.globalPosition <= position) prefix.push(s.event);
  return prefix;
}

const msOf = (e: EventInput) => (typeof e.occurredAt === 'number' ? e.occurredAt : Date.parse(e.occurredAt));

describe('adversarial histories: the state is a function of the set of events', () => {
  it('any permutation, duplication and batching of an adversarial history gives a deep-equal state, unapplied() and merge suggestions included', async () => {
    await fc.assert(
      fc.asyncProperty(history.chain(arbRedelivery), async ({ events, batches }) => {
        const inOrder = await engineWith([events]);
        const redelivered = await engineWith(batches);
        expect(stateOf(redelivered)).toEqual(stateOf(inOrder));
        // The same JSON too (key order included): what a consumer serialises must not depend on arrival.
        expect(JSON.stringify(stateOf(redelivered))).toBe(JSON.stringify(stateOf(inOrder)));
      }),
      PARAMS,
    );
  });

  it('replay = live on adversarial histories delivered in any order and batching', async () => {
    await fc.assert(
      fc.asyncProperty(history.chain(arbRedelivery), async ({ batches }) => {
        const live = await engineWith(batches);
        const replayed = createEngine({ store: live.store });
        await replayed.ready();
        expect(stateOf(replayed)).toEqual(stateOf(live));
      }),
      PARAMS,
    );
  });

  it('snapshot + tail = full replay = live on adversarial histories, whatever the cut and the delivery order', async () => {
    await fc.assert(
      fc.asyncProperty(history.chain(arbRedelivery), fc.nat(), async ({ batches }, cutAt) => {
        const cut = cutAt % (batches.length + 1);
        const live = await engineWith(batches.slice(0, cut));
        const snapshot = JSON.parse(JSON.stringify(live.snapshot()));
        for (const batch of batches.slice(cut)) await live.ingest(batch);
        const resumed = createEngine({ store: live.store, snapshot });
        await resumed.ready();
        const full = createEngine({ store: live.store });
        await full.ready();
        expect(stateOf(resumed)).toEqual(stateOf(full));
        expect(stateOf(full)).toEqual(stateOf(live));
        expect(resumed.position()).toBe(full.position());
      }),
      PARAMS,
    );
  });

  it('at(p) on adversarial histories equals a fresh engine fed the events stored up to p; at(t) those that occurred by t', async () => {
    await fc.assert(
      fc.asyncProperty(history.chain(arbRedelivery), fc.nat(), fc.nat({ max: 5 }), async ({ events, batches }, p, minutes) => {
        const live = await engineWith(batches);
        const position = events.length === 0 ? 0 : (p % events.length) + 1;
        expect(stateOf(live.at(position))).toEqual(stateOf(await engineWith([await storedUpTo(live, position)])));
        const time = Date.UTC(2026, 10, 2, 9) + minutes * 60_000;
        expect(stateOf(live.at({ time }))).toEqual(stateOf(await engineWith([events.filter((e) => msOf(e) <= time)])));
      }),
      PARAMS,
    );
  });

  it('tenants with look-alike ids and colliding event ids fold the same alone as side by side', async () => {
    await fc.assert(
      fc.asyncProperty(arbAdversarialHistory({ tenants: 3 }), async (events) => {
        const all = await engineWith([events]);
        for (const tenantId of new Set(events.map((e) => e.tenantId))) {
          const alone = await engineWith([events.filter((e) => e.tenantId === tenantId)]);
          const only = { tenantId };
          expect(JSON.parse(JSON.stringify([all.customers(only), all.threads(only), all.unapplied(only), all.mergeSuggestions(only)]))).toEqual(
            JSON.parse(JSON.stringify([alone.customers(only), alone.threads(only), alone.unapplied(only), alone.mergeSuggestions(only)])),
          );
        }
      }),
      PARAMS,
    );
  });
});

describe('adversarial histories with self-references', () => {
  const selfRefs = arbAdversarialHistory({ selfReferences: true });
  const isSelfRef = (e: EventInput) => e.type === 'customer.unmerged' && e.mergeEventId === e.id;

  it('with unmerges naming themselves, the same events are refused and the same state results in any order', async () => {
    await fc.assert(
      fc.asyncProperty(selfRefs.chain(arbRedelivery), async ({ events, batches }) => {
        const inOrder = await engineAndRejects([events]);
        const redelivered = await engineAndRejects(batches);
        expect(redelivered.rejected).toEqual(inOrder.rejected);
        expect(stateOf(redelivered.engine)).toEqual(stateOf(inOrder.engine));
      }),
      PARAMS,
    );
  });

  it('an unmerge naming itself never vanishes: it is refused with a typed error or listed in unapplied()', async () => {
    await fc.assert(
      fc.asyncProperty(selfRefs.chain(arbRedelivery), async ({ events, batches }) => {
        const { engine, rejected } = await engineAndRejects(batches);
        for (const e of events.filter(isSelfRef)) {
          const refused = rejected.some((r) => r.startsWith(`${e.tenantId}/${e.id}: `));
          const listed = engine.unapplied({ tenantId: e.tenantId }).some((u) => u.eventId === e.id);
          expect({ id: e.id, refusedOrListed: refused || listed }).toEqual({ id: e.id, refusedOrListed: true });
        }
      }),
      PARAMS,
    );
  });
});

describe('same id, different content', () => {
  it('a conflicting version of an accepted event is DUPLICATE_CONFLICT and changes nothing; respelled redeliveries are duplicates', async () => {
    const arb = history.chain((events) => fc.tuple(arbRedelivery(events), arbConflictingRedelivery(events)));
    await fc.assert(
      fc.asyncProperty(arb, async ([{ batches: delivery }, { conflicts, redeliveries, batches }]) => {
        const engine = await engineWith(delivery);
        const before = stateOf(engine);
        const codes: string[] = [];
        let accepted = 0;
        let duplicates = 0;
        for (const batch of batches) {
          const r = await engine.ingest(batch);
          accepted += r.accepted;
          duplicates += r.duplicates;
          codes.push(...r.rejected.map((x) => x.error.code));
        }
        expect({ accepted, duplicates, codes }).toEqual({ accepted: 0, duplicates: redeliveries.length, codes: conflicts.map(() => 'DUPLICATE_CONFLICT') });
        expect(stateOf(engine)).toEqual(before);
        const replayed = createEngine({ store: engine.store });
        await replayed.ready();
        expect(stateOf(replayed)).toEqual(before);
      }),
      PARAMS,
    );
  });
});
