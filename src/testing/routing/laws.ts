import fc from 'fast-check';
import type { Agent } from '../../agents/types.js';
import type { Channel } from '../../events/primitives.js';
import type { Thread } from '../../threading/types.js';
import {
  arbRoutableThread,
  arbRoutingAgent,
  arbRoutingAgents,
  arbRoutingContext,
  ROUTING_EPOCH,
} from './arbitraries.js';
import { ineligibility } from '../../policies/routing/eligibility.js';
import { deepEqual, deepFreeze, formatAgent, formatDecision, formatScenario } from './laws-format.js';
import { createAgentPool } from '../../policies/routing/pool.js';
import type { AgentPool, RoutingContext, RoutingDecision, RoutingPolicy } from '../../policies/routing/types.js';

/** The laws every routing policy must keep (`fairness` only for policies declaring `fair: true`). */
export type RoutingLaw = 'eligibility' | 'determinism' | 'conservation' | 'fairness';
const ALL_LAWS: readonly RoutingLaw[] = ['eligibility', 'determinism', 'conservation', 'fairness'];

/**
 * Options of `checkRoutingPolicy`.
 *
 * @example
 * ```ts
 * import { checkRoutingPolicy } from 'omnithread/testing';
 * import { defaultRoutingPolicy } from 'omnithread';
 * checkRoutingPolicy(defaultRoutingPolicy(), { numRuns: 50, seed: 42, laws: ['eligibility', 'determinism'] });
 * ```
 */
export interface RoutingLawOptions {
  /** Runs per law (default 100). */
  readonly numRuns?: number;
  /** Seed for reproducible runs. */
  readonly seed?: number;
  readonly laws?: readonly RoutingLaw[];
  /** Most agents in a generated pool (default 10). */
  readonly maxAgents?: number;
  /** Most threads in a generated batch (default 25). */
  readonly maxThreads?: number;
  /** Your own generators, when the policy needs your teams, skills or tags to do anything. */
  readonly arbitraries?: {
    readonly agents?: fc.Arbitrary<Agent[]>;
    readonly thread?: fc.Arbitrary<Thread>;
    readonly context?: (agentIds: readonly string[]) => fc.Arbitrary<RoutingContext>;
  };
}

/**
 * One broken law, with a readable, shrunk counterexample and how to replay it.
 *
 * @example
 * ```ts
 * import { defaultRoutingPolicy } from 'omnithread';
 * import { checkRoutingPolicy } from 'omnithread/testing';
 * const report = checkRoutingPolicy(defaultRoutingPolicy());
 * for (const f of report.failures) console.error(f.law, f.message);
 * ```
 */
export interface RoutingLawFailure {
  readonly law: RoutingLaw;
  /** What went wrong, with the (shrunk) scenario spelled out. */
  readonly message: string;
  readonly seed: number;
  readonly path: string | null;
  readonly counterexample: unknown;
}

/**
 * What `checkRoutingPolicy` found.
 *
 * @example
 * ```ts
 * import { checkRoutingPolicy } from 'omnithread/testing';
 * import { defaultRoutingPolicy } from 'omnithread';
 * const { ok, checked, failures } = checkRoutingPolicy(defaultRoutingPolicy());
 * ```
 */
export interface RoutingLawReport {
  readonly policy: string;
  readonly ok: boolean;
  readonly checked: readonly RoutingLaw[];
  readonly failures: readonly RoutingLawFailure[];
}

class LawViolation extends Error {}

function decisionProblems(d: RoutingDecision, now: number): string[] {
  const p: string[] = [];
  if (typeof d !== 'object' || d === null) return ['the decision is not an object'];
  if (!['assign', 'queue', 'wait'].includes(d.kind)) p.push(`unknown decision kind ${JSON.stringify(d.kind)}`);
  if (!Array.isArray(d.reasons) || d.reasons.length === 0) p.push('a decision must carry at least one reason');
  else if (d.reasons.some((r) => typeof r?.code !== 'string' || typeof r.message !== 'string' || typeof r.policy !== 'string'))
    p.push('every reason needs string policy, code and message');
  if (d.kind === 'assign' && typeof d.agentId !== 'string') p.push('assign without an agentId');
  if (d.kind === 'wait' && d.until !== undefined && !(Number.isFinite(d.until) && d.until > now))
    p.push(`wait.until ${d.until} is not after now ${now} (the engine would spin)`);
  return p;
}

