/**
 * `multipart/form-data` (RFC 7578) over bytes, synchronous, keeping each part's raw bytes: SendGrid
 * sends text fields in the charset its `charsets` field names, so fields must be decoded after
 * parsing, which the Web-standard `Request.formData()` (UTF-8 only, and asynchronous) cannot do.
 */
export interface MultipartPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly data: Uint8Array;
}

/** The boundary of a `multipart/form-data` content type, or undefined for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^\s*multipart\/form-data\b/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let i = hay.indexOf(first!, from); i !== -1 && i <= hay.length - needle.length; i = hay.indexOf(first!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** A Content-Disposition parameter (`name="x"`), with RFC 5987 `name*=UTF-8''…` preferred. */
function param(headerValue: string, key: string): string | undefined {
  const ext = new RegExp(`;\\s*${key}\\*=([^']*)'[^']*'([^;]+)`, 'i').exec(headerValue);
  if (ext) {
    try {
      return decodeURIComponent(ext[2]!.trim());
    } catch {
      /* fall through to the plain parameter */
    }
  }
  const m = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]+))`, 'i').exec(headerValue);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!.trim();
}

/** Splits a multipart body into its parts; throws a plain Error on a body that is not one. */
export function parseMultipart(body: Uint8Array, boundary: string): MultipartPart[] {
  const enc = new TextEncoder();
  const delimiter = enc.encode(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let at = indexOf(body, delimiter, 0);
  if (at < 0) throw new Error('no multipart boundary in the body');
  for (;;) {
    let start = at + delimiter.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing `--boundary--`
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = indexOf(body, enc.encode(`\r\n--${boundary}`), start);
    if (next < 0) throw new Error('a multipart part has no closing boundary');
    const part = body.subarray(start, next);
    const split = indexOf(part, enc.encode('\r\n\r\n'), 0);
    const head = split < 0 ? '' : utf8.decode(part.subarray(0, split));
    const data = split < 0 ? new Uint8Array(0) : part.subarray(split + 4);
    const headers = new Map<string, string>();
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = param(disposition, 'name');
    if (name !== undefined) {
      const filename = param(disposition, 'filename');
      const contentType = headers.get('content-type');
      parts.push({ name, ...(filename === undefined ? {} : { filename }), ...(contentType === undefined ? {} : { contentType }), data });
    }
    at = next + 2;
  }
  return parts;
}

/** Decodes a text part in `charset` (a label TextDecoder knows), else UTF-8; Latin-1 never fails. */
export function decodeText(data: Uint8Array, charset: string | undefined): string {
  if (charset === undefined) return utf8.decode(data);
  try {
    return new TextDecoder(charset).decode(data);
  } catch {
    return charset.toLowerCase() === 'latin1' ? latin1.decode(data) : utf8.decode(data);
  }
}
