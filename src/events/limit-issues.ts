import type { ErrorIssue } from '../errors.js';
import type { IngestLimits } from './limits.js';
import type { OmnithreadEvent } from './schemas.js';

// Apart from limits.ts so that the schemas can read the limits (limitMeta) without an import cycle
// through the event type this checks.

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
