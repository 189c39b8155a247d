import { agentAction, agentProfile, identityEvent } from './agent-actions.js';
import { type WorkloadContext, type WorkloadEvent, createContext } from './context.js';
import { customerCall, customerChat, customerEmail, customerSms, customerSocial, customerWhatsapp } from './customer-messages.js';
import { DeliveryQueue } from './delivery.js';
import { CATEGORY_ORDER, WORKLOAD_MIX, type WorkloadCategory } from './mix.js';
import { type ResolvedWorkloadOptions, type WorkloadOptions, resolveWorkloadOptions } from './options.js';
import { deriveSeed, mulberry32 } from './prng.js';

type Builder = (ctx: WorkloadContext, i: number, t: number) => WorkloadEvent;

const BUILDERS: Record<WorkloadCategory, Builder> = {
  email: customerEmail,
  sms: customerSms,
  whatsapp: customerWhatsapp,
  chat: customerChat,
  call: customerCall,
  social: customerSocial,
  identity: identityEvent,
  agent: agentAction,
};

/** A redelivery arrives up to this long after the original delivery. */
const DUPLICATE_DELAY_MAX_MS = 10 * 60_000;

/**
 * Cumulative thresholds for drawing a category. The agent profiles emitted up front count toward
 * the agent share, so the remaining events draw agent actions less often to keep the mix on target.
 */
function thresholds(o: ResolvedWorkloadOptions, profiles: number): { cuts: Float64Array; builders: Builder[] } {
  const rest = Math.max(1, o.events - profiles);
  const agent = Math.max(0, (WORKLOAD_MIX.agent * o.events - profiles) / rest);
  const scale = (1 - agent) / (1 - WORKLOAD_MIX.agent);
  const cuts = new Float64Array(CATEGORY_ORDER.length);
  let sum = 0;
  CATEGORY_ORDER.forEach((k, n) => {
    sum += k === 'agent' ? agent : WORKLOAD_MIX[k] * scale;
    cuts[n] = sum;
  });
  cuts[cuts.length - 1] = 1;
  return { cuts, builders: CATEGORY_ORDER.map((k) => BUILDERS[k]) };
}

/**
 * Lazily generates a seeded synthetic omnichannel workload: raw canonical events (schemaVersion 2,
 * epoch-ms `occurredAt`) that pass `parseEvent`. Memory stays modest for any length: only
 * per-customer conversation state and the few held-back events are kept.
 *
 * Events come in `occurredAt` order, except that `lateFraction` of them arrive after events that
 * happened up to `lateMaxMs` later, and `duplicateFraction` of them arrive a second time (an exact
 * copy) up to ten minutes after the first delivery. Content and delivery draw from separate seeded
 * streams, so changing only the late/duplicate options yields the same set of events in another order.
 *
 * @example
 * ```ts
 * import { workloadEvents } from 'omnithread/testing';
 * for (const event of workloadEvents({ seed: 42, events: 1_000_000 })) {
 *   await engine.ingest(event);
 * }
 * ```
 */
export function* workloadEvents(options: WorkloadOptions): Generator<WorkloadEvent, void, undefined> {
  const o = resolveWorkloadOptions(options);
  const ctx = createContext(o);
  const { rnd } = ctx;
  const delivery = mulberry32(deriveSeed(o.seed, 3));
  const held = new DeliveryQueue();
  const profiles = Math.min(o.events, o.agents * o.tenants);
  const { cuts, builders } = thresholds(o, profiles);
  const { startAt, spanMs, events: n, lateFraction, lateMaxMs, duplicateFraction } = o;
  let onTime = 0;
  for (let i = 0; i < n; i++) {
    const t = startAt + Math.floor(((i + rnd()) * spanMs) / n);
    let event: WorkloadEvent;
    if (i < profiles) {
      event = agentProfile(ctx, i, t, Math.floor(i / o.agents), 1 + (i % o.agents));
    } else {
      const u = rnd();
      let k = 0;
      while (u >= (cuts[k] ?? 1)) k++;
      event = (builders[k] as Builder)(ctx, i, t);
    }
    for (let r = held.releaseDue(t, onTime); r !== undefined; r = held.releaseDue(t, onTime)) yield r;
    // Always two draws per event, so each decision stream stays aligned whatever the fractions are.
    const late = delivery() < lateFraction;
    const dup = delivery() < duplicateFraction;
    let deliveredAt = t;
    if (late) {
      deliveredAt = t + 1 + Math.floor(delivery() * lateMaxMs);
      held.hold(event, deliveredAt, onTime);
    } else {
      onTime++;
      yield event;
    }
    if (dup) held.hold(structuredClone(event), deliveredAt + 1 + Math.floor(delivery() * DUPLICATE_DELAY_MAX_MS), -1);
  }
  for (let r = held.pop(); r !== undefined; r = held.pop()) yield r;
}

/**
 * The whole workload as an array (see {@link workloadEvents} for the shape and options). A million
 * events take a few hundred MB of heap; iterate {@link workloadEvents} to stream instead.
 *
 * @example
 * ```ts
 * import { generateWorkload } from 'omnithread/testing';
 * const events = generateWorkload({ seed: 7, events: 50_000, lateFraction: 0.05, duplicateFraction: 0.01 });
 * const result = await engine.ingest(events);
 * ```
 */
export function generateWorkload(options: WorkloadOptions): WorkloadEvent[] {
  const out: WorkloadEvent[] = [];
  for (const event of workloadEvents(options)) out.push(event);
  return out;
}
