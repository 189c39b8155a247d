/**
 * Views are cached per record version. What queries ask for is kept (the same object for an
 * unchanged record); what the engine builds for its events, timers and queue lasts until the next
 * publish unless a query asks for it: a listener must not make the engine keep a view of every thread.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import type { Thread } from '../../src/threading/types.js';

const T0 = Date.UTC(2026, 10, 2, 8);
const text = (id: string, phone: string, minute: number) => ({
  id,
  tenantId: 't',
  type: 'message.received',
  schemaVersion: 2,
  occurredAt: T0 + minute * 60_000,
  channel: 'sms',
  from: { kind: 'phone', value: phone },
  content: { text: id },
});

/** The engine's caches (internals, on purpose: this is what a listener used to fill). */
const cached = (engine: unknown) => {
  const views = (engine as { core: { threadViews: { entries: Map<string, unknown>; recent: Map<string, unknown> } } }).core.threadViews;
  return { kept: views.entries.size, recent: views.recent.size };
};

describe('thread views', () => {
  it('a query returns the same object for an unchanged thread, and the event’s view while current', async () => {
    const engine = createEngine({ clock: () => T0 + 3_600_000 });
    const announced: Thread[] = [];
    engine.on('thread.created', (t) => announced.push(t));
    await engine.ingest(text('a1', '+14155551000', 0));
    const id = announced[0]!.id;
    expect(engine.thread(id)).toBe(announced[0]);
    expect(engine.thread(id)).toBe(engine.thread(id));
    const first = engine.thread(id)!;
    await engine.ingest(text('b1', '+14155551001', 1)); // another customer: this thread is unchanged
    expect(engine.thread(id)).toBe(first);
    await engine.ingest(text('a2', '+14155551000', 2));
    const changed = engine.thread(id)!;
    expect(changed).not.toBe(first);
    expect(changed.messages.map((m) => m.id)).toEqual(['a1', 'a2']);
    expect(first.messages.map((m) => m.id)).toEqual(['a1']);
  });

  it('the queue hands out the same object for an unchanged thread across batches', async () => {
    const engine = createEngine({ clock: () => T0 + 3_600_000 });
    engine.on('thread.updated', () => undefined);
    await engine.ingest(text('a1', '+14155551000', 0));
    const first = engine.queue({ now: T0 + 60_000 }).find((q) => q.thread.messages[0]?.id === 'a1')!.thread;
    await engine.ingest(text('b1', '+14155551001', 1)); // another customer: a1's thread is unchanged
    const again = engine.queue({ now: T0 + 120_000 }).find((q) => q.thread.messages[0]?.id === 'a1')!.thread;
    expect(again).toBe(first);
    expect(engine.thread(first.id)).toBe(first);
  });

  it('a listener’s view is the query’s while the batch is current, an equal object after', async () => {
    const engine = createEngine({ clock: () => T0 + 3_600_000 });
    const announced: Thread[] = [];
    engine.on('thread.created', (t) => announced.push(t));
    await engine.ingest(text('a1', '+14155551000', 0));
    await engine.ingest(text('b1', '+14155551001', 1));
    const view = engine.thread(announced[0]!.id)!;
    expect(view).toEqual(announced[0]);
  });

  it('views built for listeners are not kept past the next batch', async () => {
    const engine = createEngine({ clock: () => T0 + 3_600_000 });
    let seen = 0;
    engine.on('thread.updated', () => (seen += 1));
    engine.on('thread.created', () => (seen += 1));
    for (let batch = 0; batch < 5; batch++) {
      await engine.ingest(Array.from({ length: 100 }, (_, i) => text(`m${batch}-${i}`, `+1415555${2000 + i}`, batch)));
    }
    expect(seen).toBe(500);
    // 100 threads, each announced five times: none kept for good, the last batch's until the next.
    expect(cached(engine)).toEqual({ kept: 0, recent: 100 });
    engine.threads();
    expect(cached(engine).kept).toBe(100);
  });
});

describe('threadView', () => {
  it('leaves out exactly the unset fields and the fold’s own, in the record’s order, for every thread', async () => {
    const fc = (await import('fast-check')).default;
    const { generateWorkload } = await import('../../src/testing/workload/index.js');
    const { arbEventHistory } = await import('../../src/testing/histories.js');
    const { THREAD_INTERNAL, threadView } = await import('../../src/fold/views.js');
    type Tenant = { threadHome: Map<string, { state: { threads: Map<string, Record<string, unknown>> } }> };
    const seen = new Set<string>();
    let checked = 0;
    const check = async (events: readonly unknown[]) => {
      const engine = createEngine({ clock: () => Date.UTC(2030, 0, 1) });
      await engine.ingest(events);
      const listed = engine.threads().length; // folds what the ingest deferred
      const tenants = (engine as unknown as { core: { tenants: Map<string, Tenant> } }).core.tenants;
      let here = 0;
      for (const tenant of tenants.values()) {
        for (const [id, comp] of tenant.threadHome) {
          const rec = comp.state.threads.get(id);
          if (!rec) continue;
          const view = threadView(rec as never) as unknown as Record<string, unknown>;
          const expected = Object.keys(rec).filter((k) => rec[k] !== undefined && !THREAD_INTERNAL.has(k));
          expect(Object.keys(view)).toEqual(expected);
          for (const k of expected) {
            if (typeof rec[k] === 'object' && rec[k] !== null) expect(view[k]).toEqual(rec[k]);
            else expect(view[k]).toBe(rec[k]);
            seen.add(k);
          }
          expect(Object.isFrozen(view)).toBe(true);
          here++;
        }
      }
      expect(here).toBe(listed);
      checked += here;
      // And with every field set: the fields no history here writes (escalation, snooze, merge…).
      const some = [...tenants.values()][0]?.threadHome.values().next().value?.state.threads.values().next().value;
      if (some === undefined) return;
      const full: Record<string, unknown> = { ...some };
      for (const k of Object.keys(full)) if (full[k] === undefined) full[k] = k === 'escalation' ? { level: 1, reason: k } : `set:${k}`;
      const view = threadView(full as never) as unknown as Record<string, unknown>;
      expect(Object.keys(view)).toEqual(Object.keys(full).filter((k) => !THREAD_INTERNAL.has(k)));
      for (const k of Object.keys(view)) if (typeof full[k] === 'string' || typeof full[k] === 'number') expect(view[k]).toBe(full[k]);
      expect(view.escalation).toEqual({ level: 1, reason: 'escalation' });
      expect(view.escalation).not.toBe(full.escalation);
      expect(Object.isFrozen(view.escalation)).toBe(true);
    };
    await check(generateWorkload({ seed: 7, events: 4_000 }));
    for (const events of fc.sample(arbEventHistory({ maxEvents: 80, people: 4 }), { numRuns: 150, seed: 11 })) await check(events);
    expect(checked).toBeGreaterThan(1_000);
    // The rare paths' fields were there to be left in (assignment, escalation, snooze, resolution…).
    for (const k of ['assignee', 'assignedAt', 'resolvedAt', 'firstResponseAt', 'lastOutboundAt', 'subject', 'severity', 'language']) expect(seen).toContain(k);
  });
});
