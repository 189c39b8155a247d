/**
 * The demo's script: a Tuesday at Acme's support desk in Seoul, from one seed. About fifty customers
 * write on every channel; four of them use several channels and are joined by `identity.linked`; a
 * few are VIPs; a Black Friday campaign brings its own questions; a payment outage mid-morning brings
 * a burst of angry messages. Agents' replies are not scripted: the simulation writes them as the
 * engine routes the work (see desk.ts).
 */
import type { IdentityRef } from '../../events/primitives.js';
import { type DemoAgent, DEMO_AGENTS, agentEvents } from './agents.js';
import { DAY_END, DAY_START, DEMO_TENANT, MINUTE, localTime } from './clock.js';
import { type Person, makePeople } from './people.js';
import { type Random, createRandom } from './random.js';
import { type MessageExtras, ScriptBuilder, type ScriptedEvent, type Sent } from './script.js';
import {
  AFTER_CALL, AFTER_CHAT, CAMPAIGN_MENTION_TEXT, CAMPAIGN_TOPIC, HELLO, LATER_QUESTION, MENTION_TEXT, NUDGE, OUTAGE_TEXTS,
  SWITCH_CHANNEL, TOPICS, type Topic, VOICEMAIL, fill,
} from './texts.js';

export const CAMPAIGN = 'black-friday';
/** Local time of the payment outage. */
export const OUTAGE = { from: localTime(10, 10), to: localTime(10, 45) } as const;

/** Everything the simulation starts from. */
export interface DemoScenario {
  readonly seed: number;
  readonly tenantId: string;
  readonly start: number;
  readonly end: number;
  readonly people: readonly Person[];
  readonly agents: readonly DemoAgent[];
  /** In `at` order (ties keep script order). */
  readonly events: readonly ScriptedEvent[];
}

const PEOPLE = 52;

const emailOf = (p: Person): IdentityRef => ({ kind: 'email', value: p.email });

class Story {
  private readonly left: Person[];
  constructor(
    readonly b: ScriptBuilder,
    readonly rnd: Random,
    people: readonly Person[],
  ) {
    this.left = [...people];
  }

  /** The next person who fits, else the next one. */
  take(fits: (p: Person) => boolean = () => true): Person {
    const i = Math.max(0, this.left.findIndex(fits));
    return this.left.splice(i, 1)[0]!;
  }

  get remaining(): number {
    return this.left.length;
  }

  order(): string {
    return String(this.rnd.int(100_000, 999_999));
  }

  /** The first message on a channel about a topic, and the CRM lookup a second later. */
  first(p: Person, at: number, channel: 'email' | 'sms' | 'whatsapp' | 'chat' | 'call' | 'dm', topic: Topic, x: MessageExtras, crm: { tier?: string; vip?: boolean } = {}): Sent {
    const n = this.order();
    const text = fill(topic.text[p.language], n);
    const b = this.b;
    const sent =
      channel === 'email' ? b.email(p, at, fill(topic.subject[p.language], n), text, x)
      : channel === 'sms' ? b.sms(p, at, text, x)
      : channel === 'whatsapp' ? b.whatsapp(p, at, text, x)
      : channel === 'chat' ? b.chat(p, at, this.rnd.chance(0.5) ? [text, HELLO[p.language]] : [text], x)
      : channel === 'call' ? b.call(p, at, this.rnd.chance(0.6) ? VOICEMAIL[p.language] : undefined, x)
      : b.dm(p, at, text, x);
    // The CRM knows the customer already: their profile is there before the message is routed.
    b.attributes(p, at - 1000, sent.identity, crm);
    return sent;
  }

  /** "Any update?" some time later, on the same channel, only if nobody has answered by then. */
  nudge(p: Person, after: Sent, at: number): void {
    const x = { unlessAnswered: after.id };
    if (after.channel === 'email') this.b.email(p, at, '', NUDGE[p.language], x, after);
    else if (after.channel === 'sms') this.b.sms(p, at, NUDGE[p.language], x);
    else if (after.channel === 'whatsapp') this.b.whatsapp(p, at, NUDGE[p.language], x);
  }
}

