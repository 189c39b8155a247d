/**
 * Frozen views of the fold's mutable records. A view is cached per record version, so asking twice
 * for an unchanged thread returns the very same object (cheap for UIs that compare by identity).
 */
import type { Agent } from '../agents/types.js';
import type { Channel } from '../events/primitives.js';
import type { Customer } from '../identity/types.js';
import type { Thread } from '../threading/types.js';
import type { AgentRec } from './agents.js';
import type { CustomerRec, ThreadRec } from './state.js';

function freezeAll<T>(items: readonly T[]): readonly T[] {
  for (const item of items) if (typeof item === 'object' && item !== null) Object.freeze(item);
  return Object.freeze(items.slice());
}

function deepFreezeMessage<T extends object>(m: T): T {
  for (const v of Object.values(m)) if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) deepFreezeMessage(v as object);
  return Object.freeze(m);
}

/** The fields that are set: records keep unset optional fields as `undefined`; views leave them out. */
function defined<T extends object>(fields: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out as T;
}

export function threadView(t: ThreadRec): Thread {
  const { originIdentity: _origin, version: _version, agentReplied: _agentReplied, ...rest } = t;
  const fields = defined(rest);
  for (const m of t.messages) if (!Object.isFrozen(m)) deepFreezeMessage(m);
  return Object.freeze({
    ...fields,
    channels: Object.freeze(t.channels.slice()),
    messages: Object.freeze(t.messages.slice()),
    tags: Object.freeze(t.tags.slice()),
    notes: freezeAll(t.notes),
    surveys: freezeAll(t.surveys),
    statusHistory: freezeAll(t.statusHistory),
    ignored: freezeAll(t.ignored),
  });
}

export function customerView(c: CustomerRec): Customer {
  const { version: _version, liveThreads: _liveThreads, ...rest } = c;
  const fields = defined(rest);
  return Object.freeze({
    ...fields,
    identities: freezeAll(c.identities),
    mergedFrom: Object.freeze(c.mergedFrom.slice()),
    threadIds: Object.freeze(c.threadIds.slice()),
    attributes: Object.freeze({ ...defined(c.attributes), extra: Object.freeze({ ...c.attributes.extra }) }),
  });
}

export function agentView(a: AgentRec, load: ReadonlyMap<string, Channel> | undefined): Agent {
  const { version: _version, ...rest } = a;
  const fields = defined(rest);
  const perChannel: Partial<Record<Channel, number>> = {};
  if (load) for (const ch of load.values()) perChannel[ch] = (perChannel[ch] ?? 0) + 1;
  return Object.freeze({
    ...fields,
    skills: freezeAll(a.skills),
    languages: Object.freeze(a.languages.slice()),
    teams: Object.freeze(a.teams.slice()),
    capacity: Object.freeze({ ...a.capacity }),
    ...(a.exclusive ? { exclusive: Object.freeze({ ...a.exclusive }) } : {}),
    load: Object.freeze(perChannel),
  });
}

/** A per-id cache of views keyed by the record's version. */
export class ViewCache<V> {
  private readonly entries = new Map<string, { version: number; view: V }>();
  get(id: string, version: number, build: () => V): V {
    const hit = this.entries.get(id);
    if (hit && hit.version === version) return hit.view;
    const view = build();
    this.entries.set(id, { version, view });
    return view;
  }
}
