/** What an engine holds, in counts: the common tail of `ingest` and `replay`. */
import type { Engine } from '../engine/engine.js';
import { CHANNELS } from '../events/primitives.js';
import { type Painter, formatCount, formatTable } from './format.js';

/** Counts over every tenant of an engine. */
export interface StateSummary {
  /** The last store position folded in: the number of events stored. */
  readonly position: number;
  readonly tenants: number;
  readonly customers: number;
  readonly threads: number;
  readonly messages: number;
  /** Per channel: threads that have a message on it, and messages on it. Channels with none are left out. */
  readonly byChannel: Readonly<Record<string, { readonly threads: number; readonly messages: number }>>;
  /** Threads per status (merged threads are not listed by the engine, so never counted). */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Accepted events that changed nothing (see `engine.unapplied()`). */
  readonly unapplied: number;
  readonly mergeSuggestions: number;
}

/**
 * Counts what the engine holds.
 *
 * @example
 * ```ts
 * summarizeState(engine).byStatus.open; // 12
 * ```
 */
export function summarizeState(engine: Engine): StateSummary {
  const threads = engine.threads();
  const byChannel: Record<string, { threads: number; messages: number }> = {};
  const byStatus: Record<string, number> = {};
  let messages = 0;
  const tenants = new Set<string>();
  for (const t of threads) {
    tenants.add(t.tenantId);
    byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
    for (const ch of t.channels) (byChannel[ch] ??= { threads: 0, messages: 0 }).threads++;
    for (const m of t.messages) (byChannel[m.channel] ??= { threads: 0, messages: 0 }).messages++;
    messages += t.messages.length;
  }
  const customers = engine.customers();
  for (const c of customers) tenants.add(c.tenantId);
  // Channels in their canonical order, whatever order they were met in.
  const orderedChannels = Object.fromEntries(CHANNELS.filter((c) => byChannel[c]).map((c) => [c, byChannel[c]!]));
  return {
    position: engine.position(),
    tenants: tenants.size,
    customers: customers.length,
    threads: threads.length,
    messages,
    byChannel: orderedChannels,
    byStatus: Object.fromEntries(Object.entries(byStatus).sort(([a], [b]) => (a < b ? -1 : 1))),
    unapplied: engine.unapplied().length,
    mergeSuggestions: engine.mergeSuggestions().length,
  };
}

/**
 * The summary as aligned text: totals, then a channel table and a status table.
 *
 * @example
 * ```ts
 * import { createPainter } from './format.js';
 * import { processIo } from './io.js';
 * const io = processIo();
 * io.stdout(renderStateSummary(summarizeState(engine), createPainter(false)));
 * ```
 */
export function renderStateSummary(s: StateSummary, paint: Painter): string {
  const totals = formatTable(
    [
      ['position', formatCount(s.position)],
      ['tenants', formatCount(s.tenants)],
      ['customers', formatCount(s.customers)],
      ['threads', formatCount(s.threads)],
      ['messages', formatCount(s.messages)],
      ['unapplied', formatCount(s.unapplied)],
      ['merge suggestions', formatCount(s.mergeSuggestions)],
    ],
    { align: ['left', 'right'] },
  );
  let out = totals;
  const channels = Object.entries(s.byChannel);
  if (channels.length > 0) {
    out += `\n${paint.bold('By channel')}\n`;
    out += formatTable(
      channels.map(([ch, n]) => [ch, formatCount(n.threads), formatCount(n.messages)]),
      { header: ['Channel', 'Threads', 'Messages'], align: ['left', 'right', 'right'] },
    );
  }
  const statuses = Object.entries(s.byStatus);
  if (statuses.length > 0) {
    out += `\n${paint.bold('By status')}\n`;
    out += formatTable(
      statuses.map(([status, n]) => [status, formatCount(n)]),
      { header: ['Status', 'Threads'], align: ['left', 'right'] },
    );
  }
  return out;
}
