/**
 * RFC 2047 encoded-word decoding exactly as Dovecot's message_header_decode_utf8 does it,
 * including its leniencies: whitespace between two encoded words is dropped, a word whose
 * charset is unknown is kept undecoded-but-unfolded, bad Q/B data is decoded as far as it goes.
 */
import { CodePointSink, appendText, appendUtf8 } from './unicode-fold.js';
import { toBytes } from './utf8.js';

const LATIN1_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'cp819', 'ibm819', 'iso-ir-100', 'iso_8859-1:1987', 'csisolatin1']);
const UTF8_LABELS = new Set(['us-ascii', 'ascii', 'utf-8', 'utf8']);
const CP1252_LABELS = new Set(['windows-1252', 'cp1252', 'x-cp1252']);
// 0x80–0x9F of windows-1252 (iconv's table; undefined bytes stay C1 controls). Node's
// TextDecoder decodes this label as Latin-1, so the table is spelled out.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Bytes as Latin-1 code points, in chunks (spreading a long array into one call overflows the stack). */
function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** Decodes bytes in a named charset, or `undefined` when the charset is unknown. */
function decodeCharset(charset: string, bytes: Uint8Array): string | undefined {
  const label = charset.toLowerCase();
  // iconv's ISO-8859-1 is true Latin-1; WHATWG's label maps it to windows-1252.
  if (LATIN1_LABELS.has(label)) return latin1(bytes);
  if (CP1252_LABELS.has(label)) {
    return Array.from(bytes, (b) => (b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? '') : String.fromCharCode(b))).join('');
  }
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return undefined;
  }
}

function isLwsp(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

function hexValue(b: number | undefined): number {
  if (b === undefined) return -1;
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

function decodeQ(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const b = src[i] ?? 0;
    if (b === 0x5f) out.push(0x20);
    else if (b === 0x3d) {
      if (i + 2 >= src.length) {
        out.push(...src.subarray(i));
        break;
      }
      const hi = hexValue(src[i + 1]);
      const lo = hexValue(src[i + 2]);
      if (hi < 0 || lo < 0) out.push(b);
      else {
        out.push(hi * 16 + lo);
        i += 2;
      }
    } else out.push(b);
  }
  return Uint8Array.from(out);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeB(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of src) {
    const v = B64.indexOf(String.fromCharCode(b));
    if (v < 0) break; // '=' padding or invalid data: keep what was decoded so far
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Parses "charset?E?text?=" after "=?"; returns consumed length or 0 when it is no encoded word. */
function decodeEncodedWord(data: Uint8Array, pos: number, sink: CodePointSink, fold: boolean): number {
  // The first three `?` after `=?` delimit charset, encoding and text. The encoding is checked
  // before looking further: a header of `=?` × n then costs O(1) per `=?`, not a scan each.
  const m0 = data.indexOf(0x3f, pos);
  if (m0 < 0) return 0;
  const encoding = data[m0 + 1];
  if (encoding !== 0x71 && encoding !== 0x51 && encoding !== 0x62 && encoding !== 0x42) return 0;
  const m1 = data.indexOf(0x3f, m0 + 1);
  const m2 = m1 < 0 ? -1 : data.indexOf(0x3f, m1 + 1);
  if (m2 < 0 || data[m2 + 1] !== 0x3d) return 0;
  const charset = latin1(data.subarray(pos, m0));
  const text = data.subarray(m1 + 1, m2);
  const decoded = encoding === 0x71 || encoding === 0x51 ? decodeQ(text) : decodeB(text);
  if (decoded.length > 0) appendSegment(decoded, charset, sink, fold);
  return m2 + 2 - pos;
}

function appendSegment(bytes: Uint8Array, charset: string | null, sink: CodePointSink, fold: boolean): void {
  if (charset === null || UTF8_LABELS.has(charset.toLowerCase())) {
    appendUtf8(bytes, sink, fold);
    return;
  }
  const text = decodeCharset(charset, bytes);
  if (text === undefined) appendUtf8(bytes, sink, false); // unknown charset: Dovecot skips the normalizer
  else appendText(text, sink, fold);
}

/**
 * Decodes a raw header value to text. With `fold`, the result is Dovecot's case-folded
 * comparison form (titlecase + compatibility decomposition).
 *
 * @example
 * ```ts
 * import { decodeHeaderValue } from 'omnithread';
 * decodeHeaderValue('=?utf-8?q?Caf=C3=A9?= =?utf-8?q?_au_lait?='); // 'Café au lait'
 * decodeHeaderValue('Café', true);                                 // 'CAFÉ'
 * ```
 */
export function decodeHeaderValue(raw: string, fold = false): string {
  const data = toBytes(raw);
  const sink = new CodePointSink();
  let start = 0;
  let pos = 0;
  while (pos + 1 < data.length) {
    if (data[pos] !== 0x3d || data[pos + 1] !== 0x3f) {
      pos++;
      continue;
    }
    if (pos !== start && !data.subarray(start, pos).every((b) => isLwsp(b))) {
      appendSegment(data.subarray(start, pos), null, sink, fold);
    }
    pos += 2;
    const used = decodeEncodedWord(data, pos, sink, fold);
    if (used === 0) {
      start = pos - 2;
      continue;
    }
    pos += used;
    start = pos;
  }
  if (start !== data.length) appendSegment(data.subarray(start), null, sink, fold);
  return sink.toString();
}
