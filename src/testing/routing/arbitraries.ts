import fc from 'fast-check';
import { makeThread } from '../../threading/make-thread.js';
import type { Agent } from '../../agents/types.js';
import { CHANNELS, type Channel } from '../../events/primitives.js';
import type { Customer } from '../../identity/types.js';
import type { Thread } from '../../threading/types.js';
import type { RoutingContext, SkillRequirement } from '../../policies/routing/types.js';

/** Small vocabularies, so generated agents and threads actually meet. */
export const ROUTING_VOCABULARY = {
  skills: ['billing', 'tech', 'sales', 'refunds'],
  languages: ['en', 'ko', 'de', 'es'],
  regions: ['eu', 'us', 'apac'],
  teams: ['general', 'senior', 'sales', 'campaign-spring'],
  tags: ['refund', 'outage', 'billing', 'campaign:spring', 'urgent'],
  campaigns: ['spring', 'recall'],
  tiers: ['gold', 'silver', 'basic'],
} as const;

/** Epoch ms the generated scenarios happen around (2025-01-01T00:00:00Z). */
export const ROUTING_EPOCH = 1_735_689_600_000;

const V = ROUTING_VOCABULARY;
const channelArb: fc.Arbitrary<Channel> = fc.constantFrom(...CHANNELS);
/** A partial per-channel record; each channel present with probability 1 - 1/freq. */
const perChannel = (value: fc.Arbitrary<number>, freq: number): fc.Arbitrary<Partial<Record<Channel, number>>> =>
  fc
    .tuple(...CHANNELS.map(() => fc.option(value, { freq, nil: undefined })))
    .map((values) => Object.fromEntries(CHANNELS.flatMap((c, i) => (values[i] === undefined ? [] : [[c, values[i]]]))));

/**
 * An agent: mostly online, with random skills (levels 1–10), languages, region, teams, per-channel
 * capacity and load (load sometimes at or over capacity), and sometimes exclusive rules.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbRoutingAgent } from 'omnithread/testing';
 * fc.assert(fc.property(arbRoutingAgent(), (agent) => agent.skills.every((s) => s.level >= 1)));
 * ```
 */
export function arbRoutingAgent(id: fc.Arbitrary<string> = fc.constantFrom('a-0', 'a-1', 'a-2')): fc.Arbitrary<Agent> {
  return fc.record(
    {
      id,
      tenantId: fc.constant('t-1'),
      status: fc.constantFrom('online', 'online', 'online', 'away', 'offline'),
      statusSince: fc.constant(ROUTING_EPOCH - 3_600_000),
      skills: fc
        .subarray([...V.skills])
        .chain((names) => fc.tuple(...names.map((name) => fc.record({ name: fc.constant(name), level: fc.integer({ min: 1, max: 10 }) })))),
      languages: fc.subarray([...V.languages]),
      region: fc.constantFrom(...V.regions),
      teams: fc.subarray([...V.teams]),
      capacity: perChannel(fc.integer({ min: 0, max: 4 }), 4),
      exclusive: fc.constant({ call: ['chat', 'email'] as Channel[] }),
      senior: fc.boolean(),
      lastAssignedAt: fc.integer({ min: ROUTING_EPOCH - 7_200_000, max: ROUTING_EPOCH }),
      load: perChannel(fc.integer({ min: 0, max: 3 }), 2),
    },
    { requiredKeys: ['id', 'tenantId', 'status', 'statusSince', 'skills', 'languages', 'teams', 'capacity', 'senior', 'load'] },
  ) as fc.Arbitrary<Agent>;
}

/**
 * Agents with distinct ids `a-0`, `a-1`, … .
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbRoutingAgents } from 'omnithread/testing';
 * fc.assert(fc.property(arbRoutingAgents({ maxLength: 20 }), (agents) => new Set(agents.map((a) => a.id)).size === agents.length));
 * ```
 */
