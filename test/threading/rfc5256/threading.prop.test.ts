import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  type ThreadNode,
  type ThreadableMessage,
  baseSubject,
  baseSubjectInfo,
  threadOrderedSubject,
  threadReferences,
} from '../../../src/threading/rfc5256/index.js';

const id = (n: number) => `<m${n}@example.org>`;
const subjects = ['a', 'Re: a', 'b', 'Fwd: b', '[l] a', 'a (fwd)', '', 'Re:', 'c'];

/** Messages with explicit positions, ids drawn from a small pool (duplicates, missing parents, loops). */
const messages = fc
  .array(
    fc.record({
      messageId: fc.option(fc.integer({ min: 0, max: 12 }).map(id), { nil: undefined }),
      references: fc.option(fc.array(fc.integer({ min: 0, max: 12 }).map(id), { maxLength: 4 }).map((r) => r.join(' ')), { nil: undefined }),
      inReplyTo: fc.option(fc.integer({ min: 0, max: 12 }).map(id), { nil: undefined }),
      subject: fc.option(fc.constantFrom(...subjects), { nil: undefined }),
      date: fc.option(fc.integer({ min: 0, max: 5 }).map((m) => Date.UTC(2024, 0, 1) + m * 60_000), { nil: undefined }),
      arrivalDate: fc.integer({ min: 0, max: 5 }).map((m) => Date.UTC(2023, 0, 1) + m * 1000),
    }),
    { maxLength: 25 },
  )
  .map((ms) => ms.map((m, i): ThreadableMessage => ({ ...m, position: i + 1 })));

function positions(nodes: readonly ThreadNode[]): number[] {
  return nodes.flatMap((n) => [...(n.position === undefined ? [] : [n.position]), ...positions(n.children)]);
}

const sortKey = (m: ThreadableMessage | undefined) => {
  const sent = m?.date === undefined || m.date === null ? 0 : Math.floor(m.date / 1000);
  return sent !== 0 ? sent : Math.floor((m?.arrivalDate ?? 0) / 1000);
};

function siblingsSorted(nodes: readonly ThreadNode[]): boolean {
  for (let i = 1; i < nodes.length; i++) {
    const a = nodes[i - 1];
    const b = nodes[i];
    if (a?.message === undefined || b?.message === undefined) continue;
    const d = sortKey(a.message) - sortKey(b.message);
    if (d > 0 || (d === 0 && (a.position ?? 0) > (b.position ?? 0))) return false;
  }
  return nodes.every((n) => siblingsSorted(n.children));
}

describe('threadReferences properties', () => {
  test.prop([messages])('every message appears exactly once', (ms) => {
    expect(positions(threadReferences(ms)).sort((a, b) => a - b)).toEqual(ms.map((m) => m.position));
  });

  test.prop([messages, fc.integer()])('the result does not depend on the input order', (ms, seed) => {
    const shuffled = fc.sample(fc.shuffledSubarray(ms, { minLength: ms.length, maxLength: ms.length }), { seed, numRuns: 1 })[0] ?? ms;
    expect(threadReferences(shuffled)).toEqual(threadReferences(ms));
  });

  test.prop([messages])('placeholders are roots with two or more children; siblings are in date order', (ms) => {
    const roots = threadReferences(ms);
    for (const root of roots) if (root.message === undefined) expect(root.children.length).toBeGreaterThanOrEqual(2);
    const inner = (nodes: readonly ThreadNode[]): boolean => nodes.every((n) => n.message !== undefined && inner(n.children));
    expect(roots.every((r) => inner(r.children))).toBe(true);
    expect(roots.every((r) => siblingsSorted(r.children))).toBe(true);
  });
});

describe('threadOrderedSubject properties', () => {
  test.prop([messages])('each thread is one base subject and every message appears once', (ms) => {
    const roots = threadOrderedSubject(ms);
    expect(positions(roots).sort((a, b) => a - b)).toEqual(ms.map((m) => m.position));
    const bases = roots.map((r) => baseSubject(r.message?.subject ?? ''));
    expect(new Set(bases).size).toBe(bases.length);
    for (const root of roots) {
      for (const child of root.children) expect(baseSubject(child.message?.subject ?? '')).toBe(baseSubject(root.message?.subject ?? ''));
    }
  });
});

const subjectText = fc
  .array(fc.constantFrom('Re:', 'fwd', ' ', '[x]', '(fwd)', 'foo', 'Bar', ':', '[', ']', 'é', '\t', '=?utf-8?q?a?='), { maxLength: 8 })
  .map((parts) => parts.join(''));

describe('baseSubject properties', () => {
  test.prop([subjectText])('a "Re: " prefix changes nothing but the reply flag', (s) => {
    expect(baseSubject(`Re: ${s}`)).toBe(baseSubject(s));
    expect(baseSubjectInfo(`Re: ${s}`).isReplyOrForward).toBe(true);
  });

  test.prop([subjectText])('is idempotent', (s) => {
    const base = baseSubject(s);
    expect(baseSubject(base)).toBe(base);
  });

  test.prop([subjectText])('ignores letter case', (s) => {
    expect(baseSubject(s.toLowerCase())).toBe(baseSubject(s.toUpperCase()));
  });
});