/** Email, then SMS from a national Korean number, linked by an agent; WhatsApp in the afternoon. */
function acrossChannels(s: Story): void {
  const p = s.take((x) => x.language === 'ko');
  const n = s.order();
  const t0 = localTime(8, 15 + s.rnd.int(0, 20));
  const topic = TOPICS[0]!;
  const mail = s.b.email(p, t0, fill(topic.subject[p.language], n), fill(topic.text[p.language], n), { tags: topic.tags });
  s.b.attributes(p, t0 + 1000, emailOf(p));
  s.nudge(p, mail, t0 + s.rnd.int(30, 45) * MINUTE);
  const sms = t0 + s.rnd.int(55, 70) * MINUTE;
  s.b.sms(p, sms, fill(SWITCH_CHANNEL[p.language], n), { tags: topic.tags });
  s.b.link(p, sms + 4 * MINUTE, { kind: 'phone', value: p.e164 }, emailOf(p), true);
  s.b.whatsapp(p, localTime(14, s.rnd.int(0, 40)), fill(LATER_QUESTION[p.language], n));
}

/** A platinum VIP: a missed call, a voicemail, then an email; the CRM links the number. */
function vipCaller(s: Story): void {
  const p = s.take((x) => x.language === 'en');
  const n = s.order();
  const t0 = localTime(8, 2 + s.rnd.int(0, 12));
  s.b.call(p, t0, undefined, { tags: ['billing'] });
  s.b.call(p, t0 + 4 * MINUTE, VOICEMAIL[p.language], { tags: ['billing'] });
  const mail = t0 + s.rnd.int(9, 15) * MINUTE;
  s.b.email(p, mail, `Charged twice for order #${n}`, fill(AFTER_CALL[p.language], n), { tags: ['billing'] });
  // The number is unknown until the CRM links it to the VIP's address.
  s.b.attributes(p, mail - 1000, emailOf(p), { tier: 'platinum', vip: true });
  s.b.link(p, mail + 60_000, { kind: 'phone', value: p.e164 }, emailOf(p), true);
}

/** An anonymous web chat, an email later, a login that links the visitor, WhatsApp in the afternoon. */
function chatThenEmail(s: Story): void {
  const p = s.take((x) => x.phoneRegion === 'GB');
  const topic = TOPICS[2]!;
  const t0 = localTime(9, 30 + s.rnd.int(0, 15));
  s.b.chat(p, t0, [topic.text[p.language], HELLO[p.language]], { tags: topic.tags });
  const mail = localTime(11, 20 + s.rnd.int(0, 20));
  s.b.email(p, mail, topic.subject[p.language], AFTER_CHAT[p.language], { tags: topic.tags });
  s.b.attributes(p, mail + 1000, emailOf(p));
  s.b.link(p, mail + 2 * MINUTE, { kind: 'chat', visitorId: p.visitorId }, emailOf(p), true);
  const wa = localTime(15, s.rnd.int(0, 30));
  s.b.whatsapp(p, wa, NUDGE[p.language]);
  s.b.link(p, wa + 3 * MINUTE, { kind: 'whatsapp', value: p.e164 }, emailOf(p), false);
}

/** An Instagram DM, then the same complaint by email; linked by the social team. */
function dmThenEmail(s: Story): void {
  const p = s.take((x) => x.language === 'de');
  const topic = TOPICS[5]!;
  const n = s.order();
  const t0 = localTime(9, 5 + s.rnd.int(0, 20));
  const dm = s.b.dm(p, t0, fill(topic.text[p.language], n), { tags: topic.tags });
  s.b.attributes(p, t0 + 1000, dm.identity);
  const mail = t0 + s.rnd.int(35, 50) * MINUTE;
  s.b.email(p, mail, fill(topic.subject[p.language], n), fill(topic.text[p.language], n), { tags: topic.tags });
  s.b.link(p, mail + 2 * MINUTE, emailOf(p), dm.identity, false);
}

/** Busier hours weigh more: the morning peak, the post-lunch peak. */
const HOUR_WEIGHTS: readonly [number, number][] = [
  [7, 1], [8, 3], [9, 5], [10, 4], [11, 4], [12, 2], [13, 3], [14, 5], [15, 4], [16, 3], [17, 2],
];

function someTime(rnd: Random): number {
  const total = HOUR_WEIGHTS.reduce((n, [, w]) => n + w, 0);
  let roll = rnd.next() * total;
  for (const [hour, w] of HOUR_WEIGHTS) {
    if ((roll -= w) < 0) return localTime(hour, rnd.int(0, 59), rnd.int(0, 59));
  }
  return localTime(16, 30);
}

const CHANNEL_MIX = ['email', 'email', 'email', 'email', 'chat', 'chat', 'chat', 'whatsapp', 'whatsapp', 'sms', 'call', 'dm'] as const;

/** An ordinary request: a topic, a channel, and maybe a nudge when nobody answers. */
function ordinary(s: Story, p: Person, crm: { tier?: string; vip?: boolean } = {}, at = someTime(s.rnd)): void {
  const topic = s.rnd.pick(TOPICS);
  const channel = s.rnd.pick(CHANNEL_MIX);
  const sent = s.first(p, at, channel, topic, { tags: topic.tags }, crm);
  if (s.rnd.chance(0.45)) s.nudge(p, sent, at + s.rnd.int(50, 140) * MINUTE);
}

