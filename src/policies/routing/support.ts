import type { Thread } from '../../threading/types.js';
import { isRoutable } from './eligibility.js';
import type { RoutingDecision, RoutingPolicy, RoutingReason } from './types.js';

export function reason(policy: string, code: RoutingReason['code'], message: string, agentId?: string): RoutingReason {
  return agentId === undefined ? { policy, code, message } : { policy, code, message, agentId };
}

/** The decision for a thread a bot handles (no handover yet); undefined when humans may take it. */
export function botGuard(policy: string, thread: Thread): RoutingDecision | undefined {
  if (isRoutable(thread)) return undefined;
  return {
    kind: 'queue',
    target: 'bot',
    reasons: [reason(policy, 'bot-handling', 'bot handling: not routed to humans until a handover is requested')],
  };
}

export function isRoutingPolicy(value: unknown): value is RoutingPolicy {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RoutingPolicy).name === 'string' &&
    typeof (value as RoutingPolicy).route === 'function'
  );
}

const UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];

/** `45 s`, `1 min 30 s`, `2 h`, `3 d 4 h` — at most two units, for reason messages. */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const i = UNITS.findIndex(([, size]) => ms >= size);
  const [unit, size] = UNITS[i]!;
  const next = UNITS[i + 1];
  if (next === undefined) return `${Math.round(ms / size)} ${unit}`;
  const total = Math.round(ms / next[1]); // in the smaller unit, rounded once
  const ratio = size / next[1];
  const whole = Math.floor(total / ratio);
  const rest = total - whole * ratio;
  return rest > 0 ? `${whole} ${unit} ${rest} ${next[0]}` : `${whole} ${unit}`;
}
