/**
 * Builders for realistic scenario tests of identity resolution and threading: canonical events with
 * readable defaults, and an engine wrapper that fails loudly on unexpected rejections.
 */
import { expect } from 'vitest';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine/engine.js';
import type { EngineEvents } from '../../src/engine/emitted.js';
import type { CustomerRef, IdentityRef } from '../../src/events/primitives.js';
import type { EventInput } from '../../src/events/schemas.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Monday 2026-11-23 09:00 UTC: every scenario's clock starts here. */
export const T0 = Date.UTC(2026, 10, 23, 9);

type Rest<K extends EventInput['type']> = Omit<Extract<EventInput, { type: K }>, 'id' | 'tenantId' | 'occurredAt' | 'schemaVersion' | 'type'>;
type Message = Rest<'message.received'>;
type Reply = Rest<'message.sent'>;

/** Event builders for one tenant. `at` is epoch ms (use `T0 + n * MINUTE`). */
export function events(tenantId = 'acme') {
  const base = (id: string, at: number) => ({ id, tenantId, occurredAt: at, schemaVersion: 2 as const });
  return {
    received: (id: string, at: number, from: IdentityRef, rest: Omit<Message, 'from'>): EventInput => ({ ...base(id, at), type: 'message.received', from, ...rest }),
    sent: (id: string, at: number, to: IdentityRef, rest: Omit<Reply, 'to' | 'author'> & Partial<Pick<Reply, 'author'>>): EventInput => ({
      ...base(id, at),
      type: 'message.sent',
      to,
      author: { type: 'agent', agentId: 'agent-kim' },
      ...rest,
    }),
    linked: (id: string, at: number, identity: IdentityRef, to: CustomerRef, verified?: boolean): EventInput => ({
      ...base(id, at),
      type: 'identity.linked',
      identity,
      to,
      ...(verified === undefined ? {} : { verified }),
    }),
    merged: (id: string, at: number, source: CustomerRef, target: CustomerRef): EventInput => ({ ...base(id, at), type: 'customer.merged', source, target }),
    unmerged: (id: string, at: number, mergeEventId: string): EventInput => ({ ...base(id, at), type: 'customer.unmerged', mergeEventId }),
    attributes: (id: string, at: number, customer: CustomerRef, rest: Omit<Rest<'customer.attributes_set'>, 'customer'>): EventInput => ({
      ...base(id, at),
      type: 'customer.attributes_set',
      customer,
      ...rest,
    }),
    status: (id: string, at: number, threadId: string, status: 'open' | 'pending' | 'snoozed' | 'resolved' | 'closed', until?: number): EventInput => ({
      ...base(id, at),
      type: 'thread.status_changed',
      threadId,
      status,
      ...(until === undefined ? {} : { until }),
    }),
    assigned: (id: string, at: number, threadId: string, agentId: string): EventInput => ({ ...base(id, at), type: 'thread.assigned', threadId, agentId }),
    unassigned: (id: string, at: number, threadId: string): EventInput => ({ ...base(id, at), type: 'thread.unassigned', threadId }),
    transferred: (id: string, at: number, threadId: string, to: { toAgentId?: string; toTeam?: string }): EventInput => ({
      ...base(id, at),
      type: 'thread.transferred',
      threadId,
      ...to,
    }),
    threadMerged: (id: string, at: number, threadId: string, intoThreadId: string): EventInput => ({ ...base(id, at), type: 'thread.merged', threadId, intoThreadId }),
    split: (id: string, at: number, threadId: string, messageIds: string[]): EventInput => ({ ...base(id, at), type: 'thread.split', threadId, messageIds }),
  };
}

/** Common identities, as the channels report them. */
export const who = {
  email: (value: string, verified?: boolean): IdentityRef => ({ kind: 'email', value, ...(verified === undefined ? {} : { verified }) }),
  phone: (value: string, verified?: boolean): IdentityRef => ({ kind: 'phone', value, ...(verified === undefined ? {} : { verified }) }),
  whatsapp: (value: string): IdentityRef => ({ kind: 'whatsapp', value }),
  messenger: (psid: string, pageId: string): IdentityRef => ({ kind: 'social', platform: 'messenger', id: psid, scope: pageId }),
  x: (id: string, handle?: string): IdentityRef => ({ kind: 'social', platform: 'x', id, ...(handle === undefined ? {} : { handle }) }),
  chat: (visitorId: string): IdentityRef => ({ kind: 'chat', visitorId }),
  customer: (customerId: string): CustomerRef => ({ kind: 'customer', customerId }),
};

export interface Scenario {
  readonly engine: Engine;
  /** Ingests and expects every event to be accepted. */
  ingest(...batch: EventInput[]): Promise<void>;
  /** Everything emitted so far, by name, in order. */
  readonly emitted: { [K in keyof EngineEvents]?: EngineEvents[K][0][] };
  /** The thread holding message `eventId` (throws when none does). */
  threadOf(eventId: string): ReturnType<Engine['threads']>[number];
  /** The customer holding identity key `key`. */
  customerWith(key: string): ReturnType<Engine['customers']>[number] | undefined;
}

const WATCHED: (keyof EngineEvents)[] = [
  'customer.created',
  'customer.merged',
  'customer.unmerged',
  'merge.suggested',
  'thread.created',
  'thread.merged',
  'thread.status_changed',
  'thread.removed',
];

/**
 * The engine clock of every scenario: the stories play within weeks of {@link T0}, which may still be
 * in the future of the machine's clock, so the validation clock stands a year after T0.
 */
export const SCENARIO_CLOCK = (): number => T0 + 365 * DAY;

export function scenario(options: EngineOptions = { defaultRegion: 'US' }): Scenario {
  const engine = createEngine({ clock: SCENARIO_CLOCK, ...options });
  const emitted: Scenario['emitted'] = {};
  for (const name of WATCHED) {
    engine.on(name, ((payload: unknown) => {
      const list = (emitted[name] ??= []) as unknown[];
      list.push(payload);
    }) as never);
  }
  return {
    engine,
    emitted,
    async ingest(...batch) {
      const r = await engine.ingest(batch);
      expect(r.rejected.map((x) => x.error.message)).toEqual([]);
    },
    threadOf(eventId) {
      const t = engine.threads().find((x) => x.messages.some((m) => m.id === eventId));
      if (!t) throw new Error(`no thread holds ${eventId}`);
      return t;
    },
    customerWith(key) {
      return engine.customers().find((c) => c.identities.some((i) => i.key === key));
    },
  };
}

/** Message ids of a thread, in order. */
export const ids = (t: { readonly messages: readonly { readonly id: string }[] }) => t.messages.map((m) => m.id);

/** Plain JSON copy, for deep comparisons of frozen views. */
export const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
