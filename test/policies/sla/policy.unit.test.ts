import { describe, expect, it } from 'vitest';
import { isOmnithreadError } from '../../../src/errors.js';
import { ALWAYS_OPEN, createCalendar } from '../../../src/policies/calendar/index.js';
import { type SlaPolicyInput, defineSlaPolicy, evaluateSla, selectSlaRule } from '../../../src/policies/sla/index.js';
import { HOUR, MIN, buildThread, customer } from './thread-builder.js';

function rejects(input: unknown): { path: readonly (string | number)[]; message: string }[] {
  try {
    defineSlaPolicy(input as SlaPolicyInput);
  } catch (e) {
    if (isOmnithreadError(e, 'INVALID_ARGUMENT')) return [...e.issues];
    throw e;
  }
  throw new Error('expected the policy to be rejected');
}

describe('defineSlaPolicy', () => {
  it('fills in the documented defaults', () => {
    const p = defineSlaPolicy({ default: { firstResponse: HOUR } });
    expect(p.pauseIn).toEqual(['pending', 'snoozed']);
    expect(p.warnBeforeMs).toBe(0);
    expect(p.responders).toEqual(['agent', 'bot']);
    expect(p.calendar).toBe(ALWAYS_OPEN);
    expect(p.rules).toEqual([]);
    expect(Object.isFrozen(p)).toBe(true);
  });

  it('returns a defined policy unchanged and validates a raw input only once', () => {
    const input: SlaPolicyInput = { default: { firstResponse: HOUR } };
    const p = defineSlaPolicy(input);
    expect(defineSlaPolicy(p)).toBe(p);
    expect(defineSlaPolicy(input)).toBe(p);
  });

  it('keeps a calendar made by createCalendar as it is', () => {
    const cal = createCalendar({ timeZone: 'Europe/Berlin', week: { mon: [['09:00', '17:00']] } });
    const p = defineSlaPolicy({ default: {}, rules: [{ name: 'r', when: {}, targets: {}, calendar: cal }], calendar: cal });
    expect(p.calendar).toBe(cal);
    expect(p.rules[0]!.calendar).toBe(cal);
  });

  it('rejects bad targets with the path of each problem', () => {
    const issues = rejects({ default: { firstResponse: -5, resolution: 1.5 } });
    expect(issues.map((i) => i.path.join('.')).sort()).toEqual(['default.firstResponse', 'default.resolution']);
  });

  it('rejects unknown keys, unknown statuses, non-calendars and duplicate rule names', () => {
    expect(rejects({ default: { firstReply: 1 } })[0]!.path).toEqual(['default']);
    expect(rejects({ default: {}, pauseIn: ['waiting'] })[0]!.path).toEqual(['pauseIn', 0]);
    expect(rejects({ default: {}, calendar: { timeZone: 'UTC' } })[0]!.message).toMatch(/createCalendar/);
    const dup = rejects({
      default: {},
      rules: [
        { name: 'a', when: {}, targets: {} },
        { name: 'a', when: {}, targets: {} },
      ],
    });
    expect(dup).toEqual([{ path: ['rules', 1, 'name'], message: 'rule name a is used twice' }]);
    expect(rejects({ default: {}, rules: [{ name: 'default', when: {}, targets: {} }] })[0]!.path).toEqual(['rules', 0, 'name']);
    expect(rejects({ default: {}, rules: [{ name: 'x', when: { priority: ['asap'] }, targets: {} }] }).length).toBeGreaterThan(0);
    expect(rejects({ default: {}, warnBeforeMs: -1 })[0]!.path).toEqual(['warnBeforeMs']);
  });

  it('throws the typed error when evaluateSla gets an invalid raw policy or a bad now', () => {
    const thread = buildThread({ steps: [{ at: 0, kind: 'in' }] });
    expect(() => evaluateSla(thread, { now: 0, policy: { default: { firstResponse: 0 } } })).toThrow(/default\.firstResponse/);
    expect(() => evaluateSla(thread, { now: Number.NaN, policy: { default: {} } })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('selectSlaRule', () => {
  const policy = defineSlaPolicy({
    default: { firstResponse: 8 * HOUR },
    rules: [
      { name: 'urgent', when: { priority: ['urgent'] }, targets: { firstResponse: 15 * MIN } },
      { name: 'gold chat', when: { tier: ['gold'], channel: ['chat'] }, targets: { firstResponse: 5 * MIN } },
      { name: 'gold', when: { tier: ['gold', 'platinum'] }, targets: { firstResponse: 30 * MIN } },
      { name: 'vip', when: { vip: true }, targets: { firstResponse: 45 * MIN } },
      { name: 'tagged', when: (f) => f.thread.tags.includes('billing'), targets: { firstResponse: HOUR } },
    ],
  });
  const email = buildThread({ steps: [{ at: 0, kind: 'in' }] });

  it('takes the first rule that matches, in order', () => {
    expect(selectSlaRule(policy, email, customer({ tier: 'gold' })).rule).toBe('gold');
    expect(selectSlaRule(policy, buildThread({ channel: 'chat', steps: [{ at: 0, kind: 'in' }] }), customer({ tier: 'gold' })).rule).toBe('gold chat');
    const urgentGold = buildThread({ priorityOverride: 'urgent', steps: [{ at: 0, kind: 'in' }] });
    expect(selectSlaRule(policy, urgentGold, customer({ tier: 'gold' })).rule).toBe('urgent');
  });

  it('falls back to the default, and needs a customer for tier and vip rules', () => {
    expect(selectSlaRule(policy, email).rule).toBe('default');
    expect(selectSlaRule(policy, email, customer({ tier: 'silver' })).rule).toBe('default');
    expect(selectSlaRule(policy, email, customer({ vip: true })).rule).toBe('vip');
  });

  it('reads priority from ctx, then priorityOverride, then severity', () => {
    expect(selectSlaRule(policy, email, undefined, 'urgent').rule).toBe('urgent');
    expect(selectSlaRule(policy, { ...email, severity: 'urgent' }).facts.priority).toBe('urgent');
    expect(selectSlaRule(policy, { ...email, severity: 'urgent', priorityOverride: 'low' }).facts.priority).toBe('low');
    expect(selectSlaRule(policy, email).facts.priority).toBe('normal');
  });

  it('runs predicate rules on the facts', () => {
    expect(selectSlaRule(policy, { ...email, tags: ['billing'] }).rule).toBe('tagged');
  });
});
