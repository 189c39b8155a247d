/**
 * fast-check arbitraries for whole event histories: small worlds of customers writing on several
 * channels, replies with real email headers (some quoting other customers' Message-IDs), identity
 * links, merges and unmerges, thread actions and agents. Valid input for `engine.ingest`.
 */
import fc from 'fast-check';
import { CHANNELS, type Channel, type IdentityRef } from '../events/primitives.js';
import type { EventInput } from '../events/schemas.js';
import { threadIdFor } from '../fold/ids.js';

export interface HistoryOptions {
  /** Most events in one history. Default 30. */
  readonly maxEvents?: number;
  /** Tenants to spread events over. Default 1. */
  readonly tenants?: number;
  /** Distinct people per tenant; each has an email, a phone and a chat visitor id. Default 3. */
  readonly people?: number;
  /** Start of the history, epoch ms. Default 2026-11-02T08:00:00Z. */
  readonly startAt?: number;
}

const KINDS = ['received', 'received', 'received', 'sent', 'link', 'merge', 'unmerge', 'status', 'assign', 'tag', 'threadMerge', 'split', 'agent', 'attributes'] as const;
type Kind = (typeof KINDS)[number];

interface Draft {
  readonly kind: Kind;
  readonly tenant: number;
  readonly person: number;
  readonly other: number;
  readonly idKind: number;
  readonly channel: Channel;
  readonly minute: number;
  readonly pick: number;
  readonly pick2: number;
  readonly flag: boolean;
}

function identity(person: number, idKind: number): IdentityRef {
  switch (idKind % 4) {
    case 0:
      return { kind: 'email', value: `person${person}@example.com` };
    case 1:
      return { kind: 'phone', value: `+1415555${String(1000 + person)}` };
    case 2:
      return { kind: 'whatsapp', value: `whatsapp:+1415555${String(1000 + person)}` };
    default:
      return { kind: 'chat', visitorId: `visitor-${person}` };
  }
}

function channelFor(ref: IdentityRef, wanted: Channel): Channel {
  if (ref.kind === 'email') return 'email';
  if (ref.kind === 'chat') return 'chat';
  if (ref.kind === 'whatsapp') return 'whatsapp';
  return wanted === 'call' ? 'call' : 'sms';
}

function build(drafts: readonly Draft[], o: Required<HistoryOptions>): EventInput[] {
  const out: EventInput[] = [];
  const messageIds: string[][] = Array.from({ length: o.tenants }, () => []);
  const eventIds: string[][] = Array.from({ length: o.tenants }, () => []);
  const merges: string[][] = Array.from({ length: o.tenants }, () => []);
  drafts.forEach((d, i) => {
    const tenantId = `tenant-${d.tenant}`;
    const base = { id: `e${i}`, tenantId, schemaVersion: 2 as const, occurredAt: o.startAt + d.minute * 60_000 };
    const prior = eventIds[d.tenant]!;
    const threadOf = (n: number) => (prior.length === 0 ? threadIdFor(tenantId, 'e0') : threadIdFor(tenantId, prior[n % prior.length]!));
    const ref = identity(d.person, d.idKind);
    switch (d.kind) {
      case 'received':
      case 'sent': {
        const channel = channelFor(ref, d.channel);
        const known = messageIds[d.tenant]!;
        const email =
          channel === 'email'
            ? {
                messageId: `<m${i}@${tenantId}>`,
                ...(known.length > 0 && d.flag ? { inReplyTo: known[d.pick % known.length]! } : {}),
                ...(known.length > 1 && d.pick2 % 3 === 0 ? { references: [known[d.pick2 % known.length]!] } : {}),
              }
            : undefined;
        if (email) known.push(email.messageId);
        const common = {
          ...base,
          channel,
          content: { text: `message ${i}`, ...(channel === 'email' ? { subject: d.flag ? 'Re: order' : 'order' } : {}) },
          ...(email ? { email } : {}),
          ...(channel === 'chat' ? { chat: { sessionId: `s${d.person}-${d.pick % 2}` } } : {}),
          ...(channel === 'call' ? { call: { status: (['answered', 'missed', 'voicemail'] as const)[d.pick % 3]! } } : {}),
        };
        out.push(
          d.kind === 'received'
            ? { ...common, type: 'message.received', from: ref }
            : { ...common, type: 'message.sent', to: ref, author: d.flag ? { type: 'agent', agentId: `agent-${d.pick % 3}` } : { type: 'bot', botId: 'bot-1' } },
        );
        prior.push(base.id);
        return;
      }
      case 'link':
        out.push({ ...base, type: 'identity.linked', identity: { ...identity(d.person, d.idKind), verified: d.flag } as IdentityRef, to: identity(d.other, d.pick) });
        break;
      case 'merge':
        out.push({ ...base, type: 'customer.merged', source: identity(d.person, d.idKind), target: identity(d.other, d.pick) });
        merges[d.tenant]!.push(base.id);
        break;
      case 'unmerge': {
        const known = merges[d.tenant]!;
        out.push({ ...base, type: 'customer.unmerged', mergeEventId: known.length > 0 ? known[d.pick % known.length]! : `e${d.pick === i ? i + 1 : d.pick}` });
        break;
      }
      case 'status': {
        const status = (['open', 'pending', 'snoozed', 'resolved', 'closed'] as const)[d.pick2 % 5]!;
        out.push({ ...base, type: 'thread.status_changed', threadId: threadOf(d.pick), status, ...(status === 'snoozed' ? { until: base.occurredAt + 3_600_000 } : {}) });
        break;
      }
      case 'assign':
        out.push({ ...base, type: 'thread.assigned', threadId: threadOf(d.pick), agentId: `agent-${d.pick2 % 3}` });
        break;
      case 'tag':
        out.push({ ...base, type: 'thread.tagged', threadId: threadOf(d.pick), add: [`tag${d.pick2 % 3}`], remove: d.flag ? [`tag${(d.pick2 + 1) % 3}`] : [] });
        break;
      case 'threadMerge':
        out.push({ ...base, type: 'thread.merged', threadId: threadOf(d.pick), intoThreadId: threadOf(d.pick2) });
        break;
      case 'split':
        out.push({ ...base, type: 'thread.split', threadId: threadOf(d.pick), messageIds: [prior[d.pick2 % Math.max(1, prior.length)] ?? 'e0'] });
        break;
      case 'agent':
        out.push(
          d.flag
            ? { ...base, type: 'agent.status_changed', agentId: `agent-${d.pick % 3}`, status: (['online', 'away', 'offline'] as const)[d.pick2 % 3]! }
            : { ...base, type: 'agent.profile_set', agentId: `agent-${d.pick % 3}`, skills: [{ name: 'billing', level: 1 + (d.pick2 % 10) }], languages: ['en'], capacity: { email: 5, chat: 2, sms: 5 } },
        );
        break;
      case 'attributes':
        out.push({ ...base, type: 'customer.attributes_set', customer: ref, tier: d.flag ? 'gold' : 'standard', vip: d.flag });
        break;
    }
    prior.push(base.id);
  });
  return out;
}

