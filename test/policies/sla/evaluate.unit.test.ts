import { describe, expect, it } from 'vitest';
import { defineSlaPolicy, evaluateSla } from '../../../src/policies/sla/index.js';
import { HOUR, MIN, buildThread, customer } from './thread-builder.js';

const policy = defineSlaPolicy({
  default: { firstResponse: 30 * MIN, nextResponse: HOUR, resolution: 4 * HOUR },
});

describe('evaluateSla outcomes', () => {
  it('hit: answered and resolved in time', () => {
    const thread = buildThread({
      steps: [
        { at: 0, kind: 'in' },
        { at: 10 * MIN, kind: 'agent' },
        { at: 2 * HOUR, kind: 'status', status: 'resolved' },
      ],
    });
    const r = evaluateSla(thread, { now: 3 * HOUR, policy });
    expect(r.outcome).toBe('hit');
    expect(r.firstResponse).toMatchObject({ status: 'hit', stoppedAt: 10 * MIN, stoppedBy: 'reply', dueAt: 30 * MIN, rawElapsedMs: 10 * MIN });
    expect(r.resolution).toMatchObject({ status: 'hit', stoppedAt: 2 * HOUR, businessElapsedMs: 2 * HOUR, remainingMs: 2 * HOUR });
    expect(r.misses).toEqual([]);
    expect(r.nextDeadline).toBeUndefined();
  });

  it('missed: a late first reply on a resolved thread, with one miss carrying a stable id', () => {
    const thread = buildThread({
      steps: [
        { at: 0, kind: 'in' },
        { at: 45 * MIN, kind: 'agent' },
        { at: HOUR, kind: 'status', status: 'resolved' },
      ],
    });
    const r = evaluateSla(thread, { now: 2 * HOUR, policy });
    expect(r.outcome).toBe('missed');
    expect(r.firstResponse?.status).toBe('missed');
    expect(r.misses).toEqual([{ id: 't1:firstResponse:0', threadId: 't1', metric: 'firstResponse', startedAt: 0, dueAt: 30 * MIN, target: 30 * MIN }]);
  });

  it('active-with-misses: first reply missed while resolution still runs', () => {
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 45 * MIN, kind: 'agent' }] });
    const r = evaluateSla(thread, { now: HOUR, policy });
    expect(r.outcome).toBe('active-with-misses');
    expect(r.nextDeadline).toEqual({ id: 't1:resolution:0', metric: 'resolution', dueAt: 4 * HOUR });
  });

  it('active: nothing missed yet; the next deadline is the earliest active one', () => {
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }] });
    const r = evaluateSla(thread, { now: 10 * MIN, policy });
    expect(r.outcome).toBe('active');
    expect(r.nextDeadline).toEqual({ id: 't1:firstResponse:0', metric: 'firstResponse', dueAt: 30 * MIN });
    expect(r.firstResponse).toMatchObject({ status: 'active', rawElapsedMs: 10 * MIN, businessElapsedMs: 10 * MIN, remainingMs: 20 * MIN });
  });

  it('a reply exactly at the deadline is a miss (the breach fires at dueAt)', () => {
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 30 * MIN, kind: 'agent' }] });
    expect(evaluateSla(thread, { now: HOUR, policy }).firstResponse?.status).toBe('missed');
    const early = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 30 * MIN - 1, kind: 'agent' }] });
    expect(evaluateSla(early, { now: HOUR, policy }).firstResponse?.status).toBe('hit');
  });

  it('does not count facts after now', () => {
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 20 * MIN, kind: 'agent' }] });
    const before = evaluateSla(thread, { now: 15 * MIN, policy });
    expect(before.firstResponse).toMatchObject({ status: 'active', rawElapsedMs: 15 * MIN });
    expect(before.firstResponse?.stoppedAt).toBeUndefined();
  });
});

