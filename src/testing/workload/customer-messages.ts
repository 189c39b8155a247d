import {
  RING_CHAT,
  RING_EMAIL,
  RING_SMS,
  RING_SOCIAL,
  RING_WHATSAPP,
  type ReceivedInput,
  type WorkloadContext,
  dmConversationId,
  messageId,
  replyPrefix,
  tenantOfCustomer,
} from './context.js';
import { CHAT, EMAIL, PHONE, SOCIAL, WHATSAPP } from './population.js';
import { intBelow, pick } from './prng.js';
import {
  CHAT_TEXTS,
  EMAIL_SUBJECTS,
  EMAIL_TEXTS,
  SMS_TEXTS,
  SOCIAL_TEXTS,
  VOICEMAIL_TEXTS,
  fillSubject,
  flat,
} from './texts.js';

/**
 * Adds the optional signals of a customer message: a non-English language tag, and urgency flagged
 * by a few customers (priority policies need some signal to work with). Builders write the rest as
 * one object literal: spreading a shared base into each event costs a second allocation and a slow
 * property copy per event.
 */
function withSignals(ctx: WorkloadContext, c: number, event: ReceivedInput): ReceivedInput {
  const language = ctx.population.language(c);
  if (language !== undefined) event.language = language;
  const u = ctx.rnd();
  if (u < 0.01) event.severity = 'urgent';
  else if (u < 0.04) event.severity = 'high';
  return event;
}

function tenant(ctx: WorkloadContext, c: number): string {
  return tenantOfCustomer(ctx, c).id;
}

/**
 * A customer email: a new conversation, or a reply carrying In-Reply-To and References to the
 * customer's earlier messages. Some clients drop References, and a few drop both headers so only
 * the subject (and its `[#1234]` ticket tag) is left to thread on.
 */
export function customerEmail(ctx: WorkloadContext, i: number, t: number): ReceivedInput {
  const { rnd, population: pop, threads } = ctx;
  const c = pop.pickWith(rnd, EMAIL);
  const mid = messageId(ctx, i, pop.mailDomain(c));
  const text = pick(rnd, EMAIL_TEXTS);
  const endpoint = tenantOfCustomer(ctx, c).support;
  const from = pop.identity(c, EMAIL);
  let subject: string;
  let email: NonNullable<ReceivedInput['email']>;
  if (!threads.has(c) || rnd() < 0.35) {
    subject = fillSubject(pick(rnd, EMAIL_SUBJECTS), 10_000 + intBelow(rnd, 90_000));
    threads.start(c, subject, mid, rnd() < 0.4);
    email = { messageId: mid };
  } else {
    subject = threads.replySubject(c, replyPrefix(ctx));
    const inReplyTo = threads.lastMessageId(c);
    const u = rnd();
    email =
      u < 0.03 ? { messageId: mid }
      : u < 0.08 ? { messageId: mid, inReplyTo }
      : { messageId: mid, inReplyTo, references: threads.references(c) };
    threads.append(c, mid);
  }
  ctx.recent.push(c, RING_EMAIL);
  return withSignals(ctx, c, {
    id: `em-${i}`, tenantId: tenant(ctx, c), type: 'message.received', schemaVersion: 2, occurredAt: t,
    channel: 'email', endpoint, from, content: { subject, text }, email,
  });
}

/** SMS and WhatsApp differ only in these: the customer's identity, our number, the id prefix. */
const PHONE_CHANNELS = {
  sms: { identity: PHONE, ring: RING_SMS, prefix: 'sms', endpoint: (ctx: WorkloadContext, c: number) => tenantOfCustomer(ctx, c).number },
  whatsapp: { identity: WHATSAPP, ring: RING_WHATSAPP, prefix: 'wa', endpoint: (ctx: WorkloadContext, c: number) => tenantOfCustomer(ctx, c).whatsappNumber },
} as const;

