/**
 * Event histories built the way real integrations misbehave: merges and unmerges naming customer ids
 * derived from identities that other events create (or never do), links that join components and
 * unmerges that split them again, thread actions naming the threads of messages that may or may not
 * open one, of events that come later, or of nothing; times that collide to the millisecond, so ties
 * break on vendor ids; the same event ids in several tenants. Every event is valid (`parseEvent`
 * accepts it) and an engine accepts every one of them.
 */
import fc from 'fast-check';
import type { CustomerRef, IdentityRef } from '../../events/primitives.js';
import type { EventInput } from '../../events/schemas.js';
import { threadIdFor } from '../../fold/ids.js';
import { arbVendorMessageId } from './ids.js';
import { PERSON_IDENTITY_KINDS, channelOf, derivedCustomerId, personIdentity } from './people.js';

/** Tenant ids that look alike but must never share anything. */
export const ADVERSARIAL_TENANT_IDS = ['t0', 'T0', 't0:eu', 'テナント'] as const;

/** Options of {@link arbAdversarialHistory}. */
export interface AdversarialHistoryOptions {
  /** Most events in one history. Default 24. */
  readonly maxEvents?: number;
  /** How many of {@link ADVERSARIAL_TENANT_IDS} to spread events over (1–4). Default 2. */
  readonly tenants?: number;
  /** Distinct people per tenant. Default 2: few people, so their identities meet across events. */
  readonly people?: number;
  /** Start of the history, epoch ms. Default 2026-11-02T09:00:00Z. */
  readonly startAt?: number;
  /** Times are whole minutes in [0, spreadMinutes]: a small spread makes ties (broken by id) common. Default 4. */
  readonly spreadMinutes?: number;
  /** Event ids. Default {@link arbVendorMessageId}: every vendor format and arbitrary strings. */
  readonly ids?: fc.Arbitrary<string>;
  /**
   * Also generate unmerges naming their own id (and unmerges naming those). Off by default: the
   * input rules may reject a self-reference as `INVALID_EVENT`, and the other properties need every
   * event accepted.
   */
  readonly selfReferences?: boolean;
  /**
   * Name customers by the id derived from an identity (`customerIdFor(tenant, key)`), not only by an
   * identity. On by default; off isolates what fails for other reasons.
   */
  readonly derivedCustomerIds?: boolean;
}

/** Identity events weigh most: convergence bugs live where merges, links and unmerges meet. */
const KINDS = ['received', 'received', 'received', 'received', 'sent', 'link', 'link', 'link', 'merge', 'merge', 'merge', 'unmerge', 'unmerge', 'attributes', 'thread', 'thread', 'thread', 'thread', 'agent'] as const;
const THREAD_ACTIONS = ['status', 'assign', 'unassign', 'transfer', 'tag', 'priority', 'threadMerge', 'split', 'handover', 'note', 'survey'] as const;
type Kind = Exclude<(typeof KINDS)[number], 'thread'> | (typeof THREAD_ACTIONS)[number];

interface Draft {
  readonly kind: (typeof KINDS)[number];
  readonly action: (typeof THREAD_ACTIONS)[number];
  readonly id: string;
  /** Take the id of an earlier event of another tenant instead: ids that collide across tenants. */
  readonly reuseId: boolean;
  readonly tenant: number;
  readonly person: number;
  readonly other: number;
  readonly idKind: number;
  readonly otherKind: number;
  readonly spelling: number;
  readonly minute: number;
  readonly isoTime: boolean;
  readonly mode: number;
  readonly mode2: number;
  readonly pick: number;
  readonly pick2: number;
  readonly flag: boolean;
}

type Shell = { draft: Draft; kind: Kind; tenantId: string; id: string; occurredAt: number | string; ms: number };

const AGENTS = ['agent-0', 'agent-1', 'agent-2'];

class Builder {
  private readonly byTenant = new Map<string, Shell[]>();

  constructor(
    private readonly shells: readonly Shell[],
    private readonly selfReferences: boolean,
    private readonly derivedIds: boolean,
  ) {
    for (const s of shells) {
      const list = this.byTenant.get(s.tenantId) ?? [];
      list.push(s);
      this.byTenant.set(s.tenantId, list);
    }
  }

