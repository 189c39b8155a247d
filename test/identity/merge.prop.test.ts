/**
 * Properties of identity resolution through the engine: customers are the connected components of
 * the identity graph whatever the order of links and merges, an unmerge is the inverse of its merge,
 * every message is in exactly one customer's timeline, and tenants never share customers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { IdentityRef } from '../../src/events/primitives.js';
import type { EventInput } from '../../src/events/schemas.js';
import { normalizeIdentityOrThrow } from '../../src/identity/normalize.js';
import { UnionFind } from '../../src/identity/union-find.js';
import { arbEventHistory, arbRedelivery } from '../../src/testing/histories.js';
import { MINUTE, T0, events, plain, scenario } from '../threading/scenario.js';

const RUNS = 200;

/** Person `p`'s identities as their channels report them: KR/GB/US numbers, IDN mail, chat ids. */
const PHONES = ['010-2000-0001', '+44 7911 123002', '+1 415 555 0103', '010-3456-0007', '+44 20 7946 0958'];
const EMAILS = ['minji@naver.com', 'Oliver@Example.co.uk', 'sam@example.com', '김철수@예시.한국', 'jürgen@bücher.example'];
function identityOf(person: number, kind: number): IdentityRef {
  switch (kind % 4) {
    case 0:
      return { kind: 'email', value: EMAILS[person % EMAILS.length]! };
    case 1:
      return { kind: 'phone', value: PHONES[person % PHONES.length]! };
    case 2:
      return { kind: 'whatsapp', value: `whatsapp:${normalizeIdentityOrThrow({ kind: 'phone', value: PHONES[person % PHONES.length]! }, { defaultRegion: 'KR' }).value}` };
    default:
      return { kind: 'chat', visitorId: `visitor-${person}` };
  }
}
const channelOf = (ref: IdentityRef) => (ref.kind === 'email' ? 'email' : ref.kind === 'chat' ? 'chat' : ref.kind === 'whatsapp' ? 'whatsapp' : 'sms');
const keyOf = (ref: IdentityRef) => normalizeIdentityOrThrow(ref, { defaultRegion: 'KR' }).key;

interface Step {
  readonly kind: 'message' | 'link' | 'merge';
  readonly a: [number, number];
  readonly b: [number, number];
}

const arbStep: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('message', 'message', 'link', 'merge'),
  a: fc.tuple(fc.nat({ max: 4 }), fc.nat({ max: 3 })),
  b: fc.tuple(fc.nat({ max: 4 }), fc.nat({ max: 3 })),
});

/** Steps as events at the given minutes (one per step), none verified: nothing can conflict. */
function toEvents(steps: readonly Step[], minutes: readonly number[], tenantId = 'acme'): EventInput[] {
  const ev = events(tenantId);
  return steps.map((s, i) => {
    const at = T0 + minutes[i]! * MINUTE;
    const a = identityOf(...s.a);
    const b = identityOf(...s.b);
    if (s.kind === 'link') return ev.linked(`e${i}`, at, a, b);
    if (s.kind === 'merge') return ev.merged(`e${i}`, at, a, b);
    return ev.received(`e${i}`, at, a, { channel: channelOf(a), content: { text: `message ${i}`, ...(channelOf(a) === 'email' ? { subject: `subject ${i % 3}` } : {}) } });
  });
}

/** The expected customers: connected components of every identity the steps mention. */
function components(steps: readonly Step[]): string[][] {
  const uf = new UnionFind<string>();
  for (const s of steps) {
    const a = keyOf(identityOf(...s.a));
    if (s.kind === 'message') uf.add(a);
    else uf.union(a, keyOf(identityOf(...s.b)));
  }
  return canonical(uf.groups());
}

const canonical = (groups: readonly (readonly string[])[]) => groups.map((g) => [...g].sort()).sort((x, y) => (x.join() < y.join() ? -1 : 1));
const partitionOf = (engine: Engine, tenantId = 'acme') => canonical(engine.customers({ tenantId }).map((c) => c.identities.map((i) => i.key)));

async function run(list: readonly EventInput[], options = { defaultRegion: 'KR' as const }) {
  const s = scenario(options);
  const r = await s.engine.ingest(list);
  expect(r.rejected).toEqual([]);
  return s.engine;
}

/** Message ids per customer, as sets of that customer's identity keys: comparable across runs. */
function messagesByCustomer(engine: Engine, tenantId = 'acme'): string[] {
  return engine
    .customers({ tenantId })
    .map((c) => `${c.identities.map((i) => i.key).sort().join('|')} => ${engine.timeline(c.id).map((x) => x.eventId).sort().join(',')}`)
    .sort();
}

