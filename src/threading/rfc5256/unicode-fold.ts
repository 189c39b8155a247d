/**
 * Dovecot's comparison form of text (uni_utf8_to_decomposed_titlecase): every character is mapped
 * to its simple titlecase, then given ONE level of compatibility decomposition (Hangul syllables
 * are split into jamo). Invalid UTF-8 becomes U+FFFD, never twice in a row.
 */
import { UNICODE_FOLD_DATA } from './unicode-fold-data.js';
import { readUtf8 } from './utf8.js';

const REPLACEMENT = 0xfffd;
let foldTable: Map<number, readonly number[]> | undefined;

function table(): Map<number, readonly number[]> {
  if (foldTable !== undefined) return foldTable;
  const map = new Map<number, readonly number[]>();
  let key = 0;
  for (const entry of UNICODE_FOLD_DATA.split(',')) {
    const [delta, ...values] = entry.split('.').map((part) => Number.parseInt(part, 36));
    key += delta ?? 0;
    map.set(key, values);
  }
  foldTable = map;
  return map;
}

/** Collects code points; knows Dovecot's rule of not repeating a replacement character. */
export class CodePointSink {
  readonly points: number[] = [];

  push(cp: number): void {
    this.points.push(cp);
  }

  pushReplacement(): void {
    if (this.points[this.points.length - 1] !== REPLACEMENT) this.points.push(REPLACEMENT);
  }

  toString(): string {
    // In chunks: one string per code point, concatenated, made long headers superlinear.
    const parts: string[] = [];
    for (let i = 0; i < this.points.length; i += 4096) {
      const chunk = this.points.slice(i, i + 4096);
      for (let j = 0; j < chunk.length; j++) if (chunk[j]! > 0x10ffff) chunk[j] = REPLACEMENT;
      parts.push(String.fromCodePoint(...chunk));
    }
    return parts.join('');
  }
}

/** Appends the folded form of one code point. */
export function foldCodePoint(cp: number, sink: CodePointSink): void {
  if (cp >= 0xac00 && cp <= 0xd7a3) {
    const index = cp - 0xac00;
    sink.push(0x1100 + Math.floor(index / 588));
    sink.push(0x1161 + Math.floor((index % 588) / 28));
    if (index % 28 !== 0) sink.push(0x11a7 + (index % 28));
    return;
  }
  const mapped = table().get(cp);
  if (mapped === undefined) sink.push(cp);
  else for (const m of mapped) sink.push(m);
}

/** Appends bytes read as UTF-8, folded (`fold`) or as they are, invalid bytes as U+FFFD. */
export function appendUtf8(bytes: Uint8Array, sink: CodePointSink, fold: boolean): void {
  const end = bytes.length;
  for (let i = 0; i < end; ) {
    const ch = readUtf8(bytes, i, end);
    if (ch === undefined) {
      sink.pushReplacement();
      i++;
      continue;
    }
    if (fold) foldCodePoint(ch[0], sink);
    else sink.push(ch[0]);
    i += ch[1];
  }
}

/** Appends already-decoded text, folded or as it is. */
export function appendText(text: string, sink: CodePointSink, fold: boolean): void {
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (fold) foldCodePoint(cp, sink);
    else sink.push(cp);
  }
}

/** The folded (case-insensitive comparison) form of a string: `'Straße'` → `'STRAßE'`. */
export function foldForComparison(text: string): string {
  const sink = new CodePointSink();
  appendText(text, sink, true);
  return sink.toString();
}
