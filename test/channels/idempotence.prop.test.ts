/**
 * A property over every adapter: the events made from a day of vendor payloads, fed twice, in any
 * order and any batching, give the same engine state as feeding them once in order — webhooks
 * redeliver and race, and the adapters' ids and times make that harmless by construction.
 */
import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import type { EventInput } from '../../src/events/schemas.js';
import { createEngine } from '../../src/engine/engine.js';
import { stateOf } from '../helpers/state.js';
import { vendorDay } from './vendor-day.js';

let events: EventInput[] = [];
/** The same payloads mapped again, as a redelivery is: a second run of the adapters, not a copy. */
let redelivered: EventInput[] = [];
let once: unknown;

beforeAll(async () => {
  events = await vendorDay();
  redelivered = await vendorDay();
  const engine = createEngine();
  const r = await engine.ingest(events);
  expect(r.rejected.map((x) => x.error.message)).toEqual([]);
  // Every status, edit and deletion found its message; the same mail through three vendors is one event.
  expect(engine.unapplied()).toEqual([]);
  expect(r.duplicates).toBe(4);
  once = stateOf(engine);
});

describe('channel adapters are idempotent by construction', () => {
  test('the day covers every adapter and the message updates', () => {
    const types = new Set(events.map((e) => e.type));
    for (const t of ['message.received', 'message.sent', 'message.delivery_updated', 'message.edited', 'message.deleted', 'customer.attributes_set']) expect(types, t).toContain(t);
    expect(events.length).toBeGreaterThan(30);
  });

  test.prop([fc.context(), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 12 })], { numRuns: 60 })('twice, shuffled, in batches: the same state as once', async (ctx, seed, batches) => {
    // Every event twice — once from each mapping of the payloads —, in an order drawn from the seed.
    const doubled = [...events, ...redelivered].map((e, i) => ({ e, k: (Math.imul(i + 1, 2654435761) ^ seed) >>> 0 }));
    doubled.sort((a, b) => a.k - b.k);
    const engine = createEngine();
    const size = Math.ceil(doubled.length / batches);
    for (let i = 0; i < doubled.length; i += size) {
      const r = await engine.ingest(doubled.slice(i, i + size).map((d) => d.e));
      expect(r.rejected.map((x) => x.error.message)).toEqual([]);
    }
    ctx.log(`seed ${seed}, ${batches} batches`);
    expect(stateOf(engine)).toEqual(once);
  });
});
