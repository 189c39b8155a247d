/**
 * Runs the demo day through a real engine: every five simulated minutes, the events of those minutes
 * (the script's and the agents') are ingested, then `advanceTo` moves the engine's time on, which
 * routes waiting work and fires service-level warnings and breaches.
 */
import { type Engine, createEngine } from '../../engine/engine.js';
import type { RejectedEvent } from '../../engine/emitted.js';
import type { RoutingRecord } from '../../engine/router.js';
import type { EventInput } from '../../events/schemas.js';
import type { SlaPolicy } from '../../policies/sla/policy.js';
import type { EventStore } from '../../store/types.js';
import { MINUTE } from './clock.js';
import { Desk } from './desk.js';
import { demoPriority, demoRouting, demoSla } from './policies.js';
import { type DemoScenario, generateScenario } from './scenario.js';

/** One service-level warning or breach the engine emitted. */
export interface SlaAlert {
  readonly kind: 'warning' | 'breach';
  readonly threadId: string;
  readonly metric: string;
  readonly at: number;
}

/** Two customer profiles found to be one person. */
export interface MergeRecord {
  readonly sourceId: string;
  readonly targetId: string;
}

/** A thread raised for a supervisor (negative sentiment). */
export interface FlagRecord {
  readonly threadId: string;
  readonly reason: string;
}

/** The engine at the end of the day, and what it said along the way. */
export interface DemoRun {
  readonly scenario: DemoScenario;
  readonly engine: Engine;
  /** The service-level policy the engine ran with (its calendar gives business-hours metrics). */
  readonly sla: SlaPolicy;
  /** Every event ingested: the script's (those still relevant) and the agents'. */
  readonly events: readonly EventInput[];
  readonly rejected: readonly RejectedEvent[];
  readonly routing: readonly RoutingRecord[];
  readonly alerts: readonly SlaAlert[];
  readonly merges: readonly MergeRecord[];
  readonly flags: readonly FlagRecord[];
}

export interface SimulateOptions {
  readonly seed: number;
  /** Where the events go; the engine owns it afterwards (`engine.close()` closes it). */
  readonly store: EventStore;
  /** Simulated time between ingests (default 5 minutes). */
  readonly stepMs?: number;
}

/** Has the thread holding message `messageId` had a reply since, or is one about to be sent in `batch`? */
function answered(engine: Engine, messageId: string, batch: readonly EventInput[]): boolean {
  const thread = engine.threads().find((t) => t.messages.some((m) => m.id === messageId));
  if (!thread) return false;
  const at = thread.messages.find((m) => m.id === messageId)!.occurredAt;
  return (
    thread.messages.some((m) => m.direction === 'outbound' && m.occurredAt > at) ||
    batch.some((e) => e.type === 'message.sent' && (e as { threadId?: string }).threadId === thread.id)
  );
}

/**
 * Simulates the day of `seed` into `store` and returns the engine, open, at the end of the day.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from 'omnithread';
 * const run = await simulateDay({ seed: 42, store: createMemoryStore() });
 * run.engine.customers().length; // about fifty
 * await run.engine.close();
 * ```
 */
export async function simulateDay(options: SimulateOptions): Promise<DemoRun> {
  const scenario = generateScenario(options.seed);
  const step = options.stepMs ?? 5 * MINUTE;
  const sla = demoSla();
  const engine = createEngine({
    store: options.store,
    tenants: { [scenario.tenantId]: { defaultRegion: 'KR' } },
    policies: { routing: demoRouting(), priority: demoPriority(), sla },
    flags: { sentimentBelow: -0.5 },
  });
  const routing: RoutingRecord[] = [];
  const alerts: SlaAlert[] = [];
  const merges: MergeRecord[] = [];
  const flags: FlagRecord[] = [];
  const events: EventInput[] = [];
  const rejected: RejectedEvent[] = [];
  engine.on('routing.decided', (r) => routing.push(r));
  engine.on('sla.warning', (e) => alerts.push({ kind: 'warning', threadId: e.threadId, metric: e.metric, at: e.at }));
  engine.on('sla.breached', (e) => alerts.push({ kind: 'breach', threadId: e.threadId, metric: e.metric, at: e.at }));
  engine.on('customer.merged', (e) => merges.push({ sourceId: e.sourceId, targetId: e.targetId }));
  engine.on('thread.flagged', (e) => flags.push({ threadId: e.thread.id, reason: e.reason }));
  try {
    await engine.ready();
    const desk = new Desk(scenario.seed, scenario.tenantId);
    let next = 0;
    for (let now = scenario.start; now <= scenario.end; now += step) {
      const batch = desk.due(now, engine);
      while (next < scenario.events.length && scenario.events[next]!.at <= now) {
        const s = scenario.events[next++]!;
        if (s.unlessAnswered === undefined || !answered(engine, s.unlessAnswered, batch)) batch.push(s.event);
      }
      batch.sort((a, b) => Date.parse(String(a.occurredAt)) - Date.parse(String(b.occurredAt)));
      if (batch.length > 0) {
        for (const e of batch) desk.note(e);
        const result = await engine.ingest(batch);
        rejected.push(...result.rejected);
        events.push(...batch);
      }
      await engine.advanceTo(now);
      desk.plan(engine, now, step);
    }
  } catch (error) {
    await engine.close();
    throw error;
  }
  return { scenario, engine, sla, events, rejected, routing, alerts, merges, flags };
}
