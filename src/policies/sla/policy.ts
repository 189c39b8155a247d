/**
 * The service-level policy: what targets apply to a thread, on which calendar, and which thread
 * states stop the clocks. Validated once by {@link defineSlaPolicy}; evaluation never re-parses it.
 */
import { z } from 'zod';
import { type ErrorIssue, OmnithreadError, formatIssues } from '../../errors.js';
import { CHANNELS, type Channel, PRIORITY_LEVELS, type PriorityLevel } from '../../events/primitives.js';
import type { Customer } from '../../identity/types.js';
import type { Thread, ThreadStatus } from '../../threading/types.js';
import { ALWAYS_OPEN, type BusinessCalendar } from '../calendar/index.js';

/** The three clocks (Zendesk names: first reply time, next reply time, resolution time). */
export type SlaMetric = 'firstResponse' | 'nextResponse' | 'resolution';
export const SLA_METRICS: readonly SlaMetric[] = ['firstResponse', 'nextResponse', 'resolution'];

/**
 * Targets in milliseconds of *business* time (time the clock runs: calendar open, thread not paused).
 * A metric left out is not measured.
 *
 * @example
 * ```ts
 * import type { SlaTargets } from 'omnithread';
 * const targets: SlaTargets = { firstResponse: 30 * 60_000, resolution: 8 * 3_600_000 };
 * ```
 */
export interface SlaTargets {
  readonly firstResponse?: number;
  readonly nextResponse?: number;
  readonly resolution?: number;
}

/**
 * What a rule's predicate sees: the thread, its customer, and the facts rules usually test.
 *
 * @example
 * ```ts
 * import type { SlaFacts } from 'omnithread';
 * const billing = (f: SlaFacts) => f.thread.tags.includes('billing');
 * ```
 */
export interface SlaFacts {
  readonly thread: Thread;
  readonly customer: Customer | undefined;
  /** `ctx.priority`, else the thread's `priorityOverride`, else its `severity`, else `'normal'`. */
  readonly priority: PriorityLevel;
  readonly channel: Channel;
  readonly tier: string | undefined;
  readonly vip: boolean;
}

/**
 * Declarative conditions, all of which must hold (a list matches any of its values).
 *
 * @example
 * ```ts
 * import type { SlaMatch } from 'omnithread';
 * const when: SlaMatch = { priority: ['urgent', 'high'], channel: ['chat'] };
 * ```
 */
export interface SlaMatch {
  readonly priority?: readonly PriorityLevel[];
  readonly channel?: readonly Channel[];
  readonly tier?: readonly string[];
  readonly vip?: boolean;
}

/** A condition written as code, for anything {@link SlaMatch} cannot say. Must be pure. */
export type SlaPredicate = (facts: SlaFacts) => boolean;

/**
 * One rule: when it matches, its targets (all of them; nothing merges with the default) apply.
 *
 * @example
 * ```ts
 * import type { SlaRule } from 'omnithread';
 * const gold: SlaRule = { name: 'gold', when: { tier: ['gold'] }, targets: { firstResponse: 15 * 60_000 } };
 * ```
 */
export interface SlaRule {
  /** Shown in reports as the reason these targets apply. Unique within a policy. */
  readonly name: string;
  readonly when: SlaMatch | SlaPredicate;
  readonly targets: SlaTargets;
  /** Overrides the policy calendar for threads this rule matches. */
  readonly calendar?: BusinessCalendar;
}

/**
 * What {@link defineSlaPolicy} accepts.
 *
 * @example
 * ```ts
 * import type { SlaPolicyInput } from 'omnithread';
 * const input: SlaPolicyInput = { default: { firstResponse: 4 * 3_600_000 }, warnBeforeMs: 15 * 60_000 };
 * ```
 */
