import fc from 'fast-check';
import { CHANNELS, PRIORITY_LEVELS, type Author, type Channel } from '../../events/primitives.js';
import type { Direction, StatusChange, Thread, ThreadMessage, ThreadStatus } from '../../threading/types.js';
import { DAY, DEFAULT_FROM, DEFAULT_TO, HOUR, arbGap, compact, deepFreeze, maybe } from './common.js';
import { arbSupportText } from './text.js';

export const THREAD_STATUS_VALUES: readonly ThreadStatus[] = ['open', 'pending', 'snoozed', 'resolved', 'closed', 'merged'];
const TAGS = ['outage', 'billing', 'bug', 'escalated', 'refund', 'security', 'feedback'] as const;

/**
 * Options of `arbThread`.
 *
 * @example
 * ```ts
 * import type { ThreadArbitraryOptions } from 'omnithread/testing';
 * const options: ThreadArbitraryOptions = { channels: ['email'], statuses: ['open'], awaiting: true };
 * ```
 */
export interface ThreadArbitraryOptions {
  readonly tenantId?: string;
  /** A fixed customer id; default `cust-<n>`. */
  readonly customerId?: string;
  /** Channels messages use. Default all. */
  readonly channels?: readonly Channel[];
  /** Statuses to draw from. Default all six. */
  readonly statuses?: readonly ThreadStatus[];
  readonly minMessages?: number;
  readonly maxMessages?: number;
  /** Creation times lie in [from, to]. Default the year 2024. */
  readonly from?: number;
  readonly to?: number;
  /** Text of messages. Default {@link arbSupportText}. */
  readonly text?: fc.Arbitrary<string>;
  /** Force a customer who is (true) or is not (false) waiting for a reply. */
  readonly awaiting?: boolean;
}

const IDENTITY: Record<Channel, string> = {
  email: 'email:customer@example.com',
  sms: 'phone:+14155550100',
  call: 'phone:+14155550100',
  whatsapp: 'whatsapp:+14155550100',
  chat: 'chat:visitor-1',
  social: 'social:twitter:12345',
};

interface Draft {
  gap: number;
  channel: Channel;
  direction: Direction;
  text: string | undefined;
  callStatus: 'answered' | 'missed' | 'voicemail';
  bot: boolean;
  agent: number;
}

function buildMessage(threadId: string, i: number, at: number, d: Draft): ThreadMessage {
  const author: Author =
    d.direction === 'inbound' ? { type: 'customer' } : d.bot ? { type: 'bot', botId: 'bot-1' } : { type: 'agent', agentId: `agent-${d.agent}` };
  const isCall = d.channel === 'call';
  const status = d.direction === 'outbound' && d.callStatus === 'voicemail' ? 'missed' : d.callStatus;
  return compact({
    id: `${threadId}-m${String(i).padStart(4, '0')}`,
    occurredAt: at,
    channel: d.channel,
    direction: d.direction,
    author,
    identityKey: IDENTITY[d.channel],
    text: isCall ? undefined : d.text,
    subject: d.channel === 'email' && i === 0 ? 'Help with my account' : undefined,
    reason: i === 0 ? 'new conversation' : 'same customer, open thread',
    email: d.channel === 'email' ? { messageId: `<${threadId}.${i}@example.com>` } : undefined,
    call: isCall ? compact({ status, direction: d.direction, durationSec: status === 'answered' ? 120 : undefined }) : undefined,
  });
}

/**
 * Coherent `Thread` values, as the fold would produce them: messages in (`occurredAt`, id) order,
 * the first at `createdAt`; `channels`, `channel`, first/last inbound and outbound times,
 * `firstResponseAt` and `lastActivityAt` derived from them; `awaitingReplySince` is the first
 * customer message after the last reply (undefined for resolved, closed and merged threads);
 * `needsCallback` is a missed call or voicemail with no later outbound call; the status history
 * starts `open` and ends at `status`. Values are deeply frozen, like the engine's.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbThread } from 'omnithread/testing';
 * fc.assert(fc.property(arbThread({ channels: ['chat', 'email'] }), (t) => t.messages.length > 0));
 * ```
 */
