import { z } from 'zod';
import { languageModeSchema, resolveEligibility, resolveRequirements, skillRequirementSchema } from './eligibility.js';
import { noEligibleAgent, selectAndAssign } from './selection.js';
import { selectionStrategySchema } from './strategies.js';
import { parseOptions } from './options.js';
import { botGuard, reason } from './support.js';
import type { RoutingPolicy, RoutingReason, SelectQuery, SkillRequirement } from './types.js';

const skillList = z.array(skillRequirementSchema).max(50);
const skillsBasedSchema = z.strictObject({
  name: z.string().min(1).max(128).optional(),
  /** Every thread routed here needs these. */
  required: skillList.default([]),
  /** Agents with more of these (at their level) are chosen first. */
  preferred: skillList.default([]),
  /** Minimum level per skill name, applied to `required`, `preferred` and `byTag`. */
  levels: z.record(z.string().min(1).max(128), z.number().int().min(1).max(10)).default({}),
  /** Skills required when the thread carries a tag. */
  byTag: z.record(z.string().min(1).max(128), skillList).default({}),
  /** The thread's (else the customer's) language: required, preferred (default) or ignored. */
  language: languageModeSchema.default('preferred'),
  /** How to choose among the best-matching agents. */
  then: selectionStrategySchema.default('balanced'),
  team: z.string().min(1).max(128).optional(),
  queue: z.string().min(1).max(128).optional(),
});
/** Options of `skillsBased`. */
export type SkillsBasedOptions = z.input<typeof skillsBasedSchema>;

/**
 * Skills-based routing: only agents with every required skill at its level (and the language, when
 * required); among them, those speaking the preferred language and holding the most preferred skills
 * first, then `then` (balanced by default).
 *
 * @example
 * ```ts
 * import { skillsBased } from 'omnithread';
 * const policy = skillsBased({
 *   required: ['billing'],
 *   preferred: ['enterprise'],
 *   levels: { billing: 3 },
 *   byTag: { outage: [{ name: 'tech', level: 7 }] },
 *   language: 'required',
 * });
 * ```
 */
export function skillsBased(options?: SkillsBasedOptions): RoutingPolicy {
  const o = parseOptions('skillsBased', skillsBasedSchema, options ?? {});
  const name = o.name ?? 'skillsBased';
  const levels = new Map(Object.entries(o.levels));
  const leveled = (list: readonly SkillRequirement[]): SkillRequirement[] =>
    list.map((s) => ({ name: s.name, level: Math.max(s.level ?? 1, levels.get(s.name) ?? 1) }));
  const required = leveled(o.required);
  const preferred = leveled(o.preferred);
  const byTag = Object.fromEntries(Object.entries(o.byTag).map(([tag, list]) => [tag, leveled(list)]));
  const eligibility = resolveEligibility({ skillsByTag: byTag, language: o.language });

  return {
    name,
    fair: true,
    route(thread, pool, ctx) {
      const bot = botGuard(name, thread);
      if (bot) return bot;
      const req = resolveRequirements(thread, ctx, eligibility, required);
      const query: SelectQuery = {
        channel: thread.channel,
        skills: req.skills,
        language: req.language,
        team: o.team,
        strategy: o.then,
        prefer: { language: req.preferredLanguage, skills: preferred },
      };
      const lead: RoutingReason[] = [];
      if (req.skills.length > 0 || req.language !== undefined) {
        const needs = req.skills.map((s) => `${s.name}≥${s.level ?? 1}`);
        if (req.language !== undefined) needs.push(`speaking ${req.language}`);
        lead.push(reason(name, 'skills', `requires ${needs.join(', ')}`));
      }
      const chosen = selectAndAssign(name, pool, query, thread, ctx, lead);
      if (chosen === undefined) return noEligibleAgent(name, query, pool, o.queue, lead);
      const { decision, selection } = chosen;
      const extra: RoutingReason[] = [];
      const lang = req.preferredLanguage;
      if (lang !== undefined) {
        extra.push(
          selection.speaksPreferred
            ? reason(name, 'language-match', `${selection.agent.id} speaks ${lang}`, selection.agent.id)
            : reason(name, 'language-match', `nobody free speaks ${lang}; taking another skilled agent`),
        );
      }
      if (preferred.length > 0) {
        extra.push(reason(name, 'preferred-skills', `${selection.agent.id} holds ${selection.preferredSkills} of ${preferred.length} preferred skills`));
      }
      // the choice's own reason stays last
      return extra.length ? { ...decision, reasons: [...decision.reasons.slice(0, -1), ...extra, decision.reasons.at(-1)!] } : decision;
    },
  };
}
