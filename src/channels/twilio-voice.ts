/**
 * Twilio Voice callbacks: call status callbacks (`CallSid`, `CallStatus`, `Direction`, `From`, `To`,
 * `CallDuration`, `Timestamp`, `SequenceNumber`) and recording status callbacks (`RecordingSid`,
 * `RecordingUrl`, `RecordingStatus`, `RecordingDuration`, `RecordingStartTime`) — into the call events
 * the engine already understands (`message.received` / `message.sent` on channel `call`).
 *
 * One call sends many callbacks (initiated, ringing, in-progress, completed): the call is told once,
 * by the callback that ends it, under the `CallSid` as event id; progress callbacks are skipped with
 * their reason. A completed recording is a voicemail, under its own `RecordingSid`.
 */
import type { EventInput } from '../events/schemas.js';
import { verifyTwilioRequest, type TwilioVerifyOptions } from './twilio-signature.js';
import type { ChannelAdapter, ChannelEvents, ChannelOptions, Skipped } from './types.js';
import { envelope, outboundAuthorFor } from './shared/build.js';
import { payloadError } from './shared/errors.js';
import { type FormFields, field, parseForm } from './shared/form.js';
import { bodyText, queryOf } from './shared/http.js';
import { dateToMs } from './shared/time.js';

/**
 * Options of {@link twilioVoice}'s `toEvents`.
 *
 * @example
 * ```ts
 * import type { TwilioVoiceOptions } from 'omnithread/channels';
 * const options: TwilioVoiceOptions = { tenantId: 'acme', outboundAuthor: { type: 'agent', agentId: 'ana' } };
 * ```
 */
export interface TwilioVoiceOptions extends ChannelOptions {
  /**
   * The caller of a recording callback (Twilio sends no `From` with it). Default: the `From` query
   * parameter of the callback URL, which Twilio signs — set `recordingStatusCallback="…?From=%2B1…"`.
   */
  readonly caller?: string;
}

/** Call statuses that end a call, and how the engine sees them. */
const TERMINAL: Readonly<Record<string, 'answered' | 'missed'>> = {
  completed: 'answered',
  busy: 'missed',
  'no-answer': 'missed',
  failed: 'missed',
  canceled: 'missed',
};

function seconds(form: FormFields, name: string): number | undefined {
  const v = field(form, name);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

function required(form: FormFields, name: string): string {
  const v = field(form, name);
  if (v === undefined) throw payloadError('Twilio Voice', [{ path: [name], message: 'required' }]);
  return v;
}

function callStatus(form: FormFields, options: TwilioVoiceOptions, skipped: Skipped[]): EventInput[] {
  const sid = required(form, 'CallSid');
  const value = required(form, 'CallStatus');
  const outcome = TERMINAL[value];
  if (outcome === undefined) return void skipped.push({ what: `${sid}: ${value}`, reason: 'a progress callback; the call is told by the callback that ends it' }), [];
  const stamp = field(form, 'Timestamp');
  const endedAt = dateToMs(stamp);
  if (endedAt === undefined) throw payloadError('Twilio Voice', [{ path: ['Timestamp'], message: `expected an RFC 2822 date, got ${JSON.stringify(stamp)} (subscribe to status callback events to get it)` }]);
  const durationSec = outcome === 'answered' ? seconds(form, 'CallDuration') : undefined;
  // The call is placed where it began: the end stamp less its duration (both from Twilio).
  const at = Math.max(0, endedAt - (durationSec ?? 0) * 1000);
  const outbound = (field(form, 'Direction') ?? 'inbound').startsWith('outbound');
  const customer = { kind: 'phone' as const, value: required(form, outbound ? 'To' : 'From') };
  const endpoint = field(form, outbound ? 'From' : 'To');
  const call = {
    callSid: sid,
    direction: outbound ? ('outbound' as const) : ('inbound' as const),
    status: outcome,
    ...(durationSec === undefined ? {} : { durationSec }),
    ...(field(form, 'RecordingUrl') === undefined ? {} : { recordingUrl: field(form, 'RecordingUrl')! }),
  };
  const base = { ...envelope(options.tenantId, sid, at), channel: 'call' as const, ...(endpoint === undefined ? {} : { endpoint }), call };
  if (!outbound) return [{ ...base, type: 'message.received', from: customer }];
  const author = outboundAuthorFor(options.outboundAuthor, field(form, 'ParentCallSid'));
  if (author === undefined) return void skipped.push({ what: sid, reason: 'an outbound call needs outboundAuthor (the agent or bot who called)' }), [];
  return [{ ...base, type: 'message.sent', to: customer, author }];
}

function recording(url: string, form: FormFields, options: TwilioVoiceOptions, skipped: Skipped[]): EventInput[] {
  const sid = required(form, 'RecordingSid');
  const value = field(form, 'RecordingStatus') ?? 'completed';
  if (value !== 'completed') return void skipped.push({ what: `${sid}: ${value}`, reason: 'only a completed recording is a voicemail' }), [];
  const stamp = field(form, 'RecordingStartTime');
  const at = dateToMs(stamp);
  if (at === undefined) throw payloadError('Twilio Voice', [{ path: ['RecordingStartTime'], message: `expected an RFC 2822 date, got ${JSON.stringify(stamp)}` }]);
  const caller = options.caller ?? field(form, 'From') ?? queryOf(url).get('From') ?? undefined;
  if (caller === undefined || caller === '') return void skipped.push({ what: sid, reason: 'a recording callback names no caller: pass caller, or ?From= in the callback URL' }), [];
  const durationSec = seconds(form, 'RecordingDuration');
  return [{
    ...envelope(options.tenantId, sid, at),
    type: 'message.received',
    channel: 'call',
    from: { kind: 'phone', value: caller },
    call: {
      status: 'voicemail',
      direction: 'inbound',
      ...(field(form, 'CallSid') === undefined ? {} : { callSid: field(form, 'CallSid')! }),
      ...(durationSec === undefined ? {} : { durationSec }),
      recordingUrl: required(form, 'RecordingUrl'),
    },
  }];
}

/**
 * Twilio Voice: a call's terminal status callback becomes one call message (`answered` for
 * `completed`, else `missed`); a completed recording callback becomes a voicemail.
 *
 * @example
 * ```ts
 * import { twilioVoice } from 'omnithread/channels';
 * const { events, skipped } = await twilioVoice.toEvents(request, { tenantId: 'acme' });
 * ```
 */
export const twilioVoice: ChannelAdapter<TwilioVerifyOptions, TwilioVoiceOptions> = {
  name: 'twilio-voice',
  verify: verifyTwilioRequest,
  async toEvents(request, options): Promise<ChannelEvents> {
    const form = parseForm(bodyText(request));
    const skipped: Skipped[] = [];
    const events = field(form, 'RecordingSid') !== undefined && field(form, 'CallStatus') === undefined
      ? recording(request.url, form, options, skipped)
      : callStatus(form, options, skipped);
    return { events, skipped };
  },
};
