import { z } from 'zod';
import type { Agent } from '../../agents/types.js';
import type { Channel } from '../../events/primitives.js';
import type { Thread } from '../../threading/types.js';
import { parseOptions } from './options.js';
import type { RoutingContext, SkillRequirement } from './types.js';

/** A skill requirement as options accept it: a name (any level) or `{ name, level }`. */
export const skillRequirementSchema = z
  .union([
    z.string().min(1).max(128),
    z.strictObject({ name: z.string().min(1).max(128), level: z.number().int().min(1).max(10).optional() }),
  ])
  .transform((s): SkillRequirement => (typeof s === 'string' ? { name: s } : s));

/** Whether the thread's language must be spoken by the agent, is only preferred, or is ignored. */
export const languageModeSchema = z.enum(['required', 'preferred', 'ignored']);
export type LanguageMode = z.infer<typeof languageModeSchema>;

/** Options every built-in policy accepts under `eligibility`. */
export const eligibilityOptionsSchema = z.strictObject({
  /** Skills a thread needs when it carries a tag: `{ refund: ['billing'], outage: [{ name: 'tech', level: 7 }] }`. */
  skillsByTag: z.record(z.string().min(1).max(128), z.array(skillRequirementSchema).max(50)).optional(),
  /** The thread's language (else the customer's): required, preferred (default) or ignored. */
  language: languageModeSchema.optional(),
});
export type EligibilityOptions = z.input<typeof eligibilityOptionsSchema>;

/**
 * What a thread needs from an agent, resolved from options, the thread and the context.
 *
 * @example
 * ```ts
 * import { type RoutingRequirements, isEligible } from 'omnithread';
 * const req: RoutingRequirements = { skills: [{ name: 'billing', level: 3 }], language: 'ko' };
 * isEligible(agent, thread, req);
 * ```
 */
export interface RoutingRequirements {
  readonly skills: readonly SkillRequirement[];
  /** Set when the language is required. */
  readonly language?: string;
  /** Set when the language is only preferred. */
  readonly preferredLanguage?: string;
}

/**
 * Parsed eligibility options, with tag lookups made safe (a Map, not a plain object).
 *
 * @example
 * ```ts
 * import { type ResolvedEligibility, resolveEligibility } from 'omnithread';
 * const e: ResolvedEligibility = resolveEligibility({ language: 'required' });
 * ```
 */
export interface ResolvedEligibility {
  readonly skillsByTag: ReadonlyMap<string, readonly SkillRequirement[]>;
  readonly language: LanguageMode;
}

/**
 * Validates eligibility options and turns them into the form `resolveRequirements` uses.
 *
 * @example
 * ```ts
 * import { resolveEligibility } from 'omnithread';
 * const eligibility = resolveEligibility({ skillsByTag: { refund: ['billing'] }, language: 'required' });
 * ```
 */
export function resolveEligibility(input: EligibilityOptions | undefined): ResolvedEligibility {
  const options = parseOptions('eligibility', eligibilityOptionsSchema, input ?? {});
  return {
    skillsByTag: new Map(Object.entries(options.skillsByTag ?? {})),
    language: options.language ?? 'preferred',
  };
}

/** Primary language subtag, lower-cased: `ko-KR` → `ko`. Agents' `ko` serves a `ko-KR` thread. */
export function languageKey(tag: string): string {
  const dash = tag.indexOf('-');
  return (dash < 0 ? tag : tag.slice(0, dash)).toLowerCase();
}

/**
 * True when the agent speaks the language (same primary subtag, case-insensitive).
 *
 * @example
 * ```ts
 * import { speaks } from 'omnithread';
 * speaks({ ...agent, languages: ['ko'] }, 'ko-KR'); // true
 * ```
 */
export function speaks(agent: Agent, language: string): boolean {
  const key = languageKey(language);
  return agent.languages.some((l) => languageKey(l) === key);
}

/**
 * The skill level of an agent, or 0 when the agent lacks the skill.
 *
 * @example
 * ```ts
 * import { skillLevel } from 'omnithread';
 * skillLevel({ ...agent, skills: [{ name: 'billing', level: 7 }] }, 'billing'); // 7
 * ```
 */
export function skillLevel(agent: Agent, name: string): number {
  for (const s of agent.skills) if (s.name === name) return s.level;
  return 0;
}

/**
 * The skills and language a thread needs: `ctx.requiredSkills`, `extra` (a policy's own), plus skills
 * mapped from the thread's tags, merged by name at the highest level asked.
 *
 * @example
 * ```ts
 * import { resolveEligibility, resolveRequirements } from 'omnithread';
 * const ctx = { now, customer };
 * const req = resolveRequirements(thread, ctx, resolveEligibility({ skillsByTag: { refund: ['billing'] }, language: 'required' }));
 * // { skills: [{ name: 'billing' }], language: 'ko' }
 * ```
 */
