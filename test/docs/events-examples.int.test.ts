/**
 * The ```json examples of docs/events.md are real events: each parses, every event type has one,
 * the version 1 example upcasts to the version 2 example after it, and together they are one
 * coherent story the engine accepts without a reject, an unapplied action or a refused transition.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { parseEvent } from '../../src/events/parse.js';
import { EVENT_TYPES } from '../../src/events/schemas.js';
import { fencedBlocks, readDoc } from './markdown.js';

const blocks = fencedBlocks(readDoc('docs/events.md')).filter((b) => b.lang === 'json');
const examples = blocks.map((b) => ({ line: b.line, raw: JSON.parse(b.code) as Record<string, unknown> }));

describe('docs/events.md examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(EVENT_TYPES.length);
  });

  it.each(examples.map((e) => [`line ${e.line}: ${String(e.raw.type)}`, e] as const))('%s parses', (_name, { raw }) => {
    expect(() => parseEvent(raw)).not.toThrow();
  });

  it('shows every event type', () => {
    const shown = new Set(examples.map((e) => e.raw.type));
    expect(EVENT_TYPES.filter((t) => !shown.has(t))).toEqual([]);
  });

  it('each version 1 example parses to the same event as the version 2 example after it', () => {
    const v1 = examples.flatMap((e, i) => (e.raw.schemaVersion === 1 ? [i] : []));
    expect(v1.length).toBeGreaterThan(0);
    for (const i of v1) {
      const next = examples[i + 1];
      expect(next?.raw.schemaVersion, `the example after line ${examples[i]!.line}`).toBe(2);
      expect(parseEvent(examples[i]!.raw)).toEqual(parseEvent(next!.raw));
    }
  });

  it('together they are one coherent story: nothing rejected, unapplied or refused', async () => {
    const engine = createEngine({ tenants: { acme: { defaultRegion: 'US' } } });
    const result = await engine.ingest(examples.map((e) => e.raw));
    expect(result.rejected.map((r) => r.error.message)).toEqual([]);
    // The v1 example and its v2 twin are one event.
    expect(result.duplicates).toBe(1);
    expect(engine.unapplied()).toEqual([]);
    const refused = engine.threads().flatMap((t) => t.ignored.map((x) => `${x.eventId}: ${x.reason}`));
    expect(refused).toEqual([]);
    // The story's thread ids are the ones the examples name.
    const named = new Set(examples.flatMap((e) => [e.raw.threadId, e.raw.intoThreadId]).filter((x): x is string => typeof x === 'string'));
    for (const id of named) expect(engine.thread(id), id).toBeDefined();
  });
});
