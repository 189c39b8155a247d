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
