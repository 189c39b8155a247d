import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Engine, createEngine } from '../../src/engine/engine.js';
import { checkpoints } from '../../src/fold/component.js';
import { defaultPriorityPolicy } from '../../src/policies/priority/index.js';
import type { SlaPolicyInput } from '../../src/policies/sla/index.js';
import { T0, arbRich } from '../helpers/rich-history.js';
import { propertyParameters } from '../helpers/runs.js';
import { stateOf } from '../helpers/state.js';

const MIN = 60_000;
const PARAMS = propertyParameters(200);
const NORMAL_MINIMUM = checkpoints.minimum;
const sla: SlaPolicyInput = {
  rules: [{ name: 'gold', when: { tier: ['gold'] }, targets: { firstResponse: 7 * MIN, nextResponse: 11 * MIN } }],
  default: { firstResponse: 60 * MIN, nextResponse: 90 * MIN, resolution: 600 * MIN },
  warnBeforeMs: 3 * MIN,
};
const policies = () => ({ sla, priority: defaultPriorityPolicy() });

function watched(): { engine: Engine; reported: Set<string> } {
  const engine = createEngine({ policies: policies() });
  const reported = new Set<string>();
  engine.on('thread.created', (t) => reported.add(`t:${t.id}`));
  engine.on('thread.updated', (t) => reported.add(`t:${t.id}`));
  engine.on('thread.removed', (e) => reported.add(`t:${e.threadId}`));
  engine.on('customer.created', (c) => reported.add(`c:${c.id}`));
  engine.on('customer.updated', (c) => reported.add(`c:${c.id}`));
  engine.on('customer.merged', (e) => reported.add(`c:${e.sourceId}`));
  engine.on('customer.unmerged', (e) => reported.add(`c:${e.customerId}`));
  engine.on('agent.updated', (a) => reported.add(`a:${a.id}`));
  return { engine, reported };
}

/** JSON with sorted keys: a view whose keys only moved is the same view. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
function views(engine: Engine): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of engine.threads()) out.set(`t:${t.id}`, JSON.stringify(canonical(t)));
  for (const c of engine.customers()) out.set(`c:${c.id}`, JSON.stringify(canonical(c)));
  for (const a of engine.agents()) out.set(`a:${a.id}`, JSON.stringify(canonical(a)));
  return out;
}
const queueOf = (engine: Engine, now: number) => engine.queue({ now, limit: 2 }).map((q) => `${q.thread.id}:${q.score}`);

// Histories of every event type, delivered one event per call in any order: most deliveries re-fold
// (through checkpoints: the minimum is lowered), and the SLA timers and queue are read in between.
const arbLate = arbRich({ people: 2, maxEvents: 70 }).chain((events) =>
  fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }).map((order) => ({ events, order })),
);

describe('late delivery of rich histories, one event per call', () => {
  beforeEach(() => {
    checkpoints.minimum = 1;
  });
  afterEach(() => {
    checkpoints.minimum = NORMAL_MINIMUM;
  });

  it('state, engine events, agent load, queue and SLA timers end as an in-order fold', async () => {
    await fc.assert(
      fc.asyncProperty(arbLate, async ({ events, order }) => {
        const full = createEngine({ policies: policies() });
        expect((await full.ingest(events)).rejected.map((x) => x.error.message)).toEqual([]);
        const { engine, reported } = watched();
        let before = views(engine);
        for (const e of order) {
          reported.clear();
          await engine.ingest(e);
          // The host reads between deliveries: the scheduler and the queue index what changed.
          engine.nextDue();
          queueOf(engine, T0);
          const after = views(engine);
          for (const [id, json] of after) if (before.get(id) !== json) expect(reported, `${id} changed without an event`).toContain(id);
          before = after;
        }
        expect(stateOf(engine)).toEqual(stateOf(full));
        for (const m of [0, 60, 200, 400]) expect(queueOf(engine, T0 + m * MIN)).toEqual(queueOf(full, T0 + m * MIN));
        for (const m of [5, 10, 20, 40, 60, 90, 150, 300, 500, 1000]) {
          const due = async (x: Engine) => (await x.advanceTo(T0 + m * MIN)).map((s) => s.id);
          expect(await due(engine), `SLA events due at minute ${m}`).toEqual(await due(full));
        }
      }),
      PARAMS,
    );
  }, 600_000);
});
