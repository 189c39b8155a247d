import { fastParseMessage } from './fast-path.js';
import type { z } from 'zod';
import { type ErrorIssue, OmnithreadError, formatIssues } from '../errors.js';
import { limitIssues } from './limit-issues.js';
import { DEFAULT_LIMITS, type IngestLimits } from './limits.js';
import { CURRENT_SCHEMA_VERSION, EVENT_TYPES, type OmnithreadEvent, eventSchema } from './schemas.js';
import { toPlainData } from './plain-data.js';
import { forbiddenKeysIn, isPlainObject, upcast } from './upcast.js';

/** The outcome of parsing one event, without throwing. */
export type ParseResult = { ok: true; event: OmnithreadEvent } | { ok: false; error: OmnithreadError };

export interface ParseOptions {
  /** Position in a batch, copied into the error. */
  index?: number;
  limits?: IngestLimits;
}

const KNOWN_TYPES = new Set<string>(EVENT_TYPES);

function toIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

/** A short, safe rendering of an input value for a message (the value may be large). */
function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'none';
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** `data` is the plain copy of the input (see {@link toPlainData}), or undefined when there is none. */
function fail(code: OmnithreadError['code'], summary: string, issues: ErrorIssue[], data: unknown, index?: number): ParseResult {
  const id = isPlainObject(data) ? data.id : undefined;
  // Only an id that could be valid names the event: a rejected input may carry a megabyte "id".
  const eventId = typeof id === 'string' && id.length <= 512 ? id : undefined;
  const where = index === undefined ? '' : ` at index ${index}`;
  const message = `${summary}${where}${eventId ? ` (id ${eventId})` : ''}: ${formatIssues(issues)}`;
  return {
    ok: false,
    error: new OmnithreadError(code, message, {
      issues,
      ...(index === undefined ? {} : { index }),
      ...(eventId === undefined ? {} : { eventId }),
    }),
  };
}

/**
 * Validates and normalises one event without throwing, whatever `input` is: copies it once into
 * plain data, upcasts old schema versions, applies the zod schema and the size limits.
 *
 * @example
 * ```ts
 * import { safeParseEvent } from 'omnithread';
 * const line = '{"id":"sms-1"}'; // a line of a JSON-lines file
 * const r = safeParseEvent(JSON.parse(line));
 * if (!r.ok) console.error(r.error.code, r.error.issues);
 * ```
 */
export function safeParseEvent(input: unknown, options: ParseOptions = {}): ParseResult {
  const { index, limits = DEFAULT_LIMITS } = options;
  // Everything below reads a plain copy, made once: the input itself may be hostile (see plain-data.ts).
  const data = toPlainData(input);
  if (!data.ok) return fail('INVALID_EVENT', 'Invalid event', data.issues, undefined, index);
  const raw = data.value;
  if (!isPlainObject(raw)) {
    return fail('INVALID_EVENT', 'Invalid event', [{ path: [], message: 'expected a JSON object' }], raw, index);
  }
  const forbidden = forbiddenKeysIn(raw);
  if (forbidden.length > 0) {
    const issues = forbidden.map((k) => ({ path: [k], message: 'forbidden key' }));
    return fail('INVALID_EVENT', 'Invalid event', issues, raw, index);
  }
  const lifted = upcast(raw);
  if (lifted === undefined) {
    const issues = [{ path: ['schemaVersion'], message: `unsupported schema version ${preview(raw.schemaVersion)}; this build reads 1 to ${CURRENT_SCHEMA_VERSION}` }];
    return fail('UNSUPPORTED_SCHEMA_VERSION', 'Unsupported event version', issues, raw, index);
  }
  if (typeof lifted.type !== 'string' || !KNOWN_TYPES.has(lifted.type)) {
    const issues = [{ path: ['type'], message: `unknown event type ${preview(lifted.type)}; expected one of ${EVENT_TYPES.join(', ')}` }];
    return fail('INVALID_EVENT', 'Invalid event', issues, raw, index);
  }
  // Most events are messages of a few shapes: checked by hand first, exactly as zod would (fast-path.ts).
  let event = fastParseMessage(lifted);
  if (event === undefined) {
    const parsed = eventSchema.safeParse(lifted);
    if (!parsed.success) return fail('INVALID_EVENT', 'Invalid event', toIssues(parsed.error), raw, index);
    event = parsed.data as OmnithreadEvent;
  }
  const over = limitIssues(event, limits);
  if (over.length > 0) return fail('LIMIT_EXCEEDED', 'Event over limits', over, raw, index);
  return { ok: true, event };
}

/**
 * Validates and normalises one event; throws an {@link OmnithreadError} (never a raw ZodError).
 *
 * @example
 * ```ts
 * import { parseEvent } from 'omnithread';
 * const event = parseEvent({
 *   id: 'sms-1', tenantId: 'acme', type: 'message.received', schemaVersion: 2,
 *   occurredAt: '2026-11-23T09:00:00Z', channel: 'sms',
 *   from: { kind: 'phone', value: '+14158675310' }, content: { text: 'Hi' },
 * });
 * ```
 */
export function parseEvent(raw: unknown, options: ParseOptions = {}): OmnithreadEvent {
  const r = safeParseEvent(raw, options);
  if (!r.ok) throw r.error;
  return r.event;
}