describe('next response cycles', () => {
  const thread = buildThread({
    steps: [
      { at: 0, kind: 'in' },
      { at: 5 * MIN, kind: 'agent' },
      // cycle 1 starts at the oldest unanswered message (1h), not the later one (1h30)
      { at: HOUR, kind: 'in' },
      { at: 90 * MIN, kind: 'in' },
      { at: 110 * MIN, kind: 'bot' },
      // cycle 2: missed, answered late
      { at: 3 * HOUR, kind: 'in' },
      { at: 4 * HOUR + 30 * MIN, kind: 'agent' },
      // cycle 3: still waiting
      { at: 5 * HOUR, kind: 'in' },
    ],
  });

  it('runs one clock per cycle, from the oldest unanswered customer message to the next reply', () => {
    const r = evaluateSla(thread, { now: 5 * HOUR + 10 * MIN, policy });
    expect(r.nextResponse.map((c) => [c.startedAt, c.stoppedAt, c.status])).toEqual([
      [HOUR, 110 * MIN, 'hit'],
      [3 * HOUR, 4 * HOUR + 30 * MIN, 'missed'],
      [5 * HOUR, undefined, 'active'],
    ]);
    expect(r.misses.map((m) => m.id)).toEqual(['t1:nextResponse:10800000', 't1:resolution:0']);
    expect(r.outcome).toBe('active-with-misses');
  });

  it('counts only the configured responders as a reply', () => {
    const agentsOnly = defineSlaPolicy({ default: { firstResponse: 30 * MIN, nextResponse: HOUR }, responders: ['agent'] });
    const r = evaluateSla(thread, { now: 5 * HOUR + 10 * MIN, policy: agentsOnly });
    // the bot at 1h50 no longer answers: cycle 1 runs until the agent at 4h30
    expect(r.nextResponse[0]).toMatchObject({ startedAt: HOUR, stoppedAt: 4 * HOUR + 30 * MIN, status: 'missed' });
    expect(r.nextResponse).toHaveLength(2);
  });

  it('has no first-response clock when the thread opened with our own outbound message', () => {
    const proactive = buildThread({ steps: [{ at: 0, kind: 'agent' }, { at: HOUR, kind: 'in' }] });
    const r = evaluateSla(proactive, { now: HOUR + MIN, policy });
    expect(r.firstResponse).toBeUndefined();
    expect(r.nextResponse.map((c) => c.startedAt)).toEqual([HOUR]);
  });

  it('a resolution stops the waiting clock (fulfilled, not missed) and a later message starts a new cycle', () => {
    const t = buildThread({
      steps: [
        { at: 0, kind: 'in' },
        { at: 10 * MIN, kind: 'status', status: 'resolved' },
        { at: 2 * HOUR, kind: 'in' },
        { at: 2 * HOUR, kind: 'status', status: 'open' },
      ],
    });
    const r = evaluateSla(t, { now: 2 * HOUR + MIN, policy });
    expect(r.firstResponse).toMatchObject({ status: 'hit', stoppedAt: 10 * MIN, stoppedBy: 'resolution' });
    expect(r.nextResponse).toEqual([expect.objectContaining({ startedAt: 2 * HOUR, status: 'active', dueAt: 3 * HOUR })]);
  });
});

