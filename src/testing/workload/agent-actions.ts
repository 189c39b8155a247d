import type { EventInput } from '../../events/schemas.js';
import {
  RING_CHAT,
  RING_EMAIL,
  RING_SMS,
  RING_WHATSAPP,
  type SentInput,
  type WorkloadContext,
  type WorkloadEvent,
  messageId,
  type TenantStrings,
  dmConversationId,
  tenantOfCustomer,
} from './context.js';
import { chatSessionId } from './customer-messages.js';
import { CHAT, EMAIL, PHONE, WHATSAPP } from './population.js';
import { intBelow, pick } from './prng.js';
import { AGENT_EMAIL_TEXTS, AGENT_SHORT_TEXTS, BOT_TEXTS } from './texts.js';

type ProfileInput = Extract<EventInput, { type: 'agent.profile_set' }>;

const SKILLS = ['billing', 'refunds', 'technical', 'shipping', 'returns', 'account', 'vip'] as const;
const LANGUAGES = ['de', 'es', 'fr'] as const;
const REGIONS = ['us-east', 'us-west', 'eu-central'] as const;
const TEAMS = ['tier1', 'tier2', 'billing', 'social'] as const;
const AGENT_NAMES = ['Sam', 'Riley', 'Jordan', 'Avery', 'Morgan', 'Casey', 'Taylor', 'Jamie'] as const;

function agentId(ctx: WorkloadContext): string {
  return `agent-${1 + intBelow(ctx.rnd, ctx.options.agents)}`;
}

/**
 * One agent's profile: skills with levels, languages, region, teams and per-channel capacity
 * (some agents take no calls; a few are senior). Emitted once per agent at the start.
 */
export function agentProfile(ctx: WorkloadContext, i: number, t: number, tenantIndex: number, agentNo: number): ProfileInput {
  const { rnd } = ctx;
  const skills = new Map<string, number>();
  const nSkills = 1 + intBelow(rnd, 3);
  while (skills.size < nSkills) skills.set(pick(rnd, SKILLS), 3 + intBelow(rnd, 8));
  const languages = ['en'];
  if (rnd() < 0.3) languages.push(pick(rnd, LANGUAGES));
  const takesCalls = rnd() < 0.6;
  return {
    id: `ap-${i}`, tenantId: ctx.tenantIds[tenantIndex] ?? 'acme', type: 'agent.profile_set', schemaVersion: 2, occurredAt: t,
    agentId: `agent-${agentNo}`,
    name: `${pick(rnd, AGENT_NAMES)} ${agentNo}`,
    skills: [...skills].map(([name, level]) => ({ name, level })),
    languages,
    region: pick(rnd, REGIONS),
    teams: [pick(rnd, TEAMS)],
    capacity: takesCalls
      ? { email: 10, sms: 5, whatsapp: 5, chat: 3, social: 5, call: 1 }
      : { email: 10 + intBelow(rnd, 10), sms: 5, whatsapp: 5, chat: 2 + intBelow(rnd, 3), social: 5 },
    ...(takesCalls ? { exclusive: { call: ['chat' as const] } } : {}),
    senior: rnd() < 0.15,
  };
}

export function agentStatus(ctx: WorkloadContext, i: number, t: number): WorkloadEvent {
  const { rnd } = ctx;
  const u = rnd();
  return {
    id: `agst-${i}`, tenantId: pick(rnd, ctx.tenantIds), type: 'agent.status_changed', schemaVersion: 2, occurredAt: t,
    agentId: agentId(ctx), status: u < 0.6 ? 'online' : u < 0.85 ? 'away' : 'offline',
  };
}

/**
 * An agent (or, on chat, sometimes a bot) answering a recent customer message on the same channel.
 * No `threadId`: like most integrations, the producer only knows whom it wrote to. Falls back to
 * an agent status change before anyone has written in.
 */
