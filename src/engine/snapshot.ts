/**
 * Snapshots: the folded state itself, so that resuming costs a parse of the state rather than a
 * re-fold of the history. A snapshot is input like any other (a file someone kept, maybe damaged,
 * maybe of another store), and the one place that decides whether one may be resumed is here:
 *   - `SNAPSHOT_INCOMPATIBLE` — another snapshot format or event schema version (checked first);
 *   - `SNAPSHOT_INVALID` — not well-formed, or a tenant's state does not match its digest (damage
 *     anywhere in it): the issues give the path;
 *   - `SNAPSHOT_INCOMPATIBLE` at `ready()` — taken over another store (`storeId`), or at a position
 *     past the store's end.
 * It is written and read as a stream of lines (`snapshotLines`, `readSnapshot`), never as one giant
 * string: a million events' state is larger than the longest string V8 can hold.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type ErrorIssue, OmnithreadError } from '../errors.js';
import { idString } from '../events/primitives.js';
import { CURRENT_SCHEMA_VERSION } from '../events/schemas.js';
import { type EncodedTenant, decodeTenant, encodeTenant } from '../fold/codec.js';
import type { EngineCore, TenantPolicies } from '../fold/core.js';

/**
 * Bumped whenever the meaning of a snapshot's contents changes.
 * 2: snapshots name the store they were taken over (`storeId`).
 * 3: the folded state itself (version 2 held the events, folded again on resume).
 * 4: compact: the events as JSON text read on first use, threads packed over a string table,
 *    envelopes as columns (version 3 resumed slower than a replay).
 */
export const SNAPSHOT_VERSION = 4;

/**
 * One tenant of a snapshot: its folded state (opaque: read it back with `createEngine({ snapshot })`)
 * and the SHA-256 digest of that state's lines, which catches damage anywhere in it.
 */
export interface SnapshotTenant {
  readonly tenantId: string;
  readonly digest: string;
  readonly state: unknown;
}

/**
 * A resumable image of the engine: each tenant's folded state (with its events, which later late
 * events re-fold with), bound to the store it was taken over. Resuming rebuilds the state without
 * folding anything, then reads only the store's tail after `position`.
 *
 * @example
 * ```ts
 * import type { EngineSnapshot } from 'omnithread';
 * const snapshot: EngineSnapshot = engine.snapshot();
 * console.log(snapshot.position, snapshot.storeId, snapshot.tenants.length);
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
  /**
   * Each tenant's fold policies (threading and merge `fingerprint`, or `name`) when it was taken: an
   * engine whose policies differ refuses the snapshot, since its threads were folded by the old ones.
   */
  readonly foldPolicies: Readonly<Record<string, string>>;
  readonly tenants: readonly SnapshotTenant[];
}

/**
 * What the fold's own decisions depend on, per tenant: the threading and merge policies (a region
 * only normalises new input; stored identities are canonical, so it is not part of it).
 */
export function foldPolicyFingerprint(p: TenantPolicies): string {
  const { threading, merge } = p.fold;
  return JSON.stringify([threading.fingerprint ?? threading.name, merge.fingerprint ?? merge.name]);
}

/** Items per line: a line stays small whatever the tenant's size. */
const CHUNK = 1000;
/** Sections written as `[name, items]` in chunks, after the events. */
const SECTIONS = ['strings', 'shapes', 'identities', 'components', 'home', 'pending'] as const;
const COLUMNS = ['ids', 'positions', 'identities', 'refs'] as const;

/**
 * The lines of one tenant's state: a head line (announcing how many lines of events follow), the
 * events as JSON text (written as they are kept, read back without parsing), the envelopes' columns
 * and the other sections in chunks, the agents. `taken`: the state was just encoded here (its event
 * chunks are JSON text this build wrote: not checked again).
 */
function* stateLines(state: EncodedTenant, taken = false): Generator<string> {
  yield JSON.stringify({ tenantId: state.tenantId, latestAt: state.latestAt, threadsIndexed: state.threadsIndexed, customersIndexed: state.customersIndexed, events: state.events.length });
  for (const chunk of state.events) {
    // A string that is not a JSON array would make the line something else: such a state is damaged.
    if (!taken && (typeof chunk !== 'string' || !chunk.startsWith('[') || chunk.includes('\n'))) throw new Error('an events chunk is not the JSON text of a list');
    yield chunk;
  }
  const cols = state.envelopes;
  for (let i = 0; i < cols.ids.length; i += CHUNK) yield JSON.stringify(['envelopes', ...COLUMNS.map((c) => cols[c].slice(i, i + CHUNK))]);
  for (const section of SECTIONS) {
    const items = state[section];
    for (let i = 0; i < items.length; i += CHUNK) yield JSON.stringify([section, items.slice(i, i + CHUNK)]);
  }
  yield JSON.stringify(['agents', state.agents]);
}

