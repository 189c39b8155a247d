/**
 * Writes customer-side events the way each channel's webhook would deliver them: emails with real
 * Message-ID / In-Reply-To / References, Twilio SMS and WhatsApp (`SM…` ids, `whatsapp:+…` senders),
 * calls (`CA…`), web-chat sessions, Instagram DMs and public X mentions.
 */
import type { Channel, IdentityRef } from '../../events/primitives.js';
import type { EventInput } from '../../events/schemas.js';
import { DEMO_TENANT, iso } from './clock.js';
import type { Person } from './people.js';
import type { Random } from './random.js';
import type { DemoLanguage } from './texts.js';

/** One event of the script, and what the simulation needs to know about it. */
export interface ScriptedEvent {
  readonly at: number;
  readonly event: EventInput;
  /** Send only if the thread holding this message has no reply yet (a customer's "any update?"). */
  readonly unlessAnswered?: string;
}

/** What a customer message carries besides its text. */
export interface MessageExtras {
  readonly tags?: readonly string[];
  readonly campaign?: string;
  readonly severity?: 'high' | 'urgent';
  readonly unlessAnswered?: string;
}

/** A sent message, with what a reply to it needs. */
export interface Sent {
  readonly id: string;
  readonly channel: Channel;
  readonly identity: IdentityRef;
  readonly email?: { readonly messageId: string; readonly references: readonly string[]; readonly subject: string };
  readonly chatSession?: string;
}

export const SUPPORT_EMAIL = 'support@acme.example';
export const SUPPORT_NUMBER = '+82 2-3456-7890';
const INSTAGRAM_ACCOUNT = 'acme.store';

const base = { tenantId: DEMO_TENANT, schemaVersion: 2 } as const;

/**
 * Collects the script's events; every id and number comes from the seeded stream.
 *
 * @example
 * ```ts
 * import { localTime } from './clock.js';
 * import { makePeople, type Person } from './people.js';
 * import { createRandom } from './random.js';
 * const [person] = makePeople(createRandom(42, 1), 1) as [Person];
 * const b = new ScriptBuilder(createRandom(42));
 * const first = b.email(person, localTime(9), 'Order late', 'Where is it?');
 * b.email(person, localTime(10), '', 'Any update?', {}, first); // In-Reply-To / References to the first
 * ```
 */
export class ScriptBuilder {
  readonly events: ScriptedEvent[] = [];
  private chats = 0;

