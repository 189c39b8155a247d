/**
 * Twilio's `X-Twilio-Signature`, exactly as Twilio defines it: an HMAC (SHA-1 with the Auth Token, or
 * SHA-256 when `X-Twilio-Webhooks-Signature-Settings` names `algorithm=HMAC_SHA256`) over the full URL
 * followed by every POST parameter, sorted by name, name and value concatenated; base64. JSON bodies
 * are signed through the URL: Twilio adds `bodySHA256=<hex SHA-256 of the body>` to the query and
 * signs the URL with no parameters.
 *
 * Twilio may sign the URL with or without the default port, or in its normalised form: every form
 * the `twilio` SDK's `validateRequest` accepts is accepted here, and no other (the test suite checks
 * the two agree on generated requests).
 */
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';
import type { VerifyResult, WebhookRequest } from './types.js';
import { hmac, noSecret, safeEqual, sha256Hex } from './shared/crypto.js';
import { type FormFields, parseForm } from './shared/form.js';
import { bodyText, header } from './shared/http.js';

/** Splits a URL without normalising it, so the path and query keep the characters Twilio signed. */
function splitUrl(url: string) {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!m) return undefined;
  const [prefix, scheme, authority] = m as unknown as [string, string, string];
  const userEnd = authority.lastIndexOf('@');
  const hostPort = authority.slice(userEnd + 1);
  const portStart = hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1);
  return {
    scheme,
    user: authority.slice(0, userEnd + 1),
    host: portStart === -1 ? hostPort : hostPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}

function withPort(url: string): string {
  const p = splitUrl(url);
  if (!p || p.port) return url;
  return `${p.scheme}${p.user}${p.host}${p.scheme.toLowerCase() === 'https://' ? ':443' : ':80'}${p.rest}`;
}

function withoutPort(url: string): string {
  const p = splitUrl(url);
  return p ? `${p.scheme}${p.user}${p.host}${p.rest}` : url;
}

/** The query re-encoded as Node's legacy `querystring` would (some back ends signed that form). */
function legacyQuery(url: string): string {
  const q = url.indexOf('?');
  if (q === -1 || q === url.length - 1) return url;
  return `${url.slice(0, q)}?${stringifyQuery(parseQuery(url.slice(q + 1)))}`;
}

/**
 * The signature Twilio computes for `url` and `params`.
 *
 * @example
 * ```ts
 * import { twilioSignature } from 'omnithread/channels';
 * const sig = twilioSignature(process.env.TWILIO_AUTH_TOKEN!, 'https://desk.example/twilio/sms', new Map([['Body', ['Hi']]]));
 * ```
 */
export function twilioSignature(authToken: string, url: string, params: FormFields, algorithm: 'sha1' | 'sha256' = 'sha1'): string {
  let data = url;
  for (const name of [...params.keys()].sort()) {
    // Repeated parameters: each distinct value once, sorted (what Twilio's libraries sign).
    for (const value of [...new Set(params.get(name))].sort()) data += name + value;
  }
  return hmac(algorithm, authToken, Buffer.from(data, 'utf8'), 'base64');
}

function algorithmOf(request: WebhookRequest): 'sha1' | 'sha256' | undefined {
  const settings = header(request, 'x-twilio-webhooks-signature-settings') ?? '';
  for (const part of settings.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== 'algorithm') continue;
    const name = part.slice(eq + 1).trim().toUpperCase();
    if (name === '') continue;
    return name === 'HMAC_SHA1' ? 'sha1' : name === 'HMAC_SHA256' ? 'sha256' : undefined;
  }
  return 'sha1';
}

/** The URL forms Twilio may have signed, in the order the `twilio` SDK tries them. */
function candidateUrls(url: string): string[] {
  const out = [withoutPort(url), withPort(url)];
  try {
    const normalised = new URL(url).toString();
    out.push(withoutPort(normalised), withPort(normalised), legacyQuery(withoutPort(normalised)), legacyQuery(withPort(normalised)));
  } catch {
    /* not a URL `new URL` can read: only the forms as received */
  }
  return out;
}

/**
 * The options of Twilio's `verify`.
 *
 * @example
 * ```ts
 * import type { TwilioVerifyOptions } from 'omnithread/channels';
 * const options: TwilioVerifyOptions = { authToken: process.env.TWILIO_AUTH_TOKEN! };
 * ```
 */
export interface TwilioVerifyOptions {
  /** The account's Auth Token, or the SharedKey secret for HMAC_SHA256 webhooks. */
  readonly authToken: string;
}

/**
 * Verifies a Twilio webhook (messaging or voice; form or JSON body).
 *
 * @example
 * ```ts
 * import { verifyTwilioRequest } from 'omnithread/channels';
 * import type { WebhookRequest } from 'omnithread/channels';
 * export function onTwilio(request: WebhookRequest): { status: number; body?: string } {
 *   const check = verifyTwilioRequest(request, { authToken: process.env.TWILIO_AUTH_TOKEN! });
 *   if (!check.ok) return { status: 403, body: check.reason };
 *   return { status: 200 };
 * }
 * ```
 */
export function verifyTwilioRequest(request: WebhookRequest, options: TwilioVerifyOptions): VerifyResult {
  const refused = noSecret(options?.authToken, 'authToken');
  if (refused) return refused;
  const signature = header(request, 'x-twilio-signature');
  if (signature === undefined) return { ok: false, reason: 'no X-Twilio-Signature header' };
  const algorithm = algorithmOf(request);
  if (algorithm === undefined) return { ok: false, reason: 'unsupported signature algorithm in X-Twilio-Webhooks-Signature-Settings' };
  let bodyHash: string | null = null;
  try {
    bodyHash = new URL(request.url).searchParams.get('bodySHA256');
  } catch {
    /* the URL is checked by the signature below */
  }
  const params: FormFields = bodyHash === null ? parseForm(bodyText(request)) : new Map();
  const signed = candidateUrls(request.url).some((url) => safeEqual(signature, twilioSignature(options.authToken, url, params, algorithm)));
  if (!signed) return { ok: false, reason: 'signature mismatch' };
  if (bodyHash !== null && !safeEqual(bodyHash, sha256Hex(typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body))) {
    return { ok: false, reason: 'body does not match bodySHA256' };
  }
  return { ok: true };
}
