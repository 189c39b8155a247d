/**
 * The agents' side of the day, written as it happens: the engine routes a thread, its agent answers
 * some minutes later (if online), then the customer writes back, or the agent resolves it or waits
 * on the customer; resolved threads sometimes get a survey. Agents who log off hand their open
 * threads back. Every choice comes from a hash of the seed and the thread, so it does not depend on
 * the order threads are looked at.
 */
import type { Channel, IdentityRef } from '../../events/primitives.js';
import type { EventInput } from '../../events/schemas.js';
import type { Engine } from '../../engine/engine.js';
import type { Thread } from '../../threading/types.js';
import { DEMO_AGENTS } from './agents.js';
import { MINUTE, iso } from './clock.js';
import { hashOf } from './random.js';
import { OUTAGE } from './scenario.js';
import { AGENT_FOLLOW_UP, AGENT_OUTAGE_REPLY, AGENT_REPLY, CUSTOMER_REPLIES, type DemoLanguage } from './texts.js';

/** How to answer a message: where it came from and the channel's threading hints. */
interface ReplyTarget {
  readonly channel: Channel;
  readonly identity: IdentityRef;
  readonly email?: { readonly messageId: string; readonly references: readonly string[]; readonly subject: string };
  readonly chatSession?: string;
  readonly social?: { readonly platform: string; readonly conversationId?: string; readonly postId?: string; readonly visibility: 'public' | 'private' };
}

/** An agent's reply as planned, for what follows it. */
interface Reply {
  readonly id: string;
  readonly at: number;
  readonly target: ReplyTarget;
  readonly email?: ReplyTarget['email'];
}

interface Planned {
  readonly at: number;
  readonly event: EventInput;
  /** Checked just before sending: the plan may no longer fit the thread. */
  readonly stillFits: (engine: Engine) => boolean;
}

const LANGUAGES = ['en', 'ko', 'de'] as const;
const asLanguage = (l: string | undefined): DemoLanguage => (LANGUAGES as readonly string[]).includes(l ?? '') ? (l as DemoLanguage) : 'en';

/** Minutes an agent takes to answer, by channel: [least, most]. */
const REPLY_MINUTES: Readonly<Record<Channel, readonly [number, number]>> = {
  chat: [1, 4], call: [6, 20], sms: [4, 20], whatsapp: [4, 20], social: [5, 25], email: [10, 50],
};

/**
 * Plans and writes the agents' (and the customers' answering) events.
 *
 * @example
 * ```ts
 * const desk = new Desk(42, 'acme');
 * // every step: desk.note(e) for each event ingested, then after advanceTo(now):
 * desk.plan(engine, now, 5 * 60_000);
 * const next = desk.due(now + 5 * 60_000, engine); // the agents' events of the next step
 * ```
 */
export class Desk {
  private planned: Planned[] = [];
  private readonly targets = new Map<string, ReplyTarget>();
  private readonly handedBack = new Set<string>();

  constructor(
    private readonly seed: number,
    private readonly tenantId: string,
  ) {}

  private roll(key: string, n: number): number {
    return hashOf(key, this.seed) % n;
  }

  private between(key: string, [lo, hi]: readonly [number, number]): number {
    return lo + this.roll(key, hi - lo + 1);
  }

