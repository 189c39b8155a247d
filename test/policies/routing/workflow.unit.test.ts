import { describe, expect, it } from 'vitest';
import { createAgentPool, workflow, type RoutingContext, type RoutingDecision } from '../../../src/policies/routing/index.js';
import { MIN, NOW, agent, customer, thread } from './fixtures.js';

const assigned = (d: RoutingDecision): string | undefined => (d.kind === 'assign' ? d.agentId : undefined);
const codes = (d: RoutingDecision): string[] => d.reasons.map((r) => r.code);

describe('workflow', () => {
  const policy = workflow({
    targets: [
      { name: 'seniors', filter: { field: 'agent.senior', op: 'eq', value: true }, timeoutMs: 2 * MIN },
      { name: 'billing-experts', filter: { field: 'agent.skills.billing', op: 'gte', value: 7 }, timeoutMs: 5 * MIN },
      { name: 'everyone', timeoutMs: 10 * MIN },
    ],
    defaultQueue: 'backlog',
  });
  const busySenior = agent('senior', { senior: true, load: { chat: 3 } });
  const expert = agent('expert', { skills: [{ name: 'billing', level: 8 }] });
  const anyone = agent('anyone');
  const waiting = (minutes: number, extra: Partial<RoutingContext> = {}): RoutingContext => ({ now: NOW, waitingSinceMs: NOW - minutes * MIN, ...extra });

  it('assigns at the first target when someone there can take it', () => {
    const d = policy.route(thread(), createAgentPool([agent('senior', { senior: true }), expert, anyone]), waiting(0));
    expect(assigned(d)).toBe('senior');
    expect(d.reasons[0]?.message).toBe('at seniors');
  });

  it('waits at a target until its timeout, telling the engine when to come back', () => {
    const d = policy.route(thread(), createAgentPool([busySenior, expert, anyone]), waiting(0.5));
    expect(d).toMatchObject({ kind: 'wait', until: NOW + 1.5 * MIN, target: 'seniors', escalation: { targetIndex: 0, enteredAt: NOW - 0.5 * MIN } });
    expect(d.reasons.at(-1)?.message).toBe('nobody at seniors can take it yet; escalating in 1 min 30 s');
  });

  it('escalates after timeouts, computed from time, landing on the right target even when called late', () => {
    const pool = createAgentPool([busySenior, agent('expert', { skills: [{ name: 'billing', level: 8 }], load: { chat: 3 } }), anyone]);
    const at3 = policy.route(thread(), pool, waiting(3));
    expect(at3).toMatchObject({ kind: 'wait', target: 'billing-experts', until: NOW + 4 * MIN, escalation: { targetIndex: 1, enteredAt: NOW - MIN } });
    expect(codes(at3)).toEqual(['target-timeout', 'waiting-at-target']);
    const at8 = policy.route(thread(), pool, waiting(8));
    expect(assigned(at8)).toBe('anyone');
    expect(codes(at8)).toEqual(['target-timeout', 'target-timeout', 'waiting-at-target', 'assigned']);
    expect(at8.reasons[0]?.message).toBe('waited 2 min at seniors (its timeout); escalating');
  });

  it('continues from the escalation state the previous decision returned', () => {
    const pool = createAgentPool([agent('senior', { senior: true }), expert]);
    const d = policy.route(thread(), pool, { now: NOW, escalation: { targetIndex: 1, enteredAt: NOW - MIN } });
    expect(assigned(d)).toBe('expert'); // the now-free senior is behind us
  });

  it('queues past the last target', () => {
    const d = policy.route(thread(), createAgentPool([busySenior]), waiting(30));
    expect(d).toMatchObject({ kind: 'queue', target: 'backlog', escalation: { targetIndex: 3, enteredAt: NOW - 13 * MIN } });
    expect(codes(d)).toEqual(['target-timeout', 'target-timeout', 'target-timeout', 'workflow-exhausted']);
  });

  it('skips a target nobody can take when skipIfNobody', () => {
    const skipping = workflow({
      targets: [
        { name: 'ko-speakers', filter: { field: 'agent.languages', op: 'has', value: 'ko' }, timeoutMs: 5 * MIN, skipIfNobody: true },
        { name: 'everyone', timeoutMs: 10 * MIN },
      ],
    });
    const d = skipping.route(thread(), createAgentPool([anyone]), waiting(0));
    expect(assigned(d)).toBe('anyone');
    expect(codes(d)).toEqual(['target-skipped', 'waiting-at-target', 'assigned']);
    const nobody = skipping.route(thread(), createAgentPool([]), waiting(0));
    expect(nobody).toMatchObject({ kind: 'wait', target: 'everyone', until: NOW + 10 * MIN, escalation: { targetIndex: 1, enteredAt: NOW } });
    const koAgent = agent('ko', { languages: ['ko'] });
    expect(assigned(skipping.route(thread(), createAgentPool([anyone, koAgent]), waiting(0)))).toBe('ko');
  });

  it('passes by targets that do not apply to the thread without spending their timeout', () => {
    const vipFirst = workflow({
      targets: [
        { name: 'vip-desk', when: { field: 'customer.vip', op: 'eq', value: true }, team: 'vip', timeoutMs: 5 * MIN },
        { name: 'everyone' },
      ],
    });
    const pool = createAgentPool([anyone, agent('vip-agent', { teams: ['vip'], lastAssignedAt: NOW })]);
    const regular = vipFirst.route(thread(), pool, { now: NOW, customer: customer({ vip: false }) });
    expect(assigned(regular)).toBe('anyone');
    expect(regular.reasons[0]).toMatchObject({ code: 'target-not-applicable', message: 'vip-desk does not apply (customer.vip eq true is false)' });
    expect(assigned(vipFirst.route(thread(), pool, { now: NOW, customer: customer({ vip: true }) }))).toBe('vip-agent');
    // a last target without timeout holds the thread in its queue for good
    const held = vipFirst.route(thread(), createAgentPool([]), { now: NOW });
    expect(held).toMatchObject({ kind: 'queue', target: 'everyone', escalation: { targetIndex: 1 } });
  });

  it('does not route bot-handled threads', () => {
    expect(policy.route(thread({ handledBy: 'bot' }), createAgentPool([anyone]), waiting(0))).toMatchObject({ kind: 'queue', target: 'bot' });
  });
});
