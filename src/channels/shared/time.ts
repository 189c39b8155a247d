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