export function arbRoutingAgents(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<Agent[]> {
  return fc
    .array(arbRoutingAgent(), { minLength: constraints.minLength ?? 0, maxLength: constraints.maxLength ?? 10 })
    .map((list) => list.map((a, i) => ({ ...a, id: `a-${i}` })));
}

/**
 * A customer with random tier, VIP flag, language and region.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbRoutingCustomer } from 'omnithread/testing';
 * fc.assert(fc.property(arbRoutingCustomer('c-1'), (c) => c.id === 'c-1'));
 * ```
 */
export function arbRoutingCustomer(id = 'c-1'): fc.Arbitrary<Customer> {
  return fc
    .record(
      {
        tier: fc.constantFrom(...V.tiers),
        vip: fc.boolean(),
        language: fc.constantFrom(...V.languages, 'ko-KR'),
        region: fc.constantFrom(...V.regions),
      },
      { requiredKeys: [] },
    )
    .map((attributes) => ({
      id,
      tenantId: 't-1',
      identities: [],
      mergedFrom: [],
      threadIds: [],
      attributes: { ...attributes, extra: {} },
      createdAt: ROUTING_EPOCH - 86_400_000,
      lastContactAt: ROUTING_EPOCH,
    }));
}

/**
 * An open thread waiting for an agent: random channel, tags, campaign, language. With `bots`, some
 * are handled by a bot (with or without a handover request).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbRoutableThread } from 'omnithread/testing';
 * fc.assert(fc.property(arbRoutableThread({ channel: 'chat' }), (t) => t.channel === 'chat'));
 * ```
 */
export function arbRoutableThread(
  options: { id?: string; customerId?: string; channel?: Channel; bots?: boolean } = {},
): fc.Arbitrary<Thread> {
  const handled = options.bots
    ? fc.constantFrom<[Thread['handledBy'], boolean]>(['human', false], ['human', false], ['bot', false], ['bot', true])
    : fc.constant<[Thread['handledBy'], boolean]>(['human', false]);
  return fc
    .record(
      {
        channel: options.channel ? fc.constant(options.channel) : channelArb,
        tags: fc.subarray([...V.tags]),
        campaign: fc.constantFrom(...V.campaigns),
        language: fc.constantFrom(...V.languages, 'ko-KR'),
        handled,
        age: fc.integer({ min: 0, max: 3_600_000 }),
      },
      { requiredKeys: ['channel', 'tags', 'handled', 'age'] },
    )
    .map(({ channel, tags, campaign, language, handled: [handledBy, handover], age }): Thread => {
      const createdAt = ROUTING_EPOCH - age;
      return makeThread({
        id: options.id ?? 'th-1',
        tenantId: 't-1',
        customerId: options.customerId ?? 'c-1',
        ref: 'R1',
        channel,
        channels: [channel],
        createdAt,
        firstInboundAt: createdAt,
        lastInboundAt: createdAt,
        awaitingReplySince: createdAt,
        tags,
        ...(campaign === undefined ? {} : { campaign }),
        ...(language === undefined ? {} : { language }),
        visibility: 'public',
        handledBy,
        ...(handover ? { handoverRequestedAt: createdAt } : {}),
      });
    });
}

const skillRequirements: fc.Arbitrary<SkillRequirement[]> = fc
  .subarray([...V.skills], { maxLength: 2 })
  .chain((names) => fc.tuple(...names.map((name) => fc.record({ name: fc.constant(name), level: fc.integer({ min: 1, max: 6 }) }))));

/**
 * A routing context around `ROUTING_EPOCH`: sometimes a customer, a previous agent (one of
 * `agentIds` or an unknown one), required skills, a waiting start and a workflow position.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { ROUTING_EPOCH, arbRoutingContext } from 'omnithread/testing';
 * fc.assert(fc.property(arbRoutingContext(['a-0']), (ctx) => ctx.now >= ROUTING_EPOCH));
 * ```
 */
export function arbRoutingContext(agentIds: readonly string[], customerId = 'c-1'): fc.Arbitrary<RoutingContext> {
  return fc
    .record(
      {
        offset: fc.integer({ min: 0, max: 600_000 }),
        customer: arbRoutingCustomer(customerId),
        history: fc.record({
          lastAgentId: fc.constantFrom(...agentIds, 'a-gone'),
          ago: fc.integer({ min: 0, max: 2 * 86_400_000 }),
        }),
        requiredSkills: skillRequirements,
        waitedMs: fc.integer({ min: 0, max: 900_000 }),
        escalation: fc.record({ targetIndex: fc.integer({ min: 0, max: 4 }), ago: fc.integer({ min: 0, max: 900_000 }) }),
      },
      { requiredKeys: ['offset'] },
    )
    .map(({ offset, customer, history, requiredSkills, waitedMs, escalation }): RoutingContext => {
      const now = ROUTING_EPOCH + offset;
      return {
        now,
        ...(customer ? { customer } : {}),
        ...(history ? { history: { lastAgentId: history.lastAgentId, lastHandledAt: now - history.ago } } : {}),
        ...(requiredSkills ? { requiredSkills } : {}),
        ...(waitedMs !== undefined ? { waitingSinceMs: now - waitedMs } : {}),
        ...(escalation ? { escalation: { targetIndex: escalation.targetIndex, enteredAt: now - escalation.ago } } : {}),
      };
    });
}

/**
 * One routing decision to make: agents, a thread (bots included) and a context.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { type RoutingScenario, arbRoutingScenario } from 'omnithread/testing';
 * const [{ agents, thread, ctx }] = fc.sample(arbRoutingScenario(), 1) as [RoutingScenario];
 * ```
 */
export interface RoutingScenario {
  readonly agents: readonly Agent[];
  readonly thread: Thread;
  readonly ctx: RoutingContext;
}

/**
 * A whole decision to check a policy against.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { createAgentPool } from 'omnithread';
 * import { arbRoutingScenario } from 'omnithread/testing';
 * import type { RoutingPolicy } from 'omnithread';
 * declare const myPolicy: RoutingPolicy; // the policy under test
 * fc.assert(fc.property(arbRoutingScenario(), ({ agents, thread, ctx }) => {
 *   const d = myPolicy.route(thread, createAgentPool(agents), ctx);
 *   return d.reasons.length > 0;
 * }));
 * ```
 */
export function arbRoutingScenario(constraints: { maxAgents?: number } = {}): fc.Arbitrary<RoutingScenario> {
  return arbRoutingAgents({ maxLength: constraints.maxAgents ?? 10 }).chain((agents) =>
    fc.record({
      agents: fc.constant(agents),
      thread: arbRoutableThread({ bots: true }),
      ctx: arbRoutingContext(agents.map((a) => a.id)),
    }),
  );
}
