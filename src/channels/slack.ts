/**
 * Slack Events API: `url_verification` (the endpoint check: answer its `challenge`) and
 * `event_callback` wrapping a `message` event — new messages (with `files`, `thread_ts`), and the
 * `message_changed` and `message_deleted` subtypes. Signed with the app's signing secret:
 * `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:{X-Slack-Request-Timestamp}:{raw body}">`, and a
 * request older than five minutes is refused.
 *
 * A Slack message is named by its channel and `ts`; a thread by its root's `ts`, which becomes the
 * chat session, so replies in a Slack thread stay in one omnithread thread.
 */
import { z } from 'zod';
import type { IdentityRef } from '../events/primitives.js';
import type { EventInput } from '../events/schemas.js';
import type { ChannelAdapter, ChannelEvents, ChannelOptions, Skipped, VerifyResult, WebhookRequest } from './types.js';
import { compact, envelope } from './shared/build.js';
import { hmac, noSecret, safeEqual } from './shared/crypto.js';
import { parseJson, payloadError, zodIssues } from './shared/errors.js';
import { bodyText, header } from './shared/http.js';
import { withinWindow } from './shared/time.js';

/**
 * Options of {@link slack}'s `verify`.
 *
 * @example
 * ```ts
 * import type { SlackVerifyOptions } from 'omnithread/channels';
 * const options: SlackVerifyOptions = { signingSecret: process.env.SLACK_SIGNING_SECRET!, now: Date.now() };
 * ```
 */
export interface SlackVerifyOptions {
  readonly signingSecret: string;
  /** The time now, epoch ms (the adapter has no clock). */
  readonly now: number;
  /** How old a request may be, in seconds. Slack's advice, and the default: 300. */
  readonly toleranceSec?: number;
}

/**
 * Verifies a Slack request's `v0` signature and its age.
 *
 * @example
 * ```ts
 * import { verifySlackRequest } from 'omnithread/channels';
 * const check = verifySlackRequest(request, { signingSecret: process.env.SLACK_SIGNING_SECRET!, now: Date.now() });
 * ```
 */
export function verifySlackRequest(request: WebhookRequest, options: SlackVerifyOptions): VerifyResult {
  const refused = noSecret(options?.signingSecret, 'signingSecret');
  if (refused) return refused;
  const signature = header(request, 'x-slack-signature');
  const timestamp = header(request, 'x-slack-request-timestamp');
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: 'X-Slack-Signature or X-Slack-Request-Timestamp missing' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp is not a number' };
  if (!withinWindow(options.now, Number(timestamp) * 1000, options.toleranceSec ?? 300)) return { ok: false, reason: 'timestamp outside the tolerance window (or no finite now)' };
  const base = Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body]);
  const expected = `v0=${hmac('sha256', options.signingSecret, base, 'hex')}`;
  return safeEqual(signature, expected) ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

const file = z.object({ id: z.string(), name: z.string().optional(), mimetype: z.string().optional(), size: z.number().int().min(0).optional(), url_private: z.string().optional() });
const inner = z.object({
  type: z.string().optional(),
  subtype: z.string().optional(),
  channel: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  team: z.string().optional(),
  files: z.array(file).optional(),
  user_profile: z.object({ real_name: z.string().optional(), display_name: z.string().optional() }).optional(),
  edited: z.object({ ts: z.string().optional() }).optional(),
});
const event = inner.extend({
  type: z.string(),
  event_ts: z.string().optional(),
  deleted_ts: z.string().optional(),
  message: inner.optional(),
  previous_message: inner.optional(),
});
const payload = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string() }),
  z.object({ type: z.literal('event_callback'), team_id: z.string(), event_id: z.string().optional(), event: event }),
  z.object({ type: z.literal('app_rate_limited') }),
]);

/** Slack's `ts` ("1358878749.000002": seconds and micro-seconds) to epoch ms, exactly. */
function tsToMs(ts: string | undefined, what: string): number {
  const m = ts === undefined ? null : /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts);
  if (!m) throw payloadError('Slack', [{ path: ['event', what], message: `expected a Slack ts, got ${JSON.stringify(ts)}` }]);
  return Number(m[1]) * 1000 + Math.floor(Number((m[2] ?? '').padEnd(6, '0')) / 1000);
}

/**
 * The event id of the message at (`channel`, `ts`): name your own Slack replies the same way.
 *
 * @example
 * ```ts
 * import { slackMessageId } from 'omnithread/channels';
 * slackMessageId('T123ABC456', 'C123ABC456', '1355517523.000005'); // 'slack:T123ABC456:C123ABC456:1355517523.000005'
 * ```
 */
export function slackMessageId(teamId: string, channel: string, ts: string): string {
  return `slack:${teamId}:${channel}:${ts}`;
}

