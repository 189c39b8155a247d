/**
 * The demo's day: one fixed Tuesday at a support desk in Seoul. Fixed, not today: the same seed must
 * tell the same story on every run.
 */

export const DEMO_TENANT = 'acme';
export const DEMO_TIME_ZONE = 'Asia/Seoul';
/** Korea keeps no daylight saving time: local time is always UTC+9. */
const UTC_OFFSET_MS = 9 * 3_600_000;
export const DEMO_DATE = '2026-11-24';
const MIDNIGHT = Date.UTC(2026, 10, 24) - UTC_OFFSET_MS;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/**
 * An instant of the demo day from its local (Seoul) wall time.
 *
 * @example
 * ```ts
 * new Date(localTime(9, 30)).toISOString(); // '2026-11-24T00:30:00.000Z'
 * ```
 */
export function localTime(hours: number, minutes = 0, seconds = 0): number {
  return MIDNIGHT + ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** When the simulated day starts and ends (the report is taken at the end). */
export const DAY_START = localTime(7, 0);
export const DAY_END = localTime(18, 30);

/**
 * `HH:MM` in the desk's local time, for the report.
 *
 * @example
 * ```ts
 * formatLocal(localTime(9, 5)); // '09:05'
 * ```
 */
export function formatLocal(ms: number): string {
  const d = new Date(ms + UTC_OFFSET_MS);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** ISO form for events and JSON output. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