function route(policy: RoutingPolicy, thread: Thread, pool: AgentPool, ctx: RoutingContext, scene: () => string): RoutingDecision {
  let d: RoutingDecision;
  try {
    d = policy.route(thread, pool, ctx);
  } catch (e) {
    throw new LawViolation(`the policy threw: ${e instanceof Error ? e.message : String(e)}\n${scene()}`);
  }
  const problems = decisionProblems(d, ctx.now);
  if (problems.length) throw new LawViolation(`malformed decision: ${problems.join('; ')}\n${scene()}\n  decision: ${JSON.stringify(d)}`);
  return d;
}

/** The agent a decision names must exist and be eligible (base eligibility: ctx.requiredSkills). */
function checkAssignee(d: RoutingDecision, agents: ReadonlyMap<string, Agent>, thread: Thread, ctx: RoutingContext, scene: () => string): Agent | undefined {
  if (d.kind !== 'assign') return undefined;
  const agent = agents.get(d.agentId);
  if (agent === undefined) throw new LawViolation(`assigned ${thread.id} to ${d.agentId}, who is not in the pool\n${scene()}`);
  const why = ineligibility(agent, thread, { skills: ctx.requiredSkills ?? [] });
  if (why.length) throw new LawViolation(`assigned ${thread.id} to ${d.agentId}, who may not take it: ${why.join('; ')}\n${scene()}`);
  return agent;
}

function withAssignment(agent: Agent, channel: Channel, now: number, delta: number): Agent {
  const load = { ...agent.load, [channel]: Math.max(0, (agent.load[channel] ?? 0) + delta) };
  return delta > 0 ? { ...agent, load, lastAssignedAt: now } : { ...agent, load };
}

function eligibilityLaw(policy: RoutingPolicy, o: RoutingLawOptions): fc.IPropertyWithHooks<[Scenario]> {
  return fc.property(scenarioArb(o), ({ agents, thread, ctx }) => {
    const d0: { d?: RoutingDecision } = {};
    const scene = (): string => formatScenario(agents, thread, ctx, d0.d);
    d0.d = route(policy, thread, createAgentPool(agents), ctx, scene);
    checkAssignee(d0.d, new Map(agents.map((a) => [a.id, a])), thread, ctx, scene);
  });
}

function determinismLaw(policy: RoutingPolicy, o: RoutingLawOptions): fc.IPropertyWithHooks<[Scenario]> {
  return fc.property(scenarioArb(o), ({ agents, thread, ctx }) => {
    const scene = (): string => formatScenario(agents, thread, ctx);
    const pool = createAgentPool(agents);
    const first = route(policy, thread, pool, ctx, scene);
    const again = route(policy, thread, pool, ctx, scene);
    const reordered = route(policy, thread, createAgentPool([...agents].reverse()), ctx, scene);
    for (const [label, other] of [['the same call again', again], ['the agents in reverse order', reordered]] as const) {
      if (!deepEqual(first, other)) {
        throw new LawViolation(
          `not deterministic: ${label} gave a different decision\n${scene()}\n  first:    ${formatDecision(first)}\n  then:     ${formatDecision(other)}`,
        );
      }
    }
  });
}

interface Scenario {
  agents: readonly Agent[];
  thread: Thread;
  ctx: RoutingContext;
}

function scenarioArb(o: RoutingLawOptions): fc.Arbitrary<Scenario> {
  const agentsArb = o.arbitraries?.agents ?? arbRoutingAgents({ maxLength: o.maxAgents ?? 10 });
  return agentsArb.chain((agents) =>
    fc
      .record({
        agents: fc.constant(agents),
        thread: o.arbitraries?.thread ?? arbRoutableThread({ bots: true }),
        ctx: (o.arbitraries?.context ?? arbRoutingContext)(agents.map((a) => a.id)),
      })
      .map((s) => deepFreeze(s)),
  );
}

