/**
 * The hand-written message check (fast-path.ts) may only ever accept what zod accepts, and then give
 * exactly zod's output: the same values, the same keys in the same order (stored JSON, digests and
 * redelivery comparisons read that text), defaults filled in the same places. Checked on the
 * workload's events and on mutations of them aimed at every bound and rule the schemas state.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastParseMessage } from '../../src/events/fast-path.js';
import { safeParseEvent } from '../../src/events/parse.js';
import { eventSchema } from '../../src/events/schemas.js';
import { generateWorkload } from '../../src/testing/workload/index.js';
import { propertyParameters } from '../helpers/runs.js';

type Data = Record<string, unknown>;
const clone = <T>(x: T): T => structuredClone(x);
const workload = generateWorkload({ seed: 7, events: 3000 }).map((e) => JSON.parse(JSON.stringify(e)) as Data);
const messages = workload.filter((e) => e.type === 'message.received' || e.type === 'message.sent');

// Values at and around every bound of the message schemas, and the characters the name rule refuses.
const lengths = [0, 1, 2, 3, 35, 36, 64, 65, 128, 129, 256, 257, 320, 321, 512, 513, 998, 999, 4096, 4097];
const hostile = fc.oneof(
  fc.constantFrom(...lengths).map((n) => 'a'.repeat(n)),
  fc.constantFrom(...lengths).map((n) => '😀'.repeat(n)),
  fc.constantFrom(...lengths).map((n) => 'a'.repeat(Math.max(0, n - 1)) + '\ud800'),
  fc.constantFrom('a\u0000b', 'a\u001fb', 'a\u007fb', 'a\u009fb', 'a\u00a0b', '\ud800', 'x\udc00', '😀', 'a\u2028b', ' '),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1.5, -1, 8.64e15, 8.64e15 + 2, -8.64e15, 2 ** 53, 1793582825481),
  fc.constantFrom('2026-11-23T09:00:00Z', '2026-11-23T09:00:00+02:00', '2026-11-23T09:00:00', '2026-02-30T00:00:00Z', 'yesterday'),
  fc.constantFrom('email', 'sms', 'whatsapp', 'chat', 'call', 'social', 'fax', 'public', 'private', 'answered', 'missed', 'voicemail', 'inbound', 'outbound'),
  fc.constantFrom('customer', 'agent', 'bot', 'system', 'phone', 'external', 'message.sent', 'message.received', 'low', 'urgent', 'critical'),
  fc.constantFrom<unknown>(true, false, null, undefined, [], {}, ['a'], [''], { type: 'customer' }, { kind: 'email', value: 'a@b.c' }),
  fc.constantFrom(1, 2, 3),
);

/** Every path into `x` (object keys and array indexes), and a new key beside each. */
function paths(x: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof x !== 'object' || x === null) return [];
  const here: (string | number)[][] = [[...at, 'unknownKey']];
  if (Array.isArray(x)) x.forEach((v, i) => here.push([...at, i], ...paths(v, [...at, i])));
  else for (const [k, v] of Object.entries(x)) here.push([...at, k], ...paths(v, [...at, k]));
  return here;
}
const optionalKeys = ['endpoint', 'content', 'email', 'chat', 'social', 'call', 'threadId', 'language', 'severity', 'campaign', 'tags', 'author', 'text', 'subject', 'messageId', 'inReplyTo', 'references', 'replyToken', 'sessionId', 'platform', 'conversationId', 'postId', 'visibility', 'callSid', 'direction', 'durationSec', 'verified', 'scope', 'handle', 'name'];

type Mutation = { kind: 'set'; pick: number; value: unknown } | { kind: 'delete'; pick: number } | { kind: 'add'; key: string; pick: number; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: hostile }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom(...optionalKeys), pick: fc.nat(), value: hostile }),
);

function mutate(event: Data, ms: readonly Mutation[]): Data {
  const x = clone(event);
  for (const m of ms) {
    const all = paths(x).filter((p) => m.kind !== 'delete' || p[p.length - 1] !== 'unknownKey');
    if (all.length === 0) continue;
    const path = all[m.pick % all.length]!;
    const parent = path.slice(0, -1).reduce<any>((o, k) => o?.[k], x);
    if (typeof parent !== 'object' || parent === null) continue;
    const last = path[path.length - 1]!;
    if (m.kind === 'delete') delete parent[last];
    else if (m.kind === 'set') parent[last] = clone(m.value);
    else if (!Array.isArray(parent)) parent[m.key] = clone(m.value);
  }
  return x;
}

/** Same values and the same key order all the way down. */
function sameOutput(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b) && keyOrder(a) === keyOrder(b);
}
function keyOrder(x: unknown): string {
  if (typeof x !== 'object' || x === null) return '';
  if (Array.isArray(x)) return `[${x.map(keyOrder).join(',')}]`;
  return `{${Object.entries(x).map(([k, v]) => `${k}:${keyOrder(v)}`).join(',')}}`;
}

function agrees(x: Data): void {
  const fast = fastParseMessage(x);
  if (fast === undefined) return;
  const slow = eventSchema.safeParse(x);
  expect(slow.success, `zod refuses what the fast path accepted: ${JSON.stringify(x)}`).toBe(true);
  expect(sameOutput(fast, slow.data), `different output for ${JSON.stringify(x)}`).toBe(true);
}

describe('the hand-written message check', () => {
  it('accepts the workload’s messages with exactly zod’s output', () => {
    let accepted = 0;
    for (const e of messages) {
      agrees(e);
      if (fastParseMessage(e) !== undefined) accepted += 1;
    }
    // Not vacuous: nearly every message of the workload takes the fast path.
    expect(accepted / messages.length).toBeGreaterThan(0.95);
  });

  it('never accepts what zod refuses, and never differs from it, on mutated messages', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.constantFrom(...messages), fc.array(mutation, { minLength: 1, maxLength: 3 }), (event, ms) => {
        const x = mutate(event, ms);
        runs += 1;
        if (fastParseMessage(x) !== undefined) accepted += 1;
        agrees(x);
      }),
      propertyParameters(20_000),
    );
    // Both sides of the line are met: mutations the fast path takes, and ones it leaves to zod.
    expect(accepted).toBeGreaterThan(runs / 20);
    expect(accepted).toBeLessThan(runs);
  });

  it('leaves every other event type to zod, and safeParseEvent’s answer is unchanged', () => {
    for (const e of workload) {
      if (e.type !== 'message.received' && e.type !== 'message.sent') expect(fastParseMessage(e)).toBeUndefined();
      const r = safeParseEvent(e);
      const z = eventSchema.safeParse(e);
      expect(r.ok).toBe(z.success);
      if (r.ok) expect(sameOutput(r.event, z.data)).toBe(true);
    }
  });
});