  private mine(s: Shell): Shell[] {
    return this.byTenant.get(s.tenantId)!;
  }

  private otherTenant(s: Shell): string | undefined {
    return [...this.byTenant.keys()].find((t) => t !== s.tenantId);
  }

  private messagesOf(tenantId: string): Shell[] {
    return (this.byTenant.get(tenantId) ?? []).filter((x) => x.kind === 'received' || x.kind === 'sent');
  }

  private identity(person: number, kind: number, spelling: number): IdentityRef {
    return personIdentity(person, PERSON_IDENTITY_KINDS[kind % PERSON_IDENTITY_KINDS.length]!, spelling);
  }

  /** A customer named by an identity, or by the id derived from one (which may never exist). */
  private customerRef(s: Shell, person: number, kind: number, mode: number): CustomerRef {
    const ref = this.identity(person, kind, s.draft.spelling);
    if (mode % 10 < 5 || !this.derivedIds) return ref;
    if (mode % 10 < 9) return { kind: 'customer', customerId: derivedCustomerId(s.tenantId, ref) };
    // Another tenant's customer id: it must find nothing here.
    return { kind: 'customer', customerId: derivedCustomerId(this.otherTenant(s) ?? 'elsewhere', ref) };
  }

  /** A thread id: of a message here (opening a thread or not, earlier or later), of any event, of nothing. */
  private threadRef(s: Shell, mode: number, pick: number): string {
    const messages = this.messagesOf(s.tenantId);
    const m = mode % 10;
    if (m < 6 && messages.length > 0) return threadIdFor(s.tenantId, messages[pick % messages.length]!.id);
    if (m < 7) return threadIdFor(s.tenantId, this.mine(s)[pick % this.mine(s).length]!.id);
    if (m < 8) return threadIdFor(s.tenantId, s.id);
    const other = this.otherTenant(s);
    const theirs = other === undefined ? [] : this.messagesOf(other);
    if (m < 9 && theirs.length > 0) return threadIdFor(other!, theirs[pick % theirs.length]!.id);
    return threadIdFor(s.tenantId, `ghost-${pick % 7}`);
  }

  private mergeRef(s: Shell): string {
    const { mode, pick } = s.draft;
    const here = this.mine(s);
    if (this.selfReferences && mode % 5 === 0) return s.id;
    const merges = here.filter((x) => x.kind === 'merge' || x.kind === 'link');
    const unmerges = here.filter((x) => x.kind === 'unmerge' && x !== s);
    if (this.selfReferences && mode % 5 === 1 && unmerges.length > 0) return unmerges[pick % unmerges.length]!.id;
    if (mode % 10 < 7 && merges.length > 0) return merges[pick % merges.length]!.id;
    const others = here.filter((x) => x !== s);
    if (mode % 10 < 9 && others.length > 0) return others[pick % others.length]!.id;
    return `ghost-${pick % 7}`;
  }

  build(): EventInput[] {
    return this.shells.map((s) => this.event(s));
  }

