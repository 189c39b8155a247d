/**
 * Signature checks fail closed: a caller's missing or non-numeric clock must never switch the replay
 * window off, an empty or missing secret must never match, and a hostile URL must be refused, not
 * thrown on (review of issue 16).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mailgun, metaSubscriptionChallenge, slack, telegram, twilioSignature, verifyBasicAuth, verifyMetaSignature, verifySecretPath, verifySender, verifyTwilioRequest } from '../../src/channels/index.js';

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

describe('an empty or missing secret refuses every request (docs handlers pass `process.env.X ?? ""`)', () => {
  const now = Date.UTC(2026, 10, 23, 9);
  const ts = String(Math.floor(now / 1000));
  const body = 'MessageSid=SM1&From=%2B14155551000&Body=forged';
  const url = 'https://desk.example/hooks/k9x2';
  // Each request is signed correctly with the secret '' (anyone can do that) — or carries '' as the token.
  const cases: [string, (secret: string | undefined) => { ok: boolean }][] = [
    ['twilio', (s) => verifyTwilioRequest({ url, headers: { 'X-Twilio-Signature': twilioSignature('', url, new Map([...new URLSearchParams(body)].map(([k, v]) => [k, [v]]))) }, body }, { authToken: s as string })],
    ['meta', (s) => verifyMetaSignature({ url, headers: { 'X-Hub-Signature-256': `sha256=${createHmac('sha256', '').update(body).digest('hex')}` }, body }, { appSecret: s as string })],
    ['slack', (s) => slack.verify({ url, headers: { 'X-Slack-Signature': `v0=${createHmac('sha256', '').update(`v0:${ts}:${body}`).digest('hex')}`, 'X-Slack-Request-Timestamp': ts }, body }, { signingSecret: s as string, now })],
    ['mailgun', (s) => mailgun.verify({ url, headers: {}, body: new URLSearchParams({ timestamp: ts, token: 't', signature: createHmac('sha256', '').update(`${ts}t`).digest('hex') }).toString() }, { signingKey: s as string, now })],
    ['telegram', (s) => telegram.verify({ url, headers: { 'X-Telegram-Bot-Api-Secret-Token': '' }, body: '{}' }, { secretToken: s as string })],
    ['basic auth', (s) => verifyBasicAuth({ url, headers: { Authorization: `Basic ${Buffer.from('postmark:').toString('base64')}` }, body }, { username: 'postmark', password: s as string })],
    ['secret path', (s) => verifySecretPath({ url: 'https://desk.example/', headers: {}, body }, { secret: s as string })],
    ['meta challenge', (s) => ({ ok: metaSubscriptionChallenge('https://desk.example/wa?hub.mode=subscribe&hub.verify_token=&hub.challenge=42', { verifyToken: s as string }) !== undefined })],
  ];
  it.each(cases)('%s: an empty secret is refused, not matched', (_, check) => {
    expect(check('').ok).toBe(false);
  });
  it.each(cases)('%s: a missing secret is refused, not thrown on', (_, check) => {
    expect(() => check(undefined)).not.toThrow();
    expect(check(undefined).ok).toBe(false);
  });
});
