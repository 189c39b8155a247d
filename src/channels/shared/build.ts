import type { Author } from '../../events/primitives.js';
import type { EventInput } from '../../events/schemas.js';
import type { OutboundAuthor } from '../types.js';

type Agentish = Exclude<Author, { type: 'customer' }>;

/** The author of an outbound item, or undefined when the adapter was given none for it. */
export function outboundAuthorFor(author: OutboundAuthor | undefined, hint: string | undefined): Agentish | undefined {
  if (author === undefined) return undefined;
  return typeof author === 'function' ? author(hint) : author;
}

/** The envelope fields of every event an adapter makes. */
export function envelope(tenantId: string, id: string, occurredAt: number) {
  return { id, tenantId, schemaVersion: 2 as const, occurredAt };
}

/** Drops undefined fields, so events compare equal whatever produced them and parse strictly. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

export type { EventInput };

type Scalar = string | number | boolean | null;

/** A metadata record of the defined values, or undefined when none is (so the field stays out). */
export function scalars(o: Record<string, Scalar | undefined>): Record<string, Scalar> | undefined {
  const out: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && !(typeof v === 'number' && !Number.isFinite(v))) out[k] = typeof v === 'string' ? v.slice(0, 4096) : v;
  return Object.keys(out).length > 0 ? out : undefined;
}
