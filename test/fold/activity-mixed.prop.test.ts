/**
 * The activity order against the scan, with everything that moves threads (a reviewer's generator):
 * one customer with 17–40 threads on every channel (their identities linked), non-email threads
 * resolved or closed at once, then messages in and out on every channel, status changes and snoozes,
 * customer merges, unmerges and links, thread merges and splits of real threads (found by folding
 * once), time steps on both sides of every window, under many threading options. Delivered in order,
 * shuffled, and shuffled with a snapshot resume midway: the engine reading `threadsByActivity` must
 * end in the state of the one scanning every thread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { threadIdFor } from '../../src/fold/ids.js';
import { defaultThreadingPolicy } from '../../src/threading/default-policy.js';
import type { ThreadingPolicy } from '../../src/threading/policy.js';
import { T0, arbRich } from '../helpers/rich-history.js';
import { propertyParameters } from '../helpers/runs.js';
import { stateOf } from '../helpers/state.js';
import { checkpointEveryRefold } from '../helpers/checkpoints.js';
import { scanningPolicy } from '../helpers/threading.js';

type Opts = Parameters<typeof defaultThreadingPolicy>[0];


const CH = ['email', 'sms', 'whatsapp', 'chat', 'call', 'social'] as const;
const MIN = 60_000;
// offsets in minutes: ties, 30-min gap edges, 3-day window edges, week
const OFFS = [0, 0, 1, 2, 29, 30, 31, 60, 600, 1439, 1440, 4319, 4320, 4321, 10080, 10081, 20000];
function ref(person: number, channel: string): Record<string, unknown> {
  switch (channel) {
    case 'email': return { kind: 'email', value: `p${person}@example.com` };
    case 'sms': case 'call': return { kind: 'phone', value: `+1415555${1000 + person}` };
    case 'whatsapp': return { kind: 'whatsapp', value: `+1415556${1000 + person}` };
    case 'chat': return { kind: 'chat', visitorId: `v-${person}` };
    default: return { kind: 'social', platform: 'x', id: `u${person}` };
  }
}

const step = fc.record({
  kind: fc.constantFrom('msg', 'msg', 'msg', 'msg', 'msg', 'status', 'status', 'merge', 'unmerge', 'tmerge', 'split', 'link'),
  person: fc.nat({ max: 1 }),
  other: fc.nat({ max: 1 }),
  ch: fc.constantFrom(...CH),
  ch2: fc.constantFrom(...CH),
  out: fc.boolean(),
  off: fc.constantFrom(...OFFS),
  pick: fc.nat({ max: 1000 }),
  pick2: fc.nat({ max: 1000 }),
  flag: fc.boolean(),
  flag2: fc.boolean(),
});

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

function build(opening: number, steps: Step[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const sources: string[] = [];
  const msgs: { id: string; r: Record<string, unknown> }[] = [];
  const merges: string[] = [];
  let clock = T0;
  // link all of p0's identities up front
  for (const c of ['sms', 'whatsapp', 'chat', 'social']) out.push({ id: `L${c}`, tenantId: 't', type: 'identity.linked', schemaVersion: 2, occurredAt: T0 - MIN, identity: ref(0, 'email'), to: ref(0, c) });
  for (let i = 0; i < opening; i++) {
    const ch = CH[i % 6]!;
    const id = `o${i}`;
    const ev: Record<string, unknown> = { id, tenantId: 't', type: 'message.received', schemaVersion: 2, occurredAt: T0 + i * 7 * MIN, channel: ch, from: ref(0, ch), content: { text: id, ...(ch === 'email' ? { subject: `s${i % 4}` } : {}) } };
    if (ch === 'email') ev.email = { messageId: `<${id}@x>` };
    if (ch === 'chat') ev.chat = { sessionId: `os${i}` };
    if (ch === 'social') ev.social = { platform: 'x', visibility: i % 2 ? 'public' : 'private', conversationId: `oc${i}` };
    if (ch === 'call') ev.call = { status: 'answered' };
    out.push(ev);
    sources.push(id);
    msgs.push({ id, r: ref(0, ch) });
    if (ch !== 'email') out.push({ id: `oc${i}`, tenantId: 't', type: 'thread.status_changed', schemaVersion: 2, occurredAt: T0 + i * 7 * MIN + MIN, threadId: threadIdFor('t', id), status: i % 3 ? 'closed' : 'resolved' });
  }
  clock = T0 + opening * 7 * MIN;
  steps.forEach((d, i) => {
    clock += d.off * MIN;
    const base = { id: `e${i}`, tenantId: 't', schemaVersion: 2, occurredAt: clock };
    const thread = (n: number) => threadIdFor('t', sources.length === 0 ? 'e0' : sources[n % sources.length]!);
    switch (d.kind) {
      case 'msg': {
        const ch = d.ch; const r = ref(d.person, ch);
        const ev: Record<string, unknown> = { ...base, channel: ch, content: { text: `m${i}`, ...(ch === 'email' ? { subject: d.flag ? `Re: s${d.pick % 4}` : `s${d.pick % 4}` } : {}) } };
        if (ch === 'email') { ev.email = { messageId: `<m${i}@x>`, ...(d.flag2 && msgs.length ? { inReplyTo: `<${msgs[d.pick2 % msgs.length]!.id}@x>` } : {}) }; }
        if (ch === 'chat' && d.flag2) ev.chat = { sessionId: `s${d.pick % 3}` };
        if (ch === 'social') ev.social = { platform: 'x', visibility: d.flag2 ? 'public' : 'private', ...(d.flag2 ? { conversationId: `c${d.pick % 3}` } : {}) };
        if (ch === 'call') ev.call = { status: d.flag2 ? 'answered' : 'missed' };
        if (d.out) out.push({ ...ev, type: 'message.sent', to: r, author: d.flag ? { type: 'agent', agentId: 'a1' } : { type: 'bot', botId: 'b' } });
        else out.push({ ...ev, type: 'message.received', from: r });
        sources.push(base.id); msgs.push({ id: base.id, r });
        return;
      }
      case 'status': {
        const status = (['resolved', 'closed', 'pending', 'open', 'snoozed'] as const)[d.pick2 % 5]!;
        out.push({ ...base, type: 'thread.status_changed', threadId: thread(d.pick), status, ...(status === 'snoozed' ? { until: clock + 90 * MIN } : {}) });
        return;
      }
      case 'merge': out.push({ ...base, type: 'customer.merged', source: ref(d.person, d.ch), target: ref(d.other, d.ch2) }); merges.push(base.id); return;
      case 'unmerge': if (merges.length) out.push({ ...base, type: 'customer.unmerged', mergeEventId: merges[d.pick % merges.length] }); return;
      case 'tmerge': out.push({ ...base, type: 'thread.merged', threadId: thread(d.pick), intoThreadId: thread(d.pick2) }); return;
      case 'split': if (msgs.length) { out.push({ ...base, type: 'thread.split', threadId: thread(d.pick), messageIds: [msgs[d.pick2 % msgs.length]!.id] }); sources.push(base.id); } return;
      case 'link': out.push({ ...base, type: 'identity.linked', identity: ref(d.person, d.ch), to: ref(d.other, d.ch2) }); return;
    }
  });
  return out;
}

const arbOptions = fc.record({
  crossChannel: fc.boolean(),
  continuityWindowMs: fc.constantFrom(0, 30 * MIN, 3 * 1440 * MIN, Infinity),
  continuity: fc.constantFrom(undefined, 'single', 'latestOpen'),
  inactivityGapMs: fc.constantFrom(undefined, 30 * MIN, Infinity),
  reopenWindowMs: fc.constantFrom(undefined, 0, 1440 * MIN),
  email: fc.record({ subjectMatchWindowMs: fc.constantFrom(0, 60 * MIN, Infinity) }),
}, { requiredKeys: [] }).map((o) => JSON.parse(JSON.stringify(o, (_k, v) => (v === Infinity ? '__inf' : v)), (_k, v) => (v === '__inf' ? Infinity : v)) as Opts);

const arbHistory = fc
  .record({ opening: fc.integer({ min: 17, max: 40 }), steps: fc.array(step, { maxLength: 60, size: 'max' }), rich: arbRich({ people: 2, maxEvents: 20 }) })
  .map(({ opening, steps, rich }) => [...build(opening, steps), ...rich.map((e) => ({ ...e, id: `r${e.id}` }))]);

async function withRealOps(events: Record<string, unknown>[], picks: number[]): Promise<Record<string, unknown>[]> {
  const probe = createEngine({ clock: () => 8.64e15 });
  await probe.ingest(events);
  const threads = probe.threads().filter((t) => t.status !== 'merged');
  const extra: Record<string, unknown>[] = [];
  picks.forEach((p, i) => {
    if (threads.length === 0) return;
    const t = threads[p % threads.length]!;
    const maxAt = Math.max(...threads.map((x) => x.lastActivityAt));
    if (i % 2 === 0 && t.messages.length >= 2) {
      const m = t.messages[(p >> 3) % (t.messages.length - 1)]!; // not the last
      const at = m.occurredAt + ((p >> 5) % 3) * MIN * 700;
      extra.push({ id: `X${i}`, tenantId: 't', type: 'thread.split', schemaVersion: 2, occurredAt: Math.min(at, maxAt + MIN), threadId: t.id, messageIds: [m.id] });
    } else {
      const same = threads.filter((x) => x.customerId === t.customerId && x.id !== t.id);
      if (same.length === 0) return;
      const into = same[(p >> 4) % same.length]!;
      extra.push({ id: `X${i}`, tenantId: 't', type: 'thread.merged', schemaVersion: 2, occurredAt: Math.max(t.createdAt, into.createdAt) + ((p >> 6) % 4) * 300 * MIN, threadId: t.id, intoThreadId: into.id });
    }
  });
  return [...events, ...extra];
}
let past = 0; // decisions about a customer past the policy's read-everything size

describe('threads by activity, mixed channels and moves', () => {
  checkpointEveryRefold();

  it('real splits/merges, shuffled, one per call', async () => {
    await fc.assert(fc.asyncProperty(arbHistory, fc.array(fc.nat({ max: 1 << 20 }), { minLength: 1, maxLength: 6 }), fc.nat(), arbOptions, async (events0, picks, seed, options) => {
      const all = await withRealOps(events0, picks);
      // deterministic shuffle
      let x = seed | 1; const events = all.slice();
      for (let i = events.length - 1; i > 0; i--) { x = (x * 1103515245 + 12345) & 0x7fffffff; const j = x % (i + 1); [events[i], events[j]] = [events[j]!, events[i]!]; }
      const pol = defaultThreadingPolicy(options);
      const counting: ThreadingPolicy = { ...pol, decide: (input, ctx) => ((past += ctx.threads.length > 16 ? 1 : 0), pol.decide(input, ctx)) };
      const ordered = createEngine({ clock: () => 8.64e15, policies: { threading: counting } });
      const scanned = createEngine({ clock: () => 8.64e15, policies: { threading: scanningPolicy(options) } });
      for (const e of events) { await ordered.ingest(e); await scanned.ingest(e); }
      expect(stateOf(ordered)).toEqual(stateOf(scanned));
    }), propertyParameters(150));
    expect(past).toBeGreaterThan(1000);
  });

  it('in order, one per call', async () => {
    await fc.assert(fc.asyncProperty(arbHistory, arbOptions, async (events, options) => {
      const ordered = createEngine({ clock: () => 8.64e15, policies: { threading: defaultThreadingPolicy(options) } });
      const scanned = createEngine({ clock: () => 8.64e15, policies: { threading: scanningPolicy(options) } });
      for (const e of events) { await ordered.ingest(e); await scanned.ingest(e); }
      expect(stateOf(ordered)).toEqual(stateOf(scanned));
    }), propertyParameters(150));
  });

  it('shuffled, one per call, with snapshot resume midway', async () => {
    await fc.assert(fc.asyncProperty(arbHistory.chain((ev) => fc.tuple(fc.shuffledSubarray(ev, { minLength: ev.length, maxLength: ev.length }), fc.nat())), arbOptions, async ([events, cut], options) => {
      const k = cut % (events.length + 1);
      let ordered = createEngine({ clock: () => 8.64e15, policies: { threading: defaultThreadingPolicy(options) } });
      const scanned = createEngine({ clock: () => 8.64e15, policies: { threading: scanningPolicy(options) } });
      for (let i = 0; i < events.length; i++) {
        if (i === k) {
          const snapshot = JSON.parse(JSON.stringify(ordered.snapshot()));
          ordered = createEngine({ clock: () => 8.64e15, store: ordered.store, snapshot, policies: { threading: defaultThreadingPolicy(options) } });
          await ordered.ready();
        }
        const a = await ordered.ingest(events[i]!);
        const b = await scanned.ingest(events[i]!);
        expect(a.rejected.map((x) => x.error.message)).toEqual(b.rejected.map((x) => x.error.message));
      }
      expect(stateOf(ordered)).toEqual(stateOf(scanned));
    }), propertyParameters(150));
  });
});
