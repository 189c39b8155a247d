import { z } from 'zod';
import { OmnithreadError, formatIssues, type ErrorIssue } from '../../errors.js';
import { PRIORITY_LEVELS, type PriorityLevel } from '../../events/primitives.js';

/**
 * Validates policy options, throwing `INVALID_ARGUMENT` with precise issues. Options are checked
 * once, when a policy is built, never per score.
 */
export function parseOptions<S extends z.ZodType>(what: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues: ErrorIssue[] = result.error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.message,
  }));
  throw new OmnithreadError('INVALID_ARGUMENT', `invalid ${what} options: ${formatIssues(issues)}`, { issues });
}

/** A finite number (NaN and ±Infinity would poison every comparison downstream). */
export const finite = z.number().refine(Number.isFinite, 'expected a finite number');
export const nonNegative = finite.refine((n) => n >= 0, 'expected a number ≥ 0');

/** Points per priority level, merged over defaults and required not to fall from low to urgent. */
export function levelPoints(defaults: Readonly<Record<PriorityLevel, number>>) {
  return z
    .partialRecord(z.enum(PRIORITY_LEVELS), finite)
    .default({})
    .transform((given) => ({ ...defaults, ...given }))
    .refine(
      (p) => PRIORITY_LEVELS.every((level, i) => i === 0 || p[level] >= p[PRIORITY_LEVELS[i - 1]!]),
      'points must not decrease from low to normal to high to urgent',
    );
}

export const PRIORITY_RANK: Readonly<Record<PriorityLevel, number>> = Object.freeze({ low: 0, normal: 1, high: 2, urgent: 3 });

/** Rounds for display only; scores themselves are never rounded. */
export function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** A duration in minutes, for people: `45 min`, `3 h 5 min`, `2 d 4 h`. */
export function fmtMinutes(minutes: number): string {
  const m = Math.round(Math.abs(minutes));
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} h ${m % 60} min`;
  return `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h`;
}

/** A function option (zod cannot describe a function's signature, only that it is one). */
export function fn<T>(name: string) {
  return z.custom<T>((v) => typeof v === 'function', `expected ${name} to be a function`);
}
