/**
 * The engine's own routing decisions under adversarial days: vendor message ids of every format,
 * agents coming and going, offers expiring, restarts. What the engine wrote is found by "not in the
 * input" (test/helpers/routing.ts), so these hold whatever names routing events get.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { arbRoutingDay, arbVendorMessageId, playRoutingStep, type RoutingDay } from '../../src/testing/adversarial/index.js';
import { assignees, engineWritten, inputKeys, routedEngine } from '../helpers/routing.js';
import { propertyParameters } from '../helpers/runs.js';

const PARAMS = propertyParameters(1000);

/** Every rejection the engine reports, its own events' included (they come through 'event.rejected' too). */
function rejections(engine: Engine): string[] {
  const out: string[] = [];
  engine.on('event.rejected', (r) => out.push(`${r.error.code} ${(r.event as { id?: string }).id}: ${r.error.message}`));
  return out;
}

/** Open threads nobody works although an online agent has room on their channel. */
function starving(engine: Engine): string[] {
  const agents = engine.agents().filter((a) => a.status === 'online');
  return engine
    .threads({ status: 'open', assignee: null })
    .filter((t) => agents.some((a) => (a.load[t.channel] ?? 0) < (a.capacity[t.channel] ?? 0)))
    .map((t) => `${t.id} (${t.channel}, first message ${t.messages[0]?.id})`);
}

describe('routing with adversarial message ids', () => {
  it('with a free eligible agent online, every new thread is assigned and the engine never conflicts with its own events, whatever the message ids', async () => {
    await fc.assert(
      fc.asyncProperty(arbRoutingDay({ alwaysFreeAgent: true }), async (day) => {
        const engine = routedEngine();
        const rejected = rejections(engine);
        for (const step of day.steps) {
          await playRoutingStep(engine, step);
          const unassigned = engine.threads({ status: 'open', assignee: null }).map((t) => `${t.id} (first message ${t.messages[0]?.id})`);
          expect({ at: step.at, unassigned, rejected }).toEqual({ at: step.at, unassigned: [], rejected: [] });
        }
      }),
      PARAMS,
    );
  });

  it('no thread starves: after every step of a day with expiring offers, a thread waits only while no online agent has room on its channel', async () => {
    // Twilio ids only, which sort before the router's own ids: this is about routing memory, not ids.
    const day = arbRoutingDay({ ids: arbVendorMessageId({ formats: ['twilio-sms'] }) });
    await fc.assert(
      fc.asyncProperty(day, async (d) => {
        const engine = routedEngine({ offerTimeoutMs: d.offerTimeoutMs });
        for (const step of d.steps) {
          await playRoutingStep(engine, step);
          expect({ at: step.at, starving: starving(engine) }).toEqual({ at: step.at, starving: [] });
        }
      }),
      PARAMS,
    );
  });
});

/** Where a day is cut: restart before step `at`, from a snapshot taken before step `snapshotAt`, or by replay. */
interface Restart {
  readonly at: number;
  readonly snapshotAt: number | undefined;
}

const arbDayWithRestart: fc.Arbitrary<{ day: RoutingDay; restart: Restart }> = arbRoutingDay().chain((day) =>
  fc
    .record({ at: fc.integer({ min: 1, max: day.steps.length }), snapshot: fc.boolean(), snapshotAt: fc.nat() })
    .map(({ at, snapshot, snapshotAt }) => ({ day, restart: { at, snapshotAt: snapshot ? 1 + (snapshotAt % at) : undefined } })),
);

describe('restarts in the middle of a routed day', () => {
  it('restart (from a snapshot or by replaying the store) at any point of a routed day, then continue: the same assignments, offers and expiries as without the restart', async () => {
    await fc.assert(
      fc.asyncProperty(arbDayWithRestart, async ({ day, restart }) => {
        const options = { offerTimeoutMs: day.offerTimeoutMs };
        const steady = routedEngine(options);
        for (const step of day.steps) await playRoutingStep(steady, step);

        let engine = routedEngine(options);
        let snapshot: ReturnType<Engine['snapshot']> | undefined;
        for (let i = 0; i <= day.steps.length; i++) {
          if (i === restart.snapshotAt) snapshot = JSON.parse(JSON.stringify(engine.snapshot()));
          if (i === restart.at) {
            // The old process is gone: only the store (and the snapshot, if one was taken) survive.
            engine = routedEngine({ ...options, store: engine.store, ...(snapshot ? { snapshot } : {}) });
            await engine.ready();
          }
          const step = day.steps[i];
          if (step) await playRoutingStep(engine, step);
        }
        const input = inputKeys(day);
        expect(await engineWritten(engine.store, input)).toEqual(await engineWritten(steady.store, input));
        expect(assignees(engine)).toEqual(assignees(steady));
      }),
      PARAMS,
    );
  });
});