function customerPhoneMessage(channel: keyof typeof PHONE_CHANNELS, ctx: WorkloadContext, i: number, t: number): ReceivedInput {
  const { rnd, population: pop } = ctx;
  const how = PHONE_CHANNELS[channel];
  const c = pop.pickWith(rnd, how.identity);
  ctx.recent.push(c, how.ring);
  return withSignals(ctx, c, {
    id: `${how.prefix}-${i}`, tenantId: tenant(ctx, c), type: 'message.received', schemaVersion: 2, occurredAt: t,
    channel, endpoint: how.endpoint(ctx, c), from: pop.identity(c, how.identity), content: { text: pick(rnd, SMS_TEXTS) },
  });
}

export function customerSms(ctx: WorkloadContext, i: number, t: number): ReceivedInput {
  return customerPhoneMessage('sms', ctx, i, t);
}

export function customerWhatsapp(ctx: WorkloadContext, i: number, t: number): ReceivedInput {
  return customerPhoneMessage('whatsapp', ctx, i, t);
}

/** The chat session a customer writes in: usually the current one, sometimes a new one. */
export function chatSessionId(ctx: WorkloadContext, c: number, mayStartNew: boolean): string {
  const sessions = ctx.chatSessions;
  if ((sessions[c] ?? 0) === 0 || (mayStartNew && ctx.rnd() < 0.25)) sessions[c] = (sessions[c] ?? 0) + 1;
  return `cs-${c.toString(36)}-${sessions[c] ?? 1}`;
}

export function customerChat(ctx: WorkloadContext, i: number, t: number): ReceivedInput {
  const { rnd, population: pop } = ctx;
  const c = pop.pickWith(rnd, CHAT);
  ctx.recent.push(c, RING_CHAT);
  return withSignals(ctx, c, {
    id: `chat-${i}`, tenantId: tenant(ctx, c), type: 'message.received', schemaVersion: 2, occurredAt: t,
    channel: 'chat', endpoint: 'web-widget', from: pop.identity(c, CHAT), content: { text: pick(rnd, CHAT_TEXTS) }, chat: { sessionId: chatSessionId(ctx, c, true) },
  });
}

/** An inbound call: answered, missed, or left as a voicemail (with a recording and a transcript). */
export function customerCall(ctx: WorkloadContext, i: number, t: number): ReceivedInput {
  const { rnd, population: pop } = ctx;
  const c = pop.pickWith(rnd, PHONE);
  const callSid = flat(`CA${i.toString(16).padStart(32, '0')}`);
  const u = rnd();
  const voicemail = u >= 0.85;
  const event: ReceivedInput = {
    id: `call-${i}`, tenantId: tenant(ctx, c), type: 'message.received', schemaVersion: 2, occurredAt: t, channel: 'call',
    endpoint: tenantOfCustomer(ctx, c).number, from: pop.identity(c, PHONE), content: voicemail ? { text: pick(rnd, VOICEMAIL_TEXTS) } : {},
    call: u < 0.65
      ? { callSid, direction: 'inbound', status: 'answered', durationSec: 30 + intBelow(rnd, 1200) }
      : !voicemail
        ? { callSid, direction: 'inbound', status: 'missed', durationSec: 0 }
        : {
            callSid, direction: 'inbound', status: 'voicemail', durationSec: 5 + intBelow(rnd, 90),
            recordingUrl: flat(`https://recordings.example/${callSid}.mp3`), transcriptRef: flat(`transcript-${callSid}`),
          },
  };
  return withSignals(ctx, c, event);
}

/** A private message in the customer's DM conversation, or (one in five) a public mention on a post. */
export function customerSocial(ctx: WorkloadContext, i: number, t: number): ReceivedInput {
  const { rnd, population: pop } = ctx;
  const c = pop.pickWith(rnd, SOCIAL);
  const from = pop.social(c);
  const { platform } = from;
  const isPublic = rnd() < 0.2;
  if (!isPublic) ctx.recent.push(c, RING_SOCIAL);
  return withSignals(ctx, c, {
    id: `soc-${i}`, tenantId: tenant(ctx, c), type: 'message.received', schemaVersion: 2, occurredAt: t,
    channel: 'social', endpoint: tenantOfCustomer(ctx, c).social[platform] ?? platform, from, content: { text: pick(rnd, SOCIAL_TEXTS) },
    social: isPublic
      ? { platform, postId: `post-${(i >>> 6).toString(36)}`, visibility: 'public' }
      : { platform, conversationId: dmConversationId(platform, c), visibility: 'private' },
  });
}
