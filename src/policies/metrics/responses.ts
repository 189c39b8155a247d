/**
 * Reply cycles of one thread, read from its messages: when the customer started waiting and when
 * someone answered. The first cycle is the fold's own `firstInboundAt` → `firstResponseAt`.
 */
import type { ThreadMessage } from '../../threading/types.js';

/** `[waitingSince, answeredAt]`, epoch ms. */
export type Span = readonly [from: number, to: number];

export interface ReplyCycles {
  /** First customer message → first reply by an agent or a bot, or a call answered live. */
  readonly first?: Span;
  /** The same, where only agents (and answered calls) count as a reply. */
  readonly firstHuman?: Span;
  /** Every later cycle that ended with a reply, oldest first. */
  readonly next: readonly Span[];
}


/** Someone picked up: the customer was answered on the spot (as the fold reads it). */
export function isAnsweredCall(m: ThreadMessage): boolean {
  return m.direction === 'inbound' && m.channel === 'call' && m.call?.status === 'answered';
}

function isReply(m: ThreadMessage, humansOnly: boolean): boolean {
  if (isAnsweredCall(m)) return true;
  if (m.direction !== 'outbound') return false;
  return m.author.type === 'agent' || (!humansOnly && m.author.type === 'bot');
}

/** The first reply after the first customer message, and the index of the message that gave it. */
function firstCycle(messages: readonly ThreadMessage[], humansOnly: boolean): { span: Span; index: number } | undefined {
  let since: number | undefined;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.direction === 'inbound') since ??= m.occurredAt;
    // An outbound message before any customer message (outreach) answers nobody.
    if (since !== undefined && isReply(m, humansOnly)) return { span: [since, m.occurredAt], index: i };
  }
  return undefined;
}

/**
 * Reply cycles. After the first response, a customer message that arrives while nobody owes an
 * answer starts a cycle; later customer messages join it; the next reply ends it and is measured.
 * A resolution (entry into resolved or closed, `doneAt`) strictly after the cycle started ends it
 * unmeasured — nobody replied — unless a reply comes at that very instant. A call answered live
 * answers a waiting cycle but never starts one. The first cycle ignores resolutions, like the fold's
 * `firstResponseAt` and Zendesk's first reply time: it is the first reply, whenever it comes.
 */
export function replyCycles(messages: readonly ThreadMessage[], doneAt: readonly number[]): ReplyCycles {
  const first = firstCycle(messages, false);
  const human = firstCycle(messages, true);
  const next: Span[] = [];
  let waiting: number | undefined;
  for (let i = (first?.index ?? messages.length) + 1; i < messages.length; i++) {
    const m = messages[i]!;
    const reply = isReply(m, false);
    if (waiting !== undefined) {
      const since = waiting;
      const done = doneAt.find((d) => d > since);
      if (done !== undefined && (done < m.occurredAt || (done === m.occurredAt && !reply))) waiting = undefined;
    }
    if (reply) {
      if (waiting !== undefined) next.push([waiting, m.occurredAt]);
      waiting = undefined;
    } else if (m.direction === 'inbound') {
      waiting ??= m.occurredAt;
    }
  }
  return { ...(first ? { first: first.span } : {}), ...(human ? { firstHuman: human.span } : {}), next };
}
