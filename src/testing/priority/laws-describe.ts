import type { Thread, ThreadMessage } from '../../threading/types.js';
import type { PriorityContext } from '../../policies/priority/types.js';

/** An instant as ISO-8601 (or the raw number when it is not a valid time). */
export function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

const quote = (s: string, max = 60) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

function describeMessage(m: ThreadMessage): string {
  const who = m.author.type === 'agent' ? `agent ${m.author.agentId}` : m.author.type === 'bot' ? `bot ${m.author.botId}` : 'customer';
  const body = m.call ? `call ${m.call.status}` : m.text !== undefined ? quote(m.text) : '(no text)';
  return `${iso(m.occurredAt)} ${m.direction} ${m.channel} ${who}: ${body}`;
}

/**
 * A thread in a few readable lines: what a person needs to see a counterexample, not every field.
 *
 * @example
 * ```ts
 * describeThread(thread); // 'thread thr-8 [open] answer on chat, severity high, tags [outage], …'
 * ```
 */
export function describeThread(t: Thread): string {
  const facts = [
    `thread ${t.id} [${t.status}] answer on ${t.channel}${t.needsCallback ? ' (callback pending)' : ''}`,
    `severity ${t.severity ?? '(unset)'}`,
    t.priorityOverride ? `manual priority ${t.priorityOverride}` : undefined,
    `tags [${t.tags.join(', ')}]`,
    t.awaitingReplySince === undefined ? 'customer not waiting' : `customer waiting since ${iso(t.awaitingReplySince)}`,
    `created ${iso(t.createdAt)}, last activity ${iso(t.lastActivityAt)}`,
  ].filter((f): f is string => f !== undefined);
  const ms = t.messages;
  const shown = ms.length <= 5 ? ms : [...ms.slice(0, 3), ...ms.slice(-2)];
  const lines = shown.map((m, i) => `    ${i === 3 && ms.length > 5 ? `(… ${ms.length - 5} more)\n    ` : ''}${describeMessage(m)}`);
  return `${facts.join(', ')}\n  ${ms.length} message(s):\n${lines.join('\n')}`;
}

/**
 * A priority context in one line.
 *
 * @example
 * ```ts
 * describeContext({ now: 0, sla: { breached: true } }); // 'now 1970-01-01T00:00:00.000Z; no customer; sla: no deadline, breached'
 * ```
 */
export function describeContext(ctx: PriorityContext): string {
  const c = ctx.customer;
  const customer = c
    ? `customer ${c.id} (tier ${c.attributes.tier ?? '(none)'}${c.attributes.vip ? ', VIP' : ''})`
    : 'no customer';
  const sla = ctx.sla
    ? `sla: ${ctx.sla.nextDeadline === undefined ? 'no deadline' : `next deadline ${iso(ctx.sla.nextDeadline)}`}${ctx.sla.breached ? ', breached' : ''}`
    : 'no sla';
  return `now ${iso(ctx.now)}; ${customer}; ${sla}`;
}
