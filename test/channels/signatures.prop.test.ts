/**
 * Signature checks against the vendors' own SDKs where one ships a verifier (`twilio`'s
 * `validateRequest` / `validateRequestWithBody`, `@slack/events-api`'s `verifyRequestSignature`), and
 * against the vendor's written definition elsewhere (Meta, Mailgun, Telegram) — on generated
 * requests, valid and tampered. A tampered body, URL or timestamp is always refused.
 */
import { createHash, createHmac } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { verifyRequestSignature } from '@slack/events-api';
import twilio from 'twilio';
import { describe, expect } from 'vitest';
import { mailgun, slack, telegram, twilioMessaging, whatsappCloud } from '../../src/channels/index.js';

const RUNS = 1000;
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const token = fc.string({ unit: fc.constantFrom(...'abcdef0123456789ABCDEFXYZ_-'), minLength: 8, maxLength: 40 });
const segment = fc.string({ unit: fc.constantFrom(...'abcxyz019-_.~'), minLength: 1, maxLength: 12 });
const url = fc.record({
  scheme: fc.constantFrom('https', 'http'),
  host: fc.constantFrom('desk.example', 'hooks.acme.example', 'abc123.ngrok.io'),
  port: fc.constantFrom('', ':443', ':8443', ':80'),
  path: fc.array(segment, { minLength: 1, maxLength: 3 }),
  query: fc.array(fc.tuple(segment, fc.string({ unit: fc.constantFrom(...'ab12 +/%é'), maxLength: 8 })), { maxLength: 3 }),
}).map(({ scheme, host, port, path, query }) => {
  const q = query.length === 0 ? '' : `?${new URLSearchParams(query).toString()}`;
  return `${scheme}://${host}${port}/${path.join('/')}${q}`;
});
const params = fc.array(fc.tuple(fc.constantFrom('Body', 'From', 'To', 'MessageSid', 'NumMedia', 'MediaUrl0', 'ProfileName', 'Zed', 'a'), text), { maxLength: 8 });
const tamper = fc.constantFrom('none', 'body', 'url', 'signature');