function digestOf(lines: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('hex');
}

/** Snapshots whose digests were checked as they were read ({@link readSnapshot}): not hashed again. */
const verified = new WeakSet<object>();

/**
 * The lines of a state just taken, written for its digest: {@link snapshotLines} writes them once
 * rather than a second time (a state's lines are most of the cost of a snapshot). Taken by the
 * first write, so a snapshot kept in memory does not keep its text as well.
 */
const written = new WeakMap<EncodedTenant, readonly string[]>();

export function takeSnapshot(core: EngineCore, position: number, storeId: string | null, policiesFor: (tenantId: string) => TenantPolicies): EngineSnapshot {
  const tenants = [...core.tenants.keys()].sort().map((id) => snapshotTenant(core, id)!);
  return assembleSnapshot(tenants, position, storeId, policiesFor);
}

/** One tenant's folded state and its digest (undefined for a tenant the core does not hold). */
export function snapshotTenant(core: EngineCore, tenantId: string): SnapshotTenant | undefined {
  const t = core.tenants.get(tenantId);
  if (t === undefined) return undefined;
  // Events added but not yet settled (an ingest between two tenants' appends, a read in progress)
  // are held: a restored component counts as folded, so fold them first. The changes stay recorded
  // for the engine's next publish.
  t.settle();
  const state = encodeTenant(t);
  const lines = [...stateLines(state, true)];
  written.set(state, lines);
  return { tenantId, digest: digestOf(lines), state };
}

/** A snapshot of `tenants` (in tenant order) at `position`, with the fold policies they were folded under. */
export function assembleSnapshot(tenants: readonly SnapshotTenant[], position: number, storeId: string | null, policiesFor: (tenantId: string) => TenantPolicies): EngineSnapshot {
  const foldPolicies: Record<string, string> = {};
  for (const t of tenants) foldPolicies[t.tenantId] = foldPolicyFingerprint(policiesFor(t.tenantId));
  return { format: 'omnithread.snapshot', snapshotVersion: SNAPSHOT_VERSION, eventSchemaVersion: CURRENT_SCHEMA_VERSION, position, storeId, foldPolicies, tenants };
}

/**
 * The snapshot as lines of JSON (write each followed by a newline), for a file, an object store or
 * a database table in chunks; {@link readSnapshot} reads them back. No line holds more than a
 * thousand events or records, so no string grows with the state.
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * import { snapshotLines } from 'omnithread';
 * const out = createWriteStream('snapshot.jsonl');
 * for (const line of snapshotLines(engine.snapshot())) out.write(`${line}\n`);
 * out.end();
 * ```
 */
export function* snapshotLines(snapshot: EngineSnapshot): Generator<string> {
  const { tenants, ...header } = snapshot;
  yield JSON.stringify({ ...header, tenants: tenants.length });
  for (const t of tenants) {
    const state = t.state as EncodedTenant;
    const kept = typeof state === 'object' && state !== null ? written.get(state) : undefined;
    if (kept !== undefined) written.delete(state);
    const lines = kept ?? [...stateLines(state)];
    yield JSON.stringify({ tenant: t.tenantId, digest: t.digest, lines: lines.length });
    yield* lines;
  }
}

/**
 * Reads a snapshot written by {@link snapshotLines} (from any iterable of lines, e.g. `readline`),
 * checking each tenant's digest as it goes. Throws `SNAPSHOT_INVALID` (with the line number) for a
 * damaged or truncated stream, `SNAPSHOT_INCOMPATIBLE` for another version.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { createInterface } from 'node:readline';
 * import { createEngine, readSnapshot } from 'omnithread';
 * const snapshot = await readSnapshot(createInterface({ input: createReadStream('snapshot.jsonl') }));
 * const engine = createEngine({ store, snapshot });
 * ```
 */
