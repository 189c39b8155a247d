/**
 * Twilio Voice status and recording callbacks (Twilio's "Voice Webhooks" parameters): one call, many
 * callbacks, one call event; a completed recording is a voicemail.
 */
import { describe, expect, it } from 'vitest';
import { twilioVoice } from '../../src/channels/index.js';
import { TENANT, at, form, mapped, request } from './helpers.js';

const URL_STATUS = 'https://desk.example/twilio/voice/status';
const call = { AccountSid: 'AC0001', CallSid: 'CA7f3e', From: '+14158675310', To: '+18005550199', Direction: 'inbound', ApiVersion: '2010-04-01', CallbackSource: 'call-progress-events' };

describe('twilioVoice.toEvents', () => {
  it('tells a completed inbound call once, placed where it began, with its duration', async () => {
    const body = form({ ...call, CallStatus: 'completed', CallDuration: '95', Timestamp: 'Mon, 23 Nov 2026 09:11:35 +0000', SequenceNumber: '3' });
    const { events } = await mapped(twilioVoice, request(URL_STATUS, body), { tenantId: TENANT });
    expect(events).toEqual([{ id: 'CA7f3e', tenantId: TENANT, schemaVersion: 2, occurredAt: at('2026-11-23T09:10:00Z'), type: 'message.received', channel: 'call', endpoint: '+18005550199', from: { kind: 'phone', value: '+14158675310' }, call: { callSid: 'CA7f3e', direction: 'inbound', status: 'answered', durationSec: 95 } }]);
  });

  it('skips the progress callbacks of the same call (initiated, ringing, in-progress) with their reason', async () => {
    for (const [status, n] of [['initiated', '0'], ['ringing', '1'], ['in-progress', '2']] as const) {
      const body = form({ ...call, CallStatus: status, Timestamp: 'Mon, 23 Nov 2026 09:10:00 +0000', SequenceNumber: n });
      const r = await mapped(twilioVoice, request(URL_STATUS, body), { tenantId: TENANT });
      expect(r).toEqual({ events: [], skipped: [{ what: `CA7f3e: ${status}`, reason: 'a progress callback; the call is told by the callback that ends it' }] });
    }
  });

  it('maps no-answer to a missed call, and an outbound call to message.sent by the outbound author', async () => {
    const missed = await mapped(twilioVoice, request(URL_STATUS, form({ ...call, CallSid: 'CA0002', CallStatus: 'no-answer', CallDuration: '0', Timestamp: 'Mon, 23 Nov 2026 10:00:30 +0000' })), { tenantId: TENANT });
    expect(missed.events).toEqual([{ id: 'CA0002', tenantId: TENANT, schemaVersion: 2, occurredAt: at('2026-11-23T10:00:30Z'), type: 'message.received', channel: 'call', endpoint: '+18005550199', from: { kind: 'phone', value: '+14158675310' }, call: { callSid: 'CA0002', direction: 'inbound', status: 'missed' } }]);
    const outbound = form({ ...call, CallSid: 'CA0003', Direction: 'outbound-api', From: '+18005550199', To: '+4915112345678', CallStatus: 'completed', CallDuration: '30', Timestamp: 'Mon, 23 Nov 2026 11:00:30 +0000' });
    const noAuthor = await twilioVoice.toEvents(request(URL_STATUS, outbound), { tenantId: TENANT });
    expect(noAuthor.skipped).toEqual([{ what: 'CA0003', reason: 'an outbound call needs outboundAuthor (the agent or bot who called)' }]);
    const sent = await mapped(twilioVoice, request(URL_STATUS, outbound), { tenantId: TENANT, outboundAuthor: { type: 'agent', agentId: 'ana' } });
    expect(sent.events).toEqual([{ id: 'CA0003', tenantId: TENANT, schemaVersion: 2, occurredAt: at('2026-11-23T11:00:00Z'), type: 'message.sent', channel: 'call', endpoint: '+18005550199', to: { kind: 'phone', value: '+4915112345678' }, author: { type: 'agent', agentId: 'ana' }, call: { callSid: 'CA0003', direction: 'outbound', status: 'answered', durationSec: 30 } }]);
  });

  it('maps a completed recording callback to a voicemail, the caller from the signed callback URL', async () => {
    const body = form({ AccountSid: 'AC0001', CallSid: 'CA0004', RecordingSid: 'RE5d1c', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC0001/Recordings/RE5d1c', RecordingStatus: 'completed', RecordingDuration: '21', RecordingChannels: '1', RecordingStartTime: 'Mon, 23 Nov 2026 19:30:05 +0000', RecordingSource: 'RecordVerb' });
    const { events } = await mapped(twilioVoice, request('https://desk.example/twilio/recording?From=%2B14158675310', body), { tenantId: TENANT });
    expect(events).toEqual([{ id: 'RE5d1c', tenantId: TENANT, schemaVersion: 2, occurredAt: at('2026-11-23T19:30:05Z'), type: 'message.received', channel: 'call', from: { kind: 'phone', value: '+14158675310' }, call: { status: 'voicemail', direction: 'inbound', callSid: 'CA0004', durationSec: 21, recordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC0001/Recordings/RE5d1c' } }]);
    const noCaller = await twilioVoice.toEvents(request('https://desk.example/twilio/recording', body), { tenantId: TENANT });
    expect(noCaller.skipped).toEqual([{ what: 'RE5d1c', reason: 'a recording callback names no caller: pass caller, or ?From= in the callback URL' }]);
  });

  it('throws INVALID_PAYLOAD for a terminal callback without a Timestamp', async () => {
    await expect(twilioVoice.toEvents(request(URL_STATUS, form({ ...call, CallStatus: 'completed' })), { tenantId: TENANT })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', issues: [{ path: ['Timestamp'] }] });
  });
});