/** Twilio's form params as its SDK takes them: repeated names become arrays. */
function sdkParams(pairs: readonly (readonly [string, string])[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** One character changed (to a digit, so no case-insensitive comparison could undo it). */
function flip(s: string): string {
  const i = s.length >> 1;
  const c = s[i] === '0' ? '1' : '0';
  return s.slice(0, i) + c + s.slice(i + 1);
}

describe('Twilio X-Twilio-Signature agrees with the twilio SDK', () => {
  test.prop([token, url, params, tamper, fc.boolean()], { numRuns: RUNS })('form bodies (HMAC-SHA1 and HMAC-SHA256)', (authToken, u, pairs, how, sha256) => {
    const algorithm = sha256 ? 'HMAC_SHA256' : 'HMAC_SHA1';
    const signature = twilio.getExpectedTwilioSignature(authToken, u, sdkParams(pairs), algorithm);
    let body = new URLSearchParams(pairs as [string, string][]).toString();
    let sentUrl = u;
    let sentSig = signature;
    if (how === 'body') body += `${body ? '&' : ''}Injected=1`;
    if (how === 'url') sentUrl = u.replace(/\/([^/?]*)(\?|$)/, '/$1x$2');
    if (how === 'signature') sentSig = flip(signature);
    const headers = { 'X-Twilio-Signature': sentSig, ...(sha256 ? { 'X-Twilio-Webhooks-Signature-Settings': `key=webhooks_sharedkey_1,algorithm=${algorithm}` } : {}) };
    const mine = twilioMessaging.verify({ url: sentUrl, headers, body }, { authToken }).ok;
    const sdk = twilio.validateRequest(authToken, sentSig, sentUrl, sdkParams([...new URLSearchParams(body)]), algorithm);
    expect(mine).toBe(sdk);
    expect(mine).toBe(how === 'none');
  });

  test.prop([token, url, fc.json(), fc.constantFrom('none', 'body', 'url', 'signature')], { numRuns: RUNS })('JSON bodies signed through bodySHA256', (authToken, u, json, how) => {
    const hash = createHash('sha256').update(json, 'utf8').digest('hex');
    const signedUrl = `${u}${u.includes('?') ? '&' : '?'}bodySHA256=${hash}`;
    const signature = twilio.getExpectedTwilioSignature(authToken, signedUrl, {});
    const body = how === 'body' ? `${json} ` : json;
    const sentUrl = how === 'url' ? signedUrl.replace('://', '://x') : signedUrl;
    const sentSig = how === 'signature' ? flip(signature) : signature;
    const mine = twilioMessaging.verify({ url: sentUrl, headers: { 'x-twilio-signature': sentSig }, body }, { authToken }).ok;
    expect(mine).toBe(twilio.validateRequestWithBody(authToken, sentSig, sentUrl, body));
    expect(mine).toBe(how === 'none');
  });
});

describe('Slack v0 signatures agree with @slack/events-api', () => {
  test.prop([token, text, fc.integer({ min: 0, max: 290 }), fc.constantFrom('none', 'body', 'timestamp', 'signature', 'stale')], { numRuns: RUNS })('valid, tampered and stale requests', (signingSecret, body, ageSec, how) => {
    const now = Date.now();
    const ts = Math.floor(now / 1000) - (how === 'stale' ? 301 + ageSec : ageSec);
    const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const sentBody = how === 'body' ? `${body}!` : body;
    const sentTs = how === 'timestamp' ? ts - 1 : ts;
    const sentSig = how === 'signature' ? flip(signature) : signature;
    const mine = slack.verify({ url: 'https://desk.example/slack', headers: { 'X-Slack-Signature': sentSig, 'X-Slack-Request-Timestamp': String(sentTs) }, body: sentBody }, { signingSecret, now }).ok;
    let sdk: boolean;
    try {
      sdk = verifyRequestSignature({ signingSecret, requestSignature: sentSig, requestTimestamp: sentTs, body: sentBody });
    } catch {
      sdk = false;
    }
    expect(mine).toBe(sdk);
    expect(mine).toBe(how === 'none');
  });
});

describe('vendors without an SDK verifier: the written definition, valid and tampered', () => {
  test.prop([token, fc.json(), fc.constantFrom('none', 'body', 'signature', 'prefix')], { numRuns: RUNS })('Meta X-Hub-Signature-256 over the raw body', (appSecret, body, how) => {
    const sig = `sha256=${createHmac('sha256', appSecret).update(body, 'utf8').digest('hex')}`;
    const sent = how === 'signature' ? flip(sig) : how === 'prefix' ? sig.replace('sha256=', 'sha1=') : sig;
    const r = whatsappCloud.verify({ url: 'https://desk.example/wa', headers: { 'X-Hub-Signature-256': sent }, body: how === 'body' ? `${body}\n` : body }, { appSecret });
    expect(r.ok).toBe(how === 'none');
  });

  test.prop([token, token, fc.integer({ min: 0, max: 299 }), fc.constantFrom('none', 'token', 'timestamp', 'signature', 'stale', 'replay')], { numRuns: RUNS })('Mailgun timestamp + token HMAC, the window and token reuse', (signingKey, tk, ageSec, how) => {
    const now = 1_795_424_400_000;
    const ts = String(now / 1000 - (how === 'stale' ? 301 + ageSec : ageSec));
    const signature = createHmac('sha256', signingKey).update(ts + tk).digest('hex');
    const fields = { timestamp: how === 'timestamp' ? String(Number(ts) - 1) : ts, token: how === 'token' ? `${tk}x` : tk, signature: how === 'signature' ? flip(signature) : signature, 'body-plain': 'x' };
    const r = mailgun.verify({ url: 'https://desk.example/mg', headers: {}, body: new URLSearchParams(fields).toString() }, { signingKey, now, seenToken: () => how === 'replay' });
    expect(r.ok).toBe(how === 'none');
  });

  test.prop([token, fc.constantFrom('none', 'changed', 'missing')], { numRuns: RUNS })('Telegram secret token header', (secretToken, how) => {
    const headers: Record<string, string> = how === 'missing' ? {} : { 'X-Telegram-Bot-Api-Secret-Token': how === 'changed' ? flip(secretToken) : secretToken };
    expect(telegram.verify({ url: 'https://desk.example/tg', headers, body: '{}' }, { secretToken }).ok).toBe(how === 'none');
  });
});
