/**
 * Rich event histories for the late-delivery properties (a reviewer's generator): every event type the
 * fold knows — edits, deletes, delivery reports, notes, surveys, offers declined, expired and
 * accepted, escalations, snoozes that wake, transfers, splits, thread and customer merges and
 * unmerges, attributes — over a few people, valid input for `engine.ingest`.
 */
import fc from 'fast-check';
import { threadIdFor } from '../../src/fold/ids.js';

export const T0 = Date.UTC(2026, 10, 2, 8);
const KINDS = [
  'received', 'received', 'received', 'received', 'sent', 'sent', 'link', 'merge', 'unmerge', 'status', 'status', 'assign', 'assign', 'unassign', 'transfer',
  'accept', 'decline', 'expire', 'escalate', 'priority', 'tag', 'threadMerge', 'split', 'handover', 'note', 'survey', 'edit', 'delete', 'delivery',
  'attributes', 'agent',
] as const;

type Ref = { kind: 'email'; value: string } | { kind: 'phone'; value: string } | { kind: 'chat'; visitorId: string };
function identity(person: number, k: number): Ref {
  switch (k % 3) {
    case 0:
      return { kind: 'email', value: `p${person}@example.com` };
    case 1:
      return { kind: 'phone', value: `+1415555${1000 + person}` };
    default:
      return { kind: 'chat', visitorId: `v-${person}` };
  }
}
const channelOf = (r: Ref) => (r.kind === 'email' ? 'email' : r.kind === 'chat' ? 'chat' : 'sms');

const draft = (people: number) =>
  fc.record({
    kind: fc.constantFrom(...KINDS),
    person: fc.nat({ max: people - 1 }),
    other: fc.nat({ max: people - 1 }),
    k: fc.nat({ max: 2 }),
    minute: fc.nat({ max: 300 }),
    pick: fc.nat({ max: 1000 }),
    pick2: fc.nat({ max: 1000 }),
    flag: fc.boolean(),
  });