/**
 * A valid event history, in generation order (which is not `occurredAt` order: times are drawn at
 * random, and collide, so ties break by id).
 *
 * @example
 * ```ts
 * import { createEngine } from 'omnithread';
 * import fc from 'fast-check';
 * import { arbEventHistory } from 'omnithread/testing';
 * fc.assert(fc.asyncProperty(arbEventHistory(), async (events) => {
 *   const engine = createEngine();
 *   const { rejected } = await engine.ingest(events);
 *   return rejected.length === 0;
 * }));
 * ```
 */
export function arbEventHistory(options: HistoryOptions = {}): fc.Arbitrary<EventInput[]> {
  const o: Required<HistoryOptions> = { maxEvents: 30, tenants: 1, people: 3, startAt: Date.UTC(2026, 10, 2, 8), ...options };
  const draft: fc.Arbitrary<Draft> = fc.record({
    kind: fc.constantFrom(...KINDS),
    tenant: fc.nat({ max: o.tenants - 1 }),
    person: fc.nat({ max: o.people - 1 }),
    other: fc.nat({ max: o.people - 1 }),
    idKind: fc.nat({ max: 3 }),
    channel: fc.constantFrom(...CHANNELS),
    minute: fc.nat({ max: 600 }),
    pick: fc.nat({ max: 1000 }),
    pick2: fc.nat({ max: 1000 }),
    flag: fc.boolean(),
  });
  return fc.array(draft, { maxLength: o.maxEvents }).map((drafts) => build(drafts, o));
}

/**
 * The same events in another arrival order, some delivered twice, cut into batches: what webhooks do.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbEventHistory, arbRedelivery } from 'omnithread/testing';
 * fc.assert(fc.asyncProperty(arbEventHistory().chain(arbRedelivery), async ({ events, batches }) => true));
 * ```
 */
export function arbRedelivery<T>(events: readonly T[]): fc.Arbitrary<{ events: readonly T[]; batches: T[][] }> {
  return fc
    .record({
      order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: events.length, maxLength: events.length }),
      dupes: fc.array(fc.nat({ max: Math.max(0, events.length - 1) }), { maxLength: Math.min(5, events.length) }),
      cuts: fc.array(fc.nat({ max: Math.max(1, events.length) }), { maxLength: 4 }),
    })
    .map(({ order, dupes, cuts }) => {
      const shuffled = events.map((e, i) => ({ e, k: order[i]! })).sort((a, b) => a.k - b.k).map((x) => x.e);
      const delivered = [...shuffled, ...dupes.filter((i) => i < events.length).map((i) => events[i]!)];
      const points = [...new Set(cuts.filter((c) => c > 0 && c < delivered.length))].sort((a, b) => a - b);
      const batches: T[][] = [];
      let start = 0;
      for (const p of [...points, delivered.length]) {
        if (p > start) batches.push(delivered.slice(start, p));
        start = p;
      }
      return { events, batches };
    });
}