export function agentAction(ctx: WorkloadContext, i: number, t: number): WorkloadEvent {
  const { rnd, recent, population: pop } = ctx;
  if (recent.size === 0 || rnd() < 0.15) return agentStatus(ctx, i, t);
  const slot = recent.pickSlot(rnd);
  const c = recent.customerAt(slot);
  const ring = recent.channelAt(slot);
  const tenant = tenantOfCustomer(ctx, c);
  const tenantId = tenant.id;
  const author = { type: 'agent' as const, agentId: agentId(ctx) };
  if (ring === RING_EMAIL) return agentEmail(ctx, i, t, c, tenant, author);
  if (ring === RING_SMS || ring === RING_WHATSAPP) {
    const wa = ring === RING_WHATSAPP;
    return {
      id: `out-${i}`, tenantId, type: 'message.sent', schemaVersion: 2, occurredAt: t,
      channel: wa ? 'whatsapp' : 'sms', endpoint: wa ? tenant.whatsappNumber : tenant.number,
      to: pop.identity(c, wa ? WHATSAPP : PHONE), author, content: { text: pick(rnd, AGENT_SHORT_TEXTS) },
    };
  }
  if (ring === RING_CHAT) {
    const bot = rnd() < 0.25;
    return {
      id: `out-${i}`, tenantId, type: 'message.sent', schemaVersion: 2, occurredAt: t,
      channel: 'chat', endpoint: 'web-widget', to: pop.identity(c, CHAT),
      author: bot ? { type: 'bot', botId: 'bot-ava', name: 'Ava (virtual assistant)' } : author,
      content: { text: bot ? pick(rnd, BOT_TEXTS) : pick(rnd, AGENT_SHORT_TEXTS) },
      chat: { sessionId: chatSessionId(ctx, c, false) },
    };
  }
  const to = pop.social(c);
  return {
    id: `out-${i}`, tenantId, type: 'message.sent', schemaVersion: 2, occurredAt: t,
    channel: 'social', endpoint: tenant.social[to.platform] ?? to.platform, to, author,
    content: { text: pick(rnd, AGENT_SHORT_TEXTS) },
    social: { platform: to.platform, conversationId: dmConversationId(to.platform, c), visibility: 'private' },
  };
}

type AgentAuthor = { type: 'agent'; agentId: string };

function agentEmail(ctx: WorkloadContext, i: number, t: number, c: number, tenant: TenantStrings, author: AgentAuthor): SentInput {
  const { threads } = ctx;
  const mid = messageId(ctx, i, tenant.mailDomain);
  const event: SentInput = {
    id: `out-${i}`, tenantId: tenant.id, type: 'message.sent', schemaVersion: 2, occurredAt: t,
    channel: 'email', endpoint: tenant.support, to: ctx.population.identity(c, EMAIL), author,
    content: { subject: threads.replySubject(c, 'Re: '), text: pick(ctx.rnd, AGENT_EMAIL_TEXTS) },
    email: { messageId: mid, inReplyTo: threads.lastMessageId(c), references: threads.references(c) },
  };
  threads.append(c, mid);
  return event;
}

/**
 * Identity events: mostly `identity.linked` (another identity of a customer, e.g. their phone,
 * linked to their email, or to their first identity if they have no email; a CRM id when they have
 * only one identity), and one in fifty a `customer.merged` of two customers of the
 * same tenant found to be one person.
 */
export function identityEvent(ctx: WorkloadContext, i: number, t: number): WorkloadEvent {
  const { rnd, population: pop } = ctx;
  const c = pop.pickAny(rnd);
  const tenantId = tenantOfCustomer(ctx, c).id;
  const anchor = pop.anchorKind(c);
  const primary = pop.identity(c, anchor);
  if (rnd() < 0.02) {
    const sameTenant = Math.floor(pop.size / pop.tenants);
    if (sameTenant >= 2) {
      const other = (c + pop.tenants * (1 + intBelow(rnd, sameTenant - 1))) % (sameTenant * pop.tenants);
      if (other !== c && pop.tenantOf(other) === pop.tenantOf(c)) {
        return {
          id: `merge-${i}`, tenantId, type: 'customer.merged', schemaVersion: 2, occurredAt: t,
          source: pop.identity(other, pop.anchorKind(other)), target: primary,
        };
      }
    }
  }
  const second = pop.otherKind(c, anchor, rnd);
  const identity = second >= 0 ? pop.identity(c, second) : { kind: 'external' as const, system: 'crm', id: `crm-${c}` };
  return {
    id: `link-${i}`, tenantId, type: 'identity.linked', schemaVersion: 2, occurredAt: t,
    identity, to: primary, verified: rnd() < 0.8,
  };
}
