import type { ErrorIssue } from '../errors.js';
import type { OmnithreadEvent } from './schemas.js';

/** Bounds on input size. Events over a limit are rejected with `LIMIT_EXCEEDED`. */
export interface IngestLimits {
  /** Largest message text, in UTF-8 bytes. Default 256 KiB. */
  readonly maxTextBytes: number;
  /** Most entries in an email `references` list. Default 500. */
  readonly maxReferences: number;
  /** Most events in one `ingest` call. Default 10,000. */
  readonly maxBatchSize: number;
  /**
   * How far a new event's `occurredAt` may lie ahead of the engine's clock, in ms. Default 5 minutes
   * (clock drift between hosts); `Infinity` switches the check off. Over it: `CLOCK_SKEW`.
   */
  readonly maxFutureSkewMs: number;
}

export const DEFAULT_LIMITS: IngestLimits = Object.freeze({
  maxTextBytes: 256 * 1024,
  maxReferences: 500,
  maxBatchSize: 10_000,
  maxFutureSkewMs: 5 * 60_000,
});

/** The limit issues of one validated event (empty when it is within bounds). */
export function limitIssues(event: OmnithreadEvent, limits: IngestLimits): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  if (event.type === 'message.received' || event.type === 'message.sent') {
    const text = event.content.text;
    // length * 3 bounds the UTF-8 size from above, so most texts skip the exact count.
    if (text !== undefined && text.length * 3 > limits.maxTextBytes) {
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > limits.maxTextBytes) {
        issues.push({ path: ['content', 'text'], message: `text is ${bytes} bytes, over the limit of ${limits.maxTextBytes}` });
      }
    }
    const refs = event.email?.references;
    if (refs && refs.length > limits.maxReferences) {
      issues.push({
        path: ['email', 'references'],
        message: `${refs.length} references, over the limit of ${limits.maxReferences}`,
      });
    }
  }
  return issues;
}
