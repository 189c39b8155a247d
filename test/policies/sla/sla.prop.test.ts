import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ALWAYS_OPEN, createCalendar } from '../../../src/policies/calendar/index.js';
import {
  type SlaEvent,
  type SlaPolicy,
  allSlaEvents,
  defineSlaPolicy,
  dueSlaEvents,
  evaluateSla,
  slaTimers,
} from '../../../src/policies/sla/index.js';
import type { Thread, ThreadStatus } from '../../../src/threading/types.js';
import { MIN, type Step, buildThread } from './thread-builder.js';

// ------------------------------------------------------------------------------------ generators

const BASE = Date.parse('2026-03-02T06:00:00Z'); // a Monday
const DAY = 24 * 60 * MIN;
const HORIZON = 40 * DAY;
const STATUSES: readonly ThreadStatus[] = ['open', 'pending', 'snoozed', 'resolved', 'closed', 'merged'];
const weekdays: [string, string][] = [['09:00', '12:00'], ['13:00', '17:00']];
const office = createCalendar({
  timeZone: 'Europe/Berlin',
  week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
  holidays: ['2026-03-04', '2026-03-13'],
});

const stepKind = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'in' as const }) },
  { weight: 2, arbitrary: fc.constantFrom({ kind: 'agent' as const }, { kind: 'bot' as const }) },
  { weight: 2, arbitrary: fc.constantFrom(...STATUSES).map((status) => ({ kind: 'status' as const, status })) },
);

/** Steps a few minutes to a day apart; instants can coincide (delta 0) to hit the tie rules. */
const arbThread: fc.Arbitrary<Thread> = fc
  .record({
    start: fc.integer({ min: 0, max: 3 * DAY }),
    steps: fc.array(fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600 }).map((m) => m * MIN), fc.integer({ min: 1, max: DAY })), stepKind), {
      maxLength: 14,
    }),
    snoozeFor: fc.option(fc.integer({ min: 1, max: 2 * DAY }), { nil: undefined }),
  })
  .map(({ start, steps, snoozeFor }) => {
    const createdAt = BASE + start;
    let t = createdAt;
    const built: Step[] = steps.map(([delta, kind]) => {
      t += delta;
      return { at: t, ...kind } as Step;
    });
    const last = built.filter((s) => s.kind === 'status').pop();
    const snoozedUntil = last && last.kind === 'status' && last.status === 'snoozed' && snoozeFor ? last.at + snoozeFor : undefined;
    return buildThread({ createdAt, steps: built, ...(snoozedUntil === undefined ? {} : { snoozedUntil }) });
  });

const target = fc.option(fc.integer({ min: 1, max: 24 * 60 }).map((m) => m * MIN), { nil: undefined });
const arbPolicy: fc.Arbitrary<SlaPolicy> = fc
  .record({
    firstResponse: target,
    nextResponse: target,
    resolution: target,
    pauseIn: fc.subarray([...STATUSES.slice(0, 3)]),
    warnBeforeMs: fc.integer({ min: 0, max: 120 }).map((m) => m * MIN),
    calendar: fc.constantFrom(ALWAYS_OPEN, office),
    responders: fc.constantFrom(['agent', 'bot'] as const, ['agent'] as const),
    followUp: fc.option(fc.integer({ min: 1, max: 48 * 60 }).map((m) => ({ afterMs: m * MIN })), { nil: undefined }),
  })
  .map(({ firstResponse, nextResponse, resolution, followUp, ...rest }) =>
    defineSlaPolicy({
      default: { firstResponse, nextResponse, resolution },
      ...rest,
      ...(followUp ? { followUp } : {}),
    }),
  );

/**
 * Cut points splitting (from, to] into steps of any sizes, including empty ones: offsets from the
 * start, and picks of event instants (±1 ms) so that steps often end exactly on an event.
 */
const arbCuts = fc.record({
  offsets: fc.array(fc.integer({ min: 0, max: HORIZON }), { maxLength: 15 }),
  onEvents: fc.array(fc.tuple(fc.nat(), fc.constantFrom(-1, 0, 1)), { maxLength: 10 }),
});

const ids = (events: readonly SlaEvent[]) => events.map((e) => e.id);

// ------------------------------------------------------------------------------------ laws

