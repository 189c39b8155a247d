import { beforeAll, describe, expect, it } from 'vitest';
import { isOmnithreadError } from '../../../src/errors.js';
import { safeParseEvent } from '../../../src/events/index.js';
import {
  WORKLOAD_MIX,
  type WorkloadCategory,
  type WorkloadEvent,
  generateWorkload,
  workloadCategory,
  workloadEvents,
} from '../../../src/testing/workload/index.js';

const HOUR = 3_600_000;
const byId = (a: WorkloadEvent, b: WorkloadEvent): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The email address a message is from or to, for per-customer bookkeeping. */
function emailOf(e: WorkloadEvent): string | undefined {
  if (e.type === 'message.received' && e.from.kind === 'email') return e.from.value;
  if (e.type === 'message.sent' && e.to.kind === 'email') return e.to.value;
  return undefined;
}

describe('generateWorkload', () => {
  let plain: WorkloadEvent[];
  beforeAll(() => {
    plain = generateWorkload({ seed: 42, events: 50_000 });
  });

  it('is deterministic per seed, and the seed matters', () => {
    const a = generateWorkload({ seed: 7, events: 5_000 });
    expect(generateWorkload({ seed: 7, events: 5_000 })).toEqual(a);
    const b = generateWorkload({ seed: 8, events: 5_000 });
    expect(b).toHaveLength(5_000);
    expect(b).not.toEqual(a);
    expect(b.filter((e, i) => JSON.stringify(e) === JSON.stringify(a[i])).length).toBeLessThan(250);
  });

  it('streams the same events lazily as it returns in an array', () => {
    const lazy: WorkloadEvent[] = [];
    for (const e of workloadEvents({ seed: 42, events: 50_000 })) {
      lazy.push(e);
      if (lazy.length === 2_000) break;
    }
    expect(lazy).toEqual(plain.slice(0, 2_000));
  });

  it('produces only events that pass safeParseEvent, with late, duplicate and multi-tenant delivery too', () => {
    const events = generateWorkload({ seed: 3, events: 15_000, tenants: 3, lateFraction: 0.1, duplicateFraction: 0.05 });
    const failures = events.map((e) => safeParseEvent(e)).filter((r) => !r.ok);
    expect(failures.slice(0, 3)).toEqual([]);
    expect(new Set(events.map((e) => e.tenantId))).toEqual(new Set(['acme', 'globex', 'initech']));
  });

  it('keeps ids unique, occurredAt in order and within the span, by default', () => {
    expect(new Set(plain.map((e) => e.id)).size).toBe(plain.length);
    const start = Date.UTC(2026, 10, 2);
    let previous = 0;
    let backwards = 0;
    for (const e of plain) {
      const t = e.occurredAt as number;
      if (t < previous) backwards++;
      previous = t;
    }
    expect(backwards).toBe(0);
    expect(plain[0]?.occurredAt).toBeGreaterThanOrEqual(start);
    expect(previous).toBeLessThan(start + 30 * 24 * HOUR);
  });

  it('matches the target channel mix within ±3 points on 50k events', () => {
    const counts = new Map<WorkloadCategory, number>();
    for (const e of plain) counts.set(workloadCategory(e), (counts.get(workloadCategory(e)) ?? 0) + 1);
    for (const [category, target] of Object.entries(WORKLOAD_MIX) as [WorkloadCategory, number][]) {
      const share = (counts.get(category) ?? 0) / plain.length;
      expect(Math.abs(share - target), `${category}: ${share}`).toBeLessThanOrEqual(0.03);
    }
    const sms = (counts.get('sms') ?? 0) + (counts.get('whatsapp') ?? 0);
    expect(Math.abs(sms / plain.length - 0.25)).toBeLessThanOrEqual(0.03);
  });

  it('threads email: replies reference only earlier Message-IDs of the same customer', () => {
    const seen = new Map<string, Set<string>>();
    let replies = 0;
    let withReferences = 0;
    let ticketed = 0;
    let prefixed = 0;
    const bad: string[] = [];
    for (const e of plain) {
      if ((e.type !== 'message.received' && e.type !== 'message.sent') || e.channel !== 'email') continue;
      const who = emailOf(e);
      const mid = e.email?.messageId;
      if (who === undefined || !/^<[^<>@\s]+@[^<>@\s]+>$/.test(mid ?? '')) bad.push(`${e.id}: no customer or bad Message-ID`);
      const mine = seen.get(who as string) ?? new Set<string>();
      const pointers = [...(e.email?.references ?? []), ...(e.email?.inReplyTo ? [e.email.inReplyTo] : [])];
      for (const p of pointers) if (!mine.has(p)) bad.push(`${e.id} points to ${p}, not an earlier message of ${who}`);
      if (pointers.length > 0) replies++;
      if ((e.email?.references?.length ?? 0) > 1) withReferences++;
      if (e.content?.subject?.includes('[#')) ticketed++;
      if (/^(Re|RE|AW|SV): /.test(e.content?.subject ?? '')) prefixed++;
      const parent = e.email?.inReplyTo;
      if (parent && (e.email?.references?.at(-1) ?? parent) !== parent) bad.push(`${e.id}: In-Reply-To is not the last reference`);
      mine.add(mid as string);
      seen.set(who as string, mine);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(replies).toBeGreaterThan(5_000);
    expect(withReferences).toBeGreaterThan(2_000);
    expect(ticketed).toBeGreaterThan(500);
    expect(prefixed).toBeGreaterThan(replies);
  });

  it('gives customers cross-channel identities: E.164 phones, Twilio WhatsApp ids, chat sessions, social scopes', () => {
    const received = plain.filter((e) => e.type === 'message.received');
    const phones = received.flatMap((e) => (e.from.kind === 'phone' ? [e.from.value] : []));
    expect(phones.length).toBeGreaterThan(5_000);
    expect(phones.filter((p) => !/^\+[1-9]\d{9,14}$/.test(p))).toEqual([]);
    const wa = received.flatMap((e) => (e.from.kind === 'whatsapp' ? [e.from.value] : []));
    expect(wa.some((v) => v.startsWith('whatsapp:+'))).toBe(true);
    expect(wa.some((v) => v.startsWith('+'))).toBe(true);
    const chats = received.filter((e) => e.channel === 'chat');
    expect(chats.every((e) => e.from.kind === 'chat' && e.chat?.sessionId)).toBe(true);
    const social = received.filter((e) => e.channel === 'social');
    expect(social.some((e) => e.social?.visibility === 'public' && e.social.postId)).toBe(true);
    expect(social.some((e) => e.social?.visibility === 'private' && e.social.conversationId)).toBe(true);
    const calls = received.filter((e) => e.channel === 'call');
    expect(new Set(calls.map((e) => e.call?.status))).toEqual(new Set(['answered', 'missed', 'voicemail']));
    const links = plain.filter((e) => e.type === 'identity.linked');
    expect(links.some((e) => e.type === 'identity.linked' && e.identity.kind === 'phone' && e.to.kind === 'email')).toBe(true);
    expect(plain.some((e) => e.type === 'customer.merged')).toBe(true);
  });

  it('has a heavy head of active customers and agents who reply without a thread id', () => {
    const perCustomer = new Map<string, number>();
    for (const e of plain) {
      if (e.type === 'message.received') perCustomer.set(JSON.stringify(e.from), (perCustomer.get(JSON.stringify(e.from)) ?? 0) + 1);
    }
    const counts = [...perCustomer.values()].sort((a, b) => b - a);
    const total = counts.reduce((s, n) => s + n, 0);
    const top = counts.slice(0, Math.ceil(counts.length / 100)).reduce((s, n) => s + n, 0);
    expect(top / total).toBeGreaterThan(0.05);
    const profiles = plain.filter((e) => e.type === 'agent.profile_set');
    expect(new Set(profiles.map((e) => (e.type === 'agent.profile_set' ? e.agentId : '')))).toHaveProperty('size', 200);
    const sent = plain.filter((e) => e.type === 'message.sent');
    expect(sent.length).toBeGreaterThan(1_000);
    expect(sent.every((e) => e.type === 'message.sent' && e.threadId === undefined)).toBe(true);
  });

  it('delivers lateFraction of events late, by at most about lateMaxMs, without changing the event set', () => {
    const late = generateWorkload({ seed: 4, events: 20_000, lateFraction: 0.1 });
    const canonical = (events: WorkloadEvent[]): string[] => [...events].sort(byId).map((e) => JSON.stringify(e));
    expect(canonical(late)).toEqual(canonical(generateWorkload({ seed: 4, events: 20_000 })));
    let maxSeen = 0;
    let overtaken = 0;
    let latest = 0;
    for (const e of late) {
      const t = e.occurredAt as number;
      if (t < maxSeen) {
        overtaken++;
        latest = Math.max(latest, maxSeen - t);
      }
      maxSeen = Math.max(maxSeen, t);
    }
    // Up to lateMaxMs, plus the gap to the next on-time event that overtakes it.
    expect(latest).toBeGreaterThan(HOUR / 2);
    expect(latest).toBeLessThanOrEqual(HOUR + 10 * 60_000);
    expect(overtaken / late.length).toBeGreaterThan(0.08);
    expect(overtaken / late.length).toBeLessThan(0.12);
  });

  it('re-delivers duplicateFraction of events as exact, later copies', () => {
    const events = generateWorkload({ seed: 5, events: 10_000, duplicateFraction: 0.1 });
    const first = new Map<string, { index: number; event: WorkloadEvent }>();
    let duplicates = 0;
    events.forEach((event, index) => {
      const original = first.get(event.id);
      if (original === undefined) {
        first.set(event.id, { index, event });
        return;
      }
      duplicates++;
      expect(index).toBeGreaterThan(original.index);
      expect(event).toEqual(original.event);
      expect(event).not.toBe(original.event);
    });
    expect(first.size).toBe(10_000);
    expect(duplicates).toBeGreaterThan(850);
    expect(duplicates).toBeLessThan(1_150);
  });

  it('keeps each customer in one tenant', () => {
    const events = generateWorkload({ seed: 9, events: 10_000, tenants: 4 });
    const tenantOf = new Map<string, string>();
    for (const e of events) {
      if (e.type !== 'message.received') continue;
      const key = JSON.stringify(e.from);
      expect(tenantOf.get(key) ?? e.tenantId).toBe(e.tenantId);
      tenantOf.set(key, e.tenantId);
    }
    expect(new Set(tenantOf.values()).size).toBe(4);
  });

  it('rejects options that make no sense with INVALID_ARGUMENT', () => {
    for (const bad of [{ events: -1 }, { lateFraction: 2 }, { customers: 0 }, { tenants: 5, customers: 2 }, { seed: 1.5 }]) {
      let error: unknown;
      try {
        generateWorkload({ seed: 1, events: 10, ...bad });
      } catch (e) {
        error = e;
      }
      expect(isOmnithreadError(error) && error.code === 'INVALID_ARGUMENT', JSON.stringify(bad)).toBe(true);
    }
    expect(generateWorkload({ seed: 1, events: 0 })).toEqual([]);
    expect(generateWorkload({ seed: 1, events: 3, customers: 1 })).toHaveLength(3);
  });
});
