import { z } from 'zod';
import { OmnithreadError } from '../errors.js';
import { CHANNELS, type Channel } from '../events/primitives.js';
import type { MessageEvent } from '../events/schemas.js';
import { socialPlatform } from './social.js';
import type { ThreadingContext, ThreadingDecision, ThreadingPolicy } from './policy.js';
import { baseSubject } from './rfc5256/index.js';
import type { Thread } from './types.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A duration in ms; `Infinity` switches the limit off (the built-in defaults use it). */
const duration = z.union([z.number().min(0), z.literal(Infinity)]);

const channelRules = z.strictObject({
  /** `single`: one ongoing thread per customer; `latestOpen`: the latest unresolved thread, else new. */
  continuity: z.enum(['single', 'latestOpen']).optional(),
  /** A resolved thread reopens on an inbound message only this long after its resolution. */
  reopenWindowMs: duration.optional(),
  /** A thread idle for longer than this is not continued on this channel (ends a chat session). */
  inactivityGapMs: duration.optional(),
});

export const threadingOptionsSchema = z.strictObject({
  ...channelRules.shape,
  /** Continue a thread across channels (email then call, SMS then WhatsApp). */
  crossChannel: z.boolean().default(true),
  /** Cross-channel continuation only into a thread active within this window. */
  continuityWindowMs: duration.default(3 * DAY),
  /** Per-channel overrides of `continuity`, `reopenWindowMs`, `inactivityGapMs`. */
  channels: z.partialRecord(z.enum(CHANNELS), channelRules).default({}),
  email: z
    .strictObject({
      /** Finds a thread ref in a subject; the first capture group is the ref. */
      subjectTag: z.instanceof(RegExp).default(/\[#([A-Z0-9]{4,16})\]/i),
      /** Same base subject + same customer within this window joins; 0 turns the rule off. */
      subjectMatchWindowMs: duration.default(0),
      /** Subject prefixes of other languages (AW:, SV:, …) count as reply prefixes. */
      localisedPrefixes: z.boolean().default(true),
    })
    .default({ subjectTag: /\[#([A-Z0-9]{4,16})\]/i, subjectMatchWindowMs: 0, localisedPrefixes: true }),
});

/** Options of {@link defaultThreadingPolicy}. */
export type ThreadingOptions = z.input<typeof threadingOptionsSchema>;
type Resolved = z.output<typeof threadingOptionsSchema>;

interface ChannelRules {
  readonly continuity: 'single' | 'latestOpen';
  readonly reopenWindowMs: number;
  readonly inactivityGapMs: number;
}

const CHANNEL_DEFAULTS: Record<Channel, ChannelRules> = {
  email: { continuity: 'latestOpen', reopenWindowMs: 7 * DAY, inactivityGapMs: Infinity },
  sms: { continuity: 'single', reopenWindowMs: 7 * DAY, inactivityGapMs: Infinity },
  whatsapp: { continuity: 'single', reopenWindowMs: 7 * DAY, inactivityGapMs: Infinity },
  chat: { continuity: 'latestOpen', reopenWindowMs: 1 * DAY, inactivityGapMs: 30 * MINUTE },
  call: { continuity: 'latestOpen', reopenWindowMs: 7 * DAY, inactivityGapMs: Infinity },
  social: { continuity: 'single', reopenWindowMs: 7 * DAY, inactivityGapMs: Infinity },
};

const isUnresolved = (t: Thread) => t.status === 'open' || t.status === 'pending' || t.status === 'snoozed';

function rulesFor(options: Resolved, channel: Channel): ChannelRules {
  const base = CHANNEL_DEFAULTS[channel];
  const over = options.channels[channel] ?? {};
  return {
    continuity: over.continuity ?? options.continuity ?? base.continuity,
    reopenWindowMs: over.reopenWindowMs ?? options.reopenWindowMs ?? base.reopenWindowMs,
    inactivityGapMs: over.inactivityGapMs ?? options.inactivityGapMs ?? base.inactivityGapMs,
  };
}

/** Join `t` if it may still take messages at `at`; resolved threads reopen only within the window. */
function joinable(t: Thread, at: number, rules: ChannelRules): boolean {
  if (t.status === 'closed' || t.status === 'merged') return false;
  if (t.status === 'resolved') return at - (t.resolvedAt ?? t.lastActivityAt) <= rules.reopenWindowMs;
  return true;
}

/** The `TOKEN` of `local+TOKEN@domain`, if the address has one. */
function plusTag(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const at = address.lastIndexOf('@');
  const plus = address.indexOf('+');
  return plus > 0 && at > plus + 1 ? address.slice(plus + 1, at) : undefined;
}

/** Subjects whose base is remembered at once; past it the memo starts afresh (hostile input stays bounded). */
const BASE_SUBJECT_MEMO = 4096;

/**
 * The subject window compares a new email's base subject with each thread's in the window: computed
 * afresh, that was one base subject per thread per message (80 hostile subjects took 32 s). Base
 * subjects are pure, so each is computed once per policy and remembered, boundedly.
 */
interface BaseSubjects {
  of(subject: string): string;
  /** A thread's, remembered per thread record (see below). */
  ofThread(t: Thread & { readonly subject: string }): string;
}

function baseSubjects(localisedPrefixes: boolean): BaseSubjects {
  const memo = new Map<string, string>();
  const of = (subject: string): string => {
    let base = memo.get(subject);
    if (base === undefined) {
      base = baseSubject(subject, { localisedPrefixes });
      if (memo.size >= BASE_SUBJECT_MEMO) memo.clear();
      memo.set(subject, base);
    }
    return base;
  };
  // The memo above is bounded, and a customer with more distinct subjects in the window than it
  // holds (an alert sender: "Alert 4711: disk full on host-3") had every one of them computed again
  // for every email: 5,000 such emails took 38 s, 10,000 took 211 s. Per thread record (collected
  // with it), each thread's is computed once.
  const byThread = new WeakMap<Thread, { readonly subject: string; readonly base: string }>();
  const ofThread = (t: Thread & { readonly subject: string }): string => {
    const hit = byThread.get(t);
    if (hit !== undefined && hit.subject === t.subject) return hit.base;
    const base = of(t.subject);
    byThread.set(t, { subject: t.subject, base });
    return base;
  };
  return { of, ofThread };
}

function emailChain(
  m: MessageEvent,
  ctx: ThreadingContext,
  o: Resolved,
  rules: ChannelRules,
  bases: BaseSubjects,
): ThreadingDecision | undefined {
  const at = m.occurredAt;
  const tryJoin = (t: Thread | undefined, why: string): ThreadingDecision | undefined => {
    if (!t) return undefined;
    if (joinable(t, at, rules)) return { action: 'join', threadId: t.id, reason: `email: ${why}` };
    return { action: 'new', reason: `email: ${why} names thread ${t.id}, which is ${t.status}; starting a follow-up` };
  };
  // Reply tokens live on our address (support+TOKEN@…): the endpoint the customer wrote to.
  const token = m.email?.replyToken ?? plusTag(m.endpoint);
  const byToken = token === undefined ? undefined : tryJoin(ctx.threadByRef(token.toUpperCase()), `reply token ${token}`);
  if (byToken) return byToken;
  const inReplyTo = m.email?.inReplyTo;
  const byReply = inReplyTo === undefined ? undefined : tryJoin(ctx.threadByEmailMessageId(inReplyTo), `In-Reply-To ${inReplyTo}`);
  if (byReply) return byReply;
  const refs = m.email?.references ?? [];
  for (let i = refs.length - 1; i >= 0; i--) {
    const ref = refs[i]!;
    const hit = tryJoin(ctx.threadByEmailMessageId(ref), `References ${ref}`);
    if (hit) return hit;
  }
  const subject = m.content.subject;
  const tag = subject === undefined ? null : o.email.subjectTag.exec(subject);
  const byTag = tag?.[1] === undefined ? undefined : tryJoin(ctx.threadByRef(tag[1].toUpperCase()), `subject tag ${tag[0]}`);
  if (byTag) return byTag;
  if (o.email.subjectMatchWindowMs > 0 && subject !== undefined) {
    const base = bases.of(subject);
    const windowMs = o.email.subjectMatchWindowMs;
    const t = sameSubject(ctx, at, windowMs, (x) => x.subject !== undefined && at - x.lastActivityAt <= windowMs && joinable(x, at, rules) && bases.ofThread(x as Thread & { subject: string }) === base);
    if (t) return { action: 'join', threadId: t.id, reason: `email: same subject "${base}" within the window` };
  }
  return undefined;
}

/** Customers with at most this many threads are read whole: cheaper than ordering them. */
const READ_ALL = 16;

/** The customer's threads by activity when they are many and the context keeps that order. */
function byActivity(ctx: ThreadingContext): readonly Thread[] | undefined {
  return ctx.threads.length > READ_ALL ? ctx.threadsByActivity : undefined;
}

/**
 * The thread latest in `threads` that `matches` (a thread active within `windowMs`). With many
 * threads, only the most recently active are looked at; when several of them match, which one is
 * latest in `threads` is what decides, as it always has.
 */
function sameSubject(ctx: ThreadingContext, at: number, windowMs: number, matches: (t: Thread) => boolean): Thread | undefined {
  const recent = byActivity(ctx);
  if (recent !== undefined) {
    let found: Thread | undefined;
    for (let i = recent.length - 1; i >= 0 && at - recent[i]!.lastActivityAt <= windowMs; i--) {
      const t = recent[i]!;
      if (!matches(t)) continue;
      if (found !== undefined) return latestMatch(ctx.threads, matches);
      found = t;
    }
    return found;
  }
  return latestMatch(ctx.threads, matches);
}

function latestMatch(threads: readonly Thread[], matches: (t: Thread) => boolean): Thread | undefined {
  for (let i = threads.length - 1; i >= 0; i--) if (matches(threads[i]!)) return threads[i];
  return undefined;
}

/** The latest thread continuing on `channel` under `rules`, honouring cross-channel settings. */
/** The customer's threads, most recently active first (newest first among equals). */
/**
 * The reasons that name nothing but the channel, built once: every message keeps its reason, and a
 * string built per message is a new string per message (most messages give one of these).
 */
const REASON = Object.fromEntries(
  CHANNELS.map((c) => [c, { latestOpen: `${c}: latest open thread`, firstContact: `${c}: first contact`, nothingToContinue: `${c}: no thread to continue` }]),
) as Record<Channel, { readonly latestOpen: string; readonly firstContact: string; readonly nothingToContinue: string }>;

/** What the latest-activity rule makes of one thread: pass it by, or stop there (with a decision or none). */
type Verdict = { readonly stop: false } | { readonly stop: true; readonly decision: ThreadingDecision | undefined };
const PASS: Verdict = { stop: false };
const NO_DECISION: Verdict = { stop: true, decision: undefined };

function verdict(t: Thread, channel: Channel, at: number, rules: ChannelRules, o: Resolved, direction: string): Verdict {
  if (t.visibility === 'public') return PASS;
  const sameChannel = t.channels.includes(channel);
  // Email threads continue only through the email chain; a bare new email is a new conversation.
  if (sameChannel && channel === 'email') return PASS;
  if (!sameChannel) {
    if (!o.crossChannel || at - t.lastActivityAt > o.continuityWindowMs) return PASS;
    // A separate email conversation stays separate: only messaging threads absorb other channels.
    if (t.channels.length === 1 && t.channels[0] === 'email' && channel !== 'call') return PASS;
  }
  if (at - t.lastActivityAt > rules.inactivityGapMs) {
    return { stop: true, decision: { action: 'new', reason: `${channel}: thread ${t.id} idle longer than the inactivity gap` } };
  }
  const how = sameChannel ? channel : `cross-channel from ${t.channels.join('+')}`;
  if (isUnresolved(t)) return { stop: true, decision: { action: 'join', threadId: t.id, reason: sameChannel ? REASON[channel].latestOpen : `${how}: latest open thread` } };
  if (direction === 'outbound') return PASS;
  if (rules.continuity === 'single' && joinable(t, at, rules)) {
    return { stop: true, decision: { action: 'join', threadId: t.id, reason: `${how}: reopens the customer's thread within the reopen window` } };
  }
  // `single` looks at the customer's latest thread only; `latestOpen` keeps looking for an open one.
  return rules.continuity === 'single' ? NO_DECISION : PASS;
}

/**
 * The verdict of the most recently active thread that does not pass the message by — "latest" means
 * most recently active (an old thread the customer just wrote in beats a newer idle one; between
 * equals, the newer thread). One pass, no sort: a customer may have thousands of threads, and this
 * runs for every message of every re-fold.
 */
function continuation(ctx: ThreadingContext, channel: Channel, at: number, rules: ChannelRules, o: Resolved, direction: string): ThreadingDecision | undefined {
  const recent = byActivity(ctx);
  // For an email, threads on email pass it by: only the others need looking at.
  if (recent !== undefined) return latestFirst((channel === 'email' && ctx.threadsByActivityWithout?.('email')) || recent, channel, at, rules, o, direction);
  const threads = ctx.threads;
  let best: Thread | undefined;
  let bestVerdict: Verdict = PASS;
  for (let i = threads.length - 1; i >= 0; i--) {
    const t = threads[i]!;
    // Later threads win ties (they are visited first), so only a strictly later activity replaces.
    if (best !== undefined && t.lastActivityAt <= best.lastActivityAt) continue;
    const v = verdict(t, channel, at, rules, o, direction);
    if (v.stop) {
      best = t;
      bestVerdict = v;
    }
  }
  return bestVerdict.stop ? bestVerdict.decision : undefined;
}

/**
 * {@link continuation} over threads least recently active first (for an email, only those never on
 * email: the others pass it by): the first that does not pass, read from the end, is the answer. Past
 * the cross-channel window only a thread on the message's own channel can stop it (the others pass),
 * and for an email none can: a customer's thousands of old threads are not looked at.
 */
function latestFirst(recent: readonly Thread[], channel: Channel, at: number, rules: ChannelRules, o: Resolved, direction: string): ThreadingDecision | undefined {
  const window = o.crossChannel ? o.continuityWindowMs : -1;
  for (let i = recent.length - 1; i >= 0; i--) {
    const t = recent[i]!;
    if (at - t.lastActivityAt > window) {
      if (channel === 'email') return undefined;
      if (!t.channels.includes(channel)) continue;
    }
    const v = verdict(t, channel, at, rules, o, direction);
    if (v.stop) return v.decision;
  }
  return undefined;
}

/**
 * The built-in threading policy: the email resolution chain (reply token → In-Reply-To → References →
 * subject tag → optional same subject), messaging continuity (`single` or `latestOpen`, reopen window,
 * inactivity gap, chat sessions), calls joining the active thread, public social posts threaded by the
 * platform's ids, and cross-channel continuation within a window.
 *
 * @example
 * ```ts
 * import { defaultThreadingPolicy } from 'omnithread';
 * const threading = defaultThreadingPolicy({
 *   channels: { chat: { inactivityGapMs: 15 * 60_000 } },
 *   email: { subjectMatchWindowMs: 3 * 24 * 3_600_000 },
 * });
 * ```
 */
export function defaultThreadingPolicy(options: ThreadingOptions = {}): ThreadingPolicy {
  const parsed = threadingOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
    throw new OmnithreadError('INVALID_ARGUMENT', 'Invalid threading options', { issues });
  }
  const o = parsed.data;
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, rulesFor(o, c)])) as Record<Channel, ChannelRules>;
  const bases = baseSubjects(o.email.localisedPrefixes);
  return {
    name: 'default',
    // The parsed options, defaults written out: the same rules give the same string (a RegExp as
    // its literal: JSON writes every one as {}, so two subject tags would look alike).
    fingerprint: `default:${JSON.stringify(o, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value))}`,
    decide(input, ctx) {
      const m = input.message;
      const channel = m.channel;
      const rules = byChannel[channel];
      const at = m.occurredAt;
      if (channel === 'social' && m.social?.visibility === 'public') {
        const platform = socialPlatform(m.social.platform, input.identity.key);
        for (const id of [m.social.conversationId, m.social.inReplyTo, m.social.postId]) {
          if (id === undefined) continue;
          const t = ctx.threadBySocialKey(platform, id);
          if (t && joinable(t, at, rules)) return { action: 'join', threadId: t.id, reason: `social: public conversation ${id}` };
        }
        return { action: 'new', reason: 'social: new public conversation' };
      }
      if (channel === 'email') {
        const hit = emailChain(m, ctx, o, rules, bases);
        if (hit) return hit;
      }
      const session = m.chat?.sessionId;
      if (channel === 'chat' && session !== undefined) {
        const t = ctx.threadByChatSession(session);
        if (t && joinable(t, at, rules)) return { action: 'join', threadId: t.id, reason: `chat: session ${session}` };
        if (rules.continuity !== 'single') return { action: 'new', reason: `chat: new session ${session}` };
      }
      const cont = continuation(ctx, channel, at, rules, o, input.direction);
      if (cont) return cont;
      return { action: 'new', reason: ctx.threads.length === 0 ? REASON[channel].firstContact : REASON[channel].nothingToContinue };
    },
  };
}