export interface SlaPolicyInput {
  /** Tried in order; the first match wins. */
  readonly rules?: readonly SlaRule[];
  /** Targets when no rule matches. */
  readonly default: SlaTargets;
  /** Working hours for every rule without its own calendar. Default: `ALWAYS_OPEN`. */
  readonly calendar?: BusinessCalendar;
  /** States in which no clock runs. Default `['pending', 'snoozed']`. Resolved, closed and merged always stop them. */
  readonly pauseIn?: readonly ThreadStatus[];
  /** Business time before a deadline at which a warning fires; 0 (default) = no warnings. */
  readonly warnBeforeMs?: number;
  /** Who can answer a customer. Default `['agent', 'bot']`. */
  readonly responders?: readonly ('agent' | 'bot')[];
  /** A `followUp` event this much business time after each resolution, unless the customer writes first. */
  readonly followUp?: { readonly afterMs: number };
}

/**
 * A validated policy, defaults applied. Make one with {@link defineSlaPolicy}.
 *
 * @example
 * ```ts
 * import { type SlaPolicy, defineSlaPolicy } from 'omnithread';
 * const policy: SlaPolicy = defineSlaPolicy({ default: { firstResponse: 3_600_000 } });
 * policy.pauseIn; // ['pending', 'snoozed']
 * ```
 */
export interface SlaPolicy {
  readonly kind: 'sla-policy';
  readonly rules: readonly SlaRule[];
  readonly default: SlaTargets;
  readonly calendar: BusinessCalendar;
  readonly pauseIn: readonly ThreadStatus[];
  readonly warnBeforeMs: number;
  readonly responders: readonly ('agent' | 'bot')[];
  readonly followUp?: { readonly afterMs: number };
}

const ALL_STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed', 'merged'] as const;
/** Ten years: far beyond any sane target, small enough that instant + target stays exact. */
const MAX_DURATION = 10 * 366 * 86_400_000;

const duration = z.number().int().positive().max(MAX_DURATION);
const targetsSchema = z.strictObject({
  firstResponse: duration.optional(),
  nextResponse: duration.optional(),
  resolution: duration.optional(),
});
const calendarSchema = z.custom<BusinessCalendar>(
  (v) => typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'business-calendar',
  { message: 'expected a calendar made by createCalendar' },
);
const matchSchema = z.strictObject({
  priority: z.array(z.enum(PRIORITY_LEVELS)).min(1).optional(),
  channel: z.array(z.enum(CHANNELS)).min(1).optional(),
  tier: z.array(z.string().min(1).max(128)).min(1).optional(),
  vip: z.boolean().optional(),
});
const predicateSchema = z.custom<SlaPredicate>((v) => typeof v === 'function', { message: 'expected a function' });
const ruleSchema = z.strictObject({
  name: z.string().min(1).max(128),
  when: z.union([predicateSchema, matchSchema], { error: 'expected conditions { priority, channel, tier, vip } or a function' }),
  targets: targetsSchema,
  calendar: calendarSchema.optional(),
});
const policySchema = z
  .strictObject({
    rules: z.array(ruleSchema).max(1_000).default([]),
    default: targetsSchema,
    calendar: calendarSchema.optional(),
    pauseIn: z.array(z.enum(ALL_STATUSES)).max(ALL_STATUSES.length).default(['pending', 'snoozed']),
    warnBeforeMs: z.number().int().min(0).max(MAX_DURATION).default(0),
    responders: z.array(z.enum(['agent', 'bot'])).min(1).max(2).default(['agent', 'bot']),
    followUp: z.strictObject({ afterMs: duration }).optional(),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.rules.forEach((r, i) => {
      if (r.name === 'default') ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: "'default' names the fallback targets" });
      if (seen.has(r.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `rule name ${r.name} is used twice` });
      seen.add(r.name);
    });
  });

function toIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

const defined = new WeakSet<object>();
// Raw inputs passed straight to evaluateSla are validated once, not on every call.
const fromInput = new WeakMap<object, SlaPolicy>();

/**
 * Validates a policy and fills in its defaults.
 *
 * @throws OmnithreadError `INVALID_ARGUMENT`, with one issue (path + message) per problem.
 * @example
 * ```ts
 * import { createCalendar, defineSlaPolicy } from 'omnithread';
 * const policy = defineSlaPolicy({
 *   default: { firstResponse: 4 * 3_600_000, nextResponse: 8 * 3_600_000, resolution: 3 * 86_400_000 },
 *   rules: [{ name: 'vip chat', when: { vip: true, channel: ['chat'] }, targets: { firstResponse: 60_000 } }],
 *   calendar: createCalendar({ timeZone: 'Europe/Berlin', week: { mon: [['09:00', '17:00']] } }),
 *   warnBeforeMs: 10 * 60_000,
 * });
 * ```
 */
