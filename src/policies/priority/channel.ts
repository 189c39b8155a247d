import { z } from 'zod';
import { CHANNELS, type Channel } from '../../events/primitives.js';
import type { Thread } from '../../threading/types.js';
import type { PriorityPolicy } from './types.js';
import { finite, parseOptions } from './options.js';

/** Default points per answer channel: the live channels first, email last. */
export const DEFAULT_CHANNEL_POINTS: Readonly<Record<Channel, number>> = Object.freeze({
  call: 40,
  chat: 30,
  sms: 20,
  whatsapp: 20,
  social: 10,
  email: 0,
});

/**
 * Options of `channelUrgencyPolicy`.
 *
 * @example
 * ```ts
 * import type { ChannelUrgencyOptions } from 'omnithread';
 * const options: ChannelUrgencyOptions = { points: { whatsapp: 30 }, callbackCountsAsCall: true };
 * ```
 */
export interface ChannelUrgencyOptions {
  /** Points per channel, merged over {@link DEFAULT_CHANNEL_POINTS}. */
  readonly points?: Partial<Record<Channel, number>>;
  /** Score a thread with a pending callback (missed call, voicemail) as a call. Default true. */
  readonly callbackCountsAsCall?: boolean;
}

const schema = z.strictObject({
  points: z
    .partialRecord(z.enum(CHANNELS), finite)
    .default({})
    .transform((p) => ({ ...DEFAULT_CHANNEL_POINTS, ...p })),
  callbackCountsAsCall: z.boolean().default(true),
});

/**
 * Channel urgency: a customer on a live channel (call, chat) is waiting right now; an email can wait.
 * Scores the thread's answer channel (`thread.channel`). Does not move with time.
 *
 * @example
 * ```ts
 * import { channelUrgencyPolicy } from 'omnithread';
 * const policy = channelUrgencyPolicy({ points: { whatsapp: 30 } });
 * policy.score(thread, { now }); // { score: 30, reasons: [{ factor: 'channel', points: 30, detail: 'answer on whatsapp' }] }
 * ```
 */
export function channelUrgencyPolicy(options?: ChannelUrgencyOptions): PriorityPolicy {
  const o = parseOptions('channelUrgencyPolicy', schema, options);
  const explain = (thread: Thread) => {
    if (o.callbackCountsAsCall && thread.needsCallback && thread.channel !== 'call') {
      return { points: o.points.call, detail: `callback pending (missed call or voicemail): as urgent as a call` };
    }
    const detail = thread.needsCallback ? 'callback pending on call' : `answer on ${thread.channel}`;
    return { points: o.points[thread.channel], detail };
  };
  return {
    name: 'channel',
    score(thread) {
      const { points, detail } = explain(thread);
      return { score: points, reasons: [{ factor: 'channel', points, detail }] };
    },
    orderingKey: (thread) => explain(thread).points,
  };
}
