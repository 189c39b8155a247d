import { OmnithreadError } from '../errors.js';
import type { IngestLimits } from '../events/limits.js';
import { safeParseEvent } from '../events/parse.js';
import type { OmnithreadEvent } from '../events/schemas.js';
import type { EngineCore } from './core.js';
import type { RejectedEvent } from './emitted.js';
import type { Envelope } from './envelope.js';

/** A validated batch: the new envelopes per tenant (in input order), the rejects, the redeliveries. */
export interface PreparedBatch {
  readonly byTenant: Map<string, Envelope[]>;
  readonly rejected: RejectedEvent[];
  readonly duplicates: number;
}

function sameContent(a: OmnithreadEvent, b: OmnithreadEvent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Validates a batch, makes identities canonical, and sorts out redeliveries: an event already known
 * (in this batch or the engine) with the same content is a duplicate; with other content it is
 * rejected as `DUPLICATE_CONFLICT`. Nothing is stored or folded here.
 */
export function prepareBatch(core: EngineCore, items: readonly unknown[], limits: IngestLimits): PreparedBatch {
  if (items.length > limits.maxBatchSize) {
    throw new OmnithreadError('LIMIT_EXCEEDED', `Batch of ${items.length} events is over the limit of ${limits.maxBatchSize}`, {
      issues: [{ path: [], message: `at most ${limits.maxBatchSize} events per ingest call` }],
    });
  }
  const rejected: RejectedEvent[] = [];
  let duplicates = 0;
  const byTenant = new Map<string, Envelope[]>();
  const inBatch = new Map<string, Envelope>();
  items.forEach((raw, index) => {
    const parsed = safeParseEvent(raw, { index, limits });
    if (!parsed.ok) return void rejected.push({ index, event: raw, error: parsed.error });
    // Identities are made canonical first, so a redelivery compares equal however it spelled them.
    const env = core.prepare(parsed.event, 0, index);
    if (env instanceof OmnithreadError) return void rejected.push({ index, event: raw, error: env });
    const e = env.event;
    const key = `${e.tenantId}\u0000${e.id}`;
    const prior = inBatch.get(key) ?? core.existing(e.tenantId, e.id);
    if (prior) {
      if (sameContent(prior.event, e)) duplicates++;
      else {
        const error = new OmnithreadError('DUPLICATE_CONFLICT', `Event ${e.id} of tenant ${e.tenantId} was already accepted with different content`, {
          index,
          eventId: e.id,
          issues: [{ path: ['id'], message: 'same id, different content' }],
        });
        rejected.push({ index, event: raw, error });
      }
      return;
    }
    inBatch.set(key, env);
    const list = byTenant.get(e.tenantId);
    if (list) list.push(env);
    else byTenant.set(e.tenantId, [env]);
  });
  return { byTenant, rejected: rejected.sort((a, b) => a.index - b.index), duplicates };
}