export function defineSlaPolicy(input: SlaPolicyInput): SlaPolicy {
  if (isSlaPolicy(input)) return input;
  const cached = typeof input === 'object' && input !== null ? fromInput.get(input) : undefined;
  if (cached) return cached;
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    const issues = toIssues(parsed.error);
    throw new OmnithreadError('INVALID_ARGUMENT', `Invalid SLA policy: ${formatIssues(issues)}`, { issues });
  }
  const p = parsed.data;
  const policy: SlaPolicy = Object.freeze({
    kind: 'sla-policy' as const,
    rules: Object.freeze(p.rules.map((r) => Object.freeze(r))),
    default: Object.freeze(p.default),
    calendar: p.calendar ?? ALWAYS_OPEN,
    pauseIn: Object.freeze([...new Set(p.pauseIn)]),
    warnBeforeMs: p.warnBeforeMs,
    responders: Object.freeze([...new Set(p.responders)]),
    ...(p.followUp ? { followUp: Object.freeze(p.followUp) } : {}),
  });
  defined.add(policy);
  fromInput.set(input, policy);
  return policy;
}

function isSlaPolicy(value: unknown): value is SlaPolicy {
  return typeof value === 'object' && value !== null && defined.has(value);
}

/**
 * What applies to one thread: the rule that won, its targets and calendar.
 *
 * @example
 * ```ts
 * import { type SlaSelection, selectSlaRule, type SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * const { rule, targets }: SlaSelection = selectSlaRule(policy, thread);
 * ```
 */
export interface SlaSelection {
  /** The rule's name, or `'default'`. */
  readonly rule: string;
  readonly targets: SlaTargets;
  readonly calendar: BusinessCalendar;
  readonly facts: SlaFacts;
}

/**
 * The facts a rule reads, from the thread and (optionally) its customer.
 *
 * @example
 * ```ts
 * import { slaFacts } from 'omnithread';
 * slaFacts(thread, customer).priority; // 'urgent' when the thread has priorityOverride 'urgent'
 * ```
 */
export function slaFacts(thread: Thread, customer?: Customer, priority?: PriorityLevel): SlaFacts {
  return {
    thread,
    customer,
    priority: priority ?? thread.priorityOverride ?? thread.severity ?? 'normal',
    channel: thread.channel,
    tier: customer?.attributes.tier,
    vip: customer?.attributes.vip === true,
  };
}

function matches(when: SlaMatch | SlaPredicate, f: SlaFacts): boolean {
  if (typeof when === 'function') return when(f) === true;
  if (when.priority && !when.priority.includes(f.priority)) return false;
  if (when.channel && !when.channel.includes(f.channel)) return false;
  if (when.tier && (f.tier === undefined || !when.tier.includes(f.tier))) return false;
  if (when.vip !== undefined && when.vip !== f.vip) return false;
  return true;
}

/**
 * Picks the first matching rule (else the default) for a thread: the "why these targets" answer.
 *
 * @example
 * ```ts
 * import { selectSlaRule, type SlaPolicy } from 'omnithread';
 * declare const policy: SlaPolicy; // from defineSlaPolicy({ … })
 * selectSlaRule(policy, thread, customer).rule; // 'gold customers'
 * ```
 */
export function selectSlaRule(
  policyOrInput: SlaPolicy | SlaPolicyInput,
  thread: Thread,
  customer?: Customer,
  priority?: PriorityLevel,
): SlaSelection {
  const policy = defineSlaPolicy(policyOrInput);
  const facts = slaFacts(thread, customer, priority);
  const rule = policy.rules.find((r) => matches(r.when, facts));
  if (!rule) return { rule: 'default', targets: policy.default, calendar: policy.calendar, facts };
  return { rule: rule.name, targets: rule.targets, calendar: rule.calendar ?? policy.calendar, facts };
}