/** Black Friday presale questions, tagged with the campaign, from 09:00 to 16:00. */
function campaign(s: Story, count: number): void {
  const channels = ['email', 'email', 'chat', 'whatsapp', 'sms', 'dm', 'email', 'chat'] as const;
  for (let i = 0; i < count; i++) {
    const p = s.take();
    const at = localTime(9 + Math.floor((i * 7) / count), s.rnd.int(0, 59), s.rnd.int(0, 59));
    s.first(p, at, channels[i % channels.length]!, CAMPAIGN_TOPIC, { campaign: CAMPAIGN, tags: CAMPAIGN_TOPIC.tags });
  }
  const fan = s.take((x) => x.language === 'en');
  s.b.mention(fan, localTime(15, s.rnd.int(0, 50)), CAMPAIGN_MENTION_TEXT, { campaign: CAMPAIGN, tags: CAMPAIGN_TOPIC.tags });
}

/** The payment outage: a burst of angry, urgent messages on every channel within half an hour. */
function outage(s: Story, count: number): void {
  const channels = ['chat', 'whatsapp', 'chat', 'email', 'sms', 'chat', 'call', 'whatsapp', 'chat', 'email', 'chat', 'dm', 'chat', 'whatsapp'] as const;
  const x: MessageExtras = { tags: ['outage'], severity: 'urgent' };
  const span = (OUTAGE.to - OUTAGE.from) / MINUTE;
  for (let i = 0; i < count; i++) {
    const p = s.take();
    const at = OUTAGE.from + Math.floor((span * i) / count + s.rnd.int(0, 3)) * MINUTE + s.rnd.int(0, 59) * 1000;
    const text = s.rnd.pick(OUTAGE_TEXTS)[p.language];
    const channel = channels[i % channels.length]!;
    const b = s.b;
    const sent =
      channel === 'chat' ? b.chat(p, at, [text], x)
      : channel === 'whatsapp' ? b.whatsapp(p, at, text, x)
      : channel === 'sms' ? b.sms(p, at, text, x)
      : channel === 'call' ? b.call(p, at, VOICEMAIL[p.language], x)
      : channel === 'dm' ? b.dm(p, at, text, x)
      : b.email(p, at, 'Payment failing', text, x);
    b.attributes(p, at - 1000, sent.identity, i === 2 ? { tier: 'gold', vip: true } : {});
  }
  const angry = s.take((p) => p.language === 'en');
  s.b.mention(angry, OUTAGE.from + 20 * MINUTE, MENTION_TEXT, x);
}

/** Customers who write as the desk closes: their clocks wait for tomorrow's business hours. */
function afterHours(s: Story, count: number): void {
  const channels = ['email', 'whatsapp', 'chat', 'sms'] as const;
  for (let i = 0; i < count; i++) {
    const topic = s.rnd.pick(TOPICS);
    s.first(s.take(), localTime(17, 50 + Math.floor((i * 35) / count), s.rnd.int(0, 59)), channels[i % channels.length]!, topic, { tags: topic.tags });
  }
}

/**
 * The script of the demo day for `seed`: the same seed gives the same events, every time.
 *
 * @example
 * ```ts
 * const scenario = generateScenario(42);
 * scenario.events.length; // a few hundred scripted events, agents' replies not included
 * ```
 */
export function generateScenario(seed: number): DemoScenario {
  const people = makePeople(createRandom(seed, 1), PEOPLE);
  const b = new ScriptBuilder(createRandom(seed, 2));
  const s = new Story(b, createRandom(seed, 3), people);
  for (const e of agentEvents(createRandom(seed, 4))) b.add(Date.parse(e.occurredAt as string), e);
  acrossChannels(s);
  vipCaller(s);
  chatThenEmail(s);
  dmThenEmail(s);
  ordinary(s, s.take(), { tier: 'gold', vip: true }, localTime(9, s.rnd.int(0, 50)));
  ordinary(s, s.take(), { tier: 'platinum' }, localTime(14, s.rnd.int(0, 50)));
  campaign(s, 7);
  outage(s, 14);
  afterHours(s, 3);
  while (s.remaining > 0) ordinary(s, s.take());
  const events = b.events
    .filter((e) => e.at < DAY_END)
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.at - y.e.at || x.i - y.i)
    .map(({ e }) => e);
  return { seed, tenantId: DEMO_TENANT, start: DAY_START, end: DAY_END, people, agents: DEMO_AGENTS, events };
}