function messageEvents(teamId: string, e: z.infer<typeof event>, options: ChannelOptions, skipped: Skipped[]): EventInput[] {
  const channel = e.channel;
  if (channel === undefined) throw payloadError('Slack', [{ path: ['event', 'channel'], message: 'required' }]);
  const person = (user: string): IdentityRef => ({ kind: 'social', platform: 'slack', id: user, scope: teamId });
  const t = options.tenantId;
  switch (e.subtype) {
    case undefined:
    case 'file_share':
    case 'thread_broadcast': {
      const ts = e.ts;
      if (e.user === undefined || e.bot_id !== undefined) return void skipped.push({ what: `${channel} ${ts}`, reason: 'a bot or app message, not a customer\'s' }), [];
      const at = tsToMs(ts, 'ts');
      const attachments = (e.files ?? []).slice(0, 100).map((f) => compact({ name: f.name ?? f.id, contentType: f.mimetype ?? 'application/octet-stream', size: f.size, url: f.url_private }));
      const from = person(e.user);
      const out: EventInput[] = [{
        ...envelope(t, slackMessageId(teamId, channel, ts!), at),
        type: 'message.received',
        channel: 'chat',
        from,
        endpoint: channel,
        chat: { sessionId: `slack:${teamId}:${channel}:${e.thread_ts ?? ts!}` },
        content: compact({ text: e.text || undefined, attachments: attachments.length ? attachments : undefined }),
      }];
      const name = e.user_profile?.display_name || e.user_profile?.real_name;
      if (name) out.push({ ...envelope(t, `${slackMessageId(teamId, channel, ts!)}:profile`, at), type: 'customer.attributes_set', customer: from, name: name.slice(0, 256) });
      return out;
    }
    case 'message_changed': {
      const m = e.message;
      if (m?.ts === undefined || m.user === undefined) return void skipped.push({ what: `${channel} change`, reason: 'the changed message names no ts or user' }), [];
      const editTs = m.edited?.ts ?? e.event_ts ?? e.ts;
      if (m.text === e.previous_message?.text) return void skipped.push({ what: `${channel} ${m.ts}`, reason: 'a change without new text (an unfurl, a reaction count)' }), [];
      return [{
        ...envelope(t, `${slackMessageId(teamId, channel, m.ts)}:edit:${editTs}`, tsToMs(editTs, 'edited.ts')),
        type: 'message.edited',
        messageId: slackMessageId(teamId, channel, m.ts),
        customer: person(m.user),
        channel: 'chat',
        content: compact({ text: m.text }),
        by: { type: 'customer' },
      }];
    }
    case 'message_deleted': {
      const user = e.previous_message?.user;
      if (e.deleted_ts === undefined || user === undefined) return void skipped.push({ what: `${channel} deletion`, reason: 'the deletion names no deleted_ts or previous_message.user' }), [];
      return [{
        ...envelope(t, `${slackMessageId(teamId, channel, e.deleted_ts)}:deleted`, tsToMs(e.event_ts ?? e.ts, 'event_ts')),
        type: 'message.deleted',
        messageId: slackMessageId(teamId, channel, e.deleted_ts),
        customer: person(user),
        channel: 'chat',
      }];
    }
    default:
      skipped.push({ what: `${channel} ${e.ts ?? ''}`, reason: `message subtype ${e.subtype} is not mapped` });
      return [];
  }
}

/**
 * Slack: workspace users' messages become `message.received` on channel `chat` (identity `social`
 * `slack`, scoped by team), edits `message.edited`, deletions `message.deleted`.
 *
 * @example
 * ```ts
 * import { slack } from 'omnithread/channels';
 * import type { WebhookRequest } from 'omnithread/channels';
 * export async function onSlack(request: WebhookRequest): Promise<{ status: number; body?: string }> {
 *   const { events, challenge } = await slack.toEvents(request, { tenantId: 'acme' });
 *   if (challenge !== undefined) return { status: 200, body: challenge };
 *   await engine.ingest(events);
 *   return { status: 200 };
 * }
 * ```
 */
export const slack: ChannelAdapter<SlackVerifyOptions, ChannelOptions> = {
  name: 'slack',
  verify: verifySlackRequest,
  async toEvents(request, options): Promise<ChannelEvents> {
    const parsed = payload.safeParse(parseJson('Slack', bodyText(request)));
    if (!parsed.success) throw payloadError('Slack', zodIssues(parsed.error));
    const p = parsed.data;
    if (p.type === 'url_verification') return { events: [], skipped: [], challenge: p.challenge };
    if (p.type === 'app_rate_limited') return { events: [], skipped: [{ what: 'app_rate_limited', reason: 'Slack reports the app was rate limited' }] };
    const skipped: Skipped[] = [];
    if (p.event.type !== 'message') return { events: [], skipped: [{ what: p.event_id ?? p.event.type, reason: `event type ${p.event.type} is not mapped` }] };
    return { events: messageEvents(p.team_id, p.event, options, skipped), skipped };
  },
};