describe('merging is order-independent', () => {
  it('any time order of the same links, merges and messages gives the same customers: the components of the identity graph', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbStep, { minLength: 1, maxLength: 14 }).chain((steps) =>
          fc.tuple(fc.constant(steps), fc.shuffledSubarray([...steps.keys()], { minLength: steps.length, maxLength: steps.length })),
        ),
        async ([steps, order]) => {
          const forward = await run(toEvents(steps, steps.map((_, i) => i)));
          const shuffled = await run(toEvents(steps, order));
          const expected = components(steps);
          expect(partitionOf(forward)).toEqual(expected);
          expect(partitionOf(shuffled)).toEqual(expected);
          expect(messagesByCustomer(shuffled)).toEqual(messagesByCustomer(forward));
          expect(forward.mergeSuggestions()).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any arrival order, with redeliveries, gives deep-equal customers (ids included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbStep, { maxLength: 14 }).chain((steps) => arbRedelivery(toEvents(steps, steps.map((_, i) => (i * 7) % 5)))),
        async ({ events: list, batches }) => {
          const inOrder = await run(list);
          const s = scenario({ defaultRegion: 'KR' });
          for (const batch of batches) expect((await s.engine.ingest(batch)).rejected).toEqual([]);
          expect(plain(s.engine.customers())).toEqual(plain(inOrder.customers()));
          expect(plain(s.engine.unapplied())).toEqual(plain(inOrder.unapplied()));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('unmerge is the inverse of merge', () => {
  it('a merge undone right away leaves customers and threads exactly as they were without both', async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(
        arbEventHistory({ people: 3, maxEvents: 30, startAt: T0 }),
        fc.nat({ max: 600 }),
        fc.nat(),
        fc.nat(),
        async (generated, minute, pickSource, pickTarget) => {
          // Every person has written before the generated history starts: there is always someone to merge.
          const early = events('tenant-0');
          const prelude = [0, 1, 2].flatMap((p) => [
            early.received(`pre-mail-${p}`, T0 - 60 * MINUTE + p, { kind: 'email', value: `person${p}@example.com` }, { channel: 'email', content: { subject: 'hello' } }),
            early.received(`pre-sms-${p}`, T0 - 30 * MINUTE + p, { kind: 'phone', value: `+1415555${1000 + p}` }, { channel: 'sms', content: { text: 'hi' } }),
          ]);
          const history = [...prelude, ...generated];
          const cut = T0 + minute * MINUTE + 30_000;
          // Merge two identities already seen by then: a merge naming an unseen identity creates its
          // customer, which no unmerge takes back (see resolution.int.test.ts).
          const refs = history.flatMap((e) => (e.type === 'message.received' && (e.occurredAt as number) < cut ? [e.from] : e.type === 'message.sent' && (e.occurredAt as number) < cut ? [e.to] : []));
          const seen = [...new Map(refs.map((r) => [keyOf(r), r])).values()];
                    const source = pickSource % seen.length;
          const target = (source + 1 + (pickTarget % (seen.length - 1))) % seen.length;
          const tenant = events('tenant-0');
          const mergeAndUndo = [
            tenant.merged('zz-merge', cut, seen[source]!, seen[target]!),
            tenant.unmerged('zz-unmerge', cut + 1_000, 'zz-merge'),
          ];
          const without = await run(history);
          const withBoth = await run([...history, ...mergeAndUndo]);
          expect(plain(withBoth.customers())).toEqual(plain(without.customers()));
          expect(plain(withBoth.threads())).toEqual(plain(without.threads()));
          if (!withBoth.unapplied().some((x) => x.eventId.startsWith('zz-'))) applied++;
        },
      ),
      { numRuns: RUNS },
    );
    // Many generated merges joined two different customers: the property was not vacuous.
    expect(applied).toBeGreaterThan(RUNS / 2);
  });
});

describe('timelines and tenants', () => {
  it('every message is in exactly one customer’s timeline, whatever links, merges, unmerges, splits and thread merges happened', async () => {
    await fc.assert(
      fc.asyncProperty(arbEventHistory({ people: 4, maxEvents: 40, tenants: 2 }), async (history) => {
        const engine = await run(history);
        const seen = new Map<string, number>();
        for (const c of engine.customers()) {
          const entries = engine.timeline(c.id);
          for (const e of entries) {
            const key = `${c.tenantId}/${e.eventId}`;
            seen.set(key, (seen.get(key) ?? 0) + 1);
            expect(engine.thread(e.threadId)?.customerId).toBe(c.id);
          }
        }
        const messages = history.filter((e) => e.type === 'message.received' || e.type === 'message.sent').map((e) => `${e.tenantId}/${e.id}`);
        expect([...seen.keys()].sort()).toEqual(messages.sort());
        expect([...seen.values()].every((n) => n === 1)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('tenants never share customers, even with identical identifiers and event ids', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbStep, { maxLength: 14 }), async (steps) => {
        const minutes = steps.map((_, i) => i);
        const engine = await run([...toEvents(steps, minutes, 'acme'), ...toEvents(steps, minutes, 'globex')]);
        const acme = engine.customers({ tenantId: 'acme' });
        const globex = engine.customers({ tenantId: 'globex' });
        const acmeIds = new Set(acme.map((c) => c.id));
        for (const c of globex) expect(acmeIds.has(c.id)).toBe(false);
        for (const c of [...acme, ...globex]) {
          expect(engine.customer(c.id)?.tenantId).toBe(c.tenantId);
          for (const id of c.threadIds) expect(engine.thread(id)?.tenantId).toBe(c.tenantId);
        }
        // Same events, same shape: each tenant folds exactly as it would alone.
        expect(partitionOf(engine, 'globex')).toEqual(partitionOf(engine, 'acme'));
        expect(messagesByCustomer(engine, 'globex')).toEqual(messagesByCustomer(engine, 'acme'));
        expect(partitionOf(engine, 'acme')).toEqual(components(steps));
      }),
      { numRuns: RUNS },
    );
  });
});
