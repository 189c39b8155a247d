/**
 * Properties of email threading through the engine, on random reply graphs: several customers whose
 * mails reply to and reference each other's Message-IDs (Cc'd replies, forwards, list mails), carry
 * each other's `[#REF]` tags and reply tokens, and get resolved or closed on the way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { threadIdFor, threadRefFor } from '../../src/fold/ids.js';
import type { EventInput } from '../../src/events/schemas.js';
import { arbRedelivery } from '../../src/testing/histories.js';
import { MINUTE, T0, events, plain, scenario } from './scenario.js';

const RUNS = 200;
const TENANT = 'acme';
const CUSTOMERS = ['alice@example.com', 'Bob@Example.org', 'chloé@exemple.fr'] as const;
const KEYS = ['email:alice@example.com', 'email:bob@example.org', 'email:chloé@exemple.fr'];

interface Mail {
  readonly from: number;
  readonly outbound: boolean;
  readonly minute: number;
  /** Index of an earlier mail replied to (any customer's), or none. */
  readonly replyTo: number | null;
  readonly references: readonly number[];
  /** Reuse a Message-ID from a small shared pool (list mails quoted by several customers). */
  readonly sharedId: number | null;
  /** Quote the `[#REF]` or reply token of the thread some mail would have opened. */
  readonly tagOf: number | null;
  readonly tokenOf: number | null;
}

interface Action {
  readonly of: number;
  readonly status: 'resolved' | 'closed' | 'pending';
  readonly minute: number;
}

/** `arb` one time in `oneIn`, else null. */
const rarely = <T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const arbMail = (i: number): fc.Arbitrary<Mail> =>
  fc.record({
    from: fc.nat({ max: CUSTOMERS.length - 1 }),
    outbound: fc.boolean(),
    minute: fc.nat({ max: 240 }),
    replyTo: i === 0 ? fc.constant(null) : fc.option(fc.nat({ max: i - 1 }), { freq: 4 }),
    references: i === 0 ? fc.constant([]) : fc.array(fc.nat({ max: i - 1 }), { maxLength: 3 }),
    sharedId: rarely(fc.nat({ max: 1 }), 6),
    tagOf: i === 0 ? fc.constant(null) : rarely(fc.nat({ max: i - 1 }), 5),
    tokenOf: i === 0 ? fc.constant(null) : rarely(fc.nat({ max: i - 1 }), 6),
  });

const arbWorld = fc
  .nat({ max: 24 })
  .chain((n) =>
    fc.record({
      mails: fc.tuple(...Array.from({ length: n + 1 }, (_, i) => arbMail(i))),
      actions: fc.array(fc.record({ of: fc.nat({ max: n }), status: fc.constantFrom('resolved', 'closed', 'pending'), minute: fc.nat({ max: 240 }) }), { maxLength: 4 }),
    }),
  );

const messageIdOf = (mails: readonly Mail[], i: number) => (mails[i]!.sharedId === null ? `<m${i}.${mails[i]!.from}@mail.example>` : `<list-${mails[i]!.sharedId}@lists.acme.test>`);
/** The thread mail `i` opened, if it opened one: ids derive from the creating event. */
const threadOfMail = (i: number) => threadIdFor(TENANT, `m${i}`);

function toEvents(mails: readonly Mail[], actions: readonly Action[]): EventInput[] {
  const ev = events(TENANT);
  const out: EventInput[] = mails.map((m, i) => {
    const to = { kind: 'email', value: CUSTOMERS[m.from]! } as const;
    const tag = m.tagOf === null ? '' : ` [#${threadRefFor(threadOfMail(m.tagOf))}]`;
    const rest = {
      channel: 'email' as const,
      content: { subject: `${m.replyTo === null ? '' : 'Re: '}Order ${i % 4}${tag}`, text: `mail ${i}` },
      email: {
        messageId: messageIdOf(mails, i),
        ...(m.replyTo === null ? {} : { inReplyTo: messageIdOf(mails, m.replyTo) }),
        ...(m.references.length === 0 ? {} : { references: m.references.map((r) => messageIdOf(mails, r)) }),
        ...(m.tokenOf === null ? {} : { replyToken: threadRefFor(threadOfMail(m.tokenOf)) }),
      },
    };
    const at = T0 + m.minute * MINUTE;
    return m.outbound ? ev.sent(`m${i}`, at, to, rest) : ev.received(`m${i}`, at, to, rest);
  });
  actions.forEach((a, k) => out.push(ev.status(`s${k}`, T0 + a.minute * MINUTE, threadOfMail(a.of), a.status)));
  return out;
}

async function fold(batches: readonly (readonly EventInput[])[]): Promise<Engine> {
  const s = scenario();
  for (const batch of batches) expect((await s.engine.ingest(batch)).rejected).toEqual([]);
  return s.engine;
}

const observable = (engine: Engine) => plain({ threads: engine.threads(), customers: engine.customers(), unapplied: engine.unapplied() });

describe('email reply graphs', () => {
  it('any arrival order with redeliveries gives identical threads, ids included', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbWorld.chain(({ mails, actions }) => arbRedelivery(toEvents(mails, actions))),
        async ({ events: list, batches }) => {
          const inOrder = await fold([list]);
          const shuffled = await fold(batches);
          expect(observable(shuffled)).toEqual(observable(inOrder));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("nobody's thread holds another customer's mail, however they quote each other", async () => {
    await fc.assert(
      fc.asyncProperty(arbWorld, async ({ mails, actions }) => {
        const engine = await fold([toEvents(mails, actions)]);
        const threads = engine.threads();
        expect(threads.flatMap((t) => t.messages.map((m) => m.id)).sort()).toEqual(mails.map((_, i) => `m${i}`).sort());
        for (const t of threads) {
          const owner = engine.customer(t.customerId)!;
          expect(owner.identities.map((x) => x.key)).toHaveLength(1);
          for (const m of t.messages) expect(m.identityKey).toBe(owner.identities[0]!.key);
          for (let k = 1; k < t.messages.length; k++) {
            const [a, b] = [t.messages[k - 1]!, t.messages[k]!];
            expect(a.occurredAt < b.occurredAt || (a.occurredAt === b.occurredAt && a.id < b.id)).toBe(true);
          }
        }
        expect(new Set(threads.map((t) => t.customerId)).size).toBeLessThanOrEqual(KEYS.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('without status changes, a reply to the same customer’s earlier mail (its own Message-ID, no token) lands in that mail’s thread', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(arbWorld, fc.boolean(), async ({ mails: drawn }, inSequence) => {
        // Half the runs write the mails in sequence, so that most replies come after their parent.
        const mails = inSequence ? drawn.map((m, i) => ({ ...m, minute: i })) : drawn;
        const engine = await fold([toEvents(mails, [])]);
        const threadOf = new Map(engine.threads().flatMap((t) => t.messages.map((m) => [m.id, t.id] as const)));
        const before = (i: number, j: number) => mails[j]!.minute < mails[i]!.minute || (mails[j]!.minute === mails[i]!.minute && `m${j}` < `m${i}`);
        mails.forEach((m, i) => {
          const p = m.replyTo;
          if (p === null || m.tokenOf !== null || mails[p]!.from !== m.from || !before(i, p)) return;
          // The parent's Message-ID must be the customer's only mail with that id.
          const sameId = mails.filter((x, j) => x.from === m.from && messageIdOf(mails, j) === messageIdOf(mails, p));
          if (sameId.length > 1) return;
          expect(threadOf.get(`m${i}`)).toBe(threadOf.get(`m${p}`));
          checked++;
        });
      }),
      { numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(RUNS);
  });
});
