/**
 * Byte-level text helpers. Dovecot works on raw header bytes; omnithread works on JS strings.
 * To stay lossless, bytes that are not valid UTF-8 are carried inside strings as lone low
 * surrogates U+DC80–U+DCFF ("surrogateescape"), and turned back into the same bytes here.
 */

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const ESCAPED_BYTE = /[\uDC80-\uDCFF]/;

/** UTF-8 bytes of a string, with U+DC80–U+DCFF turned back into the raw bytes they stand for. */
export function toBytes(text: string): Uint8Array {
  if (!ESCAPED_BYTE.test(text)) return encoder.encode(text);
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc80 && unit <= 0xdcff) {
      out.push(unit - 0xdc00);
      continue;
    }
    const cp = text.codePointAt(i) ?? unit;
    if (cp > 0xffff) i++;
    pushUtf8(out, cp);
  }
  return Uint8Array.from(out);
}

function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else {
    out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
}

/** Length in bytes Dovecot expects for a UTF-8 sequence starting with `lead` (uni_utf8_char_bytes). */
function sequenceLength(lead: number): number {
  if (lead < 0xc0) return 1;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  if (lead < 0xf8) return 4;
  if (lead < 0xfc) return 5;
  if (lead < 0xfe) return 6;
  return 1;
}

const LOWEST_VALID = [0, 0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000];
const LEAD_MASK = [0, 0, 0x1f, 0x0f, 0x07, 0x03, 0x01];

/**
 * One character the way Dovecot's uni_utf8_get_char_n reads it: `[codePoint, length]`, or
 * `undefined` when the bytes at `pos` are not a (complete) valid sequence.
 */
export function readUtf8(bytes: Uint8Array, pos: number, end: number): [number, number] | undefined {
  const lead = bytes[pos] ?? 0;
  if (lead < 0x80) return [lead, 1];
  const len = sequenceLength(lead);
  if (len === 1 || pos + len > end) return undefined;
  let cp = lead & (LEAD_MASK[len] ?? 0);
  for (let i = 1; i < len; i++) {
    const b = bytes[pos + i] ?? 0;
    if ((b & 0xc0) !== 0x80) return undefined;
    cp = cp * 64 + (b & 0x3f);
  }
  if (cp < (LOWEST_VALID[len] ?? 0)) return undefined;
  return [cp, len];
}

/**
 * Decodes bytes into a string losslessly: valid UTF-8 (1–4 bytes, no surrogates) becomes text,
 * every other byte becomes U+DC00+byte so toBytes() gives the same bytes back.
 */
export function fromBytes(bytes: Uint8Array, start = 0, end = bytes.length): string {
  try {
    return strictDecoder.decode(bytes.subarray(start, end));
  } catch {
    // not valid UTF-8: escape the bad bytes one by one below
  }
  let out = '';
  for (let i = start; i < end; ) {
    const ch = readUtf8(bytes, i, end);
    const ok = ch !== undefined && ch[1] <= 4 && ch[0] <= 0x10ffff && (ch[0] < 0xd800 || ch[0] > 0xdfff);
    if (ok) {
      out += String.fromCodePoint(ch[0]);
      i += ch[1];
    } else {
      out += String.fromCharCode(0xdc00 + (bytes[i] ?? 0));
      i++;
    }
  }
  return out;
}

/** Compares two strings by Unicode code point, which is the byte order of their UTF-8 forms. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order differs from code point order only between surrogates and U+E000–U+FFFF
    if (x >= 0xd800 && y >= 0xd800) {
      const xSurrogate = x <= 0xdfff;
      if (xSurrogate !== y <= 0xdfff) return xSurrogate ? 1 : -1;
    }
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
