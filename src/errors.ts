/**
 * Typed errors. Every error omnithread raises carries a string `code` and a brand that survives
 * two copies of the package being loaded (the brand is a global symbol, not a class identity).
 */
const BRAND = Symbol.for('omnithread.error');

/** Every error code omnithread raises, documented in docs/concepts.md. */
export type ErrorCode =
  | 'INVALID_EVENT'
  | 'UNSUPPORTED_SCHEMA_VERSION'
  | 'LIMIT_EXCEEDED'
  | 'CLOCK_SKEW'
  | 'DUPLICATE_CONFLICT'
  | 'INVALID_IDENTITY'
  | 'VERSION_CONFLICT'
  | 'STORE_LOCKED'
  | 'STORE_CORRUPT'
  | 'STORE_CLOSED'
  | 'STORE_READ_ONLY'
  | 'ENGINE_READ_ONLY'
  | 'STORE_IO'
  | 'SNAPSHOT_INVALID'
  | 'SNAPSHOT_INCOMPATIBLE'
  | 'INVALID_ARGUMENT'
  | 'INVALID_MBOX'
  | 'INVALID_PAYLOAD';

/** One precise problem: where (a path into the input) and what. */
export interface ErrorIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Details that locate the offending input. */
export interface ErrorContext {
  /** Position of the event in the batch, when it came in a batch. */
  readonly index?: number;
  /** The event id, when the input had a readable one. */
  readonly eventId?: string;
  readonly issues?: readonly ErrorIssue[];
  readonly cause?: unknown;
}

/**
 * The one error class of omnithread.
 *
 * @example
 * ```ts
 * import { isOmnithreadError, parseEvent } from 'omnithread';
 * const input: unknown = JSON.parse('{"type":"message.received"}');
 * try { parseEvent(input) } catch (e) {
 *   if (isOmnithreadError(e) && e.code === 'INVALID_EVENT') console.log(e.issues);
 * }
 * ```
 */
export class OmnithreadError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly index: number | undefined;
  readonly eventId: string | undefined;
  readonly issues: readonly ErrorIssue[];

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'OmnithreadError';
    this.code = code;
    this.index = context.index;
    this.eventId = context.eventId;
    this.issues = Object.freeze([...(context.issues ?? [])]);
  }

  /** A plain, JSON-friendly form (for HTTP responses and CLI output). */
  toJSON(): { code: ErrorCode; message: string; index?: number; eventId?: string; issues: ErrorIssue[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.index === undefined ? {} : { index: this.index }),
      ...(this.eventId === undefined ? {} : { eventId: this.eventId }),
      issues: [...this.issues],
    };
  }
}

/**
 * True for any omnithread error, even one thrown by another copy of the package.
 *
 * @example
 * ```ts
 * import { isOmnithreadError } from 'omnithread';
 * try {
 *   await store.appendToStream('acme', [event], { expectedStreamVersion: 3 });
 * } catch (err) {
 *   if (!isOmnithreadError(err, 'VERSION_CONFLICT')) throw err;
 *   // another writer got there first: read the stream again and retry
 * }
 * ```
 */
export function isOmnithreadError(value: unknown, code?: ErrorCode): value is OmnithreadError {
  if (typeof value !== 'object' || value === null) return false;
  const branded = (value as Record<symbol, unknown>)[BRAND] === true;
  return branded && (code === undefined || (value as OmnithreadError).code === code);
}

/** Renders issues as `path: message; path: message` for one-line messages. */
export function formatIssues(issues: readonly ErrorIssue[]): string {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