export function arbRich(opts: { people?: number; maxEvents?: number; minEvents?: number } = {}) {
  const people = opts.people ?? 2;
  return fc.array(draft(people), { minLength: opts.minEvents ?? 0, maxLength: opts.maxEvents ?? 60, size: 'max' }).map((ds) => {
    const out: Record<string, unknown>[] = [];
    const sources: string[] = []; // events a thread id can derive from
    const messages: { id: string; ref: Ref }[] = [];
    const merges: string[] = [];
    ds.forEach((d, i) => {
      const tenantId = 't';
      const base = { id: `e${i}`, tenantId, schemaVersion: 2, occurredAt: T0 + d.minute * 60_000 };
      const thread = (n: number) => threadIdFor(tenantId, sources.length === 0 ? 'e0' : sources[n % sources.length]!);
      const ref = identity(d.person, d.k);
      const agent = `agent-${d.pick2 % 2}`;
      switch (d.kind) {
        case 'received':
        case 'sent': {
          const channel = channelOf(ref);
          const ev: Record<string, unknown> = { ...base, channel, content: { text: `message ${i}`, ...(channel === 'email' ? { subject: d.flag ? 'Re: x' : 'x' } : {}) } };
          if (channel === 'email') ev.email = { messageId: `<m${i}@x>` };
          if (channel === 'chat') ev.chat = { sessionId: `s${d.person}-${d.pick % 2}` };
          if (d.pick % 5 === 0) ev.severity = 'urgent';
          if (d.kind === 'received') out.push({ ...ev, type: 'message.received', from: ref });
          else out.push({ ...ev, type: 'message.sent', to: ref, author: d.flag ? { type: 'agent', agentId: agent } : { type: 'bot', botId: 'b' } });
          sources.push(base.id);
          messages.push({ id: base.id, ref });
          return;
        }
        case 'link':
          out.push({ ...base, type: 'identity.linked', identity: ref, to: identity(d.other, d.pick) });
          return;
        case 'merge':
          out.push({ ...base, type: 'customer.merged', source: ref, target: identity(d.other, d.pick) });
          merges.push(base.id);
          return;
        case 'unmerge':
          if (merges.length === 0) return;
          out.push({ ...base, type: 'customer.unmerged', mergeEventId: merges[d.pick % merges.length] });
          return;
        case 'status': {
          const status = (['open', 'pending', 'snoozed', 'resolved', 'closed', 'snoozed'] as const)[d.pick2 % 6]!;
          out.push({ ...base, type: 'thread.status_changed', threadId: thread(d.pick), status, ...(status === 'snoozed' ? { until: base.occurredAt + (1 + (d.pick % 90)) * 60_000 } : {}) });
          return;
        }
        case 'assign':
          out.push({ ...base, type: 'thread.assigned', threadId: thread(d.pick), agentId: agent });
          return;
        case 'unassign':
          out.push({ ...base, type: 'thread.unassigned', threadId: thread(d.pick) });
          return;
        case 'transfer':
          out.push({ ...base, type: 'thread.transferred', threadId: thread(d.pick), ...(d.flag ? { toAgentId: agent } : { toTeam: 'billing' }) });
          return;
        case 'accept':
          out.push({ ...base, type: 'thread.offer_accepted', threadId: thread(d.pick), agentId: agent });
          return;
        case 'decline':
          out.push({ ...base, type: 'thread.offer_declined', threadId: thread(d.pick), agentId: agent });
          return;
        case 'expire':
          out.push({ ...base, type: 'thread.offer_expired', threadId: thread(d.pick), agentId: agent, offeredAt: T0 + (d.pick % 300) * 60_000 });
          return;
        case 'escalate':
          out.push({ ...base, type: 'thread.escalated', threadId: thread(d.pick), targetIndex: d.pick2 % 3, enteredAt: base.occurredAt });
          return;
        case 'priority':
          out.push({ ...base, type: 'thread.priority_set', threadId: thread(d.pick), level: d.flag ? 'high' : null });
          return;
        case 'tag':
          out.push({ ...base, type: 'thread.tagged', threadId: thread(d.pick), add: [`tag${d.pick2 % 3}`], remove: d.flag ? [`tag${(d.pick2 + 1) % 3}`] : [] });
          return;
        case 'threadMerge':
          out.push({ ...base, type: 'thread.merged', threadId: thread(d.pick), intoThreadId: thread(d.pick2) });
          return;
        case 'split':
          if (messages.length === 0) return;
          out.push({ ...base, type: 'thread.split', threadId: thread(d.pick), messageIds: [messages[d.pick2 % messages.length]!.id] });
          sources.push(base.id);
          return;
        case 'handover':
          out.push({ ...base, type: 'thread.handover_requested', threadId: thread(d.pick), requestedBy: d.flag ? 'customer' : 'bot' });
          return;
        case 'note':
          out.push({ ...base, type: 'note.added', threadId: thread(d.pick), agentId: agent, text: `note ${i}` });
          return;
        case 'survey':
          out.push({ ...base, type: 'survey.answered', threadId: thread(d.pick), survey: 'csat', score: 1 + (d.pick2 % 5) });
          return;
        case 'edit':
        case 'delete':
        case 'delivery': {
          if (messages.length === 0) return;
          const m = messages[d.pick % messages.length]!;
          const target = { messageId: m.id, customer: m.ref };
          if (d.kind === 'edit') out.push({ ...base, type: 'message.edited', ...target, content: { text: `edited ${i}` } });
          else if (d.kind === 'delete') out.push({ ...base, type: 'message.deleted', ...target });
          else out.push({ ...base, type: 'message.delivery_updated', ...target, status: (['sent', 'delivered', 'read', 'failed'] as const)[d.pick2 % 4] });
          return;
        }
        case 'attributes':
          out.push({ ...base, type: 'customer.attributes_set', customer: ref, tier: d.flag ? 'gold' : 'standard', ...(d.pick % 2 ? { vip: d.flag } : {}), ...(d.pick2 % 3 === 0 ? { attributes: { plan: `p${d.pick % 3}` } } : {}) });
          return;
        case 'agent':
          out.push(
            d.flag
              ? { ...base, type: 'agent.status_changed', agentId: agent, status: (['online', 'away', 'offline'] as const)[d.pick % 3] }
              : { ...base, type: 'agent.profile_set', agentId: agent, skills: [], languages: ['en'], capacity: { email: 5, chat: 3, sms: 5 } },
          );
          return;
      }
    });
    return out;
  });
}
