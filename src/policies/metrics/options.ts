/** Validation of {@link MetricsOptions}: bad input fails loudly, with a path per problem. */
import { z } from 'zod';
import { type ErrorIssue, OmnithreadError, formatIssues, isOmnithreadError } from '../../errors.js';
import { ALWAYS_OPEN, type BusinessCalendar } from '../calendar/index.js';
import { type SlaPolicy, defineSlaPolicy } from '../sla/policy.js';
import type { MetricsGroupBy, MetricsOptions } from './types.js';

/** The options with defaults applied and the SLA policy validated. */
export interface ResolvedMetricsOptions {
  readonly from: number | undefined;
  readonly to: number | undefined;
  readonly groupBy: MetricsGroupBy;
  readonly now: number;
  readonly sla: SlaPolicy | undefined;
  readonly calendar: BusinessCalendar;
  readonly customerOf: MetricsOptions['customerOf'];
  readonly priorityOf: MetricsOptions['priorityOf'];
}

const instant = z.number().refine(Number.isFinite, { message: 'expected a finite number (epoch milliseconds)' });
const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: 'expected a function' });
const object = z.custom<object>((v) => typeof v === 'object' && v !== null, { message: 'expected an SLA policy' });
const calendar = z.custom<BusinessCalendar>(
  (v) => typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'business-calendar',
  { message: 'expected a calendar made by createCalendar' },
);

const optionsSchema = z
  .strictObject({
    from: instant.optional(),
    to: instant.optional(),
    groupBy: z.enum(['channel', 'team', 'agent', 'priority', 'none']).default('none'),
    now: instant,
    sla: object.optional(),
    calendar: calendar.optional(),
    customerOf: fn.optional(),
    priorityOf: fn.optional(),
  })
  .refine((o) => o.from === undefined || o.to === undefined || o.from <= o.to, { path: ['to'], message: 'must not be before from' });

function invalid(issues: ErrorIssue[]): OmnithreadError {
  return new OmnithreadError('INVALID_ARGUMENT', `Invalid metrics options: ${formatIssues(issues)}`, { issues });
}

/**
 * Checks the options and applies defaults.
 *
 * @throws OmnithreadError `INVALID_ARGUMENT` with one issue per problem (an SLA policy's own issues
 *   are prefixed with `sla`).
 */
export function resolveMetricsOptions(input: MetricsOptions): ResolvedMetricsOptions {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })));
  }
  let sla: SlaPolicy | undefined;
  if (input.sla !== undefined) {
    try {
      sla = defineSlaPolicy(input.sla);
    } catch (e) {
      if (!isOmnithreadError(e)) throw e;
      throw invalid(e.issues.map((i) => ({ path: ['sla', ...i.path], message: i.message })));
    }
  }
  const o = parsed.data;
  return {
    from: o.from,
    to: o.to,
    groupBy: o.groupBy,
    now: o.now,
    sla,
    calendar: o.calendar ?? ALWAYS_OPEN,
    customerOf: input.customerOf,
    priorityOf: input.priorityOf,
  };
}
