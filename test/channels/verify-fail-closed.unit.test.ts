/**
 * Signature checks fail closed: a caller's missing or non-numeric clock must never switch the replay
 * window off, and a hostile URL must be refused, not thrown on (review of issue 16).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mailgun, slack, verifySecretPath, verifySender } from '../../src/channels/index.js';

const STALE_TS = '1600000000'; // 2020-09-13: years outside any window

function staleSlackRequest() {
  const body = '{"type":"event_callback","event":{"type":"message","text":"hi"}}';
  const signature = `v0=${createHmac('sha256', 'slack-secret').update(`v0:${STALE_TS}:${body}`).digest('hex')}`;
  return { url: 'https://desk.example/slack', headers: { 'X-Slack-Signature': signature, 'X-Slack-Request-Timestamp': STALE_TS }, body };
}

function staleMailgunRequest() {
  const token = 'token-1';
  const signature = createHmac('sha256', 'mg-key').update(STALE_TS + token).digest('hex');
  return { url: 'https://desk.example/mg', headers: {}, body: new URLSearchParams({ timestamp: STALE_TS, token, signature, recipient: 'support@desk.example' }).toString() };
}

describe('replay windows fail closed', () => {
  it.each([['NaN', Number.NaN], ['undefined', undefined], ['a string', 'now']])('slack refuses a years-old signed request when now is %s', (_, now) => {
    expect(slack.verify(staleSlackRequest(), { signingSecret: 'slack-secret', now: now as number }).ok).toBe(false);
  });

  it('slack refuses a years-old signed request when toleranceSec is NaN', () => {
    expect(slack.verify(staleSlackRequest(), { signingSecret: 'slack-secret', now: Date.UTC(2026, 10, 23), toleranceSec: Number.NaN }).ok).toBe(false);
  });

  it.each([['NaN', Number.NaN], ['undefined', undefined]])('mailgun refuses a years-old signed request when now is %s', (_, now) => {
    expect(mailgun.verify(staleMailgunRequest(), { signingKey: 'mg-key', now: now as number }).ok).toBe(false);
  });

  it('mailgun refuses a years-old signed request when toleranceSec is NaN', () => {
    expect(mailgun.verify(staleMailgunRequest(), { signingKey: 'mg-key', now: Date.UTC(2026, 10, 23), toleranceSec: Number.NaN }).ok).toBe(false);
  });
});

describe('secret paths: a malformed percent-escape is refused, not thrown', () => {
  it.each(['https://desk.example/inbound/%E0%A4%A', 'https://desk.example/inbound/%ZZ'])('%s', (url) => {
    const request = { url, headers: {}, body: '' };
    expect(verifySecretPath(request, { secret: 'k9x2' })).toEqual({ ok: false, reason: expect.any(String) });
    expect(verifySender(request, { secretPath: 'k9x2' }).ok).toBe(false);
  });
});
