import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { isOmnithreadError } from '../../src/errors.js';
import { parseEvent, safeParseEvent } from '../../src/events/parse.js';
import { arbEventHistory } from '../../src/testing/histories.js';
import { stateOf } from '../helpers/state.js';

const anyValidEvent = arbEventHistory({ maxEvents: 12, tenants: 2 }).filter((h) => h.length > 0).chain((h) => fc.constantFrom(...h));

/** A way to break a valid event, and the path the error must name. */
type Breakage = { name: string; path: (string | number)[]; apply: (e: Record<string, unknown>) => void };
const breakages: Breakage[] = [
  { name: 'no id', path: ['id'], apply: (e) => delete e.id },
  { name: 'empty tenant', path: ['tenantId'], apply: (e) => (e.tenantId = '') },
  { name: 'time without offset', path: ['occurredAt'], apply: (e) => (e.occurredAt = '2026-11-23T09:00:00') },
  // Negative epoch ms are valid (dates before 1970); past the Date range is not.
  { name: 'time outside the Date range', path: ['occurredAt'], apply: (e) => (e.occurredAt = 8.64e15 + 1) },
  { name: 'unknown field', path: [], apply: (e) => (e.sentAtt = 1) },
  { name: 'wrong schema version', path: ['schemaVersion'], apply: (e) => (e.schemaVersion = 99) },
  { name: 'unknown type', path: ['type'], apply: (e) => (e.type = 'message.exploded') },
];

describe('canonical events', () => {
  it('every generated valid event parses, and round-trips through JSON to the same event', () => {
    fc.assert(
      fc.property(anyValidEvent, (raw) => {
        const parsed = parseEvent(raw);
        const again = parseEvent(JSON.parse(JSON.stringify(parsed)));
        expect(again).toEqual(parsed);
        expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(parsed)));
      }),
      { numRuns: 500 },
    );
  });

  it('a broken event is rejected with a typed error naming the path (never a raw ZodError)', () => {
    fc.assert(
      fc.property(anyValidEvent, fc.constantFrom(...breakages), (raw, breakage) => {
        const copy = structuredClone(raw) as Record<string, unknown>;
        breakage.apply(copy);
        const r = safeParseEvent(copy, { index: 3 });
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(isOmnithreadError(r.error)).toBe(true);
        expect(['INVALID_EVENT', 'UNSUPPORTED_SCHEMA_VERSION']).toContain(r.error.code);
        expect(r.error.index).toBe(3);
        const paths = r.error.issues.map((i) => JSON.stringify(i.path));
        if (breakage.path.length > 0) expect(paths.some((p) => p.startsWith(JSON.stringify(breakage.path).slice(0, -1)))).toBe(true);
        expect(() => parseEvent(copy)).toThrow(expect.objectContaining({ code: r.error.code }));
      }),
      { numRuns: 500 },
    );
  });

  it('ingesting a batch with rejects leaves the same state as ingesting only its valid events', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbEventHistory({ maxEvents: 20 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...breakages)), { maxLength: 5 }),
        async (history, spoil) => {
          const batch: unknown[] = [...history];
          for (const [at, breakage] of spoil) {
            const source = history[at % Math.max(1, history.length)];
            const broken = structuredClone(source ?? { id: 'x' }) as Record<string, unknown>;
            breakage.apply(broken);
            batch.splice(at % (batch.length + 1), 0, broken);
          }
          const mixed = createEngine();
          const r = await mixed.ingest(batch);
          expect(r.rejected.length).toBe(spoil.length);
          for (const x of r.rejected) expect(batch[x.index]).toBe(x.event);
          const clean = createEngine();
          await clean.ingest(history);
          expect(stateOf(mixed)).toEqual(stateOf(clean));
        },
      ),
      { numRuns: 300 },
    );
  });
});
