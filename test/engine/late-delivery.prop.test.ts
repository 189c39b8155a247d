import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Engine, createEngine } from '../../src/engine/engine.js';
import { defaultPriorityPolicy } from '../../src/policies/priority/index.js';
import type { SlaPolicyInput } from '../../src/policies/sla/index.js';
import { checkpointEveryRefold } from '../helpers/checkpoints.js';
import { T0, arbRich } from '../helpers/rich-history.js';
import { propertyParameters } from '../helpers/runs.js';
import { expectEveryChangeReported, stateOf, watchedEngine } from '../helpers/state.js';

const MIN = 60_000;
const PARAMS = propertyParameters(200);
const sla: SlaPolicyInput = {
  rules: [{ name: 'gold', when: { tier: ['gold'] }, targets: { firstResponse: 7 * MIN, nextResponse: 11 * MIN } }],
  default: { firstResponse: 60 * MIN, nextResponse: 90 * MIN, resolution: 600 * MIN },
  warnBeforeMs: 3 * MIN,
};
const policies = () => ({ sla, priority: defaultPriorityPolicy() });

const queueOf = (engine: Engine, now: number) => engine.queue({ now, limit: 2 }).map((q) => `${q.thread.id}:${q.score}`);

// Histories of every event type, delivered one event per call in any order: most deliveries re-fold
// (through checkpoints: the minimum is lowered), and the SLA timers and queue are read in between.
const arbLate = arbRich({ people: 2, maxEvents: 70 }).chain((events) =>
  fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }).map((order) => ({ events, order })),
);

describe('late delivery of rich histories, one event per call', () => {
  checkpointEveryRefold();

  it('state, engine events, agent load, queue and SLA timers end as an in-order fold', async () => {
    await fc.assert(
      fc.asyncProperty(arbLate, async ({ events, order }) => {
        const full = createEngine({ policies: policies() });
        expect((await full.ingest(events)).rejected.map((x) => x.error.message)).toEqual([]);
        const watched = watchedEngine({ policies: policies() });
        const { engine } = watched;
        // The host reads between deliveries: the scheduler and the queue index what changed.
        await expectEveryChangeReported(watched, order, (x) => {
          x.nextDue();
          queueOf(x, T0);
        });
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