export function arbThread(options: ThreadArbitraryOptions = {}): fc.Arbitrary<Thread> {
  const channels = options.channels ?? CHANNELS;
  const wanted = options.statuses ?? THREAD_STATUS_VALUES;
  // Nobody waits on a resolved, closed or merged thread.
  const statuses = options.awaiting === true ? wanted.filter((s) => s === 'open' || s === 'pending' || s === 'snoozed') : wanted;
  if (statuses.length === 0) throw new RangeError('arbThread: awaiting: true needs an open, pending or snoozed status');
  const from = options.from ?? DEFAULT_FROM;
  const to = Math.max(from, options.to ?? DEFAULT_TO);
  const draft: fc.Arbitrary<Draft> = fc.record({
    gap: arbGap(2 * DAY),
    channel: fc.constantFrom(...channels),
    direction: fc.constantFrom<Direction>('inbound', 'inbound', 'outbound'),
    text: fc.option(options.text ?? arbSupportText(), { nil: undefined, freq: 5 }),
    callStatus: fc.constantFrom('answered', 'missed', 'voicemail'),
    bot: fc.boolean(),
    agent: fc.integer({ min: 1, max: 3 }),
  });
  const extras = fc.record({
    statusDelay: arbGap(2 * DAY),
    snoozeFor: fc.integer({ min: HOUR, max: 7 * DAY }),
    assignee: maybe(fc.integer({ min: 1, max: 3 })),
    team: maybe(fc.constantFrom('support', 'billing', 'tech')),
    priorityOverride: maybe(fc.constantFrom(...PRIORITY_LEVELS)),
    severity: maybe(fc.constantFrom(...PRIORITY_LEVELS)),
    tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
    campaign: maybe(fc.constantFrom('spring-sale', 'onboarding')),
    language: maybe(fc.constantFrom('en', 'de', 'fr', 'es')),
    handledBy: fc.constantFrom<'human' | 'bot'>('human', 'human', 'bot'),
    transfers: fc.nat(3),
    reopens: fc.nat(2),
  });
  return fc
    .record({
      n: fc.integer({ min: 1, max: 1_000_000 }),
      customer: fc.integer({ min: 1, max: 1000 }),
      createdAt: fc.integer({ min: from, max: to }),
      status: fc.constantFrom(...statuses),
      drafts: fc.array(draft, { minLength: Math.max(1, options.minMessages ?? 1), maxLength: Math.max(1, options.maxMessages ?? 8) }),
      extras,
    })
    .map(({ n, customer, createdAt, status, drafts, extras: x }) => {
      const id = `thr-${n}`;
      if (options.awaiting !== undefined) {
        // Steer the last message so the customer is (or is not) left waiting.
        const last = drafts[drafts.length - 1]!;
        drafts[drafts.length - 1] = { ...last, direction: options.awaiting ? 'inbound' : 'outbound' };
      }
      let at = createdAt;
      const messages = drafts.map((d, i) => {
        if (i > 0) at += d.gap;
        return buildMessage(id, i, at, d);
      });
      return deepFreeze(assemble(id, options.tenantId ?? 'tenant-1', options.customerId ?? `cust-${customer}`, status, messages, x));
    });
}

type Extras = {
  statusDelay: number;
  snoozeFor: number;
  assignee: number | undefined;
  team: string | undefined;
  priorityOverride: (typeof PRIORITY_LEVELS)[number] | undefined;
  severity: (typeof PRIORITY_LEVELS)[number] | undefined;
  tags: string[];
  campaign: string | undefined;
  language: string | undefined;
  handledBy: 'human' | 'bot';
  transfers: number;
  reopens: number;
};

function assemble(id: string, tenantId: string, customerId: string, status: ThreadStatus, messages: ThreadMessage[], x: Extras): Thread {
  const first = messages[0]!;
  const last = messages[messages.length - 1]!;
  const inbound = messages.filter((m) => m.direction === 'inbound');
  const outbound = messages.filter((m) => m.direction === 'outbound');
  const lastOut = outbound[outbound.length - 1];
  const closedish = status === 'resolved' || status === 'closed' || status === 'merged';
  const waitingFrom = inbound.find((m) => lastOut === undefined || m.occurredAt > lastOut.occurredAt || (m.occurredAt === lastOut.occurredAt && m.id > lastOut.id));
  const callbackDue = messages.some(
    (m, i) =>
      m.direction === 'inbound' &&
      m.call !== undefined &&
      m.call.status !== 'answered' &&
      !messages.slice(i + 1).some((later) => later.direction === 'outbound' && later.channel === 'call'),
  );
  const statusAt = status === 'open' ? last.occurredAt : last.occurredAt + x.statusDelay;
  const history: StatusChange[] = [{ status: 'open', at: first.occurredAt, eventId: first.id }];
  if (status !== 'open') history.push({ status, at: statusAt, eventId: `${id}-status` });
  const channels: Channel[] = [];
  for (const m of messages) if (!channels.includes(m.channel)) channels.push(m.channel);
  return compact({
    id,
    tenantId,
    customerId,
    ref: id.slice(4),
    status,
    snoozedUntil: status === 'snoozed' ? statusAt + x.snoozeFor : undefined,
    mergedInto: status === 'merged' ? `${id}-into` : undefined,
    channel: (inbound[inbound.length - 1] ?? first).channel,
    channels,
    messages,
    createdAt: first.occurredAt,
    lastActivityAt: statusAt,
    firstInboundAt: inbound[0]?.occurredAt,
    lastInboundAt: inbound[inbound.length - 1]?.occurredAt,
    lastOutboundAt: lastOut?.occurredAt,
    firstResponseAt: outbound[0]?.occurredAt,
    awaitingReplySince: closedish ? undefined : waitingFrom?.occurredAt,
    resolvedAt: status === 'resolved' || status === 'closed' ? statusAt : undefined,
    closedAt: status === 'closed' ? statusAt : undefined,
    assignee: x.assignee === undefined ? undefined : `agent-${x.assignee}`,
    assignedAt: x.assignee === undefined ? undefined : first.occurredAt,
    acceptedAt: undefined,
    declines: [],
    escalation: undefined,
    team: x.team,
    priorityOverride: x.priorityOverride,
    severity: x.severity,
    tags: x.tags,
    campaign: x.campaign,
    language: x.language,
    subject: first.subject,
    needsCallback: !closedish && callbackDue,
    visibility: 'private',
    handledBy: x.handledBy,
    handoverRequestedAt: undefined,
    transfers: x.transfers,
    reopens: x.reopens,
    assignments: x.assignee === undefined ? 0 : 1 + x.transfers,
    notes: [],
    surveys: [],
    statusHistory: history,
    ignored: [],
  } satisfies Record<keyof Thread, unknown>) as Thread;
}
