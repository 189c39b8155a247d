import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { EngineCore } from '../../src/fold/core.js';
import { checkpoints } from '../../src/fold/component.js';
import { checkpointEveryRefold } from '../helpers/checkpoints.js';
import { arbEventHistory } from '../../src/testing/histories.js';
import { propertyParameters } from '../helpers/runs.js';
import { engineWith, expectEveryChangeReported, stateOf, watchedEngine } from '../helpers/state.js';

const PARAMS = propertyParameters(500);
const NORMAL_MINIMUM = checkpoints.minimum;

function componentsOf(engine: Engine, tenantId: string) {
  const core = (engine as unknown as { core: EngineCore }).core;
  return [...core.tenants.get(tenantId)!.components];
}

/**
 * Histories of one or two people (a component with many events), delivered one event per ingest call
 * in any order: most deliveries re-fold, many from a checkpoint (about a quarter of 3,000 re-folds in
 * 300 runs when this was written; fast-check's default size gives histories too short for that).
 */
const arbLateDeliveries = arbEventHistory({ tenants: 1, people: 2, maxEvents: 60 }).chain((events) =>
  fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }).map((order) => ({ events, order })),
);

describe('re-folds from checkpoints', () => {
  beforeAll(() => fc.configureGlobal({ baseSize: 'large' }));
  afterAll(() => fc.resetConfigureGlobal());
  checkpointEveryRefold();

  it('give the state an in-order fold gives, whatever the arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(arbLateDeliveries, async ({ events, order }) => {
        const inOrder = await engineWith([events]);
        const { engine } = watchedEngine();
        for (const e of order) await engine.ingest(e);
        expect(stateOf(engine)).toEqual(stateOf(inOrder));
      }),
      PARAMS,
    );
  });

  it('leave no change unreported: every thread or customer whose view changed in a delivery had an event', async () => {
    await fc.assert(
      fc.asyncProperty(arbLateDeliveries, async ({ order }) => {
        await expectEveryChangeReported(watchedEngine(), order);
      }),
      PARAMS,
    );
  });
});

describe('a late event in a large component', () => {
  const at = (i: number) => Date.UTC(2026, 0, 1) + i * 600_000;
  // One customer (email and phone linked): each email opens a thread of its own, the texts make one
  // long thread — past 16 messages its lists grow in place, so a checkpoint must not share them.
  const link = { id: 'link', tenantId: 't', type: 'identity.linked', schemaVersion: 2, occurredAt: at(-1), identity: { kind: 'email', value: 'a@example.com' }, to: { kind: 'phone', value: '+14155551000' } };
  const message = (i: number, occurredAt: number) =>
    i % 2 === 0
      ? { id: `m${i}`, tenantId: 't', type: 'message.received', schemaVersion: 2, occurredAt, channel: 'email', from: { kind: 'email', value: 'a@example.com' }, content: { text: `message ${i}`, subject: `topic ${i}` }, email: { messageId: `<m${i}@example.com>` } }
      : { id: `m${i}`, tenantId: 't', type: 'message.received', schemaVersion: 2, occurredAt, channel: 'sms', from: { kind: 'phone', value: '+14155551000' }, content: { text: `text ${i}` } };
  const history = (n: number) => [link, ...Array.from({ length: n }, (_, i) => message(i, at(i)))];

  it('re-folds from the checkpoint the previous late event left, and only what changed is reported', async () => {
    const n = 3 * NORMAL_MINIMUM;
    const { engine, reported } = watchedEngine();
    const events = history(n);
    for (let i = 0; i < events.length; i += 500) await engine.ingest(events.slice(i, i + 500));
    const [component] = componentsOf(engine, 't');

    // The first late event re-folds from the first envelope and leaves a checkpoint just before itself.
    await engine.ingest(message(n, at(n - 100) - 1));
    expect(component!.lastRefoldFrom).toBe(0);
    // The next one lands after that checkpoint: the re-fold starts there (the link comes first), not
    // from the first envelope.
    reported.clear();
    await engine.ingest(message(n + 1, at(n - 50) - 1));
    expect(component!.lastRefoldFrom).toBe(n - 100 + 1);

    const full = await engineWith([[...events, message(n, at(n - 100) - 1), message(n + 1, at(n - 50) - 1)]]);
    expect(stateOf(engine)).toEqual(stateOf(full));
    // The late text joined the long thread; the ~1,500 email threads are as they were: no event for them.
    expect(reported.size).toBeLessThan(5);
    expect(reported).toContain(`t:${engine.threads().find((t) => t.messages.some((m) => m.id === `m${n + 1}`))!.id}`);
  });

  it('drops the checkpoint when an event lands before it', async () => {
    const n = 3 * NORMAL_MINIMUM;
    const { engine } = watchedEngine();
    const events = history(n);
    for (let i = 0; i < events.length; i += 500) await engine.ingest(events.slice(i, i + 500));
    const [component] = componentsOf(engine, 't');
    await engine.ingest(message(n, at(n - 100) - 1));
    // Earlier than the checkpoint (and than the minimum): from the first envelope again.
    await engine.ingest(message(n + 1, at(10) - 1));
    expect(component!.lastRefoldFrom).toBe(0);
    // Later again, but the checkpoint went with the insert before it, and the new one sits at index 10
    // — below the minimum, so none was taken.
    await engine.ingest(message(n + 2, at(n - 20) - 1));
    expect(component!.lastRefoldFrom).toBe(0);
    const full = await engineWith([[...events, message(n, at(n - 100) - 1), message(n + 1, at(10) - 1), message(n + 2, at(n - 20) - 1)]]);
    expect(stateOf(engine)).toEqual(stateOf(full));
  });
});
