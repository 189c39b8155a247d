import type { ErrorIssue } from '../errors.js';
import type { OmnithreadEvent } from './schemas.js';

/**
 * Bounds on input size. Events over a limit are rejected with `LIMIT_EXCEEDED`, the issue naming the
 * path and the limit. Fixed shape bounds (id lengths, a subject's 4,096 characters …) are in the
 * schema instead (`INVALID_EVENT`); these are the sizes a deployment may want to tune: free text, free-
 * form records and lists that a customer, thread or agent keeps.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMITS, type IngestLimits } from 'omnithread';
 * const strict: IngestLimits = { ...DEFAULT_LIMITS, maxAttributeKeys: 64, maxNoteBytes: 8 * 1024 };
 * ```
 */
export interface IngestLimits {
  /** Largest message text (`content.text`), in UTF-8 bytes. Default 256 KiB. */
  readonly maxTextBytes: number;
  /** Largest internal note (`note.added` `text`), in UTF-8 bytes. Default 64 KiB. */
  readonly maxNoteBytes: number;
  /** Most entries in an email `references` list. Default 500. */
  readonly maxReferences: number;
  /** Most keys in one free-form record: `attributes` of `customer.attributes_set`, `metadata` of messages. Default 256. */
  readonly maxAttributeKeys: number;
  /** Longest key in such a record, in characters. Default 128. */
  readonly maxAttributeKeyLength: number;
  /** Longest string value in such a record, in characters. Default 4,096. */
  readonly maxAttributeValueLength: number;
  /** Most tags in one event: a message's `tags`, each of `add` and `remove` of `thread.tagged`. Default 100. */
  readonly maxTags: number;
  /** Most `reasons` of one `thread.assigned`. Default 50. */
  readonly maxReasons: number;
  /** Most entries in each of `skills`, `languages` and `teams` of `agent.profile_set`. Default 200. */
  readonly maxProfileEntries: number;
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
  maxNoteBytes: 64 * 1024,
  maxReferences: 500,
  maxAttributeKeys: 256,
  maxAttributeKeyLength: 128,
  maxAttributeValueLength: 4096,
  maxTags: 100,
  maxReasons: 50,
  maxProfileEntries: 200,
  maxBatchSize: 10_000,
  maxFutureSkewMs: 5 * 60_000,
});

/**
 * What the JSON Schema says about a limit-governed field: its default bound, and which limit it is
 * (the engine enforces the configured value, not this one).
 */
export function limitMeta(limit: keyof IngestLimits, bound: 'maxLength' | 'maxItems' | 'maxProperties', unit = ''): Record<string, unknown> {
  const value = DEFAULT_LIMITS[limit];
  return { [bound]: value, description: `at most limits.${limit}${unit} (default ${value}); over it, LIMIT_EXCEEDED` };
}

type Path = readonly (string | number)[];

class Issues {
  readonly list: ErrorIssue[] = [];

  over(path: Path, what: string, limit: keyof IngestLimits, limits: IngestLimits): void {
    this.list.push({ path, message: `${what}, over limits.${limit} (${limits[limit]})` });
  }

  count(path: Path, items: readonly unknown[] | undefined, noun: string, limit: keyof IngestLimits, limits: IngestLimits): void {
    if (items !== undefined && items.length > limits[limit]) this.over(path, `${items.length} ${noun}`, limit, limits);
  }

  /** UTF-8 size of `text`; length × 3 bounds it from above, so most texts skip the exact count. */
  bytes(path: Path, text: string | undefined, limit: 'maxTextBytes' | 'maxNoteBytes', limits: IngestLimits): void {
    if (text === undefined || text.length * 3 <= limits[limit]) return;
    const size = Buffer.byteLength(text, 'utf8');
    if (size > limits[limit]) this.over(path, `text of ${size} bytes`, limit, limits);
  }

  /** A free-form record: the key count first (then nothing else is looked at), then each key and value. */
  record(path: Path, record: Readonly<Record<string, unknown>> | undefined, limits: IngestLimits): void {
    if (record === undefined) return;
    const keys = Object.keys(record);
    if (keys.length > limits.maxAttributeKeys) return this.over(path, `${keys.length} keys`, 'maxAttributeKeys', limits);
    for (const key of keys) {
      const value = record[key];
      if (key.length > limits.maxAttributeKeyLength) this.over([...path, key], `a key of ${key.length} characters`, 'maxAttributeKeyLength', limits);
      else if (typeof value === 'string' && value.length > limits.maxAttributeValueLength) {
        this.over([...path, key], `a value of ${value.length} characters`, 'maxAttributeValueLength', limits);
      }
    }
  }
}

/** The limit issues of one validated event (empty when it is within bounds). */
export function limitIssues(event: OmnithreadEvent, limits: IngestLimits): ErrorIssue[] {
  const issues = new Issues();
  switch (event.type) {
    case 'message.received':
    case 'message.sent':
      issues.bytes(['content', 'text'], event.content.text, 'maxTextBytes', limits);
      issues.count(['email', 'references'], event.email?.references, 'references', 'maxReferences', limits);
      issues.count(['tags'], event.tags, 'tags', 'maxTags', limits);
      issues.record(['metadata'], event.metadata, limits);
      break;
    case 'customer.attributes_set':
      issues.record(['attributes'], event.attributes, limits);
      break;
    case 'thread.tagged':
      issues.count(['add'], event.add, 'tags', 'maxTags', limits);
      issues.count(['remove'], event.remove, 'tags', 'maxTags', limits);
      break;
    case 'thread.assigned':
      issues.count(['reasons'], event.reasons, 'reasons', 'maxReasons', limits);
      break;
    case 'note.added':
      issues.bytes(['text'], event.text, 'maxNoteBytes', limits);
      break;
    case 'agent.profile_set':
      issues.count(['skills'], event.skills, 'skills', 'maxProfileEntries', limits);
      issues.count(['languages'], event.languages, 'languages', 'maxProfileEntries', limits);
      issues.count(['teams'], event.teams, 'teams', 'maxProfileEntries', limits);
      break;
    default:
      break;
  }
  return issues.list;
}
