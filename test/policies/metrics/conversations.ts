/**
 * Dense conversations on top of `arbEventHistory`: its histories rarely hold a thread with several
 * reply cycles, a resolution or a survey, so this layer adds replies, calls, status changes,
 * assignments, transfers, priority changes and survey answers aimed at the threads its first few
 * messages open. Everything stays valid input for `engine.ingest`.
 */
import fc from 'fast-check';
import { threadIdFor } from '../../../src/fold/ids.js';
import type { IdentityRef } from '../../../src/events/primitives.js';
import type { EventInput } from '../../../src/events/schemas.js';
import { arbEventHistory } from '../../../src/testing/histories.js';

export const START = Date.UTC(2026, 10, 2, 8); // arbEventHistory's default start, a Monday
export const MIN = 60_000;

/** An event as generated: numeric times, ids and tenants always present. */
export type Raw = EventInput & { readonly id: string; readonly tenantId: string; readonly occurredAt: number };
type MessageRaw = Extract<Raw, { type: 'message.received' | 'message.sent' }>;

export const isMessage = (e: Raw): e is MessageRaw => e.type === 'message.received' || e.type === 'message.sent';
/** The fold's order: `occurredAt`, then id. */
export const foldOrder = (a: Raw, b: Raw): number => a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const KINDS = ['in', 'in', 'in', 'agent', 'agent', 'bot', 'call', 'status', 'status', 'status', 'survey', 'survey', 'transfer', 'assign', 'unassign', 'priority'] as const;

const arbDraft = fc.record({
  kind: fc.constantFrom(...KINDS),
  anchor: fc.nat({ max: 3 }),
  minute: fc.nat({ max: 600 }),
  pick: fc.nat({ max: 1000 }),
  score: fc.nat({ max: 10 }),
  stray: fc.boolean(),
});
type Draft = typeof arbDraft extends fc.Arbitrary<infer T> ? T : never;

function customerRef(m: MessageRaw): IdentityRef {
  return (m.type === 'message.received' ? m.from : m.to) as IdentityRef;
}

function message(anchor: MessageRaw, d: Draft, base: { id: string; tenantId: string; schemaVersion: 2; occurredAt: number }, threadId: string): EventInput {
  const ref = customerRef(anchor);
  const call = d.kind === 'call' && ref.kind === 'phone';
  const channel = call ? 'call' : anchor.channel === 'call' ? 'sms' : anchor.channel;
  const common = {
    ...base,
    threadId,
    channel,
    content: { text: `turn ${base.id}` },
    ...(channel === 'email' ? { email: { messageId: `<${base.id}@${base.tenantId}>`, ...(anchor.email?.messageId ? { inReplyTo: anchor.email.messageId } : {}) } } : {}),
    ...(call ? { call: { status: (['answered', 'answered', 'missed', 'voicemail'] as const)[d.pick % 4]! } } : {}),
  };
  if (d.kind === 'in' || d.kind === 'call') return { ...common, type: 'message.received', from: ref } as EventInput;
  const author = d.kind === 'agent' ? { type: 'agent' as const, agentId: `agent-${d.pick % 3}` } : { type: 'bot' as const, botId: 'bot-1' };
  return { ...common, type: 'message.sent', to: ref, author } as EventInput;
}

/** One customer message per tenant to build on, whatever the history holds: a chat and a phone. */
const SEEDS: readonly MessageRaw[] = [
  { id: 's0', tenantId: 'tenant-0', schemaVersion: 2, type: 'message.received', occurredAt: START, channel: 'chat', from: { kind: 'chat', visitorId: 'visitor-0' }, content: { text: 'hi' } },
  { id: 's1', tenantId: 'tenant-1', schemaVersion: 2, type: 'message.received', occurredAt: START + 7 * MIN, channel: 'sms', from: { kind: 'phone', value: '+14155551001' }, content: { text: 'hello' } },
];

function build(history: readonly Raw[], drafts: readonly Draft[]): Raw[] {
  const anchors = [...SEEDS, ...history.filter(isMessage).slice(0, 2)];
  const extras = drafts.map((d, i): EventInput => {
    const anchor = anchors[d.anchor % anchors.length]!;
    // Now and then an action names a thread that never exists: the engine ignores it, so must metrics.
    const threadId = threadIdFor(anchor.tenantId, d.stray && d.pick % 5 === 0 ? `nowhere-${i}` : anchor.id);
    const base = { id: `x${String(i).padStart(3, '0')}`, tenantId: anchor.tenantId, schemaVersion: 2 as const, occurredAt: START + d.minute * MIN };
    switch (d.kind) {
      case 'in':
      case 'agent':
      case 'bot':
      case 'call':
        return message(anchor, d, base, threadId);
      case 'survey':
        return { ...base, threadId, type: 'survey.answered', survey: (['csat', 'ces', 'nps'] as const)[d.pick % 3]!, score: d.score };
      case 'transfer': {
        const v = d.pick % 4; // agent only, team only, both, neither (refused)
        return { ...base, threadId, type: 'thread.transferred', ...(v === 0 || v === 2 ? { toAgentId: `agent-${d.score % 3}` } : {}), ...(v === 1 || v === 2 ? { toTeam: `team-${d.score % 2}` } : {}) };
      }
      case 'assign':
        return { ...base, threadId, type: 'thread.assigned', agentId: `agent-${d.pick % 3}` };
      case 'unassign':
        return { ...base, threadId, type: 'thread.unassigned' };
      case 'status': {
        const status = (['resolved', 'resolved', 'open', 'closed', 'pending', 'snoozed'] as const)[d.pick % 6]!;
        return { ...base, threadId, type: 'thread.status_changed', status, ...(status === 'snoozed' ? { until: base.occurredAt + (30 + d.score * 10) * MIN } : {}) };
      }
      case 'priority':
        return { ...base, threadId, type: 'thread.priority_set', level: ([null, 'low', 'high', 'urgent'] as const)[d.pick % 4]! };
    }
  });
  return [...SEEDS, ...history, ...(extras as Raw[])];
}

/**
 * `arbEventHistory` plus a conversation layer. With `threadMerges: false` its `thread.merged` events
 * are dropped (the assignment replay in the property test cannot follow merge redirects).
 */
export function arbConversations(threadMerges: boolean): fc.Arbitrary<Raw[]> {
  return fc
    .tuple(arbEventHistory({ maxEvents: 12, tenants: 2 }), fc.array(arbDraft, { minLength: 6, maxLength: 30, size: 'max' }))
    .map(([history, drafts]) => build((history as Raw[]).filter((e) => threadMerges || e.type !== 'thread.merged'), drafts));
}
