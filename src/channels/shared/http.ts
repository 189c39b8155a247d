import type { WebhookRequest } from '../types.js';

const decoder = new TextDecoder('utf-8');

/** A header's value by case-insensitive name; the first when it came several times. */
export function header(request: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(request.headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const v = request.headers[key];
    return typeof v === 'string' ? v : v?.[0];
  }
  return undefined;
}

/** The body as UTF-8 text. */
export function bodyText(request: WebhookRequest): string {
  return typeof request.body === 'string' ? request.body : decoder.decode(request.body);
}

/** The body as bytes (a string body is taken as UTF-8). */
export function bodyBytes(request: WebhookRequest): Uint8Array {
  return typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
}

/** The request's query parameters (an unparseable URL has none). */
export function queryOf(url: string): URLSearchParams {
  try {
    return new URL(url).searchParams;
  } catch {
    return new URLSearchParams();
  }
}
