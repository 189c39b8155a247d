/**
 * The mbox scanner behind parseMbox. It works on the raw bytes (or on a string, the same way, since
 * every byte it looks at is ASCII): From_ separators by indexOf, header lines by their `\n`, and
 * it decodes only the From_ line and the five headers threading reads. Bodies are never decoded,
 * and the full header list is decoded only when asked for. It gives exactly the answers of the
 * reader it replaced, which decoded the whole file to one string first (kept in
 * test/threading/rfc5256/string-reader/ as the oracle of mbox-reader.prop.test.ts).
 *
 * Every scan is linear: each line is looked at once, and the colon search never rescans.
 */
import { parseFromLine } from './from-line.js';
import { fromBytes } from './utf8.js';

const NL = 10;
const CR = 13;
const SP = 32;
const TAB = 9;
const COLON = 58;

/** What the scanner needs of its input: ASCII code units by index, and decoding of a range. */
interface Source {
  readonly length: number;
  at(i: number): number;
  /** Index of the next `\n` at or after `from`, or -1. */
  newline(from: number): number;
  /** Index of the next `:` at or after `from`, or -1. */
  colon(from: number): number;
  /** Index of the next `\nFrom ` at or after `from`, or -1. */
  nextFromLine(from: number): number;
  decode(start: number, end: number): string;
  /** parseFromLine for the line starting at `lineStart` (which begins with `From `). */
  fromLine(lineStart: number): [string, number] | undefined;
}

/** `From ` as bytes. */
const FROM = [0x46, 0x72, 0x6f, 0x6d, 0x20];

/**
 * Node's Buffer, when there is one: its latin1Slice decodes ASCII ranges ~3× faster than TextDecoder,
 * and its indexOf finds `\nFrom ` ~5× faster than a newline-by-newline search.
 */
type Latin1View = { latin1Slice(start: number, end: number): string; indexOf(value: string | number, from: number): number };
const NodeBuffer = (globalThis as unknown as { Buffer?: { from(b: ArrayBufferLike, offset: number, length: number): Latin1View } }).Buffer;

/** Decodes [start, end) losslessly (see utf8.ts); ASCII ranges, most header values, take the fast path. */
function decodeBytes(bytes: Uint8Array, view: Latin1View | undefined, start: number, end: number): string {
  if (view === undefined) return fromBytes(bytes, start, end);
  for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) return fromBytes(bytes, start, end);
  return view.latin1Slice(start, end);
}

class ByteSource implements Source {
  readonly length: number;
  private colonAt = -2;
  private readonly bytes: Uint8Array;
  private readonly view: Latin1View | undefined;
  constructor(input: Uint8Array) {
    // A plain view (not a Buffer): its subarray() for TextDecoder is much cheaper than Buffer's.
    this.bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    this.view = NodeBuffer?.from(input.buffer, input.byteOffset, input.byteLength);
    this.length = input.length;
  }
  at(i: number): number {
    return this.bytes[i] as number;
  }
  newline(from: number): number {
    return (this.view ?? this.bytes).indexOf(NL, from);
  }
  colon(from: number): number {
    // The scan is forward-only, so a colon found far ahead is reused until passed: linear overall.
    if (this.colonAt !== -1 && this.colonAt < from) this.colonAt = (this.view ?? this.bytes).indexOf(COLON, from);
    return this.colonAt;
  }
  nextFromLine(from: number): number {
    if (this.view !== undefined) return this.view.indexOf('\nFrom ', from);
    const b = this.bytes;
    for (let nl = b.indexOf(NL, from); nl >= 0; nl = b.indexOf(NL, nl + 1)) {
      if (b[nl + 1] === FROM[0] && b[nl + 2] === FROM[1] && b[nl + 3] === FROM[2] && b[nl + 4] === FROM[3] && b[nl + 5] === FROM[4]) return nl;
    }
    return -1;
  }
  decode(start: number, end: number): string {
    return decodeBytes(this.bytes, this.view, start, end);
  }
  fromLine(lineStart: number): [string, number] | undefined {
    // parseFromLine may read past the line's end: its unchecked skips (the weekday, the character
    // after an alternative-form year) can step over a few newlines, within 5 characters (≤ 15 bytes)
    // of the sender's end, and it compares positions with the text's length. A window reaching
    // 64 bytes past the end of the line holding byte firstNewline + 16 covers all it can read, so
    // the answer is the one the whole decoded text gives. (ASCII bytes always decode alone, so the
    // window's characters are exactly the text's.)
    const b = this.bytes;
    const firstNewline = b.indexOf(NL, lineStart);
    let end = b.length;
    if (firstNewline >= 0) {
      const far = b.indexOf(NL, firstNewline + 16);
      if (far >= 0) end = Math.min(end, far + 64);
    }
    return parseFromLine(decodeBytes(b, this.view, lineStart, end), 5);
  }
}

class StringSource implements Source {
  readonly length: number;
  private colonAt = -2;
  constructor(private readonly text: string) {
    this.length = text.length;
  }
  at(i: number): number {
    return this.text.charCodeAt(i);
  }
  newline(from: number): number {
    return this.text.indexOf('\n', from);
  }
  colon(from: number): number {
    if (this.colonAt !== -1 && this.colonAt < from) this.colonAt = this.text.indexOf(':', from);
    return this.colonAt;
  }
  nextFromLine(from: number): number {
    return this.text.indexOf('\nFrom ', from);
  }
  decode(start: number, end: number): string {
    return this.text.slice(start, end);
  }
  fromLine(lineStart: number): [string, number] | undefined {
    return parseFromLine(this.text, lineStart + 5);
  }
}

