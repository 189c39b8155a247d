/**
 * Finding 5 of issue 13 (validation half): one future-dated event poisoned time — an event dated 2538
 * was accepted, and everything that reads "the tenant's latest time" read 2538. The shell now checks
 * `occurredAt` against its own clock (`createEngine({ clock })`, default `Date.now`) and rejects an
 * event more than `limits.maxFutureSkewMs` ahead with `CLOCK_SKEW`. The fold never reads the clock,
 * and events read back from the store or a snapshot are never checked (they were validated once).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { DEFAULT_LIMITS } from '../../src/events/limits.js';
import { parseEvent } from '../../src/events/parse.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { stateOf } from '../helpers/state.js';

const NOW = Date.UTC(2026, 10, 23, 9);
const MIN = 60_000;
const sms = (id: string, occurredAt: number | string) => ({
  id,
  tenantId: 'acme',
  type: 'message.received',
  schemaVersion: 2,
  occurredAt,
  channel: 'sms',
  from: { kind: 'phone', value: '+14158675310' },
  content: { text: `message ${id}` },
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a clock for validation', () => {
  it('an event dated 2538 is rejected CLOCK_SKEW by a default engine; its neighbours are accepted', async () => {
    const engine = createEngine();
    const result = await engine.ingest([sms('now', Date.now()), sms('far', '2538-01-01T00:00:00Z'), sms('past', '2020-01-01T00:00:00Z')]);
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.error.code, r.error.eventId])).toEqual([[1, 'CLOCK_SKEW', 'far']]);
    expect(engine.threads()[0]!.messages.map((m) => m.id).sort()).toEqual(['now', 'past']);
  });

  it('CLOCK_SKEW says what and where: the path, the event time, the clock time and the bound', async () => {
    const engine = createEngine({ clock: () => NOW });
    const at = NOW + 6 * MIN;
    const { rejected } = await engine.ingest(sms('ahead', at));
    const error = rejected[0]!.error;
    expect(error.code).toBe('CLOCK_SKEW');
    expect(error.index).toBe(0);
    expect(error.issues.map((i) => i.path)).toEqual([['occurredAt']]);
    const text = `${error.message} ${error.issues[0]!.message}`;
    expect(text).toContain(new Date(at).toISOString());
    expect(text).toContain(new Date(NOW).toISOString());
    expect(text).toContain('maxFutureSkewMs');
    expect(text).toContain(String(DEFAULT_LIMITS.maxFutureSkewMs));
  });

  it('the default bound is five minutes: at the bound is accepted, one millisecond more is not', async () => {
    expect(DEFAULT_LIMITS.maxFutureSkewMs).toBe(5 * MIN);
    const engine = createEngine({ clock: () => NOW });
    const result = await engine.ingest([sms('edge', NOW + 5 * MIN), sms('over', NOW + 5 * MIN + 1)]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.error.eventId, r.error.code])).toEqual([['over', 'CLOCK_SKEW']]);
  });

  it('the clock is read per ingest call and the bound is configurable', async () => {
    let now = NOW;
    const engine = createEngine({ clock: () => now, limits: { maxFutureSkewMs: 0 } });
    expect((await engine.ingest(sms('a', NOW + MIN))).rejected[0]?.error.code).toBe('CLOCK_SKEW');
    now = NOW + MIN;
    expect((await engine.ingest(sms('a', NOW + MIN))).accepted).toBe(1);
    const off = createEngine({ clock: () => NOW, limits: { maxFutureSkewMs: Infinity } });
    expect((await off.ingest(sms('b', '2538-01-01T00:00:00Z'))).accepted).toBe(1);
  });

  it('a redelivery of a stored event is still a duplicate, never CLOCK_SKEW', async () => {
    let now = NOW + 10 * MIN;
    const engine = createEngine({ clock: () => now });
    expect((await engine.ingest(sms('a', NOW + 10 * MIN))).accepted).toBe(1);
    now = NOW; // the host's clock stepped back (NTP): the known event is still recognised
    const again = await engine.ingest(sms('a', NOW + 10 * MIN));
    expect([again.accepted, again.duplicates, again.rejected.length]).toEqual([0, 1, 0]);
  });

  it('replay of stored events and snapshot resume skip the check', async () => {
    const store = createMemoryStore();
    const future = [sms('f1', '2538-01-01T00:00:00Z'), sms('f2', '2538-01-01T00:01:00Z')].map((e) => parseEvent(e));
    await store.appendToStream('acme', future);
    const replayed = createEngine({ store, clock: () => NOW });
    await replayed.ready();
    expect(replayed.threads()[0]!.messages.map((m) => m.id)).toEqual(['f1', 'f2']);
    const resumed = createEngine({ store, snapshot: replayed.snapshot(), clock: () => NOW });
    await resumed.ready();
    expect(stateOf(resumed)).toEqual(stateOf(replayed));
  });

  it('startTimers() runs on the engine clock by default', async () => {
    vi.useFakeTimers();
    const engine = createEngine({ clock: () => NOW + 42 });
    const advanced: number[] = [];
    vi.spyOn(engine, 'advanceTo').mockImplementation(async (now) => {
      advanced.push(now);
      return [];
    });
    engine.startTimers();
    await vi.advanceTimersByTimeAsync(60_000);
    engine.stopTimers();
    expect(advanced[0]).toBe(NOW + 42);
  });
});