  private event(s: Shell): EventInput {
    const d = s.draft;
    const base = { id: s.id, tenantId: s.tenantId, schemaVersion: 2 as const, occurredAt: s.occurredAt };
    const threadId = this.threadRef(s, d.mode, d.pick);
    switch (s.kind) {
      case 'received':
      case 'sent':
        return this.message(s, base);
      case 'link':
        return {
          ...base,
          type: 'identity.linked',
          identity: { ...this.identity(d.person, d.idKind, d.spelling), ...(d.flag ? { verified: true } : {}) } as IdentityRef,
          to: this.customerRef(s, d.other, d.otherKind, d.mode2),
        };
      case 'merge':
        return { ...base, type: 'customer.merged', source: this.customerRef(s, d.person, d.idKind, d.mode), target: this.customerRef(s, d.other, d.otherKind, d.mode2) };
      case 'unmerge':
        return { ...base, type: 'customer.unmerged', mergeEventId: this.mergeRef(s) };
      case 'attributes':
        return { ...base, type: 'customer.attributes_set', customer: this.customerRef(s, d.person, d.idKind, d.mode2), tier: d.flag ? 'gold' : 'standard', vip: d.flag, attributes: { plan: `p${d.pick2 % 3}` } };
      case 'status': {
        const status = (['open', 'pending', 'snoozed', 'resolved', 'closed'] as const)[d.pick2 % 5]!;
        return { ...base, type: 'thread.status_changed', threadId, status, ...(status === 'snoozed' ? { until: s.ms + (1 + (d.pick2 % 3)) * 60_000 } : {}) };
      }
      case 'assign':
        return { ...base, type: 'thread.assigned', threadId, agentId: AGENTS[d.pick2 % 3]!, ...(d.flag ? { by: { type: 'system', id: 'router' } } : {}) };
      case 'unassign':
        return { ...base, type: 'thread.unassigned', threadId };
      case 'transfer':
        return { ...base, type: 'thread.transferred', threadId, ...(d.flag ? { toAgentId: AGENTS[d.pick2 % 3]! } : { toTeam: `team-${d.pick2 % 2}` }) };
      case 'tag':
        return { ...base, type: 'thread.tagged', threadId, add: [`tag${d.pick2 % 3}`], remove: d.flag ? [`tag${(d.pick2 + 1) % 3}`] : [] };
      case 'priority':
        return { ...base, type: 'thread.priority_set', threadId, level: d.flag ? null : (['low', 'normal', 'high', 'urgent'] as const)[d.pick2 % 4]! };
      case 'threadMerge':
        return { ...base, type: 'thread.merged', threadId, intoThreadId: this.threadRef(s, d.mode2, d.pick2) };
      case 'split': {
        const messages = this.messagesOf(s.tenantId);
        const moved = messages.length === 0 ? `ghost-${d.pick2 % 7}` : messages[d.pick2 % messages.length]!.id;
        return { ...base, type: 'thread.split', threadId, messageIds: [moved] };
      }
      case 'handover':
        return { ...base, type: 'thread.handover_requested', threadId, requestedBy: d.flag ? 'customer' : 'bot' };
      case 'note':
        return { ...base, type: 'note.added', threadId, agentId: AGENTS[d.pick2 % 3]!, text: `note ${d.pick2}` };
      case 'survey':
        return { ...base, type: 'survey.answered', threadId, survey: 'csat', score: 1 + (d.pick2 % 5) };
      case 'agent':
        return d.flag
          ? { ...base, type: 'agent.status_changed', agentId: AGENTS[d.pick % 3]!, status: (['online', 'away', 'offline'] as const)[d.pick2 % 3]! }
          : { ...base, type: 'agent.profile_set', agentId: AGENTS[d.pick % 3]!, languages: ['en'], capacity: { email: 5, chat: 1 + (d.pick2 % 3), sms: 3 } };
    }
  }

  private message(s: Shell, base: { id: string; tenantId: string; schemaVersion: 2; occurredAt: number | string }): EventInput {
    const d = s.draft;
    const kind = PERSON_IDENTITY_KINDS[d.idKind % PERSON_IDENTITY_KINDS.length]!;
    const ref = this.identity(d.person, d.idKind, d.spelling);
    const channel = channelOf(kind, d.flag);
    const messages = this.messagesOf(s.tenantId);
    const messageIdOf = (x: Shell) => (/^<[^<>]+@[^<>]+>$/.test(x.id) ? x.id : `<${this.mine(x).indexOf(x)}.${x.draft.pick % 97}@mail.example>`);
    const email =
      channel === 'email'
        ? {
            messageId: messageIdOf(s),
            // Replies to anyone's message, earlier or later: In-Reply-To is only a hint.
            ...(d.mode2 % 3 === 0 && messages.length > 1 ? { inReplyTo: messageIdOf(messages[d.pick2 % messages.length]!) } : {}),
            ...(d.mode2 % 4 === 1 && messages.length > 1 ? { references: [messageIdOf(messages[d.pick % messages.length]!)] } : {}),
          }
        : undefined;
    const common = {
      ...base,
      channel,
      content: { text: `message ${d.pick2 % 10}`, ...(channel === 'email' ? { subject: d.flag ? 'Re: order' : 'order' } : {}) },
      ...(email ? { email } : {}),
      ...(channel === 'chat' ? { chat: { sessionId: `s${d.person}-${d.pick % 2}` } } : {}),
      ...(channel === 'call' ? { call: { status: (['answered', 'missed', 'voicemail'] as const)[d.pick % 3]! } } : {}),
      ...(channel === 'social' ? { social: { platform: kind === 'x' ? 'x' : 'messenger', visibility: d.flag ? ('public' as const) : ('private' as const) } } : {}),
      // A producer naming a thread it believes in: maybe this customer's, maybe not, maybe none.
      ...(d.mode % 4 === 3 ? { threadId: this.threadRef(s, d.mode2, d.pick) } : {}),
    };
    return s.kind === 'received'
      ? { ...common, type: 'message.received', from: ref }
      : { ...common, type: 'message.sent', to: ref, author: d.flag ? { type: 'agent', agentId: AGENTS[d.pick % 3]! } : { type: 'bot', botId: 'bot-1' } };
  }
}

