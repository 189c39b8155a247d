import { OmnithreadError } from '../errors.js';
import { CURRENT_SCHEMA_VERSION, type OmnithreadEvent } from '../events/schemas.js';
import type { NormalizedIdentity } from '../identity/normalize.js';
import type { EngineCore } from './core.js';
import type { Envelope } from './envelope.js';

/** Bumped whenever the meaning of a snapshot's contents changes (identity keys, envelope shape). */
export const SNAPSHOT_VERSION = 1;

type SnapshotRef = NormalizedIdentity | { readonly customerId: string };

/**
 * A resumable image of the engine: every accepted event in fold order, with what ingest derived from
 * it (normalised identities) and its store position. Resuming skips validation, normalisation and the
 * store read; the engine then reads only the tail after `position`.
 */
export interface EngineSnapshot {
  readonly format: 'omnithread.snapshot';
  readonly snapshotVersion: number;
  readonly eventSchemaVersion: number;
  /** The last store position folded into this snapshot. */
  readonly position: number;
  readonly tenants: readonly {
    readonly tenantId: string;
    readonly envelopes: readonly (readonly [position: number, event: OmnithreadEvent, identity: NormalizedIdentity | null, refs: readonly SnapshotRef[] | null])[];
  }[];
}

export function takeSnapshot(core: EngineCore, position: number): EngineSnapshot {
  const tenants = [...core.tenants.values()]
    .sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1))
    .map((t) => ({
      tenantId: t.tenantId,
      envelopes: t.envelopesInOrder().map((e) => [e.position, e.event, e.identity ?? null, e.refs ?? null] as const),
    }));
  return { format: 'omnithread.snapshot', snapshotVersion: SNAPSHOT_VERSION, eventSchemaVersion: CURRENT_SCHEMA_VERSION, position, tenants };
}

/** Checks a snapshot's header before anything is loaded, so a bad one is never half-applied. */
export function checkSnapshot(value: unknown): EngineSnapshot {
  const s = value as Partial<EngineSnapshot> | null;
  const problems: { path: string[]; message: string }[] = [];
  if (typeof s !== 'object' || s === null) problems.push({ path: [], message: 'expected a snapshot object' });
  else {
    if (s.format !== 'omnithread.snapshot') problems.push({ path: ['format'], message: 'not an omnithread snapshot' });
    if (s.snapshotVersion !== SNAPSHOT_VERSION) {
      problems.push({ path: ['snapshotVersion'], message: `snapshot version ${String(s.snapshotVersion)}; this build reads ${SNAPSHOT_VERSION}. Replay the store instead.` });
    }
    if (s.eventSchemaVersion !== CURRENT_SCHEMA_VERSION) {
      problems.push({ path: ['eventSchemaVersion'], message: `events of schema ${String(s.eventSchemaVersion)}; this build writes ${CURRENT_SCHEMA_VERSION}. Replay the store instead.` });
    }
    if (typeof s.position !== 'number' || !Array.isArray(s.tenants)) problems.push({ path: ['tenants'], message: 'missing position or tenants' });
  }
  if (problems.length > 0) {
    throw new OmnithreadError('SNAPSHOT_INCOMPATIBLE', `Cannot resume from this snapshot: ${problems.map((p) => p.message).join('; ')}`, { issues: problems });
  }
  return s as EngineSnapshot;
}

export function envelopesOf(snapshot: EngineSnapshot): Envelope[] {
  const out: Envelope[] = [];
  for (const t of snapshot.tenants) {
    for (const [position, event, identity, refs] of t.envelopes) {
      out.push({ event, position, ...(identity ? { identity } : {}), ...(refs ? { refs } : {}) });
    }
  }
  return out;
}
