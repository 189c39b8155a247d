/**
 * A routed day at a support desk, as steps a test plays into an engine: agents with per-channel
 * capacities come online, go away and offline; customers write on every channel with vendor message
 * ids; agents reply (answering their offers) or do not (the offers expire); threads get resolved;
 * time advances past offer timeouts. The events are input; what the router writes in reply is the
 * engine's own, and tests compare exactly that.
 */
import fc from 'fast-check';
import type { Channel, IdentityRef } from '../../events/primitives.js';
import type { EventInput } from '../../events/schemas.js';
import type { Engine } from '../../engine/engine.js';
import { threadIdFor } from '../../fold/ids.js';
import { arbVendorMessageId } from './ids.js';
import { personIdentity } from './people.js';

/** One step of a {@link RoutingDay}: events to ingest, or time to advance to. */
export type RoutingStep =
  | { readonly kind: 'ingest'; readonly at: number; readonly events: readonly EventInput[] }
  | { readonly kind: 'advance'; readonly at: number };

/** A day of routed traffic for one tenant. */
export interface RoutingDay {
  readonly tenantId: string;
  /** The offer timeout the day is meant to run with (`policies.routing.offerTimeoutMs`). */
  readonly offerTimeoutMs: number;
  /** The agents that come and go (`agent-0`, …), without the always-free one. */
  readonly agentIds: readonly string[];
  /** `'free'` when the day has an agent who is online with room on every channel all day. */
  readonly freeAgentId?: string;
  readonly steps: readonly RoutingStep[];
}

/** Options of {@link arbRoutingDay}. */
export interface RoutingDayOptions {
  readonly tenantId?: string;
  /** Agents who come and go. Default 3. */
  readonly agents?: number;
  /** Most steps after the opening one. Default 16. */
  readonly maxSteps?: number;
  /** Message ids. Default {@link arbVendorMessageId}: every vendor format and arbitrary strings. */
  readonly ids?: fc.Arbitrary<string>;
  /** Default 2026-11-23T09:00:00Z. */
  readonly startAt?: number;
  /** Default 5 minutes. */
  readonly offerTimeoutMs?: number;
  /** Add agent `free`: online from the start, with room for 10,000 threads on every channel. */
  readonly alwaysFreeAgent?: boolean;
}

const CHANNELS = ['chat', 'sms', 'whatsapp', 'email', 'social', 'call'] as const;
const STEP_KINDS = ['message', 'message', 'message', 'followup', 'reply', 'reply', 'resolve', 'status', 'status', 'profile', 'advance', 'advance'] as const;

interface StepDraft {
  readonly kind: (typeof STEP_KINDS)[number];
  readonly gapMinutes: number;
  readonly id: string;
  readonly channel: number;
  readonly pick: number;
  readonly agent: number;
  readonly status: number;
  readonly capacity: number;
  /** Also deliver a second event dated a few minutes earlier than the step: a late webhook. */
  readonly late: boolean;
  readonly lateId: string;
}

interface Customer {
  readonly ref: IdentityRef;
  readonly channel: Channel;
  readonly firstMessageId: string;
}

function refFor(person: number, channel: Channel): IdentityRef {
  switch (channel) {
    case 'chat':
      return personIdentity(person, 'chat');
    case 'sms':
    case 'call':
      return personIdentity(person, 'phone');
    case 'whatsapp':
      return personIdentity(person, 'whatsapp');
    case 'email':
      return personIdentity(person, 'email');
    default:
      return personIdentity(person, 'x');
  }
}

function capacityOf(n: number): Partial<Record<Channel, number>> {
  return { chat: 1 + (n % 3), sms: 1 + ((n >> 2) % 2), whatsapp: 1 + ((n >> 3) % 2), email: 2 + (n % 4), social: (n >> 4) % 2, call: 1 };
}

