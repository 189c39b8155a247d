import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createWorkQueue, type WorkQueueEntry } from '../../../src/policies/priority/queue.js';

type Op = { kind: 'upsert'; id: number; key: number; tie: number } | { kind: 'remove'; id: number };

// Few ids, keys and tie-breaks, so that moves, removals and ties are common.
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('upsert' as const), id: fc.nat(400), key: fc.integer({ min: -20, max: 20 }), tie: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.nat(400) }) },
);

function bruteTop(live: Map<string, WorkQueueEntry>, k: number, filter?: (e: WorkQueueEntry) => boolean): WorkQueueEntry[] {
  return [...live.values()]
    .filter((e) => !filter || filter(e))
    .sort((a, b) => b.key - a.key || a.tieBreak - b.tieBreak || (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : 0))
    .slice(0, k);
}

/** The first place two entry lists differ, in words; a short message keeps shrinking fast (no big diffs). */
function firstDifference(got: readonly WorkQueueEntry[], want: readonly WorkQueueEntry[]): string | undefined {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const [g, w] = [got[i], want[i]];
    if (g?.threadId !== w?.threadId || g?.key !== w?.key || g?.tieBreak !== w?.tieBreak) {
      return `at ${i} of ${want.length}: got ${JSON.stringify(g)}, want ${JSON.stringify(w)}`;
    }
  }
  return undefined;
}

// Synchronous fc.assert with a time limit: shrinking a long failing sequence then takes seconds, not
// minutes. size 'large' lets sequences reach a thousand operations and some 300 live entries, so the
// queue splits and merges blocks.
it('top(k) equals a brute-force sort of the live entries after random upserts and removes', () => {
  const ops = fc.array(op, { maxLength: 1500, size: 'large' });
  fc.assert(
    fc.property(ops, fc.nat(500), fc.nat(3), (ops, k, mod) => {
      const q = createWorkQueue();
      const live = new Map<string, WorkQueueEntry>();
      for (const o of ops) {
        const threadId = `t${o.id}`;
        if (o.kind === 'upsert') {
          q.upsert(threadId, o.key, o.tie);
          live.set(threadId, { threadId, key: o.key, tieBreak: o.tie });
        } else if (q.remove(threadId) !== live.delete(threadId)) {
          throw new Error(`remove(${threadId}) disagrees with the model`);
        }
      }
      expect(q.size).toBe(live.size);
      expect(firstDifference(q.top(k), bruteTop(live, k))).toBeUndefined();
      const filter = (e: WorkQueueEntry) => e.tieBreak % (mod + 1) === 0;
      expect(firstDifference(q.top(k, filter), bruteTop(live, k, filter))).toBeUndefined();
    }),
    { numRuns: 80, interruptAfterTimeLimit: 15_000 },
  );
});

it('orders any finite keys, including -0 and near-equal floats', () => {
  const keys = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), { maxLength: 2000, size: 'large' });
  fc.assert(
    fc.property(keys, (keys) => {
      const q = createWorkQueue();
      keys.forEach((key, i) => q.upsert(`t${i}`, key, 0));
      // -0 and 0 are one key to the queue (they compare equal); normalise before comparing.
      const got = q.top(keys.length).map((e) => e.key + 0);
      expect(got.join()).toBe([...keys].sort((a, b) => b - a).map((k) => k + 0).join());
    }),
    { numRuns: 50, interruptAfterTimeLimit: 15_000 },
  );
});
