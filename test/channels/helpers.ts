import { expect } from 'vitest';
import type { ChannelAdapter, ChannelEvents, ChannelOptions, WebhookRequest } from '../../src/channels/index.js';
import { createEngine } from '../../src/engine/engine.js';
import { parseEvent } from '../../src/events/parse.js';

export const TENANT = 'acme';

export function request(url: string, body: string | Uint8Array, headers: Record<string, string> = {}): WebhookRequest {
  return { url, headers, body };
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/**
 * Runs an adapter twice on the same request (a redelivery) and checks what every adapter promises:
 * the same events both times, each one a valid canonical event, and an engine that takes the second
 * delivery as nothing but duplicates.
 */
export async function mapped<O extends ChannelOptions>(adapter: ChannelAdapter<never, O>, req: WebhookRequest, options: O): Promise<ChannelEvents> {
  const first = await adapter.toEvents(req, options);
  const again = await adapter.toEvents(req, options);
  expect(again).toEqual(first);
  for (const e of first.events) expect(() => parseEvent(e), JSON.stringify(e)).not.toThrow();
  const engine = createEngine();
  const once = await engine.ingest(first.events);
  expect(once.rejected.map((r) => r.error.message)).toEqual([]);
  const twice = await engine.ingest(again.events);
  expect(twice).toMatchObject({ accepted: 0, duplicates: first.events.length, rejected: [] });
  return first;
}

/** Epoch ms of an ISO instant, for readable expectations. */
export const at = (iso: string): number => Date.parse(iso);
