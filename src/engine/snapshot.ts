/**
 * Snapshots: taking one, and the one place that decides whether one may be resumed. A snapshot is
 * input like any other (a file someone kept, maybe damaged, maybe of another store), so it is
 * validated whole before anything of it is loaded:
 *   - `SNAPSHOT_INCOMPATIBLE` — another snapshot format or event schema version (checked first);
 *   - `SNAPSHOT_INVALID` — not well-formed: the issues give the path of each bad field;
 *   - `SNAPSHOT_INCOMPATIBLE` at `ready()` — taken over another store (`storeId`), or at a position
 *     past the store's end (the store lost events since, or it is another store).
 * The format will change (folded state instead of events); validation stays here so it can follow.
 */
import { z } from 'zod';
import { type ErrorIssue, OmnithreadError } from '../errors.js';
import { safeParseEvent } from '../events/parse.js';
import { identityRef, idString } from '../events/primitives.js';
import { CURRENT_SCHEMA_VERSION, type OmnithreadEvent } from '../events/schemas.js';
import type { NormalizedIdentity } from '../identity/normalize.js';
import type { EngineCore } from './core.js';
import type { Envelope } from './envelope.js';

/**
 * Bumped whenever the meaning of a snapshot's contents changes (identity keys, envelope shape).
 * 2: snapshots name the store they were taken over (`storeId`).
 */
export const SNAPSHOT_VERSION = 2;

type SnapshotRef = NormalizedIdentity | { readonly customerId: string };

/**
 * A resumable image of the engine: every accepted event in fold order, with what ingest derived from
 * it (normalised identities) and its store position, bound to the store it was taken over. Resuming
 * skips normalisation and the store read; the engine then reads only the tail after `position`.
 *
 * @example
 * ```ts
 * const snapshot: EngineSnapshot = engine.snapshot();
 * console.log(snapshot.position, snapshot.storeId);
 * ```
 */
export interface EngineSnapshot {
  readonly format: 'omnithread.snapshot';
  readonly snapshotVersion: number;
  readonly eventSchemaVersion: number;
  /** The last store position folded into this snapshot. */
  readonly position: number;
  /** `storeId()` of the store it was taken over; null when that store has no identity. */
  readonly storeId: string | null;
  readonly tenants: readonly {
    readonly tenantId: string;
    readonly envelopes: readonly (readonly [position: number, event: OmnithreadEvent, identity: NormalizedIdentity | null, refs: readonly SnapshotRef[] | null])[];
  }[];
}

export function takeSnapshot(core: EngineCore, position: number, storeId: string | null): EngineSnapshot {
  const tenants = [...core.tenants.values()]
    .sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1))
    .map((t) => ({
      tenantId: t.tenantId,
      envelopes: t.envelopesInOrder().map((e) => [e.position, e.event, e.identity ?? null, e.refs ?? null] as const),
    }));
  return { format: 'omnithread.snapshot', snapshotVersion: SNAPSHOT_VERSION, eventSchemaVersion: CURRENT_SCHEMA_VERSION, position, storeId, tenants };
}

const position = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const normalizedIdentity = z.strictObject({
  key: z.string().min(1),
  kind: z.enum(['email', 'phone', 'whatsapp', 'social', 'chat', 'external']),
  value: z.string(),
  verified: z.boolean(),
  plusTag: z.string().optional(),
  ref: identityRef,
});
const snapshotRef = z.union([normalizedIdentity, z.strictObject({ customerId: idString })]);
const envelope = z.tuple([position, z.unknown(), normalizedIdentity.nullable(), z.array(snapshotRef).nullable()]);
const snapshotSchema = z.strictObject({
  format: z.literal('omnithread.snapshot'),
  snapshotVersion: z.literal(SNAPSHOT_VERSION),
  eventSchemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  position: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  storeId: z.string().min(1).nullable(),
  tenants: z.array(z.strictObject({ tenantId: idString, envelopes: z.array(envelope) })),
});

/** Events in a snapshot were accepted under the engine's own limits: only their shape is checked here. */
const NO_LIMITS = { maxTextBytes: Number.POSITIVE_INFINITY, maxReferences: Number.POSITIVE_INFINITY, maxBatchSize: Number.POSITIVE_INFINITY };
const MAX_ISSUES = 20;

/** What ingest derives for each event type: a customer identity, and how many customer references. */
function derivedShape(type: OmnithreadEvent['type']): { identity: boolean; refs: number } {
  switch (type) {
    case 'message.received':
    case 'message.sent':
      return { identity: true, refs: 0 };
    case 'identity.linked':
      return { identity: true, refs: 1 };
    case 'customer.merged':
      return { identity: false, refs: 2 };
    case 'customer.attributes_set':
      return { identity: false, refs: 1 };
    default:
      return { identity: false, refs: 0 };
  }
}

function incompatible(issues: ErrorIssue[]): OmnithreadError {
  return new OmnithreadError('SNAPSHOT_INCOMPATIBLE', `Cannot resume from this snapshot: ${issues.map((p) => p.message).join('; ')}`, { issues });
}

