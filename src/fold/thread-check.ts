/**
 * What a thread rebuilt from a snapshot must hold before the engine serves it. A snapshot is input:
 * its digest catches damage, but not a state edited and hashed again, or written by a build with
 * other ideas. A field of the wrong kind would otherwise surface later as a TypeError in a view, the
 * queue or a fold; checked here, it is `SNAPSHOT_INVALID` naming the thread and the field.
 */
import { CHANNELS, THREAD_STATUSES } from '../events/primitives.js';
import { PackError } from './pack.js';
import type { ThreadRec } from './state.js';

const STRINGS = ['id', 'tenantId', 'customerId', 'ref'] as const;
const OPTIONAL_STRINGS = ['mergedInto', 'assignee', 'team', 'campaign', 'language', 'subject', 'priorityOverride', 'severity'] as const;
const NUMBERS = ['createdAt', 'lastActivityAt', 'transfers', 'reopens', 'assignments'] as const;
const OPTIONAL_NUMBERS = [
  'snoozedUntil', 'firstInboundAt', 'lastInboundAt', 'lastOutboundAt', 'firstResponseAt', 'awaitingReplySince',
  'resolvedAt', 'closedAt', 'assignedAt', 'acceptedAt', 'handoverRequestedAt',
] as const;
/** Lists of records (each entry an object), and `channels` / `tags`, lists of strings. */
const RECORD_LISTS = ['messages', 'declines', 'notes', 'surveys', 'statusHistory', 'ignored'] as const;
const STRING_LISTS = ['channels', 'tags'] as const;

/** The statuses events set, and `merged`, which only a thread.merged gives. */
const statuses: ReadonlySet<string> = new Set([...THREAD_STATUSES, 'merged']);
const channels: ReadonlySet<string> = new Set(CHANNELS);

/** Throws a {@link PackError} naming the first field of `t` that is not of its kind. */
export function checkRestoredThread(t: ThreadRec): void {
  const r = t as unknown as Record<string, unknown>;
  const bad = (field: string, want: string): never => {
    throw new PackError(`thread ${typeof r.id === 'string' ? JSON.stringify(r.id) : '?'}: ${field} is not ${want}`);
  };
  for (const f of STRINGS) if (typeof r[f] !== 'string') bad(f, 'a string');
  for (const f of OPTIONAL_STRINGS) if (r[f] !== undefined && typeof r[f] !== 'string') bad(f, 'a string');
  for (const f of NUMBERS) if (typeof r[f] !== 'number') bad(f, 'a number');
  for (const f of OPTIONAL_NUMBERS) if (r[f] !== undefined && typeof r[f] !== 'number') bad(f, 'a number');
  if (!statuses.has(r.status as string)) bad('status', 'a thread status');
  if (!channels.has(r.channel as string)) bad('channel', 'a channel');
  if (typeof r.needsCallback !== 'boolean') bad('needsCallback', 'a boolean');
  if (r.visibility !== 'public' && r.visibility !== 'private') bad('visibility', '"public" or "private"');
  if (r.handledBy !== 'human' && r.handledBy !== 'bot') bad('handledBy', '"human" or "bot"');
  if (r.escalation !== undefined && (typeof r.escalation !== 'object' || r.escalation === null)) bad('escalation', 'a record');
  for (const f of STRING_LISTS) {
    const list = r[f];
    if (!Array.isArray(list)) bad(f, 'a list');
    for (const v of list as unknown[]) if (typeof v !== 'string') bad(f, 'a list of strings');
  }
  for (const f of RECORD_LISTS) {
    const list = r[f];
    if (!Array.isArray(list)) bad(f, 'a list');
    for (const v of list as unknown[]) if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(f, 'a list of records');
  }
}