function shellsOf(drafts: readonly Draft[], tenants: readonly string[], startAt: number): Shell[] {
  const used = new Map<string, Set<string>>(tenants.map((t) => [t, new Set()]));
  const shells: Shell[] = [];
  for (const d of drafts) {
    const tenantId = tenants[d.tenant % tenants.length]!;
    const taken = used.get(tenantId)!;
    const foreign = d.reuseId ? shells.find((s) => s.tenantId !== tenantId && !taken.has(s.id)) : undefined;
    let id = foreign?.id ?? d.id;
    // Ids are unique within a tenant (the same id twice is a redelivery or a conflict, tested apart).
    for (let n = 1; taken.has(id); n++) id = `${d.id}~${n}`;
    taken.add(id);
    const ms = startAt + d.minute * 60_000;
    shells.push({ draft: d, kind: d.kind === 'thread' ? d.action : d.kind, tenantId, id, ms, occurredAt: d.isoTime ? new Date(ms).toISOString() : ms });
  }
  return shells;
}

/**
 * An adversarial event history (see the module comment), in generation order. Feed it to the
 * convergence, replay, snapshot and time-travel properties with {@link arbRedelivery}.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { createEngine } from 'omnithread';
 * import { arbAdversarialHistory, arbRedelivery } from 'omnithread/testing';
 * await fc.assert(fc.asyncProperty(arbAdversarialHistory().chain(arbRedelivery), async ({ events, batches }) => {
 *   const a = createEngine();
 *   await a.ingest([...events]);
 *   const b = createEngine();
 *   for (const batch of batches) await b.ingest(batch);
 *   return JSON.stringify(a.customers()) === JSON.stringify(b.customers());
 * }));
 * ```
 */
export function arbAdversarialHistory(options: AdversarialHistoryOptions = {}): fc.Arbitrary<EventInput[]> {
  const tenants = ADVERSARIAL_TENANT_IDS.slice(0, Math.min(4, Math.max(1, options.tenants ?? 2)));
  const people = Math.max(1, options.people ?? 2);
  const startAt = options.startAt ?? Date.UTC(2026, 10, 2, 9);
  const selfReferences = options.selfReferences ?? false;
  // Emails and phones most often: identities must meet across events for merges and links to bite.
  const identityKind = fc.constantFrom(0, 0, 0, 1, 1, 2, 3, 4, 5);
  const draft: fc.Arbitrary<Draft> = fc.record({
    kind: fc.constantFrom(...KINDS),
    action: fc.constantFrom(...THREAD_ACTIONS),
    id: options.ids ?? arbVendorMessageId(),
    reuseId: fc.boolean(),
    tenant: fc.nat({ max: tenants.length - 1 }),
    person: fc.nat({ max: people - 1 }),
    other: fc.nat({ max: people - 1 }),
    idKind: identityKind,
    otherKind: identityKind,
    spelling: fc.nat({ max: 2 }),
    minute: fc.nat({ max: options.spreadMinutes ?? 4 }),
    isoTime: fc.boolean(),
    mode: fc.nat({ max: 359 }),
    mode2: fc.nat({ max: 359 }),
    pick: fc.nat({ max: 1000 }),
    pick2: fc.nat({ max: 1000 }),
    flag: fc.boolean(),
  });
  return fc
    .array(draft, { maxLength: options.maxEvents ?? 24, size: 'medium' })
    .map((drafts) => new Builder(shellsOf(drafts, tenants, startAt), selfReferences, options.derivedCustomerIds ?? true).build());
}
