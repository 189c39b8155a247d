/** Epoch seconds (a number or its decimal string) to epoch ms, or undefined when it is not one. */
export function secondsToMs(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.floor(n * 1000) : undefined;
}

/** An RFC 2822 / ISO date with its own zone to epoch ms, or undefined. */
export function dateToMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * True when a signed timestamp (epoch ms) is within `toleranceSec` of `now`. Fails closed: a `now` or
 * tolerance that is not a finite number (a forgotten option, `Date.now` passed uncalled) refuses
 * instead of turning the replay window off, which is what `NaN > tolerance` would do.
 *
 * @example
 * ```ts
 * const timestamp = request.headers['x-slack-request-timestamp'];
 * withinWindow(Date.now(), Number(timestamp) * 1000, 300); // false for a stale or future request
 * withinWindow(undefined, Date.now()); // false: no clock, no pass
 * ```
 */
export function withinWindow(now: unknown, signedAtMs: number | undefined, toleranceSec: unknown = 300): boolean {
  if (typeof now !== 'number' || !Number.isFinite(now) || typeof toleranceSec !== 'number' || !Number.isFinite(toleranceSec)) return false;
  return signedAtMs !== undefined && Number.isFinite(signedAtMs) && Math.abs(now - signedAtMs) <= toleranceSec * 1000;
}
