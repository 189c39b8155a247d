import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { arbAdversarialHistory } from '../../src/testing/adversarial/index.js';
import { arbEventHistory } from '../../src/testing/histories.js';
import { propertyParameters } from '../helpers/runs.js';
import { stateOf } from '../helpers/state.js';

describe('snapshots of the folded state', () => {
  it('a snapshot does not change when the engine that took it goes on, nor when an engine resumed from it does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(arbEventHistory({ tenants: 2 }), arbAdversarialHistory()), fc.nat(), async (events, cutAt) => {
        const cut = events.length === 0 ? 0 : cutAt % (events.length + 1);
        const live = createEngine();
        await live.ingest(events.slice(0, cut));
        const snapshot = live.snapshot();
        const taken = JSON.stringify(snapshot);
        await live.ingest(events.slice(cut));
        expect(JSON.stringify(snapshot)).toBe(taken);
        const resumed = createEngine({ store: live.store, snapshot });
        await resumed.ready();
        expect(stateOf(resumed)).toEqual(stateOf(live));
        expect(JSON.stringify(snapshot)).toBe(taken);
      }),
      propertyParameters(1000),
    );
  });
});
