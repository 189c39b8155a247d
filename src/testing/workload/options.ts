import { OmnithreadError } from '../../errors.js';

/**
 * How to shape a synthetic workload. Every field but `seed` has a default.
 *
 * @example
 * ```ts
 * import type { WorkloadOptions } from 'omnithread/testing';
 * const options: WorkloadOptions = { seed: 42, events: 100_000, tenants: 2, lateFraction: 0.05, duplicateFraction: 0.01 };
 * ```
 */
export interface WorkloadOptions {
  /** The seed: same seed and options, same events, byte for byte. */
  readonly seed: number;
  /** Distinct events to generate (duplicates come on top). Default 1,000,000. */
  readonly events?: number;
  /** Distinct customers. Default `events / 10`. */
  readonly customers?: number;
  /** Tenants; customer `c` belongs to tenant `c % tenants`. Default 1. */
  readonly tenants?: number;
  /** Agents per tenant, each announced by one `agent.profile_set`. Default min(200, events / 250). */
  readonly agents?: number;
  /** First `occurredAt`, epoch ms. Default 2026-11-02T00:00:00Z. */
  readonly startAt?: number;
  /** The events spread over `[startAt, startAt + spanMs)`. Default 30 days. */
  readonly spanMs?: number;
  /** Share of events delivered late (after events that happened after them). Default 0. */
  readonly lateFraction?: number;
  /** How late a late event can be, in ms of source time. Default 1 hour. */
  readonly lateMaxMs?: number;
  /** Share of events delivered a second time, as an exact copy, a little later. Default 0. */
  readonly duplicateFraction?: number;
  /** Activity skew: customer rank = floor(n · u^skew). 1 is uniform; default 2 (top 1% ≈ 10% of events). */
  readonly activitySkew?: number;
}

/** {@link WorkloadOptions} with every default filled in. */
export type ResolvedWorkloadOptions = Required<WorkloadOptions>;

export const DEFAULT_START_AT = Date.UTC(2026, 10, 2);
const DAY_MS = 86_400_000;

function check(ok: boolean, field: string, message: string): void {
  if (!ok) {
    throw new OmnithreadError('INVALID_ARGUMENT', `Invalid workload option ${field}: ${message}`, {
      issues: [{ path: [field], message }],
    });
  }
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

/**
 * Fills defaults and rejects options that cannot produce a sensible workload (an `OmnithreadError`
 * with code `INVALID_ARGUMENT`).
 *
 * @example
 * ```ts
 * resolveWorkloadOptions({ seed: 1, events: 50_000 }).customers; // 5000
 * ```
 */
export function resolveWorkloadOptions(options: WorkloadOptions): ResolvedWorkloadOptions {
  const events = options.events ?? 1_000_000;
  check(Number.isInteger(options.seed), 'seed', 'expected an integer');
  check(isCount(events), 'events', 'expected a non-negative integer');
  const resolved: ResolvedWorkloadOptions = {
    seed: options.seed,
    events,
    customers: options.customers ?? Math.max(1, Math.floor(events / 10)),
    tenants: options.tenants ?? 1,
    agents: options.agents ?? Math.max(1, Math.min(200, Math.floor(events / 250))),
    startAt: options.startAt ?? DEFAULT_START_AT,
    spanMs: options.spanMs ?? 30 * DAY_MS,
    lateFraction: options.lateFraction ?? 0,
    lateMaxMs: options.lateMaxMs ?? 3_600_000,
    duplicateFraction: options.duplicateFraction ?? 0,
    activitySkew: options.activitySkew ?? 2,
  };
  check(isCount(resolved.customers) && resolved.customers >= 1, 'customers', 'expected an integer ≥ 1');
  check(isCount(resolved.tenants) && resolved.tenants >= 1, 'tenants', 'expected an integer ≥ 1');
  check(resolved.tenants <= resolved.customers, 'tenants', 'expected no more tenants than customers');
  check(isCount(resolved.agents) && resolved.agents >= 1, 'agents', 'expected an integer ≥ 1');
  check(isCount(resolved.startAt), 'startAt', 'expected epoch milliseconds');
  check(isCount(resolved.spanMs) && resolved.spanMs >= 1, 'spanMs', 'expected an integer ≥ 1');
  for (const f of ['lateFraction', 'duplicateFraction'] as const) {
    const v = resolved[f];
    check(Number.isFinite(v) && v >= 0 && v <= 1, f, 'expected a number in [0, 1]');
  }
  check(isCount(resolved.lateMaxMs) && resolved.lateMaxMs >= 1, 'lateMaxMs', 'expected an integer ≥ 1');
  check(Number.isFinite(resolved.activitySkew) && resolved.activitySkew >= 1, 'activitySkew', 'expected a number ≥ 1');
  return resolved;
}
