import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { customerIdFor, threadIdFor } from '../../src/fold/ids.js';
import { stateOf } from '../helpers/state.js';

const T = 't0';
const at = (minute: number) => Date.UTC(2026, 10, 23, 9, minute);
const base = (id: string, minute: number) => ({ id, tenantId: T, schemaVersion: 2, occurredAt: at(minute) });
const email = (value: string) => ({ kind: 'email', value });

function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** Every arrival order, one event per call and all in one batch: the distinct states reached. */
async function statesOver(events: readonly object[]): Promise<Set<string>> {
  const states = new Set<string>();
  for (const order of orders(events)) {
    const oneByOne = createEngine();
    for (const e of order) await oneByOne.ingest(e);
    states.add(JSON.stringify(stateOf(oneByOne)));
    const batch = createEngine();
    await batch.ingest(order);
    states.add(JSON.stringify(stateOf(batch)));
  }
  return states;
}

describe('placement depends on the set of events, not on what some earlier fold created', () => {
  // Issue 13, finding 1: the merge names the customer p2's identity would create; p2 is linked to a
  // phone first, so that customer never exists. The merge must change nothing in every order.
  const e0 = { ...base('e0', 1), type: 'identity.linked', identity: email('p0@example.com'), to: email('p2@example.com') };
  const e1 = {
    ...base('e1', 0),
    type: 'customer.merged',
    source: { kind: 'customer', customerId: customerIdFor(T, 'email:p2@example.com') },
    target: email('p0@example.com'),
  };
  const e3 = { ...base('e3', 0), type: 'identity.linked', identity: email('p2@example.com'), to: { kind: 'phone', value: '+14155551000' } };

  it('a merge naming a customer that never exists gives one state in every order, and creates nothing', async () => {
    const states = await statesOver([e0, e1, e3]);
    expect(states.size).toBe(1);
    const state = JSON.parse([...states][0]!) as ReturnType<typeof stateOf> & { customers: { mergedFrom: string[]; identities: { key: string; firstSeenAt: number }[] }[]; unapplied: { eventId: string }[] };
    expect(state.customers).toHaveLength(1);
    expect(state.customers[0]!.mergedFrom).toEqual([]);
    // p0 is first seen by the link at 09:01: the ignored merge at 09:00 did not create it.
    expect(state.customers[0]!.identities.find((i) => i.key === 'email:p0@example.com')?.firstSeenAt).toBe(at(1));
    expect(state.unapplied.map((u) => u.eventId)).toEqual(['e1']);
  });

  it('snapshot + tail equals a full replay for every cut of every order', async () => {
    for (const order of orders([e0, e1, e3])) {
      for (let cut = 0; cut <= order.length; cut++) {
        const live = createEngine();
        await live.ingest(order.slice(0, cut));
        const snapshot = JSON.parse(JSON.stringify(live.snapshot()));
        for (const e of order.slice(cut)) await live.ingest(e);
        const resumed = createEngine({ store: live.store, snapshot });
        await resumed.ready();
        const full = createEngine({ store: live.store });
        await full.ready();
        expect(stateOf(resumed)).toEqual(stateOf(full));
      }
    }
  });

  it('a reference to a thread is placed with the message it derives from, opened or not', async () => {
    // m2 joins m1's thread, so no fold ever opens threadIdFor(m2); the status change names it anyway.
    const m1 = { ...base('m1', 0), type: 'message.received', channel: 'sms', from: { kind: 'phone', value: '+14155551000' }, content: { text: 'hi' } };
    const m2 = { ...base('m2', 1), type: 'message.received', channel: 'sms', from: { kind: 'phone', value: '+14155551000' }, content: { text: 'again' } };
    const s = { ...base('s', 2), type: 'thread.status_changed', threadId: threadIdFor(T, 'm2'), status: 'resolved' };
    const states = await statesOver([m1, m2, s]);
    expect(states.size).toBe(1);
    const state = JSON.parse([...states][0]!) as { unapplied: { eventId: string; reason: string }[] };
    expect(state.unapplied).toEqual([expect.objectContaining({ eventId: 's', reason: `thread ${threadIdFor(T, 'm2')} is unknown at this point` })]);
  });
});

describe('nothing accepted vanishes', () => {
  it('an unmerge naming its own id is rejected as invalid, with the path (it could never apply)', async () => {
    const engine = createEngine();
    const self = { ...base('u1', 0), type: 'customer.unmerged', mergeEventId: 'u1' };
    const r = await engine.ingest([self, { ...base('m1', 0), type: 'message.received', channel: 'sms', from: { kind: 'phone', value: '+14155551000' } }]);
    expect(r.accepted).toBe(1);
    expect(r.rejected.map((x) => [x.error.code, x.error.issues[0]?.path])).toEqual([['INVALID_EVENT', ['mergeEventId']]]);
  });

  it('an unmerge naming an event that is not a merge waits, listed in unapplied(), whatever the order', async () => {
    const m = { ...base('m1', 0), type: 'message.received', channel: 'sms', from: { kind: 'phone', value: '+14155551000' } };
    const u = { ...base('u1', 1), type: 'customer.unmerged', mergeEventId: 'm1' };
    const states = await statesOver([m, u]);
    expect(states.size).toBe(1);
    expect((JSON.parse([...states][0]!) as { unapplied: { eventId: string; reason: string }[] }).unapplied).toEqual([
      expect.objectContaining({ eventId: 'u1', reason: 'no merge m1 is known at this point' }),
    ]);
  });

  it('events ignored in a component without customers are reported', async () => {
    // Two links, each to the customer the other's identity would create: neither customer ever exists.
    const a = { ...base('la', 0), type: 'identity.linked', identity: email('a@example.com'), to: { kind: 'customer', customerId: customerIdFor(T, 'email:b@example.com') } };
    const b = { ...base('lb', 1), type: 'identity.linked', identity: email('b@example.com'), to: { kind: 'customer', customerId: customerIdFor(T, 'email:a@example.com') } };
    const states = await statesOver([a, b]);
    expect(states.size).toBe(1);
    const state = JSON.parse([...states][0]!) as { customers: unknown[]; unapplied: { eventId: string }[] };
    expect(state.customers).toEqual([]);
    expect(state.unapplied.map((u) => u.eventId)).toEqual(['la', 'lb']);
  });
});

describe('bounded records', () => {
  it('attributes_set never takes a customer past 1,000 attribute keys: the event changes nothing and says why', async () => {
    const engine = createEngine();
    const who = { kind: 'phone', value: '+14155551000' };
    const batch = (n: number) => ({
      ...base(`attrs-${n}`, n),
      type: 'customer.attributes_set',
      customer: who,
      attributes: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${n}-${i}`, i])),
    });
    const r = await engine.ingest(Array.from({ length: 11 }, (_, n) => batch(n)));
    expect(r.accepted).toBe(11);
    const [customer] = engine.customers();
    expect(Object.keys(customer!.attributes.extra)).toHaveLength(1000);
    expect(engine.unapplied()).toEqual([expect.objectContaining({ eventId: 'attrs-10', reason: 'the customer would have 1100 attribute keys, over the limit of 1000' })]);
    // Keys it already has can still be set.
    await engine.ingest({ ...base('attrs-again', 20), type: 'customer.attributes_set', customer: who, attributes: { 'k0-1': 'changed' } });
    expect(engine.customers()[0]!.attributes.extra['k0-1']).toBe('changed');
  });
});