describe('SLA timers', () => {
  test.prop([arbThread, arbPolicy, arbCuts], { numRuns: 150 })(
    'stepping through time in any increments yields the events of the whole range, each once',
    (thread, policy, cuts) => {
      const from = thread.createdAt - 1;
      const to = thread.createdAt + HORIZON;
      const all = allSlaEvents(thread, { policy });
      const onEvents = all.length === 0 ? [] : cuts.onEvents.map(([i, d]) => all[i % all.length]!.at + d);
      const inner = [...cuts.offsets.map((c) => from + c), ...onEvents].filter((t) => t > from && t < to);
      const points = [from, ...[...new Set(inner)].sort((a, b) => a - b), to];
      const stepped: SlaEvent[] = [];
      for (let i = 1; i < points.length; i++) stepped.push(...dueSlaEvents(thread, points[i - 1]!, points[i]!, { policy }));
      const whole = dueSlaEvents(thread, from, to, { policy });
      expect(ids(stepped)).toEqual(ids(whole));
      expect(new Set(ids(stepped)).size).toBe(stepped.length);
    },
  );

  test.prop([arbThread, arbPolicy, fc.integer({ min: 0, max: HORIZON })], { numRuns: 150 })(
    'exactly one breach per miss: breaches up to now are the misses evaluateSla reports at now',
    (thread, policy, offset) => {
      const now = thread.createdAt + offset;
      const breaches = dueSlaEvents(thread, Number.NEGATIVE_INFINITY, now, { policy }).filter((e) => e.kind === 'breach');
      const report = evaluateSla(thread, { now, policy });
      expect(breaches.map((b) => b.id).sort()).toEqual(report.misses.map((m) => m.id).sort());
      for (const m of report.misses) expect(breaches.find((b) => b.id === m.id)?.at).toBe(m.dueAt);
      // what has not fallen due yet is exactly what slaTimers still schedules
      expect(ids([...dueSlaEvents(thread, Number.NEGATIVE_INFINITY, now, { policy }), ...slaTimers(thread, { now, policy })])).toEqual(
        ids(allSlaEvents(thread, { policy })),
      );
    },
  );

  test.prop([arbThread, arbPolicy], { numRuns: 100 })(
    'a breach fires when the clock has counted exactly its target, a warning when target - lead',
    (thread, policy) => {
      for (const e of allSlaEvents(thread, { policy })) {
        if (e.kind === 'followUp') continue;
        const clock = evaluateSla(thread, { now: e.at, policy }).clocks.find((c) => c.id === e.missId)!;
        const expected = e.kind === 'breach' ? clock.target : clock.target - policy.warnBeforeMs;
        expect(clock.businessElapsedMs).toBe(expected);
        // at a warning the clock still runs, or has just reached a pause that starts at this very instant
        expect(e.kind === 'breach' ? ['missed'] : ['active', 'paused']).toContain(clock.status);
      }
    },
  );
});

describe('evaluateSla', () => {
  test.prop([arbThread, arbPolicy, fc.integer({ min: 0, max: HORIZON }), fc.integer({ min: 0, max: HORIZON })], { numRuns: 150 })(
    'misses only accumulate and deadlines do not depend on now',
    (thread, policy, a, b) => {
      const [early, late] = [thread.createdAt + Math.min(a, b), thread.createdAt + Math.max(a, b)];
      const r1 = evaluateSla(thread, { now: early, policy });
      const r2 = evaluateSla(thread, { now: late, policy });
      const later = new Set(r2.misses.map((m) => m.id));
      for (const m of r1.misses) expect(later.has(m.id)).toBe(true);
      for (const c of r1.clocks) expect(r2.clocks.find((d) => d.id === c.id)?.dueAt).toBe(c.dueAt);
      if (r1.nextDeadline) expect(r1.nextDeadline.dueAt).toBeGreaterThan(early);
      for (const c of r2.clocks) {
        expect(c.businessElapsedMs).toBeGreaterThanOrEqual(0);
        expect(c.businessElapsedMs).toBeLessThanOrEqual(c.rawElapsedMs);
      }
    },
  );

  test.prop([arbThread.filter((t) => t.statusHistory.length === 0), fc.integer({ min: 0, max: HORIZON })], { numRuns: 100 })(
    'around the clock and never paused, business time is raw time and deadlines are start + target',
    (thread, offset) => {
      const policy = defineSlaPolicy({ default: { firstResponse: 30 * MIN, nextResponse: 60 * MIN, resolution: 600 * MIN } });
      const r = evaluateSla(thread, { now: thread.createdAt + offset, policy });
      for (const c of r.clocks) {
        expect(c.dueAt).toBe(c.startedAt + c.target);
        expect(c.businessElapsedMs).toBe(c.rawElapsedMs);
      }
    },
  );
});