export async function readSnapshot(lines: Iterable<string> | AsyncIterable<string>): Promise<EngineSnapshot> {
  let n = 0;
  let header: Record<string, unknown> | undefined;
  const tenants: SnapshotTenant[] = [];
  let current: { tenantId: string; digest: string; left: number; hash: ReturnType<typeof createHash>; parts: unknown[]; events: string[]; eventLines: number; line: number } | undefined;
  const bad = (message: string): never => {
    throw invalid([{ path: ['line', n], message }]);
  };
  const parse = (line: string): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      return bad('not JSON');
    }
  };
  for await (const line of lines) {
    n++;
    if (line === '') continue;
    if (header === undefined) {
      const h = parse(line);
      if (typeof h !== 'object' || h === null || Array.isArray(h)) bad('expected the snapshot header');
      header = h as Record<string, unknown>;
      const wrong = versionIssues({ ...header, tenants: [] });
      if (wrong.length > 0) throw incompatible(wrong);
      continue;
    }
    if (current === undefined) {
      const intro = parse(line) as { tenant?: unknown; digest?: unknown; lines?: unknown } | null;
      if (typeof intro?.tenant !== 'string' || typeof intro.digest !== 'string' || !Number.isSafeInteger(intro.lines) || (intro.lines as number) < 2) {
        bad('expected a tenant line ({ tenant, digest, lines })');
      }
      current = { tenantId: intro!.tenant as string, digest: intro!.digest as string, left: intro!.lines as number, hash: createHash('sha256'), parts: [], events: [], eventLines: 0, line: n };
      continue;
    }
    current.hash.update(line).update('\n');
    if (current.parts.length === 0) {
      const head = parse(line) as { events?: unknown } | null;
      if (typeof head !== 'object' || head === null || !Number.isSafeInteger(head.events) || (head.events as number) < 0) bad('expected the head line of a tenant');
      current.eventLines = head!.events as number;
      current.parts.push(head);
    } else if (current.events.length < current.eventLines) {
      // The events are kept as text, parsed when first needed: the digest vouches for them.
      current.events.push(line);
    } else current.parts.push(parse(line));
    if (--current.left === 0) {
      if (current.hash.digest('hex') !== current.digest) bad(`the state of tenant ${current.tenantId} (from line ${current.line}) does not match its digest: the snapshot is damaged`);
      tenants.push({ tenantId: current.tenantId, digest: current.digest, state: assemble(current.parts, current.events, current.line) });
      current = undefined;
    }
  }
  if (header === undefined) throw invalid([{ path: [], message: 'empty: no snapshot header' }]);
  if (current !== undefined) bad(`the snapshot ends inside tenant ${current.tenantId} (${current.left} lines missing)`);
  if (tenants.length !== header.tenants) throw invalid([{ path: ['tenants'], message: `the header announces ${String(header.tenants)} tenants, the stream holds ${tenants.length}` }]);
  const snapshot = { ...header, tenants } as unknown as EngineSnapshot;
  verified.add(snapshot);
  return snapshot;
}

/** A tenant's state from its lines (the head line, the events' text, then sections). */
function assemble(parts: unknown[], events: string[], line: number): EncodedTenant {
  const [head, ...rest] = parts as [Record<string, unknown>, ...unknown[]];
  const { events: _count, ...fields } = head;
  // Each list's chunks, in order, joined at the end (one copy, not a push per item).
  const chunks: Record<string, unknown[][]> = {};
  for (const name of [...COLUMNS.map((c) => `envelopes.${c}`), ...SECTIONS]) chunks[name] = [];
  const at = (i: number) => ['line', line + 1 + events.length + i + 1];
  let agents: unknown;
  for (const [i, part] of rest.entries()) {
    if (!Array.isArray(part) || part.length < 2) throw invalid([{ path: at(i), message: 'expected [section, items]' }]);
    const section = part[0] as string;
    if (section === 'agents' && part.length === 2) agents = part[1];
    else if (section === 'envelopes' && part.length === 1 + COLUMNS.length && part.every((p, k) => k === 0 || Array.isArray(p))) COLUMNS.forEach((c, k) => chunks[`envelopes.${c}`]!.push(part[k + 1] as unknown[]));
    else if ((SECTIONS as readonly string[]).includes(section) && part.length === 2 && Array.isArray(part[1])) chunks[section]!.push(part[1] as unknown[]);
    else throw invalid([{ path: at(i), message: `unknown section ${JSON.stringify(section)}` }]);
  }
  const envelopes: Record<string, unknown[]> = {};
  for (const c of COLUMNS) envelopes[c] = joined(chunks[`envelopes.${c}`]!);
  const state: Record<string, unknown> = { ...fields, events, envelopes };
  for (const section of SECTIONS) state[section] = joined(chunks[section]!);
  if (agents !== undefined) state.agents = agents;
  return state as unknown as EncodedTenant;
}