function conservationLaw(policy: RoutingPolicy, o: RoutingLawOptions) {
  const agentsArb = o.arbitraries?.agents ?? arbRoutingAgents({ maxLength: o.maxAgents ?? 10 });
  const batch = agentsArb.chain((agents) =>
    fc.record({
      agents: fc.constant(agents),
      work: fc.array(
        fc.tuple(o.arbitraries?.thread ?? arbRoutableThread(), (o.arbitraries?.context ?? arbRoutingContext)(agents.map((a) => a.id))),
        { minLength: 1, maxLength: o.maxThreads ?? 25 },
      ),
    }),
  );
  return fc.property(batch, ({ agents, work }) => {
    const threads = work.map(([t], i) => deepFreeze({ ...t, id: `th-${i}` }));
    const live = new Map(agents.map((a) => [a.id, a]));
    const pool = createAgentPool(agents);
    const assigned = new Map<string, string>();
    const queued = new Set<string>();
    let now = ROUTING_EPOCH + 600_000;
    const step = (thread: Thread, base: RoutingContext): void => {
      now += 1000;
      const ctx = deepFreeze({ ...base, now });
      const current = [...live.values()];
      const scene = (): string => `${formatScenario(current, thread, ctx)}\n  earlier:  ${[...assigned].map(([t, a]) => `${t}→${a}`).join(' ') || 'none'}`;
      const d = route(policy, thread, pool, ctx, scene);
      const agent = checkAssignee(d, live, thread, ctx, scene);
      if (agent === undefined) return void queued.add(thread.id);
      if (assigned.has(thread.id)) throw new LawViolation(`${thread.id} assigned twice (${assigned.get(thread.id)}, ${agent.id})\n${scene()}`);
      queued.delete(thread.id);
      assigned.set(thread.id, agent.id);
      const next = withAssignment(agent, thread.channel, now, +1);
      live.set(agent.id, next);
      pool.update(next);
    };
    threads.forEach((t, i) => step(t, work[i]![1]));
    // Capacity frees up (every assigned thread resolved), then the queue is drained again.
    const byId = new Map(threads.map((t, i) => [t.id, i]));
    for (const [threadId, agentId] of assigned) {
      const freed = withAssignment(live.get(agentId)!, threads[byId.get(threadId)!]!.channel, now, -1);
      live.set(agentId, freed);
      pool.update(freed);
    }
    for (const id of [...queued]) step(threads[byId.get(id)!]!, work[byId.get(id)!]![1]);

    const lost = threads.filter((t) => !assigned.has(t.id) && !queued.has(t.id)).map((t) => t.id);
    const doubled = threads.filter((t) => assigned.has(t.id) && queued.has(t.id)).map((t) => t.id);
    if (lost.length || doubled.length || assigned.size + queued.size !== threads.length) {
      throw new LawViolation(`threads lost [${lost.join(', ')}] or doubled [${doubled.join(', ')}] over a batch of ${threads.length}`);
    }
  });
}

