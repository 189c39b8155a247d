import type { EventInput } from '../../events/schemas.js';
import type { ResolvedWorkloadOptions } from './options.js';
import { Population, tenantName } from './population.js';
import { type Random, denseArray, deriveSeed, mulberry32, pick } from './prng.js';
import { REPLY_PREFIXES, flat } from './texts.js';

/** A raw event as the workload produces it: JSON-ready, validated by `parseEvent`. */
export type WorkloadEvent = EventInput;
export type ReceivedInput = Extract<EventInput, { type: 'message.received' }>;
export type SentInput = Extract<EventInput, { type: 'message.sent' }>;

/** RFC 5322 suggests keeping the first and the latest ids when a References header grows long. */
const MAX_REFERENCES = 20;

/**
 * The email conversation each customer is in: its base subject, the Message-IDs so far (what the
 * next reply's References carries) and an optional helpdesk ticket number for `[#1234]` subjects.
 */
export class EmailThreads {
  private readonly subjects: (string | undefined)[];
  private readonly refs: (string[] | undefined)[];
  private readonly tickets: Int32Array;
  private nextTicket = 1000;

  constructor(customers: number) {
    this.subjects = denseArray<string>(customers);
    this.refs = denseArray<string[]>(customers);
    this.tickets = new Int32Array(customers);
  }

  has(c: number): boolean {
    return this.subjects[c] !== undefined;
  }

  start(c: number, subject: string, messageId: string, withTicket: boolean): void {
    this.subjects[c] = flat(subject);
    this.refs[c] = [messageId];
    this.tickets[c] = withTicket ? this.nextTicket++ : 0;
  }

  /** The subject of a reply: a `Re:`-style prefix, the ticket tag if any, the base subject. */
  replySubject(c: number, prefix: string): string {
    const ticket = this.tickets[c] ?? 0;
    return flat(ticket > 0 ? `${prefix}[#${ticket}] ${this.subjects[c] ?? ''}` : `${prefix}${this.subjects[c] ?? ''}`);
  }

  lastMessageId(c: number): string {
    const refs = this.refs[c];
    return refs?.[refs.length - 1] ?? '';
  }

  /** A copy of the chain so far: the References header of the next reply. */
  references(c: number): string[] {
    return this.refs[c]?.slice() ?? [];
  }

  append(c: number, messageId: string): void {
    const refs = this.refs[c];
    if (!refs) return;
    refs.push(messageId);
    if (refs.length > MAX_REFERENCES) refs.splice(1, 1);
  }
}

/** Channel codes of the recent-inbound ring. */
export const RING_EMAIL = 0;
export const RING_SMS = 1;
export const RING_WHATSAPP = 2;
export const RING_CHAT = 3;
export const RING_SOCIAL = 4;
const RING_SIZE = 512;

/** Recent customer messages an agent might answer; newest first is likeliest. */
export class RecentInbound {
  private readonly customers = new Int32Array(RING_SIZE);
  private readonly channels = new Uint8Array(RING_SIZE);
  private head = 0;
  private count = 0;

  push(customer: number, channel: number): void {
    this.customers[this.head] = customer;
    this.channels[this.head] = channel;
    this.head = (this.head + 1) % RING_SIZE;
    if (this.count < RING_SIZE) this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** Slot of a recent entry, biased toward the newest. */
  pickSlot(rnd: Random): number {
    const back = Math.floor(rnd() * rnd() * this.count);
    return (this.head - 1 - back + RING_SIZE * 2) % RING_SIZE;
  }

  customerAt(slot: number): number {
    return this.customers[slot] ?? 0;
  }

  channelAt(slot: number): number {
    return this.channels[slot] ?? 0;
  }
}

/** Everything the event builders share while one workload is generated. */
export interface WorkloadContext {
  readonly options: ResolvedWorkloadOptions;
  readonly rnd: Random;
  readonly population: Population;
  readonly threads: EmailThreads;
  /** Current chat session number per customer (0: none yet). */
  readonly chatSessions: Int32Array;
  readonly recent: RecentInbound;
  readonly tenantIds: readonly string[];
  readonly tenants: readonly TenantStrings[];
}

/** A tenant's own addresses, built once rather than per event. */
export interface TenantStrings {
  readonly id: string;
  /** The support inbox customers write to. */
  readonly support: string;
  /** Where agent replies' Message-IDs come from. */
  readonly mailDomain: string;
  /** The phone number customers text and call. */
  readonly number: string;
  readonly whatsappNumber: string;
  /** The page or account, per social platform. */
  readonly social: Readonly<Record<string, string>>;
}

function tenantStrings(k: number): TenantStrings {
  const id = tenantName(k);
  const number = `+1800555${1000 + k}`;
  return {
    id,
    support: flat(`support@${id}.example`),
    mailDomain: flat(`mail.${id}.example`),
    number,
    whatsappNumber: flat(`whatsapp:${number}`),
    social: { facebook: flat(`${id}-facebook`), instagram: flat(`${id}-instagram`), x: flat(`${id}-x`) },
  };
}

export function createContext(options: ResolvedWorkloadOptions): WorkloadContext {
  const { seed, customers, tenants, activitySkew } = options;
  return {
    options,
    rnd: mulberry32(deriveSeed(seed, 1)),
    population: new Population(customers, tenants, deriveSeed(seed, 2), activitySkew),
    threads: new EmailThreads(customers),
    chatSessions: new Int32Array(customers),
    recent: new RecentInbound(),
    tenantIds: Array.from({ length: tenants }, (_, k) => tenantName(k)),
    tenants: Array.from({ length: tenants }, (_, k) => tenantStrings(k)),
  };
}

export function tenantOfCustomer(ctx: WorkloadContext, c: number): TenantStrings {
  return ctx.tenants[ctx.population.tenantOf(c)] ?? tenantStrings(0);
}

/** The DM conversation of a customer on a platform (stable, so replies land in the same one). */
export function dmConversationId(platform: string, c: number): string {
  return flat(`${platform}-dm-${c.toString(36)}`);
}

/** A Message-ID as mail servers write them: unique local part, the sending domain. */
export function messageId(ctx: WorkloadContext, i: number, domain: string): string {
  return flat(`<${i.toString(36)}.${Math.floor(ctx.rnd() * 2 ** 32).toString(36)}@${domain}>`);
}

export function replyPrefix(ctx: WorkloadContext): string {
  return pick(ctx.rnd, REPLY_PREFIXES);
}