  private hex(key: string, length: number): string {
    let out = '';
    for (let i = 0; out.length < length; i++) out += hashOf(`${key}#${i}`, this.seed).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  /** Remembers how to answer each customer message that goes into the engine. */
  note(event: EventInput): void {
    if (event.type !== 'message.received') return;
    const e = event as Extract<EventInput, { type: 'message.received' }>;
    const messageId = e.email?.messageId;
    const social = e.social;
    this.targets.set(e.id, {
      channel: e.channel,
      identity: e.from,
      ...(messageId === undefined
        ? {}
        : { email: { messageId, references: e.email?.references ?? (e.email?.inReplyTo ? [e.email.inReplyTo] : []), subject: e.content?.subject ?? '' } }),
      ...(e.chat?.sessionId === undefined ? {} : { chatSession: e.chat.sessionId }),
      ...(social === undefined
        ? {}
        : { social: { platform: social.platform ?? 'instagram', ...(social.conversationId ? { conversationId: social.conversationId } : {}), ...(social.postId ? { postId: social.postId } : {}), visibility: social.visibility ?? 'private' } }),
    });
  }

  /** Planned events due by `now` that still make sense, in time order. */
  due(now: number, engine: Engine): EventInput[] {
    const ready = this.planned.filter((p) => p.at <= now);
    this.planned = this.planned.filter((p) => p.at > now);
    return ready.sort((a, b) => a.at - b.at || (a.event.id < b.event.id ? -1 : 1)).filter((p) => p.stillFits(engine)).map((p) => p.event);
  }

  /** Looks at the engine after time `now` and plans what agents do before `now + step`. */
  plan(engine: Engine, now: number, step: number): void {
    const online = new Set(engine.agents({ tenantId: this.tenantId }).filter((a) => a.status === 'online').map((a) => a.id));
    for (const thread of engine.threads({ tenantId: this.tenantId, status: ['open', 'pending'] })) {
      const agent = thread.assignee;
      if (agent === undefined) continue;
      if (!online.has(agent)) {
        this.handBack(engine, thread, agent, now);
        continue;
      }
      if (thread.status !== 'open' || thread.awaitingReplySince === undefined) continue;
      const round = thread.messages.filter((m) => m.author.type === 'agent').length;
      const key = `${thread.id}:${thread.messages.length}`;
      const busy = thread.awaitingReplySince < OUTAGE.to + 45 * MINUTE && thread.awaitingReplySince > OUTAGE.from - 15 * MINUTE ? 2 : 1;
      const dueAt = Math.max(thread.awaitingReplySince, thread.assignedAt ?? 0) + busy * this.between(key, REPLY_MINUTES[thread.channel]) * MINUTE + this.roll(`${key}s`, 60) * 1000;
      if (dueAt > now + step) continue;
      const reply = this.reply(thread, agent, Math.max(dueAt, now + 1000), round);
      // What follows a reply goes in a later batch than the reply, so its check sees the reply.
      if (reply) this.afterReply(thread, agent, reply, round, now + step + 1000);
    }
  }

  /** An agent who went offline hands their open threads back to the queue. */
  private handBack(engine: Engine, thread: Thread, agent: string, now: number): void {
    const key = `${thread.id}:${thread.assignments}`;
    if (this.handedBack.has(key) || engine.agent(this.tenantId, agent)?.status !== 'offline') return;
    this.handedBack.add(key);
    const name = DEMO_AGENTS.find((a) => a.id === agent)?.name ?? agent;
    this.push(now + 1000, { id: `handback-${key}`, type: 'thread.unassigned', threadId: thread.id, reason: `${name} went offline` }, () => true);
  }

  private push(at: number, body: Record<string, unknown>, stillFits: (engine: Engine) => boolean): void {
    const event = { tenantId: this.tenantId, schemaVersion: 2, occurredAt: iso(at), ...body } as EventInput;
    this.planned.push({ at, event, stillFits });
  }

  private reply(thread: Thread, agent: string, at: number, round: number): Reply | undefined {
    const lastIn = [...thread.messages].reverse().find((m) => m.direction === 'inbound');
    const target = lastIn && this.targets.get(lastIn.id);
    if (!target) return undefined;
    const speaks = DEMO_AGENTS.find((a) => a.id === agent)?.languages.includes(asLanguage(thread.language)) ?? false;
    const lang = speaks ? asLanguage(thread.language) : 'en';
    const text = (round > 0 ? AGENT_FOLLOW_UP : thread.tags.includes('outage') ? AGENT_OUTAGE_REPLY : AGENT_REPLY)[lang];
    const key = `${thread.id}:reply:${thread.messages.length}`;
    const channel = target.channel;
    let id = `${channel}-out-${this.hex(key, 16)}`;
    const payload: Record<string, unknown> = {};
    let email: ReplyTarget['email'];
    if (target.email) {
      id = `<${this.hex(key, 12)}@support.acme.example>`;
      const references = [...target.email.references, target.email.messageId];
      const base = target.email.subject.replace(/^Re: /, '');
      const subject = `Re: ${base}${base.includes(`[#${thread.ref}]`) ? '' : ` [#${thread.ref}]`}`;
      email = { messageId: id, references, subject };
      payload['email'] = { messageId: id, inReplyTo: target.email.messageId, references };
      payload['content'] = { subject, text };
    } else payload['content'] = { text };
    if (target.chatSession) payload['chat'] = { sessionId: target.chatSession };
    if (target.social) {
      const s = target.social;
      payload['social'] = { platform: s.platform, visibility: s.visibility, ...(s.conversationId ? { conversationId: s.conversationId } : {}), ...(s.postId ? { inReplyTo: s.postId } : {}) };
    }
    if (channel === 'call') {
      payload['call'] = { callSid: `CA${this.hex(key, 32)}`, direction: 'outbound', status: 'answered', durationSec: 60 + this.roll(`${key}d`, 400) };
      payload['content'] = { text: 'Called the customer back.' };
    }
    const to = target.identity;
    if (channel === 'call' && to.kind !== 'phone') return undefined;
    this.push(at, { id, type: 'message.sent', channel, to, author: { type: 'agent', agentId: agent }, threadId: thread.id, ...payload }, (engine) => {
      const t = engine.thread(thread.id);
      return t?.assignee === agent && t.awaitingReplySince !== undefined;
    });
    return { id, at, target, ...(email ? { email } : {}) };
  }

  /** After a reply: the customer answers, or the agent resolves, or waits on the customer. */
  private afterReply(thread: Thread, agent: string, reply: Reply, round: number, notBefore: number): void {
    const key = `${thread.id}:after:${round}`;
    const later = (at: number) => Math.max(at, notBefore);
    const roll = this.roll(key, 100);
    const channel = reply.target.channel;
    const live = channel === 'chat';
    if (thread.tags.includes('outage') && round === 0) {
      // Fixed at the end of the outage: the agent confirms and resolves.
      return this.resolve(thread, agent, later(Math.max(OUTAGE.to + this.between(key, [15, 40]) * MINUTE, reply.at + 5 * MINUTE)), key);
    }
    if (channel === 'call') return this.resolve(thread, agent, later(reply.at + this.between(key, [5, 12]) * MINUTE), key);
    const answers = round === 0 ? (live ? 60 : channel === 'social' && reply.target.social?.visibility === 'public' ? 0 : 35) : round === 1 ? 15 : 0;
    if (roll < answers) return this.customerAnswers(thread, reply, key, live ? [1, 3] : [15, 90], notBefore);
    if (roll < answers + (round === 0 ? 45 : 75)) return this.resolve(thread, agent, later(reply.at + this.between(key, live ? [2, 5] : [5, 30]) * MINUTE), key);
    if (roll < 92) {
      this.push(later(reply.at + MINUTE), { id: `pending-${key}`, type: 'thread.status_changed', threadId: thread.id, status: 'pending', by: { type: 'agent', id: agent } }, (e) => {
        const t = e.thread(thread.id);
        return t?.status === 'open' && t.awaitingReplySince === undefined;
      });
    }
  }

  private resolve(thread: Thread, agent: string, at: number, key: string): void {
    this.push(at, { id: `resolve-${key}`, type: 'thread.status_changed', threadId: thread.id, status: 'resolved', by: { type: 'agent', id: agent } }, (e) => {
      const t = e.thread(thread.id);
      return (t?.status === 'open' || t?.status === 'pending') && t.awaitingReplySince === undefined;
    });
    const roll = this.roll(`${key}:survey`, 100);
    if (roll >= 45) return;
    const outage = thread.tags.includes('outage');
    const nps = roll % 5 === 0;
    const scores = nps ? [10, 9, 9, 8, 7, 6, 3] : outage ? [1, 2, 2, 3, 4] : [5, 5, 4, 4, 5, 3];
    const score = scores[this.roll(`${key}:score`, scores.length)]!;
    this.push(at + this.between(`${key}:later`, [20, 90]) * MINUTE, { id: `survey-${key}`, type: 'survey.answered', threadId: thread.id, survey: nps ? 'nps' : 'csat', score }, (e) => e.thread(thread.id)?.status === 'resolved');
  }

  private customerAnswers(thread: Thread, reply: Reply, key: string, minutes: readonly [number, number], notBefore: number): void {
    const at = Math.max(notBefore, reply.at + this.between(key, minutes) * MINUTE + this.roll(`${key}s`, 50) * 1000);
    const t = reply.target;
    const text = CUSTOMER_REPLIES[this.roll(`${key}:text`, CUSTOMER_REPLIES.length)]![asLanguage(thread.language)];
    let id = `${t.channel}-in-${this.hex(key, 16)}`;
    const payload: Record<string, unknown> = { content: { text } };
    if (t.channel === 'sms' || t.channel === 'whatsapp') id = `SM${this.hex(key, 32)}`;
    if (reply.email && t.identity.kind === 'email') {
      const domain = t.identity.value.split('@')[1] ?? 'mail.example';
      id = `<${this.hex(key, 12)}.${this.hex(`${key}b`, 6)}@mail.${domain}>`;
      payload['email'] = { messageId: id, inReplyTo: reply.email.messageId, references: [...reply.email.references, reply.email.messageId] };
      payload['content'] = { subject: reply.email.subject, text };
    }
    if (t.chatSession) payload['chat'] = { sessionId: t.chatSession };
    if (t.social) payload['social'] = { platform: t.social.platform, visibility: t.social.visibility, ...(t.social.conversationId ? { conversationId: t.social.conversationId } : {}) };
    const event = { tenantId: this.tenantId, schemaVersion: 2, id, type: 'message.received', occurredAt: iso(at), channel: t.channel, from: t.identity, language: asLanguage(thread.language), ...payload } as EventInput;
    // Only if the agent's reply was really sent.
    this.planned.push({ at, event, stillFits: (e) => e.thread(thread.id)?.messages.some((m) => m.id === reply.id) === true });
  }
}