describe('pauses', () => {
  it('stops clocks while pending and derives the deadline from statusHistory', () => {
    const thread = buildThread({
      steps: [
        { at: 0, kind: 'in' },
        { at: 10 * MIN, kind: 'status', status: 'pending' },
        { at: 70 * MIN, kind: 'status', status: 'open' },
      ],
    });
    const paused = evaluateSla(thread, { now: 40 * MIN, policy });
    expect(paused.firstResponse).toMatchObject({ status: 'paused', dueAt: 90 * MIN, businessElapsedMs: 10 * MIN, rawElapsedMs: 40 * MIN });
    expect(paused.outcome).toBe('active');
    expect(paused.nextDeadline).toBeUndefined();
    const resumed = evaluateSla(thread, { now: 80 * MIN, policy });
    expect(resumed.firstResponse).toMatchObject({ status: 'active', businessElapsedMs: 20 * MIN });
    expect(resumed.nextDeadline?.dueAt).toBe(90 * MIN);
  });

  it('a target used up exactly when a pause begins is due at that instant, not at the resume', () => {
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 30 * MIN, kind: 'status', status: 'pending' }] });
    const r = evaluateSla(thread, { now: HOUR, policy });
    expect(r.firstResponse).toMatchObject({ status: 'missed', dueAt: 30 * MIN, businessElapsedMs: 30 * MIN });
  });

  it('leaves the deadline open while paused with no known resume', () => {
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 10 * MIN, kind: 'status', status: 'pending' }] });
    const r = evaluateSla(thread, { now: 10 * HOUR, policy });
    expect(r.firstResponse?.status).toBe('paused');
    expect(r.firstResponse?.dueAt).toBeUndefined();
    expect(r.misses).toEqual([]);
  });

  it('wakes a snoozed thread at snoozedUntil by itself', () => {
    const thread = buildThread({
      steps: [{ at: 0, kind: 'in' }, { at: 20 * MIN, kind: 'status', status: 'snoozed' }],
      snoozedUntil: 2 * HOUR,
    });
    const r = evaluateSla(thread, { now: HOUR, policy });
    expect(r.firstResponse).toMatchObject({ status: 'paused', dueAt: 2 * HOUR + 10 * MIN });
    expect(evaluateSla(thread, { now: 3 * HOUR, policy }).firstResponse?.status).toBe('missed');
  });

  it('follows pauseIn: with no paused states the clock keeps running while pending', () => {
    const noPause = defineSlaPolicy({ default: { firstResponse: 30 * MIN }, pauseIn: [] });
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 10 * MIN, kind: 'status', status: 'pending' }] });
    expect(evaluateSla(thread, { now: HOUR, policy: noPause }).firstResponse).toMatchObject({ status: 'missed', dueAt: 30 * MIN });
  });

  it('resolution resumes after a reopen (cumulative, not restarted)', () => {
    const thread = buildThread({
      steps: [
        { at: 0, kind: 'in' },
        { at: 5 * MIN, kind: 'agent' },
        { at: 3 * HOUR, kind: 'status', status: 'resolved' },
        { at: 10 * HOUR, kind: 'in' },
        { at: 10 * HOUR, kind: 'status', status: 'open' },
        { at: 10 * HOUR + 10 * MIN, kind: 'agent' },
      ],
    });
    expect(evaluateSla(thread, { now: 5 * HOUR, policy }).resolution).toMatchObject({ status: 'hit', stoppedAt: 3 * HOUR });
    const reopened = evaluateSla(thread, { now: 10 * HOUR + 30 * MIN, policy });
    expect(reopened.resolution).toMatchObject({ status: 'active', dueAt: 11 * HOUR, businessElapsedMs: 3.5 * HOUR, rawElapsedMs: 10.5 * HOUR });
    expect(evaluateSla(thread, { now: 11 * HOUR, policy }).misses.map((m) => m.id)).toEqual(['t1:resolution:0']);
  });
  it('resolution stays stopped at the resolution when the thread is closed afterwards', () => {
    const thread = buildThread({
      steps: [
        { at: 0, kind: 'in' },
        { at: 5 * MIN, kind: 'agent' },
        { at: HOUR, kind: 'status', status: 'resolved' },
        { at: 2 * HOUR, kind: 'status', status: 'closed' },
      ],
    });
    expect(evaluateSla(thread, { now: 3 * HOUR, policy }).resolution).toMatchObject({ status: 'hit', stoppedAt: HOUR, rawElapsedMs: HOUR });
  });
});

describe('rules by customer tier', () => {
  it('a gold customer gets the tighter target and misses where the default would hit', () => {
    const tiered = defineSlaPolicy({
      default: { firstResponse: HOUR },
      rules: [{ name: 'gold', when: { tier: ['gold'] }, targets: { firstResponse: 15 * MIN } }],
    });
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }, { at: 20 * MIN, kind: 'agent' }] });
    const gold = evaluateSla(thread, { now: HOUR, policy: tiered, customer: customer({ tier: 'gold' }) });
    expect(gold.rule).toBe('gold');
    expect(gold.firstResponse).toMatchObject({ target: 15 * MIN, status: 'missed' });
    const plain = evaluateSla(thread, { now: HOUR, policy: tiered, customer: customer({ tier: 'bronze' }) });
    expect(plain.rule).toBe('default');
    expect(plain.firstResponse).toMatchObject({ target: HOUR, status: 'hit' });
  });

  it('a rule without a metric does not measure it', () => {
    const chat = defineSlaPolicy({ default: { resolution: HOUR }, rules: [{ name: 'chat', when: { channel: ['chat'] }, targets: { firstResponse: MIN } }] });
    const r = evaluateSla(buildThread({ channel: 'chat', steps: [{ at: 0, kind: 'in' }] }), { now: 0, policy: chat });
    expect(r.clocks.map((c) => c.metric)).toEqual(['firstResponse']);
  });
});
