import { OmnithreadError } from '../errors.js';
import type { IngestLimits } from '../events/limits.js';
import { safeParseEvent } from '../events/parse.js';
import type { OmnithreadEvent } from '../events/schemas.js';
import type { EngineCore } from '../fold/core.js';
import type { RejectedEvent } from './emitted.js';
import type { Envelope } from '../fold/envelope.js';

/** A validated batch: the new envelopes per tenant (in input order), the rejects, the redeliveries. */
export interface PreparedBatch {
  readonly byTenant: Map<string, Envelope[]>;
  readonly rejected: RejectedEvent[];
  readonly duplicates: number;
  /** Every tenant named by an event that parsed (accepted, duplicate or rejected after parsing). */
  readonly tenants: ReadonlySet<string>;
}

/** What {@link prepareBatch} checks besides the events themselves. */
export interface BatchChecks {
  readonly limits: IngestLimits;
  /**
   * The shell's clock, read once for the batch. Events more than `limits.maxFutureSkewMs` after it
   * are rejected `CLOCK_SKEW`. Undefined for the engine's own events, which are dated by the time the
   * host gave (`advanceTo(now)`) or by events already accepted, not by a producer.
   */
  readonly now?: number;
  /** The tenants the engine holds (`EngineOptions.holds`); events of others are rejected `INVALID_ARGUMENT`. */
  readonly holds?: (tenantId: string) => boolean;
}

function sameContent(a: OmnithreadEvent, b: OmnithreadEvent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An ISO form for messages; a clock may return anything, and `toISOString` throws on NaN. */
function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

function clockSkew(event: OmnithreadEvent, now: number, maxSkew: number, index: number): OmnithreadError | undefined {
  if (!(event.occurredAt - now > maxSkew)) return undefined;
  const ahead = event.occurredAt - now;
  const message = `occurredAt ${iso(event.occurredAt)} is ${ahead} ms ahead of the engine's clock (${iso(now)}); limits.maxFutureSkewMs allows ${maxSkew} ms`;
  return new OmnithreadError('CLOCK_SKEW', `Event from the future at index ${index} (id ${event.id}): ${message}`, {
    index,
    eventId: event.id,
    issues: [{ path: ['occurredAt'], message }],
  });
}

/** The items of an `ingest` input, and the indexes of elements whose read threw (with what it threw). */
interface BatchInput {
  readonly items: readonly unknown[];
  readonly unreadable: ReadonlyMap<number, unknown>;
}

/**
 * The items of an `ingest` input, read once. The input may be anything a caller passes, a hostile
 * Proxy included: an array whose length cannot be read is handled as one bad item, an element that
 * cannot be read as a bad item at its index, so reading never throws. Nothing here touches an item
 * (not even `instanceof`, which runs a Proxy's `getPrototypeOf` trap).
 */
function readBatch(input: unknown): BatchInput {
  const unreadable = new Map<number, unknown>();
  let length: number;
  try {
    if (!Array.isArray(input)) return { items: [input], unreadable };
    length = input.length;
    if (!Number.isSafeInteger(length) || length < 0) return { items: [input], unreadable };
  } catch {
    return { items: [input], unreadable };
  }
  const items = new Array<unknown>(length);
  for (let i = 0; i < length; i++) {
    try {
      items[i] = (input as unknown[])[i];
    } catch (cause) {
      unreadable.set(i, cause);
    }
  }
  return { items, unreadable };
}

/**
 * Validates a batch, makes identities canonical, and sorts out redeliveries: an event already known
 * (in this batch or the engine) with the same content is a duplicate; with other content it is
 * rejected as `DUPLICATE_CONFLICT`. A new event too far ahead of the clock is rejected `CLOCK_SKEW`.
 * Nothing is stored or folded here, and nothing here throws for bad input.
 */
export function prepareBatch(core: EngineCore, input: unknown, checks: BatchChecks): PreparedBatch {
  const { limits, now } = checks;
  const { items, unreadable } = readBatch(input);
  if (items.length > limits.maxBatchSize) {
    throw new OmnithreadError('LIMIT_EXCEEDED', `Batch of ${items.length} events is over the limit of ${limits.maxBatchSize}`, {
      issues: [{ path: [], message: `at most ${limits.maxBatchSize} events per ingest call (limits.maxBatchSize)` }],
    });
  }
  const rejected: RejectedEvent[] = [];
  let duplicates = 0;
  const byTenant = new Map<string, Envelope[]>();
  const tenants = new Set<string>();
  // Tenant, then id: two keys, not one joined string, so no tenant id can reach into another's ids.
  const inBatch = new Map<string, Map<string, Envelope>>();
  for (let index = 0; index < items.length; index++) {
    const raw = items[index];
    const reject = (error: OmnithreadError) => rejected.push({ index, event: raw, error });
    const parsed = unreadable.has(index) ? unreadableError(unreadable.get(index), index) : safeParseEvent(raw, { index, limits });
    if (!parsed.ok) {
      reject(parsed.error);
      continue;
    }
    if (checks.holds !== undefined && !checks.holds(parsed.event.tenantId)) {
      reject(notHeld(parsed.event.tenantId, index, parsed.event.id));
      continue;
    }
    tenants.add(parsed.event.tenantId);
    // Identities are made canonical first, so a redelivery compares equal however it spelled them.
    const env = core.prepare(parsed.event, 0, index);
    if (env instanceof OmnithreadError) {
      reject(env);
      continue;
    }
    const e = env.event;
    let ofTenant = inBatch.get(e.tenantId);
    const prior = ofTenant?.get(e.id) ?? core.existing(e.tenantId, e.id);
    if (prior) {
      if (sameContent(prior.event, e)) duplicates++;
      else {
        reject(
          new OmnithreadError('DUPLICATE_CONFLICT', `Event ${e.id} of tenant ${e.tenantId} was already accepted with different content`, {
            index,
            eventId: e.id,
            issues: [{ path: ['id'], message: 'same id, different content' }],
          }),
        );
      }
      continue;
    }
    const skew = now === undefined ? undefined : clockSkew(e, now, limits.maxFutureSkewMs, index);
    if (skew) {
      reject(skew);
      continue;
    }
    if (!ofTenant) inBatch.set(e.tenantId, (ofTenant = new Map()));
    ofTenant.set(e.id, env);
    const list = byTenant.get(e.tenantId);
    if (list) list.push(env);
    else byTenant.set(e.tenantId, [env]);
  }
  return { byTenant, rejected, duplicates, tenants };
}

function unreadableError(cause: unknown, index: number): { ok: false; error: OmnithreadError } {
  const issues = [{ path: [], message: 'the batch element could not be read (a getter or Proxy trap threw)' }];
  return { ok: false, error: new OmnithreadError('INVALID_EVENT', `Invalid event at index ${index}: ${issues[0]!.message}`, { index, issues, cause }) };
}

function notHeld(tenantId: string, index: number, eventId: string): OmnithreadError {
  const message = `tenant ${JSON.stringify(tenantId)} is not held by this engine (EngineOptions.holds): ingest it through an engine that holds it`;
  return new OmnithreadError('INVALID_ARGUMENT', `Event at index ${index} (id ${eventId}): ${message}`, { index, eventId, issues: [{ path: ['tenantId'], message }] });
}
