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
import { identityRef, idString } from '../events/primitives.js';
import { CURRENT_SCHEMA_VERSION, type OmnithreadEvent, eventSchema } from '../events/schemas.js';
import type { NormalizedIdentity } from '../identity/normalize.js';
import type { EngineCore } from '../fold/core.js';
import type { Envelope } from '../fold/envelope.js';

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

// The header is small: zod. The envelopes are one per event: checked by hand (a zod tuple and
// object per envelope cost as much as the events' own validation).
const snapshotHeader = z.strictObject({
  format: z.literal('omnithread.snapshot'),
  snapshotVersion: z.literal(SNAPSHOT_VERSION),
  eventSchemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  position: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  storeId: z.string().min(1).nullable(),
  tenants: z.array(z.strictObject({ tenantId: idString, envelopes: z.array(z.unknown()) })),
});
const IDENTITY_KINDS: ReadonlySet<unknown> = new Set(['email', 'phone', 'whatsapp', 'social', 'chat', 'external']);
const IDENTITY_KEYS: ReadonlySet<string> = new Set(['key', 'kind', 'value', 'verified', 'plusTag', 'ref']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The issues of a normalised identity at `path` (empty when it is well-formed). */
function identityIssues(value: unknown, path: (string | number)[]): ErrorIssue[] {
  if (!isRecord(value)) return [{ path, message: 'expected a normalised identity object' }];
  const issues: ErrorIssue[] = [];
  for (const key of Object.keys(value)) if (!IDENTITY_KEYS.has(key)) issues.push({ path: [...path, key], message: 'unknown field' });
  if (typeof value.key !== 'string' || value.key.length === 0) issues.push({ path: [...path, 'key'], message: 'expected a non-empty string' });
  if (!IDENTITY_KINDS.has(value.kind)) issues.push({ path: [...path, 'kind'], message: 'expected an identity kind' });
  if (typeof value.value !== 'string') issues.push({ path: [...path, 'value'], message: 'expected a string' });
  if (typeof value.verified !== 'boolean') issues.push({ path: [...path, 'verified'], message: 'expected a boolean' });
  if (value.plusTag !== undefined && typeof value.plusTag !== 'string') issues.push({ path: [...path, 'plusTag'], message: 'expected a string' });
  const ref = identityRef.safeParse(value.ref);
  if (!ref.success) for (const i of ref.error.issues) issues.push({ path: [...path, 'ref', ...i.path.map(String)], message: i.message });
  return issues;
}

function refIssues(value: unknown, path: (string | number)[]): ErrorIssue[] {
  if (isRecord(value) && 'customerId' in value && !('key' in value)) {
    const ok = typeof value.customerId === 'string' && value.customerId.length > 0 && Object.keys(value).length === 1;
    return ok ? [] : [{ path, message: 'expected { customerId } or a normalised identity' }];
  }
  return identityIssues(value, path);
}

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
  const parsed = snapshotHeader.safeParse(value);
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
    const envelopes = t.envelopes.map((envelope, ei) => {
      if (issues.length >= MAX_ISSUES) return undefined;
      const where = ['tenants', ti, 'envelopes', ei];
      if (!Array.isArray(envelope) || envelope.length !== 4) {
        issues.push({ path: where, message: 'expected [position, event, identity, refs]' });
        return undefined;
      }
      const [at, raw, identity, refs] = envelope as unknown[];
      if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 1) issues.push({ path: [...where, 0], message: 'expected a store position (an integer ≥ 1)' });
      else {
        if (at > s.position) issues.push({ path: [...where, 0], message: `position ${at} is past the snapshot's position ${s.position}` });
        if (seenPositions.has(at)) issues.push({ path: [...where, 0], message: `position ${at} appears twice` });
        seenPositions.add(at);
      }
      if (identity !== null) issues.push(...identityIssues(identity, [...where, 2]));
      if (refs !== null) {
        if (!Array.isArray(refs)) issues.push({ path: [...where, 3], message: 'expected an array of customer references, or null' });
        else refs.forEach((r, ri) => issues.push(...refIssues(r, [...where, 3, ri])));
      }
      // The events themselves: the event schema, as ingest applies it (without the size limits).
      const event = eventSchema.safeParse(raw);
      if (!event.success) {
        for (const i of event.error.issues) issues.push({ path: [...where, 1, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message });
        return undefined;
      }
      const e = event.data as OmnithreadEvent;
      if (e.tenantId !== t.tenantId) issues.push({ path: [...where, 1, 'tenantId'], message: `event of tenant ${e.tenantId} under tenant ${t.tenantId}` });
      if (ids.has(e.id)) issues.push({ path: [...where, 1, 'id'], message: `event id ${e.id} appears twice` });
      ids.add(e.id);
      const shape = derivedShape(e.type);
      if (shape.identity !== (identity !== null)) issues.push({ path: [...where, 2], message: shape.identity ? `a ${e.type} needs its normalised identity` : `a ${e.type} has no identity` });
      if (shape.refs !== (Array.isArray(refs) ? refs.length : 0) || (shape.refs === 0 && refs !== null)) {
        issues.push({ path: [...where, 3], message: `a ${e.type} has ${shape.refs === 0 ? 'no customer references (null)' : `${shape.refs} customer reference(s)`}` });
      }
      return [at as number, e, identity as NormalizedIdentity | null, refs as SnapshotRef[] | null] as const;
    });
    return { tenantId: t.tenantId, envelopes };
  });
  if (issues.length > 0) throw invalid(issues);
  return { ...s, tenants: tenants as EngineSnapshot['tenants'] };
}

/**
 * Throws `SNAPSHOT_INCOMPATIBLE` unless the snapshot was taken over this store (same `storeId`) and
 * its position is not past the store's end. An empty snapshot fits any store.
 */
export function checkSnapshotBinding(snapshot: EngineSnapshot, storeId: string | null, storeEnd: number): void {
  const issues: ErrorIssue[] = [];
  // An empty snapshot (taken before anything was read) holds nothing that could mix with a store.
  const empty = snapshot.position === 0 && snapshot.tenants.length === 0;
  if (!empty && snapshot.storeId !== storeId) {
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