/** The headers threading reads, lower-case, in the order of {@link ScannedMessage.fields}. */
const FIELDS = ['message-id', 'in-reply-to', 'references', 'subject', 'date'] as const;
const FIELD_CODES = FIELDS.map((name) => Array.from(name, (c) => c.charCodeAt(0)));

/** One message found by {@link scanMbox}: its From_ line and the raw values of the headers threading reads. */
export interface ScannedMessage {
  readonly sender: string;
  readonly seconds: number;
  readonly messageId: string | undefined;
  readonly inReplyTo: string | undefined;
  readonly references: string | undefined;
  readonly subject: string | undefined;
  readonly date: string | undefined;
  /** All headers, decoded on each call. */
  readonly headers: () => [string, string][];
}

/** Which of {@link FIELDS} the header name in [start, end) is (ASCII case-insensitive), or -1. */
function fieldIndex(src: Source, start: number, end: number): number {
  for (let f = 0; f < FIELD_CODES.length; f++) {
    const codes = FIELD_CODES[f] as number[];
    if (codes.length !== end - start) continue;
    let k = 0;
    for (; k < codes.length; k++) {
      const want = codes[k] as number;
      const c = src.at(start + k);
      // ASCII case-insensitive, as toLowerCase() is for these names (no other character lowers to one)
      if (c !== want && !(want >= 0x61 && want <= 0x7a && c === want - 0x20)) break;
    }
    if (k === codes.length) return f;
  }
  return -1;
}

/** Scans the header block in [start, end): the tracked fields and where the block ends. */
function scanHeaders(src: Source, start: number, end: number): { fields: (string | undefined)[]; headerEnd: number } {
  const fields: (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  const found = [false, false, false, false, false];
  let haveHeader = false;
  let last = -1; // the field the last header line fills (its first occurrence), else -1
  let i = start;
  while (i < end) {
    let nl = src.newline(i);
    if (nl < 0 || nl > end) nl = end;
    const lineEnd = nl > i && src.at(nl - 1) === CR ? nl - 1 : nl;
    const lineStart = i;
    i = nl + 1;
    if (lineEnd === lineStart) return { fields, headerEnd: lineStart };
    const first = src.at(lineStart);
    if ((first === SP || first === TAB) && haveHeader) {
      if (last >= 0) fields[last] += '\n' + src.decode(lineStart, lineEnd);
      continue;
    }
    const colon = src.colon(lineStart);
    if (colon < 0 || colon >= lineEnd) continue;
    haveHeader = true;
    let nameEnd = colon;
    while (nameEnd > lineStart && (src.at(nameEnd - 1) === SP || src.at(nameEnd - 1) === TAB)) nameEnd--;
    const f = fieldIndex(src, lineStart, nameEnd);
    if (f < 0 || found[f]) {
      last = -1;
      continue;
    }
    let valueStart = colon + 1;
    while (valueStart < lineEnd && (src.at(valueStart) === SP || src.at(valueStart) === TAB)) valueStart++;
    found[f] = true;
    fields[f] = src.decode(valueStart, lineEnd);
    last = f;
  }
  return { fields, headerEnd: end };
}

/** Every header in order, values raw (folding kept, CR removed): the full list, on demand. */
export function parseHeaders(text: string): [string, string][] {
  const headers: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    let line = text.slice(i, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    i = nl + 1;
    if (line === '') break;
    const last = headers[headers.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last !== undefined) {
      last[1] += '\n' + line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).replace(/[ \t]+$/, '');
    headers.push([name, line.slice(colon + 1).replace(/^[ \t]+/, '')]);
  }
  return headers;
}

/**
 * The messages of an mbox, or `undefined` when it does not begin with a valid From_ line. A
 * message starts at the file's start and after every `\n` followed by a From_ line that parses.
 */
export function scanMbox(input: string | Uint8Array): ScannedMessage[] | undefined {
  const src: Source = typeof input === 'string' ? new StringSource(input) : new ByteSource(input);
  const starts: { at: number; sender: string; seconds: number }[] = [];
  const isFrom = src.length >= 5 && FROM.every((c, k) => src.at(k) === c);
  const first = isFrom ? src.fromLine(0) : undefined;
  if (first === undefined) return undefined;
  starts.push({ at: 0, sender: first[0], seconds: first[1] });
  for (let nl = src.nextFromLine(0); nl >= 0; nl = src.nextFromLine(nl + 1)) {
    const parsed = src.fromLine(nl + 1);
    if (parsed !== undefined) starts.push({ at: nl + 1, sender: parsed[0], seconds: parsed[1] });
  }
  return starts.map((start, index): ScannedMessage => {
    const end = starts[index + 1]?.at ?? src.length;
    const lineEnd = src.newline(start.at);
    const body = lineEnd < 0 ? src.length : lineEnd + 1;
    const { fields, headerEnd } = scanHeaders(src, body, end);
    return {
      sender: start.sender,
      seconds: start.seconds,
      messageId: fields[0],
      inReplyTo: fields[1],
      references: fields[2],
      subject: fields[3],
      date: fields[4],
      headers: () => parseHeaders(src.decode(body, headerEnd)),
    };
  });
}
