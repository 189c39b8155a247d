import type { Agent } from '../../agents/types.js';
import type { Thread } from '../../threading/types.js';
import type { RoutingContext, RoutingDecision } from '../../policies/routing/types.js';

/** `a-2 online chat 3/3 call 0/1 · billing:5 tech:2 · en,ko · eu · senior,general · senior` */
export function formatAgent(a: Agent): string {
  const cap = Object.entries(a.capacity)
    .map(([ch, c]) => `${ch} ${a.load[ch as keyof Agent['load']] ?? 0}/${c}`)
    .join(' ');
  const loadOnly = Object.entries(a.load)
    .filter(([ch, n]) => (n ?? 0) > 0 && a.capacity[ch as keyof Agent['capacity']] === undefined)
    .map(([ch, n]) => `${ch} ${n}/-`)
    .join(' ');
  const parts = [
    `${a.id} ${a.status}`,
    [cap, loadOnly].filter(Boolean).join(' ') || 'no channels',
    a.skills.map((s) => `${s.name}:${s.level}`).join(' ') || 'no skills',
    a.languages.join(',') || 'no languages',
  ];
  if (a.region !== undefined) parts.push(a.region);
  if (a.teams.length) parts.push(`teams ${a.teams.join(',')}`);
  if (a.senior) parts.push('senior');
  if (a.exclusive) parts.push(`exclusive ${JSON.stringify(a.exclusive)}`);
  if (a.lastAssignedAt !== undefined) parts.push(`last assigned ${a.lastAssignedAt}`);
  return parts.join(' · ');
}

export function formatThread(t: Thread): string {
  const parts = [`${t.id} on ${t.channel}`, `handled by ${t.handledBy}${t.handoverRequestedAt !== undefined ? ' (handover requested)' : ''}`];
  if (t.tags.length) parts.push(`tags ${t.tags.join(',')}`);
  if (t.language !== undefined) parts.push(`language ${t.language}`);
  if (t.campaign !== undefined) parts.push(`campaign ${t.campaign}`);
  return parts.join(' · ');
}

export function formatContext(ctx: RoutingContext): string {
  const parts = [`now ${ctx.now}`];
  const c = ctx.customer?.attributes;
  if (c) parts.push(`customer ${JSON.stringify({ ...c, extra: undefined })}`);
  if (ctx.history) parts.push(`history ${JSON.stringify(ctx.history)}`);
  if (ctx.requiredSkills?.length) parts.push(`required ${ctx.requiredSkills.map((s) => `${s.name}≥${s.level ?? 1}`).join(',')}`);
  if (ctx.waitingSinceMs !== undefined) parts.push(`waiting since ${ctx.waitingSinceMs}`);
  if (ctx.escalation) parts.push(`escalation ${JSON.stringify(ctx.escalation)}`);
  return parts.join(' · ');
}

export function formatDecision(d: RoutingDecision): string {
  const head =
    d.kind === 'assign'
      ? `assign ${d.agentId}`
      : d.kind === 'queue'
        ? `queue${d.target !== undefined ? ` ${d.target}` : ''}`
        : `wait${d.until !== undefined ? ` until ${d.until}` : ''}`;
  const reasons = Array.isArray(d.reasons) ? d.reasons.map((r) => `[${r.policy}] ${r.code}: ${r.message}`).join(' | ') : '(no reasons)';
  return `${head} — ${reasons}`;
}

/** A readable multi-line description of one decision, for counterexamples. */
export function formatScenario(agents: readonly Agent[], thread: Thread, ctx: RoutingContext, decision?: RoutingDecision): string {
  const lines = [`  thread:   ${formatThread(thread)}`, `  context:  ${formatContext(ctx)}`, `  agents (${agents.length}):`];
  for (const a of agents) lines.push(`    ${formatAgent(a)}`);
  if (decision) lines.push(`  decision: ${formatDecision(decision)}`);
  return lines.join('\n');
}

/** Structural equality of JSON-like values (decisions), ignoring prototypes. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Freezes a value and everything in it, so a policy that mutates its inputs throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