  constructor(private readonly rnd: Random) {}

  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.rnd.int(0, 15)];
    return s;
  }

  add(at: number, event: EventInput, unlessAnswered?: string): void {
    this.events.push({ at, event, ...(unlessAnswered === undefined ? {} : { unlessAnswered }) });
  }

  private message(at: number, id: string, channel: Channel, from: IdentityRef, payload: Record<string, unknown>, x: MessageExtras, language: DemoLanguage): void {
    const event = {
      ...base,
      id,
      type: 'message.received',
      occurredAt: iso(at),
      channel,
      from,
      language,
      ...payload,
      ...(x.tags?.length ? { tags: [...x.tags] } : {}),
      ...(x.campaign ? { campaign: x.campaign } : {}),
      ...(x.severity ? { severity: x.severity } : {}),
    } as EventInput;
    this.add(at, event, x.unlessAnswered);
  }

  /** An email; pass `replyTo` to answer an earlier message of the chain. */
  email(p: Person, at: number, subject: string, text: string, x: MessageExtras = {}, replyTo?: Sent): Sent {
    const domain = p.email.split('@')[1]!;
    const messageId = `<${this.hex(12)}.${this.hex(6)}@mail.${domain}>`;
    const references = replyTo?.email ? [...replyTo.email.references, replyTo.email.messageId] : [];
    const fullSubject = replyTo?.email ? `Re: ${replyTo.email.subject.replace(/^Re: /, '')}` : subject;
    const identity: IdentityRef = { kind: 'email', value: p.email };
    this.message(at, messageId, 'email', identity, {
      endpoint: SUPPORT_EMAIL,
      content: { subject: fullSubject, text },
      email: { messageId, ...(replyTo?.email ? { inReplyTo: replyTo.email.messageId, references } : {}) },
    }, x, p.language);
    return { id: messageId, channel: 'email', identity, email: { messageId, references, subject: fullSubject } };
  }

  /** A Twilio SMS, the sender as the carrier reports it (national for Korean numbers). */
  sms(p: Person, at: number, text: string, x: MessageExtras = {}): Sent {
    const id = `SM${this.hex(32)}`;
    const identity: IdentityRef = { kind: 'phone', value: p.phone };
    this.message(at, id, 'sms', identity, { endpoint: SUPPORT_NUMBER, content: { text } }, x, p.language);
    return { id, channel: 'sms', identity };
  }

  /** A WhatsApp message through Twilio: the sender is `whatsapp:+…`. */
  whatsapp(p: Person, at: number, text: string, x: MessageExtras = {}): Sent {
    const id = `SM${this.hex(32)}`;
    const identity: IdentityRef = { kind: 'whatsapp', value: `whatsapp:${p.e164}` };
    this.message(at, id, 'whatsapp', identity, { endpoint: `whatsapp:+8215881234`, content: { text } }, x, p.language);
    return { id, channel: 'whatsapp', identity };
  }

  /** A web-chat conversation: one session, several lines a minute or so apart. */
  chat(p: Person, at: number, lines: readonly string[], x: MessageExtras = {}): Sent {
    const sessionId = `sess-${this.hex(8)}`;
    const identity: IdentityRef = { kind: 'chat', visitorId: p.visitorId };
    let id = '';
    lines.forEach((text, i) => {
      id = `chat-${++this.chats}-${sessionId}`;
      this.message(at + i * this.rnd.int(40, 100) * 1000, id, 'chat', identity, { endpoint: 'web-chat', content: { text }, chat: { sessionId } }, i === 0 ? x : { ...x, tags: [] }, p.language);
    });
    return { id, channel: 'chat', identity, chatSession: sessionId };
  }

  /** An inbound call nobody picked up; with `voicemail`, its transcript. */
  call(p: Person, at: number, voicemail: string | undefined, x: MessageExtras = {}): Sent {
    const id = `CA${this.hex(32)}`;
    const identity: IdentityRef = { kind: 'phone', value: p.phone };
    const call = voicemail === undefined
      ? { callSid: id, direction: 'inbound', status: 'missed', durationSec: 0 }
      : { callSid: id, direction: 'inbound', status: 'voicemail', durationSec: this.rnd.int(15, 50), recordingUrl: `https://api.twilio.com/2010-04-01/Recordings/RE${this.hex(32)}` };
    this.message(at, id, 'call', identity, { endpoint: SUPPORT_NUMBER, content: voicemail === undefined ? {} : { text: voicemail }, call }, x, p.language);
    return { id, channel: 'call', identity };
  }

  /** A private Instagram DM (ids are scoped to the brand's account). */
  dm(p: Person, at: number, text: string, x: MessageExtras = {}): Sent {
    const id = `ig-mid.${this.hex(24)}`;
    const identity: IdentityRef = { kind: 'social', platform: 'instagram', id: p.social.id, scope: INSTAGRAM_ACCOUNT, handle: p.social.handle };
    this.message(at, id, 'social', identity, {
      endpoint: INSTAGRAM_ACCOUNT,
      content: { text },
      social: { platform: 'instagram', conversationId: `ig-conv-${p.social.id}`, visibility: 'private' },
    }, x, p.language);
    return { id, channel: 'social', identity };
  }

  /** A public mention on X. */
  mention(p: Person, at: number, text: string, x: MessageExtras = {}): Sent {
    const id = `${this.rnd.int(1, 9)}${this.rnd.digits(18)}`;
    const identity: IdentityRef = { kind: 'social', platform: 'x', id: p.social.id, handle: `@${p.social.handle}` };
    this.message(at, id, 'social', identity, { endpoint: '@acme_help', content: { text }, social: { platform: 'x', postId: id, visibility: 'public' } }, x, p.language);
    // Social listening knows the handle, not the person.
    this.add(at + 1000, { ...base, id: `crm-${p.key}-${at}`, type: 'customer.attributes_set', occurredAt: iso(at + 1000), customer: identity, name: `@${p.social.handle}` });
    return { id, channel: 'social', identity };
  }

  /** The CRM knows this person: name, language, region, and tier / VIP when they have one. */
  attributes(p: Person, at: number, customer: IdentityRef, extra: { tier?: string; vip?: boolean } = {}): void {
    this.add(at, {
      ...base,
      id: `crm-${p.key}-${at}`,
      type: 'customer.attributes_set',
      occurredAt: iso(at),
      customer,
      name: p.name,
      language: p.language,
      region: p.phoneRegion,
      ...extra,
    });
  }

  /** `identity` belongs to the customer holding `to`: the two profiles merge. */
  link(p: Person, at: number, identity: IdentityRef, to: IdentityRef, verified: boolean): void {
    this.add(at, { ...base, id: `link-${p.key}-${at}`, type: 'identity.linked', occurredAt: iso(at), identity, to, verified });
  }
}