function build(drafts: readonly StepDraft[], o: Required<Omit<RoutingDayOptions, 'ids'>>): RoutingDay {
  const { tenantId } = o;
  const base = { tenantId, schemaVersion: 2 as const };
  const agentIds = Array.from({ length: o.agents }, (_, i) => `agent-${i}`);
  const opening: EventInput[] = agentIds.flatMap((agentId, i) => [
    { ...base, id: `profile-${agentId}-0`, type: 'agent.profile_set', occurredAt: o.startAt, agentId, languages: ['en'], capacity: capacityOf(i * 7) },
    { ...base, id: `status-${agentId}-0`, type: 'agent.status_changed', occurredAt: o.startAt, agentId, status: i === 0 ? 'away' : 'online' },
  ]);
  if (o.alwaysFreeAgent) {
    const capacity = Object.fromEntries(CHANNELS.map((c) => [c, 10_000]));
    opening.push(
      { ...base, id: 'profile-free', type: 'agent.profile_set', occurredAt: o.startAt, agentId: 'free', languages: ['en'], capacity },
      { ...base, id: 'status-free', type: 'agent.status_changed', occurredAt: o.startAt, agentId: 'free', status: 'online' },
    );
  }
  const steps: RoutingStep[] = [{ kind: 'ingest', at: o.startAt, events: opening }];
  const customers: Customer[] = [];
  const used = new Set<string>(opening.map((e) => e.id));
  const unique = (id: string) => {
    let out = id;
    for (let n = 1; used.has(out); n++) out = `${id}~${n}`;
    used.add(out);
    return out;
  };
  let t = o.startAt;
  let counter = 0;
  drafts.forEach((d) => {
    t += d.gapMinutes * 60_000 + (d.kind === 'advance' ? o.offerTimeoutMs : 0);
    if (d.kind === 'advance') return void steps.push({ kind: 'advance', at: t });
    const events: EventInput[] = [];
    const agentId = agentIds[d.agent % agentIds.length]!;
    const earlier = customers.length === 0 ? undefined : customers[d.pick % customers.length]!;
    const message = (id: string, at: number, customer: Customer | undefined): EventInput => {
      const channel = customer?.channel ?? CHANNELS[d.channel % CHANNELS.length]!;
      const ref = customer?.ref ?? refFor(customers.length, channel);
      if (!customer) customers.push({ ref, channel, firstMessageId: id });
      return {
        ...base,
        id,
        type: 'message.received',
        occurredAt: at,
        channel,
        from: ref,
        content: { text: 'hello', ...(channel === 'email' ? { subject: `order ${customers.length}` } : {}) },
        ...(channel === 'email' ? { email: { messageId: `<m${counter++}@mail.example>` } } : {}),
        ...(channel === 'chat' ? { chat: { sessionId: `session-${customers.length}` } } : {}),
        ...(channel === 'call' ? { call: { status: 'missed' as const } } : {}),
      } as EventInput;
    };
    switch (d.kind) {
      case 'message':
        events.push(message(unique(d.id), t, undefined));
        break;
      case 'followup':
        events.push(message(unique(d.id), t, earlier));
        break;
      case 'reply':
        if (!earlier) return;
        events.push({ ...base, id: unique(`reply-${counter++}`), type: 'message.sent', occurredAt: t, channel: earlier.channel, to: earlier.ref, author: { type: 'agent', agentId: d.status % 2 === 0 ? agentId : 'free' }, content: { text: 'on it' } });
        break;
      case 'resolve':
        if (!earlier) return;
        events.push({ ...base, id: unique(`resolve-${counter++}`), type: 'thread.status_changed', occurredAt: t, threadId: threadIdFor(tenantId, earlier.firstMessageId), status: 'resolved' });
        break;
      case 'status':
        events.push({ ...base, id: unique(`status-${agentId}-${counter++}`), type: 'agent.status_changed', occurredAt: t, agentId, status: (['online', 'away', 'offline', 'online'] as const)[d.status % 4]! });
        break;
      case 'profile':
        events.push({ ...base, id: unique(`profile-${agentId}-${counter++}`), type: 'agent.profile_set', occurredAt: t, agentId, languages: ['en'], capacity: capacityOf(d.capacity) });
        break;
    }
    // A late webhook: a new customer's message dated before the step, delivered with it.
    if (d.late) events.push(message(unique(d.lateId), t - 3 * 60_000, undefined));
    steps.push({ kind: 'ingest', at: t, events });
  });
  return { tenantId, offerTimeoutMs: o.offerTimeoutMs, agentIds, ...(o.alwaysFreeAgent ? { freeAgentId: 'free' } : {}), steps };
}

/**
 * A routed day (see the module comment). Play it with {@link playRoutingStep}.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { createEngine, defaultRoutingPolicy } from 'omnithread';
 * import { arbRoutingDay, playRoutingStep } from 'omnithread/testing';
 * await fc.assert(fc.asyncProperty(arbRoutingDay({ alwaysFreeAgent: true }), async (day) => {
 *   const engine = createEngine({ policies: { routing: { policy: defaultRoutingPolicy(), offerTimeoutMs: day.offerTimeoutMs } } });
 *   for (const step of day.steps) await playRoutingStep(engine, step);
 *   return engine.threads({ status: 'open', assignee: null }).length === 0;
 * }));
 * ```
 */
export function arbRoutingDay(options: RoutingDayOptions = {}): fc.Arbitrary<RoutingDay> {
  const o = {
    tenantId: options.tenantId ?? 'acme',
    agents: Math.max(1, options.agents ?? 3),
    maxSteps: options.maxSteps ?? 16,
    startAt: options.startAt ?? Date.UTC(2026, 10, 23, 9),
    offerTimeoutMs: options.offerTimeoutMs ?? 5 * 60_000,
    alwaysFreeAgent: options.alwaysFreeAgent ?? false,
  };
  const ids = options.ids ?? arbVendorMessageId();
  const step: fc.Arbitrary<StepDraft> = fc.record({
    kind: fc.constantFrom(...STEP_KINDS),
    gapMinutes: fc.nat({ max: 6 }),
    id: ids,
    channel: fc.nat({ max: CHANNELS.length - 1 }),
    pick: fc.nat({ max: 1000 }),
    agent: fc.nat({ max: 1000 }),
    status: fc.nat({ max: 1000 }),
    capacity: fc.nat({ max: 63 }),
    late: fc.nat({ max: 3 }).map((n) => n === 0),
    lateId: ids,
  });
  return fc.array(step, { maxLength: o.maxSteps, size: 'medium' }).map((drafts) => build(drafts, o));
}

/**
 * Plays one step of a {@link RoutingDay}: ingests its events, or advances the engine's time.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbRoutingDay, playRoutingStep } from 'omnithread/testing';
 * const day = fc.sample(arbRoutingDay(), 1)[0]!;
 * for (const step of day.steps) await playRoutingStep(engine, step);
 * ```
 */
export async function playRoutingStep(engine: Engine, step: RoutingStep): Promise<void> {
  if (step.kind === 'ingest') await engine.ingest([...step.events]);
  else await engine.advanceTo(step.at);
}