function fairnessLaw(policy: RoutingPolicy, o: RoutingLawOptions) {
  const setup = fc.record({
    template: arbRoutingAgent(),
    channel: fc.constantFrom<Channel>('chat', 'email', 'sms', 'whatsapp', 'social'),
    copies: fc.integer({ min: 2, max: 6 }),
    threads: fc.array(o.arbitraries?.thread ?? arbRoutableThread(), { minLength: 1, maxLength: o.maxThreads ?? 25 }),
  });
  return fc.property(setup, ({ template, channel, copies, threads }) => {
    const base: Agent = { ...template, status: 'online', capacity: { ...template.capacity, [channel]: Math.max(1, template.capacity[channel] ?? 0) } };
    const agents = Array.from({ length: copies }, (_, i) => ({ ...base, id: `a-${i}` }));
    const pool = createAgentPool(agents);
    const counts = new Map(agents.map((a) => [a.id, 0]));
    const live = new Map(agents.map((a) => [a.id, a]));
    const sequence: string[] = [];
    threads.forEach((t, i) => {
      const thread = deepFreeze({ ...t, id: `th-${i}`, channel });
      const ctx: RoutingContext = { now: ROUTING_EPOCH + (i + 1) * 1000 };
      const d = route(policy, thread, pool, ctx, () => formatScenario([...live.values()], thread, ctx));
      if (d.kind !== 'assign') return void sequence.push(`${thread.id}→${d.kind}`);
      const agent = live.get(d.agentId);
      if (agent === undefined) throw new LawViolation(`assigned to ${d.agentId}, who is not in the pool`);
      sequence.push(`${thread.id}→${agent.id}`);
      counts.set(agent.id, counts.get(agent.id)! + 1);
      const next = withAssignment(agent, channel, ctx.now, +1);
      live.set(agent.id, next);
      pool.update(next);
    });
    const values = [...counts.values()];
    if (Math.max(...values) - Math.min(...values) > 1) {
      const tally = [...counts].map(([id, n]) => `${id}: ${n}`).join(', ');
      throw new LawViolation(
        `unfair: ${copies} identical agents got ${tally} over ${threads.length} ${channel} threads (may differ by at most 1)\n` +
          `  agents (all alike): ${formatAgent(agents[0]!)}\n  sequence: ${sequence.join(' ')}`,
      );
    }
  });
}

const LAW_PROPERTIES = { eligibility: eligibilityLaw, determinism: determinismLaw, conservation: conservationLaw, fairness: fairnessLaw };

/**
 * Checks a routing policy against the routing laws with fast-check and reports readable
 * counterexamples: never an ineligible agent (or a bot's thread to a human); deterministic (same
 * inputs, any agent order, same decision; inputs are frozen); conservation (a batch routed with load
 * updates, then re-drained after capacity frees up: every thread assigned or queued exactly once, no
 * agent over capacity); fairness among identical agents, for policies declaring `fair: true`.
 *
 * @example
 * ```ts
 * import { checkRoutingPolicy } from 'omnithread/testing';
 * import type { RoutingPolicy } from 'omnithread';
 * declare const myPolicy: RoutingPolicy; // the policy under test
 * const report = checkRoutingPolicy(myPolicy, { numRuns: 200 });
 * if (!report.ok) console.error(report.failures.map((f) => f.message).join('\n\n'));
 * ```
 */
export function checkRoutingPolicy(policy: RoutingPolicy, options: RoutingLawOptions = {}): RoutingLawReport {
  const checked = (options.laws ?? ALL_LAWS).filter((law) => law !== 'fairness' || policy.fair === true);
  const failures: RoutingLawFailure[] = [];
  for (const law of checked) {
    const property = LAW_PROPERTIES[law](policy, options) as fc.IProperty<unknown[]>;
    const details = fc.check(property, { numRuns: options.numRuns ?? 100, ...(options.seed === undefined ? {} : { seed: options.seed }) });
    if (!details.failed) continue;
    const err = details.errorInstance;
    const what = err instanceof LawViolation ? err.message : `unexpected error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
    failures.push({
      law,
      message: `routing law '${law}' broken by policy '${policy.name}': ${what}\n  (replay: seed ${details.seed}, path ${JSON.stringify(details.counterexamplePath)})`,
      seed: details.seed,
      path: details.counterexamplePath,
      counterexample: details.counterexample,
    });
  }
  return { policy: policy.name, ok: failures.length === 0, checked, failures };
}

/**
 * `checkRoutingPolicy` that throws (for vitest/jest): the error message holds every counterexample.
 *
 * @example
 * ```ts
 * import { it } from 'vitest';
 * import { assertRoutingPolicy } from 'omnithread/testing';
 * import type { RoutingPolicy } from 'omnithread';
 * declare const myPolicy: RoutingPolicy; // the policy under test
 * it('keeps the routing laws', () => assertRoutingPolicy(myPolicy));
 * ```
 */
export function assertRoutingPolicy(policy: RoutingPolicy, options?: RoutingLawOptions): void {
  const report = checkRoutingPolicy(policy, options);
  if (!report.ok) throw new Error(report.failures.map((f) => f.message).join('\n\n'));
}
