/**
 * Whether a re-folded record holds exactly what the record it replaces held. A re-fold builds every
 * record of its component again; the ones a late event did not change need no engine event, no SLA
 * or queue update and no new view. Records are plain data (strings, numbers, booleans, lists and
 * objects of them), so a structural comparison is exact.
 */
import type { CustomerRec, ThreadRec } from './state.js';

/** Fields that are bookkeeping of one record object, not its content. */
const NOT_CONTENT: ReadonlySet<string> = new Set(['version', 'liveThreads']);

/** Deepest nesting of a record's data: thread → messages → message → email hints → references. */
const MAX_DEPTH = 6;

function same(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth === 0) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i], depth - 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>, depth, undefined);
}

/** Every field of either side the same; a field left out reads as undefined (views drop both). */
function sameFields(a: Record<string, unknown>, b: Record<string, unknown>, depth: number, skip: ReadonlySet<string> | undefined): boolean {
  for (const k in a) if (!skip?.has(k) && !same(a[k], b[k], depth - 1)) return false;
  for (const k in b) if (!(k in a) && !skip?.has(k) && b[k] !== undefined) return false;
  return true;
}

/**
 * Two pieces of record data (lists and objects of strings, numbers and booleans) hold the same.
 *
 * @example
 * ```ts
 * sameData({ tier: 'gold', extra: {} }, { tier: 'gold', extra: {} }); // true
 * ```
 */
export function sameData(a: unknown, b: unknown): boolean {
  return same(a, b, MAX_DEPTH);
}

/**
 * The two records (threads, or customers) hold the same content: every field but the bookkeeping of
 * one record object (`version`, `liveThreads`).
 *
 * @example
 * ```ts
 * import type { ThreadRec } from './state.js';
 * declare const before: ThreadRec;
 * declare const after: ThreadRec;
 * if (sameRecord(before, after)) console.log('the re-fold left this thread as it was');
 * ```
 */
export function sameRecord(a: ThreadRec | CustomerRec, b: ThreadRec | CustomerRec): boolean {
  return sameFields(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>, MAX_DEPTH, NOT_CONTENT);
}
