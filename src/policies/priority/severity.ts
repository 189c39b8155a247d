import { z } from 'zod';
import { PRIORITY_LEVELS, type PriorityLevel } from '../../events/primitives.js';
import type { Thread } from '../../threading/types.js';
import type { PriorityPolicy } from './types.js';
import { PRIORITY_RANK, levelPoints, parseOptions } from './options.js';

/** Default points per severity level. */
export const DEFAULT_SEVERITY_POINTS: Readonly<Record<PriorityLevel, number>> = Object.freeze({
  low: 0,
  normal: 10,
  high: 30,
  urgent: 60,
});

/** Default tag → severity mapping. */
export const DEFAULT_SEVERITY_TAGS: Readonly<Record<string, PriorityLevel>> = Object.freeze({
  outage: 'urgent',
  incident: 'urgent',
  security: 'urgent',
  escalated: 'high',
  escalation: 'high',
  bug: 'normal',
});

/**
 * A keyword rule: a word or phrase (case-insensitive, whole words) or a RegExp, and the level it implies.
 *
 * @example
 * ```ts
 * import type { SeverityKeywordRule } from 'omnithread';
 * const rule: SeverityKeywordRule = { match: 'chargeback', level: 'high' };
 * ```
 */
export interface SeverityKeywordRule {
  readonly match: string | RegExp;
  readonly level: PriorityLevel;
}

/** Default keyword rules over customer messages. */
export const DEFAULT_SEVERITY_KEYWORDS: readonly SeverityKeywordRule[] = Object.freeze([
  { match: /\b(outage|emergency|data loss|security (breach|incident)|hacked|is down|are down)\b/i, level: 'urgent' },
  { match: /\b(urgent|asap|not working|can'?t log ?in|cannot log ?in|locked out)\b/i, level: 'high' },
]);

/**
 * Options of `severityPolicy`.
 *
 * @example
 * ```ts
 * import type { SeverityOptions } from 'omnithread';
 * const options: SeverityOptions = { tags: { outage: 'urgent' }, keywords: [{ match: /ransomware/i, level: 'urgent' }] };
 * ```
 */
export interface SeverityOptions {
  /** Points per level, merged over {@link DEFAULT_SEVERITY_POINTS}; must not fall from low to urgent. */
  readonly points?: Partial<Record<PriorityLevel, number>>;
  /** The level of a thread with no severity set. Default `normal`. */
  readonly defaultLevel?: PriorityLevel;
  /** Tag → level; replaces {@link DEFAULT_SEVERITY_TAGS} when given. Tags compare case-insensitively. */
  readonly tags?: Readonly<Record<string, PriorityLevel>>;
  /** Keyword rules over the customer's messages; replaces {@link DEFAULT_SEVERITY_KEYWORDS} when given. */
  readonly keywords?: readonly SeverityKeywordRule[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A rule as a stateless RegExp: `g`/`y` flags would make `test` remember `lastIndex` between calls. */
function toRegExp(match: string | RegExp): RegExp {
  if (typeof match === 'string') return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(match)}(?![\\p{L}\\p{N}])`, 'iu');
  return new RegExp(match.source, match.flags.replace(/[gy]/g, ''));
}

const level = z.enum(PRIORITY_LEVELS);
const schema = z.strictObject({
  points: levelPoints(DEFAULT_SEVERITY_POINTS),
  defaultLevel: level.default('normal'),
  tags: z
    .record(z.string().min(1), level)
    .default({ ...DEFAULT_SEVERITY_TAGS })
    .transform((t) => new Map(Object.entries(t).map(([k, v]) => [k.toLowerCase(), v] as const))),
  keywords: z
    .array(z.strictObject({ match: z.union([z.string().min(1), z.instanceof(RegExp)]), level }))
    .default([...DEFAULT_SEVERITY_KEYWORDS])
    .transform((rules) => rules.map((r) => ({ re: toRegExp(r.match), level: r.level }))),
});

/**
 * Severity: the highest of the thread's `severity` (or the default level), the levels its tags map
 * to, and the levels keyword rules find in the customer's messages. The highest signal wins, so a
 * keyword can raise but never lower a thread (lower one with a manual override). Does not move with time.
 *
 * @example
 * ```ts
 * import { severityPolicy } from 'omnithread';
 * const policy = severityPolicy({ tags: { outage: 'urgent', billing: 'high' }, keywords: [{ match: 'chargeback', level: 'high' }] });
 * policy.score(thread, { now }).reasons[0]?.detail; // 'severity high (keyword "chargeback")'
 * ```
 */
export function severityPolicy(options?: SeverityOptions): PriorityPolicy {
  const o = parseOptions('severityPolicy', schema, options);
  const assess = (thread: Thread) => {
    let best: PriorityLevel = thread.severity ?? o.defaultLevel;
    let source = thread.severity === undefined ? 'default' : 'set on thread';
    const consider = (candidate: PriorityLevel, why: string) => {
      if (PRIORITY_RANK[candidate] > PRIORITY_RANK[best]) {
        best = candidate;
        source = why;
      }
    };
    for (const tag of thread.tags) {
      const mapped = o.tags.get(tag.toLowerCase());
      if (mapped) consider(mapped, `tag "${tag}"`);
    }
    if (o.keywords.length > 0 && best !== 'urgent') {
      const texts = [thread.subject ?? ''];
      for (const m of thread.messages) {
        if (m.direction === 'inbound' && m.author.type === 'customer') texts.push(m.subject ?? '', m.text ?? '');
      }
      for (const rule of o.keywords) {
        if (PRIORITY_RANK[rule.level] <= PRIORITY_RANK[best]) continue;
        for (const text of texts) {
          const hit = text === '' ? null : rule.re.exec(text);
          if (hit) {
            consider(rule.level, `keyword "${hit[0]}"`);
            break;
          }
        }
      }
    }
    return { level: best, points: o.points[best], detail: `severity ${best} (${source})` };
  };
  return {
    name: 'severity',
    score(thread) {
      const a = assess(thread);
      return { score: a.points, reasons: [{ factor: 'severity', points: a.points, detail: a.detail, value: PRIORITY_RANK[a.level] }] };
    },
    orderingKey: (thread) => assess(thread).points,
  };
}
