import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { arbEventHistory, arbRedelivery } from '../../src/testing/histories.js';
import { propertyParameters } from '../helpers/runs.js';
import { engineWith, expectResumesToReplay, stateOf } from '../helpers/state.js';

const PARAMS = propertyParameters(1000);

describe('convergence: the state is a function of the set of events', () => {
  it('any arrival order, any duplicates, any batching gives a deep-equal state', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbEventHistory({ tenants: 2 }).chain((events) => arbRedelivery(events)),
        async ({ events, batches }) => {
          const inOrder = await engineWith([events]);
          const redelivered = await engineWith(batches);
          expect(stateOf(redelivered)).toEqual(stateOf(inOrder));
        },
      ),
      PARAMS,
    );
  });

  it('replay = live: a fresh engine reading the store equals the engine that wrote it', async () => {
    await fc.assert(
      fc.asyncProperty(arbEventHistory().chain((events) => arbRedelivery(events)), async ({ batches }) => {
        const live = await engineWith(batches);
        const replayed = createEngine({ store: live.store });
        await replayed.ready();
        expect(stateOf(replayed)).toEqual(stateOf(live));
      }),
      PARAMS,
    );
  });

  it('snapshot + tail = full replay', async () => {
    await fc.assert(
      fc.asyncProperty(arbEventHistory(), fc.nat(), async (events, cutAt) => {
        const cut = events.length === 0 ? 0 : cutAt % (events.length + 1);
        const live = await engineWith([events.slice(0, cut)]);
        const snapshot = JSON.parse(JSON.stringify(live.snapshot()));
        await live.ingest(events.slice(cut));
        await expectResumesToReplay(live.store, snapshot);
      }),
      PARAMS,
    );
  });

  it('snapshotAsync + tail = full replay, with the rest of the history ingested while it is taken', async () => {
    await fc.assert(
      fc.asyncProperty(arbEventHistory({ tenants: 3 }), fc.nat(), fc.nat({ max: 4 }), async (events, cutAt, pieces) => {
        const cut = events.length === 0 ? 0 : cutAt % (events.length + 1);
        const live = await engineWith([events.slice(0, cut)]);
        const rest = events.slice(cut);
        const size = Math.max(1, Math.ceil(rest.length / (pieces + 1)));
        const taking = live.snapshotAsync();
        const arriving = (async () => {
          for (let i = 0; i < rest.length; i += size) await live.ingest(rest.slice(i, i + size));
        })();
        const [snapshot] = await Promise.all([taking, arriving]);
        await expectResumesToReplay(live.store, snapshot);
      }),
      PARAMS,
    );
  });

  it('at(p) equals a fresh engine fed the events stored up to p; at(t) those that occurred by t', async () => {
    await fc.assert(
      fc.asyncProperty(arbEventHistory(), fc.nat(), fc.nat({ max: 700 }), async (events, p, minutes) => {
        const live = await engineWith([events]);
        const position = events.length === 0 ? 0 : (p % events.length) + 1;
        const prefix: unknown[] = [];
        for await (const batch of live.store.readAll({})) for (const s of batch) if (s.globalPosition <= position) prefix.push(s.event);
        expect(stateOf(live.at(position))).toEqual(stateOf(await engineWith([prefix])));
        const time = Date.UTC(2026, 10, 2, 8) + minutes * 60_000;
        const occurred = events.filter((e) => (e.occurredAt as number) <= time);
        expect(stateOf(live.at({ time }))).toEqual(stateOf(await engineWith([occurred])));
      }),
      PARAMS,
    );
  });
});

describe('threads and customers', () => {
  it('every message is in exactly one thread and one timeline; no thread or customer crosses tenants', async () => {
    await fc.assert(
      fc.asyncProperty(arbEventHistory({ tenants: 2 }), async (events) => {
        const engine = await engineWith([events]);
        const messages = events.filter((e) => e.type === 'message.received' || e.type === 'message.sent');
        const inThreads = engine.threads().flatMap((t) => t.messages.map((m) => `${t.tenantId}/${m.id}`));
        expect(inThreads.sort()).toEqual(messages.map((m) => `${m.tenantId}/${m.id}`).sort());
        const inTimelines = engine.customers().flatMap((c) => engine.timeline(c.id).map((x) => `${c.tenantId}/${x.eventId}`));
        expect(inTimelines.sort()).toEqual(inThreads.sort());
        for (const t of engine.threads()) {
          const owner = engine.customer(t.customerId);
          expect(owner?.tenantId).toBe(t.tenantId);
          expect(owner?.threadIds).toContain(t.id);
          for (const m of t.messages) expect(m.id).toMatch(/^e\d+$/);
        }
        for (const c of engine.customers()) for (const id of c.threadIds) expect(engine.thread(id)?.tenantId).toBe(c.tenantId);
      }),
      propertyParameters(500),
    );
  });

  it('tenants are isolated: a tenant folds the same with or without another tenant beside it', async () => {
    await fc.assert(
      fc.asyncProperty(arbEventHistory({ tenants: 2 }), async (events) => {
        const both = await engineWith([events]);
        const alone = await engineWith([events.filter((e) => e.tenantId === 'tenant-0')]);
        const only0 = (x: unknown) => JSON.stringify(x);
        expect(only0(both.threads({ tenantId: 'tenant-0' }))).toBe(only0(alone.threads({ tenantId: 'tenant-0' })));
        expect(only0(both.customers({ tenantId: 'tenant-0' }))).toBe(only0(alone.customers({ tenantId: 'tenant-0' })));
        // Lookups scoped to a tenant never see another tenant's records.
        for (const t of both.threads({ tenantId: 'tenant-1' })) expect(both.thread(t.id, 'tenant-0')).toBeUndefined();
        for (const c of both.customers({ tenantId: 'tenant-1' })) expect(both.customer(c.id, 'tenant-0')).toBeUndefined();
      }),
      propertyParameters(300),
    );
  });
});

describe('regressions found by the properties', () => {
  it('a thread.merged naming a thread that a late event re-threads away reads the same from a snapshot', async () => {
    const { threadIdFor } = await import('../../src/fold/ids.js');
    const T = Date.UTC(2026, 10, 2, 9);
    const sms = (id: string, m: number) => ({ id, tenantId: 't', schemaVersion: 2, occurredAt: T + m * 60_000, channel: 'sms', type: 'message.received', from: { kind: 'phone', value: '+14155551002' } });
    const merge = { id: 'e2', tenantId: 't', schemaVersion: 2, occurredAt: T, type: 'thread.merged', threadId: threadIdFor('t', 'e1'), intoThreadId: threadIdFor('t', 'e0') };
    const live = await engineWith([[sms('e0', 2), sms('e1', 1)]]);
    const snapshot = JSON.parse(JSON.stringify(live.snapshot()));
    await live.ingest(merge);
    const resumed = createEngine({ store: live.store, snapshot });
    await resumed.ready();
    expect(stateOf(resumed)).toEqual(stateOf(live));
    expect(live.unapplied()).toEqual([expect.objectContaining({ eventId: 'e2', reason: `thread ${threadIdFor('t', 'e1')} is unknown at this point` })]);
  });
});
