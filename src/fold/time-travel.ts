import { OmnithreadError } from '../errors.js';
import { EngineCore, type TenantPolicies } from './core.js';
import type { Envelope } from './envelope.js';
import type { StateQueries } from './queries.js';

/** A store position (number), or a time (Date, ISO-8601 string, `{ time }` with epoch ms). */
export type TimePoint = number | Date | string | { readonly position: number } | { readonly time: number };

/** The read queries of the engine over a past state (`engine.at()`). */
export type EngineView = StateQueries;

function predicate(point: TimePoint): (env: Envelope) => boolean {
  if (typeof point === 'number') return (env) => env.position <= point;
  if (point instanceof Date) return predicate({ time: point.getTime() });
  if (typeof point === 'string') {
    const t = Date.parse(point);
    if (Number.isNaN(t)) throw new OmnithreadError('INVALID_ARGUMENT', `Not a time: ${point}`, { issues: [{ path: [], message: 'expected ISO-8601' }] });
    return predicate({ time: t });
  }
  if ('position' in point) return predicate(point.position);
  return (env) => env.event.occurredAt <= point.time;
}

const memo = new WeakMap<EngineCore, { key: string; view: EngineView; size: number }>();

/** Folds the matching prefix of the log into a fresh core. The last answer is kept for repeated asks. */
export function viewAt(core: EngineCore, policies: (tenantId: string) => TenantPolicies, point: TimePoint): EngineView {
  const keep = predicate(point);
  const size = [...core.tenants.values()].reduce((n, t) => n + t.events.size, 0);
  const key = JSON.stringify(point instanceof Date ? point.getTime() : point);
  const hit = memo.get(core);
  if (hit && hit.key === key && hit.size === size) return hit.view;
  const past = new EngineCore(policies);
  for (const tenant of core.tenants.values()) for (const env of tenant.events.values()) if (keep(env)) past.add(env);
  past.settle();
  const view: EngineView = Object.freeze({
    customers: past.customers.bind(past),
    customer: past.customer.bind(past),
    timeline: past.timeline.bind(past),
    threads: past.threads.bind(past),
    thread: past.thread.bind(past),
    agents: past.agents.bind(past),
    agent: past.agent.bind(past),
    mergeSuggestions: past.mergeSuggestions.bind(past),
    unapplied: past.unapplied.bind(past),
  });
  memo.set(core, { key, view, size });
  return view;
}
