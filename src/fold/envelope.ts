import type { NormalizedIdentity } from '../identity/normalize.js';
import type { OmnithreadEvent } from '../events/schemas.js';

/**
 * An accepted event with what ingest derived from it once: normalised identities (so replays never
 * parse a phone number twice) and its store position.
 */
export interface Envelope {
  readonly event: OmnithreadEvent;
  /** Global store position; 0 until the store has accepted the event. */
  readonly position: number;
  /** The customer identity of a message, or the `identity` of `identity.linked`. */
  readonly identity?: NormalizedIdentity;
  /** The identity side of a customer reference (`to`, `source`, `target`, `customer`). */
  readonly refs?: readonly (NormalizedIdentity | { readonly customerId: string })[];
}

/** How far an event is derived from what caused it at the same instant: 0 without a `cause`. */
export function depthOf(event: OmnithreadEvent): number {
  return (event as { readonly cause?: { readonly depth: number } }).cause?.depth ?? 0;
}

/**
 * Fold order: by the event's own time, then by causal depth (a derived event after its cause), then
 * by id. Never by arrival.
 */
export function compareEnvelopes(a: Envelope, b: Envelope): number {
  const d = a.event.occurredAt - b.event.occurredAt;
  if (d !== 0) return d;
  const depth = depthOf(a.event) - depthOf(b.event);
  if (depth !== 0) return depth;
  const x = a.event.id;
  const y = b.event.id;
  return x < y ? -1 : x > y ? 1 : 0;
}
