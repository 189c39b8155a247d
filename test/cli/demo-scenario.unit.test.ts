/**
 * The demo's scenario generator and its simulated day: valid canonical events only, reproducible from
 * the seed, and every part of the story the demo promises (channels, identities, merges, VIPs,
 * campaign, outage, agents) really there — in the script and in what the engine made of it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_END, DAY_START, localTime } from '../../src/cli/demo/clock.js';
import { type DemoRun, simulateDay } from '../../src/cli/demo/simulate.js';
import { CAMPAIGN, OUTAGE, generateScenario } from '../../src/cli/demo/scenario.js';
import { createRandom, hashOf } from '../../src/cli/demo/random.js';
import { parseEvent } from '../../src/events/parse.js';
import type { EventInput } from '../../src/events/schemas.js';
import { normalizeIdentity } from '../../src/identity/normalize.js';
import { createMemoryStore } from '../../src/store/memory.js';

const SEED = 42;
const scenario = generateScenario(SEED);
const scripted = scenario.events.map((s) => s.event);

type Received = Extract<EventInput, { type: 'message.received' }>;
const received = (events: readonly EventInput[]) => events.filter((e): e is Received => e.type === 'message.received');

let run: DemoRun;
beforeAll(async () => {
  run = await simulateDay({ seed: SEED, store: createMemoryStore() });
});

describe('the seeded random source', () => {
  it('repeats for a seed and stream, and differs between seeds and streams', () => {
    const draw = (seed: number, stream: number) => Array.from({ length: 5 }, createRandom(seed, stream).next);
    expect(draw(1, 0)).toEqual(draw(1, 0));
    expect(draw(1, 0)).not.toEqual(draw(2, 0));
    expect(draw(1, 0)).not.toEqual(draw(1, 1));
    const r = createRandom(9);
    for (let i = 0; i < 200; i++) expect(r.int(3, 5)).toBeGreaterThanOrEqual(3);
    expect(hashOf('thread-1', 7)).toBe(hashOf('thread-1', 7));
    expect(hashOf('thread-1', 7)).not.toBe(hashOf('thread-2', 7));
  });
});

describe('generateScenario', () => {
  it('writes only events that parseEvent accepts', () => {
    expect(scripted.length).toBeGreaterThan(150);
    for (const e of scripted) expect(() => parseEvent(e), JSON.stringify(e)).not.toThrow();
  });

  it('is reproducible: the same seed gives the same events, another seed other ones', () => {
    expect(generateScenario(SEED)).toEqual(scenario);
    expect(generateScenario(SEED + 1).events).not.toEqual(scenario.events);
  });

  it('keeps to the demo day, in time order, with unique ids', () => {
    const times = scenario.events.map((s) => s.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(DAY_START - 60_000);
    expect(Math.max(...times)).toBeLessThan(DAY_END);
    for (const s of scenario.events) expect(Date.parse(String(s.event.occurredAt))).toBe(s.at);
    expect(new Set(scripted.map((e) => e.id)).size).toBe(scripted.length);
  });

  it('has customers on every channel, about fifty of them', () => {
    const messages = received(scripted);
    expect(new Set(messages.map((m) => m.channel))).toEqual(new Set(['email', 'sms', 'whatsapp', 'chat', 'call', 'social']));
    expect(scenario.people.length).toBeGreaterThanOrEqual(45);
    expect(scenario.people.length).toBeLessThanOrEqual(55);
  });

  it('writes email reply chains with Message-ID, In-Reply-To and References', () => {
    const mails = received(scripted).filter((m) => m.channel === 'email');
    for (const m of mails) expect(m.email?.messageId).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
    const replies = mails.filter((m) => m.email?.inReplyTo !== undefined);
    expect(replies.length).toBeGreaterThan(0);
    const ids = new Set(mails.map((m) => m.email!.messageId));
    for (const r of replies) {
      expect(ids.has(r.email!.inReplyTo!)).toBe(true);
      expect(r.email!.references!.at(-1)).toBe(r.email!.inReplyTo);
      expect(r.content?.subject).toMatch(/^Re: /);
    }
  });

  it('sends phones as channels do: national Korean numbers, +1 and +44, WhatsApp as whatsapp:+…, all valid', () => {
    const phones = received(scripted).filter((m) => m.from.kind === 'phone').map((m) => (m.from as { value: string }).value);
    expect(phones.some((p) => /^010-\d{4}-\d{4}$/.test(p))).toBe(true);
    expect(phones.some((p) => p.startsWith('+1 '))).toBe(true);
    expect(phones.some((p) => p.startsWith('+44 '))).toBe(true);
    const whatsapp = received(scripted).filter((m) => m.channel === 'whatsapp');
    expect(whatsapp.length).toBeGreaterThan(0);
    for (const m of whatsapp) expect((m.from as { value: string }).value).toMatch(/^whatsapp:\+\d+$/);
    for (const m of received(scripted)) expect(normalizeIdentity(m.from, { defaultRegion: 'KR' }).ok, JSON.stringify(m.from)).toBe(true);
  });

  it('has chat sessions, missed calls and voicemail, Instagram DMs and a public mention', () => {
    const messages = received(scripted);
    const chats = messages.filter((m) => m.channel === 'chat');
    expect(chats.every((m) => m.chat?.sessionId !== undefined)).toBe(true);
    const sessions = new Map<string, number>();
    for (const m of chats) sessions.set(m.chat!.sessionId!, (sessions.get(m.chat!.sessionId!) ?? 0) + 1);
    expect([...sessions.values()].some((n) => n > 1)).toBe(true);
    const calls = messages.filter((m) => m.channel === 'call').map((m) => m.call?.status);
    expect(calls).toContain('missed');
    expect(calls).toContain('voicemail');
    const social = messages.filter((m) => m.channel === 'social');
    expect(social.some((m) => m.social?.visibility === 'private' && m.social.platform === 'instagram')).toBe(true);
    expect(social.some((m) => m.social?.visibility === 'public' && m.social.platform === 'x')).toBe(true);
  });

  it('links some people across channels, marks VIPs and tags a campaign', () => {
    const links = scripted.filter((e) => e.type === 'identity.linked');
    expect(links.length).toBeGreaterThanOrEqual(4);
    const attributes = scripted.filter((e): e is Extract<EventInput, { type: 'customer.attributes_set' }> => e.type === 'customer.attributes_set');
    expect(attributes.filter((a) => a.vip === true).length).toBeGreaterThanOrEqual(2);
    expect(attributes.some((a) => a.tier === 'platinum')).toBe(true);
    expect(received(scripted).filter((m) => m.campaign === CAMPAIGN).length).toBeGreaterThanOrEqual(5);
  });

  it('bursts angry, urgent outage messages mid-morning', () => {
    const outage = received(scripted).filter((m) => m.tags?.includes('outage'));
    expect(outage.length).toBeGreaterThanOrEqual(10);
    for (const m of outage) {
      expect(m.severity).toBe('urgent');
      const at = Date.parse(String(m.occurredAt));
      expect(at).toBeGreaterThanOrEqual(OUTAGE.from);
      expect(at).toBeLessThanOrEqual(OUTAGE.to + 5 * 60_000);
    }
    expect(OUTAGE.from).toBeGreaterThan(localTime(9));
    expect(OUTAGE.to).toBeLessThan(localTime(12));
  });

  it('staffs eight agents speaking en, ko and de, who go online, away and offline', () => {
    const profiles = scripted.filter((e): e is Extract<EventInput, { type: 'agent.profile_set' }> => e.type === 'agent.profile_set');
    expect(profiles).toHaveLength(8);
    expect(new Set(profiles.flatMap((p) => p.languages ?? []))).toEqual(new Set(['en', 'ko', 'de']));
    for (const p of profiles) expect(Object.keys(p.capacity ?? {}).length).toBeGreaterThan(0);
    const statuses = scripted.filter((e): e is Extract<EventInput, { type: 'agent.status_changed' }> => e.type === 'agent.status_changed').map((e) => e.status);
    expect(new Set(statuses)).toEqual(new Set(['online', 'away', 'offline']));
  });
});

describe('the simulated day', () => {
  it('sends only valid events, and the engine accepts every one', () => {
    expect(run.rejected).toEqual([]);
    expect(run.events.length).toBeGreaterThan(scripted.length / 2);
    for (const e of run.events) expect(() => parseEvent(e), JSON.stringify(e)).not.toThrow();
    expect(run.engine.unapplied()).toEqual([]);
  });

  it('merges the people who used several identities into one customer each', () => {
    const merged = run.engine.customers().filter((c) => c.mergedFrom.length > 0);
    expect(merged.length).toBeGreaterThanOrEqual(4);
    expect(run.merges.length).toBe(merged.reduce((n, c) => n + c.mergedFrom.length, 0));
    const kinds = (c: (typeof merged)[number]) => new Set(c.identities.map((i) => i.kind));
    expect(merged.some((c) => kinds(c).has('email') && kinds(c).has('phone'))).toBe(true);
    expect(merged.some((c) => kinds(c).size >= 3)).toBe(true);
    // An absorbed profile's id still finds the survivor, with the whole history.
    const survivor = merged[0]!;
    expect(run.engine.customer(survivor.mergedFrom[0]!)?.id).toBe(survivor.id);
    expect(new Set(run.engine.timeline(survivor.id).map((e) => e.channel)).size).toBeGreaterThan(1);
  });

  it('has agents answering, resolving, and customers answering surveys', () => {
    const sent = run.events.filter((e) => e.type === 'message.sent');
    expect(sent.length).toBeGreaterThan(30);
    expect(run.engine.threads().filter((t) => t.status === 'resolved').length).toBeGreaterThan(10);
    expect(run.events.some((e) => e.type === 'survey.answered')).toBe(true);
    // Agents answer email in the chain: In-Reply-To names the customer's message.
    const mailReplies = sent.filter((e) => e.channel === 'email') as Extract<EventInput, { type: 'message.sent' }>[];
    expect(mailReplies.length).toBeGreaterThan(0);
    for (const r of mailReplies) expect(r.email?.inReplyTo).toMatch(/^<.+>$/);
    // …and customers answer the agent's mail in the chain too.
    const agentIds = new Set(mailReplies.map((r) => r.email!.messageId));
    const answers = received(run.events).filter((m) => m.email?.inReplyTo !== undefined && agentIds.has(m.email.inReplyTo));
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) expect(a.email!.references).toContain(a.email!.inReplyTo);
  });

  it('routes by the rules: campaign threads to the campaign team, VIPs to the VIP team, and queues some', () => {
    const assigned = run.routing.filter((r) => r.decision.kind === 'assign');
    const byRule = (rule: string) => assigned.filter((r) => r.decision.reasons.some((x) => x.code === 'rule-matched' && x.message.startsWith(rule)));
    expect(byRule('campaign').length).toBeGreaterThan(0);
    for (const r of byRule('campaign')) expect(['seojun', 'sam']).toContain(r.decision.kind === 'assign' && r.decision.agentId);
    expect(byRule('vip').length).toBeGreaterThan(0);
    for (const r of byRule('vip')) expect(['priya', 'tom']).toContain(r.decision.kind === 'assign' && r.decision.agentId);
    expect(assigned.some((r) => r.decision.reasons.some((x) => x.code === 'sticky-hit'))).toBe(true);
    expect(run.routing.some((r) => r.decision.kind === 'queue')).toBe(true);
  });

  it('misses some service levels and warns before others', () => {
    expect(run.alerts.some((a) => a.kind === 'breach')).toBe(true);
    expect(run.alerts.some((a) => a.kind === 'warning')).toBe(true);
  });
});
