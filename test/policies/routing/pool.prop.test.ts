import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { CHANNELS } from '../../../src/events/primitives.js';
import { createAgentPool, isEligible, pickBest, strategyOrder } from '../../../src/policies/routing/index.js';
import { arbRoutingAgents, arbRoutableThread, ROUTING_VOCABULARY } from '../../../src/testing/routing/index.js';

const query = fc.record(
  {
    skills: fc.subarray([...ROUTING_VOCABULARY.skills], { maxLength: 2 }).map((names) => names.map((name, i) => ({ name, level: 1 + 3 * i }))),
    language: fc.constantFrom(...ROUTING_VOCABULARY.languages),
    team: fc.constantFrom(...ROUTING_VOCABULARY.teams),
  },
  { requiredKeys: ['skills'] },
);

describe('AgentPool (properties)', () => {
  test.prop([arbRoutingAgents({ maxLength: 25 }), arbRoutableThread(), query], { numRuns: 100 })(
    'candidates are exactly the agents a brute-force scan finds eligible',
    (agents, thread, q) => {
      const pool = createAgentPool(agents);
      const expected = agents
        .filter((a) => isEligible(a, thread, { skills: q.skills, ...(q.language ? { language: q.language } : {}) }))
        .filter((a) => q.team === undefined || a.teams.includes(q.team))
        .map((a) => a.id)
        .sort();
      const got = pool.candidates({ channel: thread.channel, ...q }).map((a) => a.id).sort();
      expect(got).toEqual(expected);
    },
  );

  test.prop([arbRoutingAgents({ maxLength: 25 }), fc.constantFrom(...CHANNELS), fc.constantFrom('roundRobin', 'balanced', 'highestSpareCapacity' as const)], {
    numRuns: 100,
  })('select picks what strategyOrder ranks first', (agents, channel, strategy) => {
    const pool = createAgentPool(agents);
    const best = pickBest(pool.candidates({ channel }), strategyOrder(strategy, channel));
    expect(pool.select({ channel, strategy })?.agent.id).toBe(best?.id);
  });

  test.prop([arbRoutingAgents({ maxLength: 15 }), fc.array(fc.tuple(fc.nat(14), fc.boolean())), fc.constantFrom(...CHANNELS)], { numRuns: 100 })(
    'incremental updates and removals index like a fresh pool',
    (agents, ops, channel) => {
      const pool = createAgentPool(agents);
      const live = new Map(agents.map((a) => [a.id, a]));
      for (const [i, drop] of ops) {
        const a = agents[i % Math.max(1, agents.length)];
        if (a === undefined) continue;
        if (drop) {
          pool.remove(a.id);
          live.delete(a.id);
        } else {
          const next = { ...a, status: a.status === 'online' ? ('away' as const) : ('online' as const), load: { ...a.load, [channel]: (a.load[channel] ?? 0) + 1 } };
          pool.update(next);
          live.set(a.id, next);
        }
      }
      const fresh = createAgentPool(live.values());
      for (const ch of CHANNELS) {
        expect(pool.availableCount(ch)).toBe(fresh.availableCount(ch));
        expect(pool.candidates({ channel: ch, skills: [{ name: 'billing' }] }).map((a) => a.id).sort()).toEqual(
          fresh.candidates({ channel: ch, skills: [{ name: 'billing' }] }).map((a) => a.id).sort(),
        );
      }
    },
  );
});
