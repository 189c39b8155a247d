/**
 * The adversarial arbitraries generate what they promise: valid events only, the adversarial shapes
 * in useful proportions (a generator that never produced a derived customer id or a colliding id
 * would make the guarantee properties pass for the wrong reason).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { customerIdFor, threadIdFor } from '../../src/fold/ids.js';
import { safeParseEvent } from '../../src/events/parse.js';
import type { EventInput } from '../../src/events/schemas.js';
import {
  ADVERSARIAL_TENANT_IDS,
  VENDOR_ID_FORMATS,
  arbAdversarialHistory,
  arbConflictingRedelivery,
  arbIdString,
  arbRoutingDay,
  arbVendorMessageId,
  derivedCustomerId,
  identityKeyOf,
  personIdentity,
} from '../../src/testing/adversarial/index.js';

const SEED = { seed: 13 };
const CONTROL = /\p{Cc}/u;

describe('vendor message ids', () => {
  it('every format yields valid ids without control characters, and ids of every format parse as event ids', () => {
    for (const format of VENDOR_ID_FORMATS) {
      for (const id of fc.sample(arbVendorMessageId({ formats: [format] }), { numRuns: 50, ...SEED })) {
        expect(id.length).toBeGreaterThan(0);
        expect(id.length).toBeLessThanOrEqual(512);
        expect(CONTROL.test(id)).toBe(false);
      }
    }
    const ids = fc.sample(arbVendorMessageId(), { numRuns: 400, ...SEED });
    expect(ids.some((id) => /^SM[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(ids.some((id) => id.startsWith('wamid.HBgL'))).toBe(true);
    expect(ids.some((id) => /^1[67][0-9]{8}\.[0-9]{6}$/.test(id))).toBe(true);
    expect(ids.some((id) => /^<.+@.+>$/.test(id))).toBe(true);
  });

  it('arbitrary id strings reach beyond ASCII (astral and combining characters, spaces)', () => {
    const ids = fc.sample(arbIdString(), { numRuns: 300, ...SEED });
    expect(ids.some((id) => [...id].some((ch) => ch.codePointAt(0)! > 0xffff))).toBe(true);
    expect(ids.some((id) => /\s/.test(id))).toBe(true);
  });
});

describe('people', () => {
  it('every spelling of an identity normalises to one key, and WhatsApp shares the phone key', () => {
    for (const kind of ['email', 'phone', 'whatsapp', 'x'] as const) {
      const keys = new Set([0, 1, 2].map((s) => identityKeyOf(personIdentity(2, kind, s))));
      expect(keys.size).toBe(1);
    }
    expect(identityKeyOf(personIdentity(0, 'whatsapp'))).toBe(identityKeyOf(personIdentity(0, 'phone')));
    expect(identityKeyOf(personIdentity(0, 'phone'))).toBe('phone:+14155551000');
    expect(derivedCustomerId('t0', personIdentity(2, 'email', 1))).toBe(customerIdFor('t0', 'email:p2@example.com'));
  });
});

describe('adversarial histories', () => {
  it('every event is valid and an engine accepts every one; ids are unique within a tenant', async () => {
    await fc.assert(
      fc.asyncProperty(arbAdversarialHistory({ tenants: 4 }), async (events) => {
        for (const e of events) expect(safeParseEvent(e).ok).toBe(true);
        const keys = events.map((e) => `${e.tenantId}\u0000${e.id}`);
        expect(new Set(keys).size).toBe(keys.length);
        const r = await createEngine().ingest(events);
        expect(r.rejected).toEqual([]);
        expect(r.accepted).toBe(events.length);
      }),
      { numRuns: 200 },
    );
  });

  it('generates the adversarial shapes: derived customer ids that exist and that do not, colliding ids across tenants, tied times, thread ids of later events', async () => {
    const seen = { derivedExisting: 0, derivedMissing: 0, crossTenantIds: 0, tiedTimes: 0, laterThreadRefs: 0, selfRefs: 0 };
    for (const events of fc.sample(arbAdversarialHistory(), { numRuns: 200, ...SEED })) {
      const engine = createEngine();
      await engine.ingest(events);
      const customers = new Set(engine.customers().flatMap((c) => [c.id, ...c.mergedFrom]));
      for (const e of events) {
        for (const ref of refsOf(e)) (customers.has(ref) ? seen.derivedExisting++ : seen.derivedMissing++);
        if (e.type === 'customer.unmerged' && e.mergeEventId === e.id) seen.selfRefs++;
      }
      const byId = new Map<string, Set<string>>();
      for (const e of events) byId.set(e.id, (byId.get(e.id) ?? new Set()).add(e.tenantId));
      seen.crossTenantIds += [...byId.values()].filter((t) => t.size > 1).length;
      const times = events.map((e) => (typeof e.occurredAt === 'number' ? e.occurredAt : Date.parse(e.occurredAt)));
      seen.tiedTimes += times.length - new Set(times).size;
      events.forEach((e, i) => {
        const later = new Set(events.slice(i + 1).filter((x) => x.tenantId === e.tenantId).map((x) => threadIdFor(x.tenantId, x.id)));
        if ('threadId' in e && typeof e.threadId === 'string' && later.has(e.threadId)) seen.laterThreadRefs++;
      });
    }
    expect(seen.selfRefs).toBe(0);
    for (const [shape, count] of Object.entries(seen)) if (shape !== 'selfRefs') expect({ shape, some: count > 10 }).toEqual({ shape, some: true });
  });

  it('with derivedCustomerIds off, every customer is named by an identity', () => {
    const events = fc.sample(arbAdversarialHistory({ derivedCustomerIds: false }), { numRuns: 200, ...SEED }).flat();
    expect(events.some((e) => e.type === 'customer.merged')).toBe(true);
    expect(events.flatMap(refsOf)).toEqual([]);
  });

  it('with selfReferences, unmerges name their own id (and those unmerges); the tenants are the look-alike ones', () => {
    const histories = fc.sample(arbAdversarialHistory({ selfReferences: true, tenants: 4 }), { numRuns: 200, ...SEED });
    const events = histories.flat();
    expect(events.filter((e) => e.type === 'customer.unmerged' && e.mergeEventId === e.id).length).toBeGreaterThan(10);
    expect(new Set(events.map((e) => e.tenantId))).toEqual(new Set(ADVERSARIAL_TENANT_IDS));
  });
});

function refsOf(e: EventInput): string[] {
  const refs = e.type === 'customer.merged' ? [e.source, e.target] : e.type === 'identity.linked' ? [e.to] : e.type === 'customer.attributes_set' ? [e.customer] : [];
  return refs.flatMap((r) => (r.kind === 'customer' ? [r.customerId] : []));
}

describe('conflicting redeliveries', () => {
  it('every conflict reuses the tenant and id of a history event with other content; every redelivery parses to the original', () => {
    const arb = arbAdversarialHistory().filter((e) => e.length > 0).chain(arbConflictingRedelivery);
    for (const { events, conflicts, redeliveries } of fc.sample(arb, { numRuns: 200, ...SEED })) {
      const parsed = new Map(events.map((e) => [`${e.tenantId}\u0000${e.id}`, safeParseEvent(e)]));
      for (const c of conflicts) {
        const original = parsed.get(`${c.tenantId}\u0000${c.id}`);
        const mine = safeParseEvent(c);
        expect(original?.ok && mine.ok).toBe(true);
        if (original?.ok && mine.ok) expect(JSON.stringify(mine.event)).not.toBe(JSON.stringify(original.event));
      }
      for (const r of redeliveries) expect(parsed.get(`${r.tenantId}\u0000${r.id}`)?.ok).toBe(true);
    }
  });
});

describe('routing days', () => {
  it('every event of a day is valid, ids are unique, times never run backwards between steps', () => {
    for (const day of fc.sample(arbRoutingDay({ alwaysFreeAgent: true }), { numRuns: 200, ...SEED })) {
      const events = day.steps.flatMap((s) => (s.kind === 'ingest' ? [...s.events] : []));
      for (const e of events) expect(safeParseEvent(e).ok).toBe(true);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      const times = day.steps.map((s) => s.at);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });

  it('days have agents going online, away and offline, offers that can expire, and late webhooks', () => {
    const days = fc.sample(arbRoutingDay(), { numRuns: 200, ...SEED });
    const events = days.flatMap((d) => d.steps.flatMap((s) => (s.kind === 'ingest' ? [...s.events] : [])));
    const statuses = new Set(events.flatMap((e) => (e.type === 'agent.status_changed' ? [e.status] : [])));
    expect(statuses).toEqual(new Set(['online', 'away', 'offline']));
    expect(days.filter((d) => d.steps.some((s) => s.kind === 'advance')).length).toBeGreaterThan(100);
    const late = days.filter((d) => d.steps.some((s) => s.kind === 'ingest' && s.events.some((e) => typeof e.occurredAt === 'number' && e.occurredAt < s.at)));
    expect(late.length).toBeGreaterThan(20);
  });
});