function invalid(issues: ErrorIssue[]): OmnithreadError {
  const shown = issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return new OmnithreadError('SNAPSHOT_INVALID', `Not a valid snapshot: ${shown.join('; ')}${more}. Replay the store instead.`, { issues: issues.slice(0, MAX_ISSUES) });
}

/** A snapshot of another format or version: say so before looking at its contents. */
function versionIssues(value: unknown): ErrorIssue[] {
  const s = value as Partial<EngineSnapshot> | null;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return [{ path: [], message: 'expected a snapshot object' }];
  const issues: ErrorIssue[] = [];
  if (s.format !== 'omnithread.snapshot') issues.push({ path: ['format'], message: 'not an omnithread snapshot' });
  if (s.snapshotVersion !== SNAPSHOT_VERSION) {
    issues.push({ path: ['snapshotVersion'], message: `snapshot version ${String(s.snapshotVersion)}; this build reads ${SNAPSHOT_VERSION}. Replay the store instead.` });
  }
  if (s.eventSchemaVersion !== CURRENT_SCHEMA_VERSION) {
    issues.push({ path: ['eventSchemaVersion'], message: `events of schema ${String(s.eventSchemaVersion)}; this build writes ${CURRENT_SCHEMA_VERSION}. Replay the store instead.` });
  }
  return issues;
}

/**
 * Validates a snapshot whole, before anything is loaded, so a bad one is never half-applied.
 * Returns it with its events in canonical form. Throws `SNAPSHOT_INCOMPATIBLE` or `SNAPSHOT_INVALID`.
 */
export function checkSnapshot(value: unknown): EngineSnapshot {
  const wrongVersion = versionIssues(value);
  if (wrongVersion.length > 0) throw incompatible(wrongVersion);
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })));
  }
  const s = parsed.data;
  const issues: ErrorIssue[] = [];
  const seenTenants = new Set<string>();
  const seenPositions = new Set<number>();
  const tenants = s.tenants.map((t, ti) => {
    if (seenTenants.has(t.tenantId)) issues.push({ path: ['tenants', ti, 'tenantId'], message: `tenant ${t.tenantId} appears twice` });
    seenTenants.add(t.tenantId);
    const ids = new Set<string>();
    const envelopes = t.envelopes.map(([at, raw, identity, refs], ei) => {
      const where = ['tenants', ti, 'envelopes', ei];
      if (at > s.position) issues.push({ path: [...where, 0], message: `position ${at} is past the snapshot's position ${s.position}` });
      if (seenPositions.has(at)) issues.push({ path: [...where, 0], message: `position ${at} appears twice` });
      seenPositions.add(at);
      const event = safeParseEvent(raw, { limits: NO_LIMITS });
      if (!event.ok) {
        for (const i of event.error.issues) issues.push({ path: [...where, 1, ...i.path], message: i.message });
        return undefined;
      }
      if (event.event.tenantId !== t.tenantId) issues.push({ path: [...where, 1, 'tenantId'], message: `event of tenant ${event.event.tenantId} under tenant ${t.tenantId}` });
      if (ids.has(event.event.id)) issues.push({ path: [...where, 1, 'id'], message: `event id ${event.event.id} appears twice` });
      const shape = derivedShape(event.event.type);
      if (shape.identity !== (identity !== null)) issues.push({ path: [...where, 2], message: shape.identity ? `a ${event.event.type} needs its normalised identity` : `a ${event.event.type} has no identity` });
      if (shape.refs !== (refs?.length ?? 0) || (shape.refs === 0 && refs !== null)) {
        issues.push({ path: [...where, 3], message: `a ${event.event.type} has ${shape.refs === 0 ? 'no customer references (null)' : `${shape.refs} customer reference(s)`}` });
      }
      ids.add(event.event.id);
      return [at, event.event, identity as NormalizedIdentity | null, refs as SnapshotRef[] | null] as const;
    });
    return { tenantId: t.tenantId, envelopes };
  });
  if (issues.length > 0) throw invalid(issues);
  return { ...s, tenants: tenants as EngineSnapshot['tenants'] };
}

/**
 * Throws `SNAPSHOT_INCOMPATIBLE` unless the snapshot was taken over this store (same `storeId`) and
 * its position is not past the store's end.
 */
export function checkSnapshotBinding(snapshot: EngineSnapshot, storeId: string | null, storeEnd: number): void {
  const issues: ErrorIssue[] = [];
  if (snapshot.storeId !== storeId) {
    issues.push({ path: ['storeId'], message: `taken over store ${snapshot.storeId ?? '(without an identity)'}, not this one (${storeId ?? 'without an identity'}). Replay the store instead.` });
  }
  if (snapshot.position > storeEnd) {
    issues.push({ path: ['position'], message: `at position ${snapshot.position}, past the store's end (${storeEnd}): the store lost events since, or it is another store` });
  }
  if (issues.length > 0) throw incompatible(issues);
}

export function envelopesOf(snapshot: EngineSnapshot): Envelope[] {
  const out: Envelope[] = [];
  for (const t of snapshot.tenants) {
    for (const [at, event, identity, refs] of t.envelopes) {
      out.push({ event, position: at, ...(identity ? { identity } : {}), ...(refs ? { refs } : {}) });
    }
  }
  return out;
}