export function resolveRequirements(
  thread: Thread,
  ctx: RoutingContext,
  options: ResolvedEligibility,
  extra: readonly SkillRequirement[] = [],
): RoutingRequirements {
  let skills: readonly SkillRequirement[] = ctx.requiredSkills ?? [];
  if (options.skillsByTag.size > 0 || extra.length > 0) {
    const merged = new Map<string, number>();
    const add = (s: SkillRequirement): void => {
      merged.set(s.name, Math.max(merged.get(s.name) ?? 1, s.level ?? 1));
    };
    skills.forEach(add);
    extra.forEach(add);
    for (const tag of thread.tags) options.skillsByTag.get(tag)?.forEach(add);
    skills = [...merged].map(([name, level]) => ({ name, level }));
  }
  const language = thread.language ?? ctx.customer?.attributes.language;
  if (language === undefined || options.language === 'ignored') return { skills };
  return options.language === 'required' ? { skills, language } : { skills, preferredLanguage: language };
}

/**
 * The channel an agent's current work blocks, by an exclusive rule (on a call → no new chat), if any.
 *
 * @example
 * ```ts
 * import { blockingChannel } from 'omnithread';
 * blockingChannel({ ...agent, load: { call: 1 }, exclusive: { call: ['chat'] } }, 'chat'); // 'call'
 * ```
 */
export function blockingChannel(agent: Agent, channel: Channel): Channel | undefined {
  const rules = agent.exclusive;
  if (rules === undefined) return undefined;
  for (const busy of Object.keys(rules) as Channel[]) {
    if ((agent.load[busy] ?? 0) > 0 && rules[busy]?.includes(channel)) return busy;
  }
  return undefined;
}

/**
 * Online, taking the channel, under capacity on it (`load < capacity`), and not blocked by an
 * exclusive rule. Skills and language are not considered.
 *
 * @example
 * ```ts
 * import { isAvailableOn } from 'omnithread';
 * isAvailableOn({ ...agent, status: 'online', capacity: { chat: 3 }, load: { chat: 2 } }, 'chat'); // true
 * ```
 */
export function isAvailableOn(agent: Agent, channel: Channel): boolean {
  if (agent.status !== 'online') return false;
  const capacity = agent.capacity[channel];
  if (capacity === undefined || (agent.load[channel] ?? 0) >= capacity) return false;
  return blockingChannel(agent, channel) === undefined;
}

/**
 * A thread a bot is handling is not for humans until a handover is requested.
 *
 * @example
 * ```ts
 * import { isRoutable } from 'omnithread';
 * isRoutable({ ...thread, handledBy: 'bot' }); // false
 * ```
 */
export function isRoutable(thread: Thread): boolean {
  return thread.handledBy !== 'bot' || thread.handoverRequestedAt !== undefined;
}

/**
 * Why an agent may not take a thread; empty when eligible. The single definition of eligibility
 * shared by every policy and the law checker.
 *
 * @example
 * ```ts
 * import { ineligibility } from 'omnithread';
 * ineligibility(agent, thread, { skills: [{ name: 'billing', level: 3 }] });
 * // ['status is away', 'lacks skill billing (needs level 3)']
 * ```
 */
export function ineligibility(agent: Agent, thread: Thread, requirements?: Partial<RoutingRequirements>): string[] {
  const why: string[] = [];
  const ch = thread.channel;
  if (!isRoutable(thread)) why.push('thread is handled by a bot');
  if (agent.status !== 'online') why.push(`status is ${agent.status}`);
  const capacity = agent.capacity[ch];
  const load = agent.load[ch] ?? 0;
  if (capacity === undefined) why.push(`does not take ${ch}`);
  else if (load >= capacity) why.push(`${ch} load ${load} ≥ capacity ${capacity}`);
  const blocker = blockingChannel(agent, ch);
  if (blocker !== undefined) why.push(`busy on ${blocker}, which excludes new ${ch}`);
  for (const s of requirements?.skills ?? []) {
    const have = skillLevel(agent, s.name);
    const need = s.level ?? 1;
    if (have < need) why.push(have === 0 ? `lacks skill ${s.name}` : `skill ${s.name} at ${have} < ${need}`);
  }
  const lang = requirements?.language;
  if (lang !== undefined && !speaks(agent, lang)) why.push(`does not speak ${lang}`);
  return why;
}

/**
 * True when the agent may take the thread now (see `ineligibility` for the why-not).
 *
 * @example
 * ```ts
 * import { isEligible } from 'omnithread';
 * import type { RoutingContext } from 'omnithread';
 * declare const ctx: RoutingContext;
 * const eligible = engine.agents({ tenantId: 'acme' }).filter((agent) => isEligible(agent, thread, { skills: ctx.requiredSkills ?? [] }));
 * ```
 */
export function isEligible(agent: Agent, thread: Thread, requirements?: Partial<RoutingRequirements>): boolean {
  if (!isRoutable(thread) || !isAvailableOn(agent, thread.channel)) return false;
  for (const s of requirements?.skills ?? []) if (skillLevel(agent, s.name) < (s.level ?? 1)) return false;
  const lang = requirements?.language;
  return lang === undefined || speaks(agent, lang);
}