/** The items of `chunks` in one list (concat of many lists at once: far faster than a push per item). */
function joined(chunks: readonly unknown[][]): unknown[] {
  let out: unknown[] = [];
  // A bounded number of arguments per call, whatever the tenant's size.
  for (let i = 0; i < chunks.length; i += 4096) out = out.concat(...chunks.slice(i, i + 4096));
  return out;
}

const snapshotHeader = z.strictObject({
  format: z.literal('omnithread.snapshot'),
  snapshotVersion: z.literal(SNAPSHOT_VERSION),
  eventSchemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  position: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  storeId: z.string().min(1).nullable(),
  foldPolicies: z.record(idString, z.string().max(1 << 20)),
  tenants: z.array(z.strictObject({ tenantId: idString, digest: z.string().regex(/^[0-9a-f]{64}$/), state: z.record(z.string(), z.unknown()) })),
});

const MAX_ISSUES = 20;

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
 * Checks a snapshot before anything of it is loaded, so a bad one is never half-applied: versions,
 * the header's shape, and each tenant's state against its digest (damage anywhere in a state shows
 * there). Throws `SNAPSHOT_INCOMPATIBLE` or `SNAPSHOT_INVALID`.
 */
export function checkSnapshot(value: unknown): EngineSnapshot {
  const wrongVersion = versionIssues(value);
  if (wrongVersion.length > 0) throw incompatible(wrongVersion);
  const parsed = snapshotHeader.safeParse(value);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })));
  }
  const s = parsed.data as EngineSnapshot;
  const issues: ErrorIssue[] = [];
  const seen = new Set<string>();
  s.tenants.forEach((t, i) => {
    if (seen.has(t.tenantId)) issues.push({ path: ['tenants', i, 'tenantId'], message: `tenant ${t.tenantId} appears twice` });
    seen.add(t.tenantId);
    if (verified.has(value as object)) return;
    let digest: string | undefined;
    try {
      digest = digestOf(stateLines(t.state as EncodedTenant));
    } catch {
      // A state too broken to write out is damaged like one that does not match.
    }
    if (digest !== t.digest) issues.push({ path: ['tenants', i, 'state'], message: `the state of tenant ${t.tenantId} does not match its digest: the snapshot is damaged` });
    else if ((t.state as EncodedTenant).tenantId !== t.tenantId) issues.push({ path: ['tenants', i, 'state', 'tenantId'], message: 'the state is of another tenant' });
  });
  if (issues.length > 0) throw invalid(issues);
  return s;
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

/**
 * Puts a checked snapshot's tenants into `core`, nothing folded again. A state that passed its digest
 * but cannot be rebuilt (written by a different build of the same snapshot version) is
 * `SNAPSHOT_INVALID`, and nothing of the snapshot is kept.
 */
export function restoreSnapshot(core: EngineCore, snapshot: EngineSnapshot, policiesFor: (tenantId: string) => TenantPolicies): void {
  const changed: ErrorIssue[] = [];
  for (const t of snapshot.tenants) {
    const now = foldPolicyFingerprint(policiesFor(t.tenantId));
    const then = snapshot.foldPolicies[t.tenantId];
    if (then !== now) {
      changed.push({ path: ['foldPolicies', t.tenantId], message: `tenant ${t.tenantId} was folded under other threading or merge policies (${then ?? 'none recorded'}; now ${now}). Replay the store instead.` });
    }
  }
  if (changed.length > 0) throw incompatible(changed.slice(0, MAX_ISSUES));
  const restored = snapshot.tenants.map((t, i) => {
    try {
      return decodeTenant(t.state as EncodedTenant, policiesFor(t.tenantId).fold);
    } catch (error) {
      throw invalid([{ path: ['tenants', i, 'state'], message: `cannot be rebuilt: ${(error as Error)?.message ?? String(error)}` }]);
    }
  });
  for (const t of restored) core.tenants.set(t.tenantId, t);
}
