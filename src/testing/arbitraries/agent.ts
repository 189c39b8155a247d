import fc from 'fast-check';
import type { Agent } from '../../agents/types.js';
import { AGENT_STATUSES, CHANNELS, type AgentStatus, type Channel } from '../../events/primitives.js';
import { DAY, DEFAULT_FROM, DEFAULT_TO, compact, deepFreeze, maybe } from './common.js';

/**
 * Options of `arbAgent`.
 *
 * @example
 * ```ts
 * import type { AgentArbitraryOptions } from 'omnithread/testing';
 * const options: AgentArbitraryOptions = { channels: ['chat', 'call'], skills: ['billing'] };
 * ```
 */
export interface AgentArbitraryOptions {
  readonly tenantId?: string;
  /** A fixed id; default `agent-<n>`. */
  readonly id?: string;
  /** Channels the agent may have capacity on. Default all. */
  readonly channels?: readonly Channel[];
  readonly statuses?: readonly AgentStatus[];
  /** Skill names to draw from. */
  readonly skills?: readonly string[];
  readonly languages?: readonly string[];
  readonly teams?: readonly string[];
  readonly from?: number;
  readonly to?: number;
}

/**
 * Agents with a status, skills (level 1–10), languages, teams, per-channel capacity (0–10) and a
 * load that never exceeds it; sometimes an `exclusive` rule (on a call, no chats). Deeply frozen.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbAgent } from 'omnithread/testing';
 * fc.assert(fc.property(fc.array(arbAgent(), { maxLength: 20 }), (agents) => agents.every((a) => a.skills.length <= 4)));
 * ```
 */
export function arbAgent(options: AgentArbitraryOptions = {}): fc.Arbitrary<Agent> {
  const channels = options.channels ?? CHANNELS;
  const from = options.from ?? DEFAULT_FROM;
  const to = Math.max(from, options.to ?? DEFAULT_TO);
  const skillNames = options.skills ?? ['billing', 'technical', 'sales', 'returns'];
  const pick = (items: readonly string[], max: number) =>
    items.length === 0 ? fc.constant<string[]>([]) : fc.uniqueArray(fc.constantFrom(...items), { maxLength: max });
  return fc
    .record({
      n: fc.integer({ min: 1, max: 1000 }),
      status: fc.constantFrom(...(options.statuses ?? AGENT_STATUSES)),
      statusSince: fc.integer({ min: from, max: to }),
      skills: pick(skillNames, 4).chain((names) =>
        fc.tuple(...names.map((name) => fc.integer({ min: 1, max: 10 }).map((level) => ({ name, level })))),
      ),
      languages: pick(options.languages ?? ['en', 'de', 'fr', 'es'], 3),
      teams: pick(options.teams ?? ['support', 'billing', 'tech'], 2),
      region: maybe(fc.constantFrom('eu', 'us', 'apac')),
      capacity: fc.array(fc.tuple(fc.constantFrom(...channels), fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 1, noNaN: true }))),
      exclusiveCalls: fc.boolean(),
      senior: fc.boolean(),
      assignedBefore: maybe(fc.integer({ min: 0, max: 2 * DAY })),
      name: maybe(fc.constantFrom('Sam', 'Kim', 'Noor', 'Luca')),
    })
    .map((a) => {
      const capacity: Partial<Record<Channel, number>> = {};
      const load: Partial<Record<Channel, number>> = {};
      for (const [channel, cap, used] of a.capacity) {
        capacity[channel] = cap;
        load[channel] = Math.floor(cap * used);
      }
      const exclusive = a.exclusiveCalls && capacity.call !== undefined ? { call: channels.filter((c) => c !== 'call') } : undefined;
      return deepFreeze(
        compact({
          id: options.id ?? `agent-${a.n}`,
          tenantId: options.tenantId ?? 'tenant-1',
          name: a.name,
          status: a.status,
          statusSince: a.statusSince,
          skills: a.skills,
          languages: a.languages,
          region: a.region,
          teams: a.teams,
          capacity,
          exclusive,
          senior: a.senior,
          lastAssignedAt: a.assignedBefore === undefined ? undefined : a.statusSince - a.assignedBefore,
          load,
        } satisfies Record<keyof Agent, unknown>) as Agent,
      );
    });
}
