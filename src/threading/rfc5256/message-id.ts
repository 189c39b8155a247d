/**
 * Message-ID extraction as Dovecot's message_id_get_next does it: scan to each `<`, take the
 * text up to `>` when it has an `@` (whitespace removed), parse quoted/commented forms with the
 * RFC 822 lexer, and skip anything invalid. Text without angle brackets yields no id.
 *
 * Dovecot retries from every `<` after a failed slow parse, and each retry re-scans what follows:
 * `<(<(<(…` or `<<<…<(` took quadratic time. The answers here are Dovecot's, in linear time:
 * - the quick scan from a `<` ends at the same stop character for every `<` before it, so one
 *   scan is reused by all of them ({@link QuickScan});
 * - a comment or quoted string that starts at position p ends at the same place whoever parses
 *   it, so its end (and a quoted string's text) is computed once per start ({@link MemoCursor}).
 *   Nested comments are matched in one pass with a stack, so `((((…` is one scan, not n.
 * What is left for each retry is walking atoms and whitespace, which stop at the next `<` outside a
 * comment or quoted string; that keeps the total linear.
 */
import { Rfc822Cursor } from './rfc822-lexer.js';

function stripLwsp(s: string): string {
  return s.replace(/[ \t\r\n]/g, '');
}

/**
 * Comment and quoted-string ends by start position, shared by every parse of one header. Typed
 * arrays indexed by position (0 = not known yet, -1 = never closes, else the end + 1), allocated
 * when the first comment or quoted string is met: most headers never get here.
 */
class HeaderMemo {
  private commentEnds: Int32Array | undefined;
  private quoteEnds: Int32Array | undefined;
  /** The text of quoted strings with escapes or line breaks (the rest are plain slices). */
  private readonly quoteTexts = new Map<number, string>();

  constructor(readonly data: string) {}

  /** Position after the `)` matching the `(` at `open`, or -1; fills in the comments nested in it. */
  comment(open: number): number {
    const ends = (this.commentEnds ??= new Int32Array(this.data.length));
    const known = ends[open]!;
    if (known !== 0) return known < 0 ? -1 : known - 1;
    const { data } = this;
    const stack = [open];
    let pos = open + 1;
    while (pos < data.length) {
      const c = data.charCodeAt(pos);
      if (c === 0x28) {
        const nested = ends[pos]!;
        if (nested === 0) {
          stack.push(pos++);
          continue;
        }
        if (nested < 0) break; // a nested comment that never closes: neither does any around it
        pos = nested - 1;
        continue;
      }
      if (c === 0x29) {
        ends[stack.pop()!] = ++pos + 1;
        if (stack.length === 0) return pos;
        continue;
      }
      // An escape takes the next character; a `\` at the very end fails the comment.
      pos += c === 0x5c ? 2 : 1;
    }
    for (const start of stack) ends[start] = -1;
    return -1;
  }

  /** Rfc822Cursor.parseQuotedString from the `"` at `open`: the position after it (or -1) and its text. */
  quote(open: number): { end: number; text: string } {
    const ends = (this.quoteEnds ??= new Int32Array(this.data.length));
    const known = ends[open]!;
    if (known !== 0) return { end: known < 0 ? -1 : known - 1, text: this.quoteTexts.get(open) ?? this.data.slice(open + 1, known - 2) };
    const { data } = this;
    const out: string[] = [];
    let pos = open + 1;
    let start = pos;
    let end = -1;
    for (; pos < data.length; pos++) {
      const c = data.charCodeAt(pos);
      if (c === 0x22) {
        out.push(data.slice(start, pos));
        end = pos + 1;
        break;
      }
      if (c === 0x0a) {
        let len = pos - start;
        if (len > 0 && data[start + len - 1] === '\r') len--;
        out.push(data.slice(start, start + len));
        start = pos + 1;
      } else if (c === 0x5c) {
        pos++;
        if (pos === data.length) break;
        out.push(data.slice(start, pos - 1));
        start = pos;
      }
    }
    const text = out.length === 1 ? out[0]! : out.join('');
    ends[open] = end < 0 ? -1 : end + 1;
    // Only a closed string without escapes is its plain slice; everything else keeps its text.
    if (end < 0 || out.length !== 1) this.quoteTexts.set(open, text);
    return { end, text };
  }
}

/** The lexer with comment and quoted-string ends looked up in the header's memo: same answers. */
class MemoCursor extends Rfc822Cursor {
  constructor(private readonly memo: HeaderMemo) {
    super(memo.data);
  }

  override skipComment(): number {
    const end = this.memo.comment(this.pos);
    if (end < 0) {
      this.pos = this.end;
      return -1;
    }
    this.pos = end;
    return this.pos !== this.end ? 1 : 0;
  }

  override parseQuotedString(out: string[]): number {
    const { end, text } = this.memo.quote(this.pos);
    out.push(text);
    if (end < 0) {
      this.pos = this.end;
      return -1;
    }
    this.pos = end;
    return this.skipLwsp();
  }
}

/**
 * The slow path for ids with quotes or comments; appends into `out` even when it fails (as
 * Dovecot does: its buffer is not reset between retries of one id).
 */
function untokenizedId(cur: MemoCursor, from: number, out: string[]): number {
  cur.pos = from;
  cur.skipLwsp();
  const ret = cur.ch === '"' ? cur.parseQuotedString(out) : cur.parseDotAtom(out);
  if (ret <= 0 || cur.ch !== '@') return -1;
  out.push('@');
  cur.pos++;
  cur.skipLwsp();
  if (cur.parseDotAtom(out) <= 0 || cur.data[cur.pos] !== '>') return -1;
  return cur.pos + 1;
}

/**
 * The last quick scan: from `from` it stopped at `stop` (a `>`, `"` or `(`), and `lastAt` is the last
 * `@` before it. A scan from any later position before `stop` stops there too, and has seen an `@`
 * exactly when `lastAt` is at or after its start.
 */
interface QuickScan {
  from: number;
  stop: number;
  lastAt: number;
}

/** One header's parse state: the memo and the last quick scan. */
class MessageIdParser {
  private cursor: MemoCursor | undefined;
  private scan: QuickScan | undefined;

  constructor(private readonly data: string) {}

  /** message_id_get_next's quick scan from `at`, or undefined when the header ends (or has a NUL) first. */
  private quickScan(at: number): QuickScan | undefined {
    const last = this.scan;
    if (last !== undefined && at > last.from && at < last.stop) return last;
    const { data } = this;
    let lastAt = -1;
    for (let p = at; p < data.length; p++) {
      const c = data.charCodeAt(p);
      if (c >= 0x41) continue;
      if (c === 0x40) lastAt = p;
      if (c === 0x3e || c === 0x22 || c === 0x28) return (this.scan = { from: at, stop: p, lastAt });
      if (c === 0) return undefined;
    }
    return undefined;
  }

  /** One step of message_id_get_next: `[id, nextPos]` or `undefined` when no id is left. */
  next(pos: number): [string, number] | undefined {
    const { data } = this;
    const slow: string[] = [];
    let at = pos;
    for (;;) {
      at = data.indexOf('<', at);
      if (at < 0) return undefined;
      at++;
      const scan = this.quickScan(at);
      if (scan === undefined) return undefined;
      const p = scan.stop;
      if (data[p] === '>') {
        if (scan.lastAt >= at) return [stripLwsp(data.slice(at, p)), p + 1];
        at = p + 1;
        continue;
      }
      this.cursor ??= new MemoCursor(new HeaderMemo(data));
      const next = untokenizedId(this.cursor, at, slow);
      if (next >= 0) return [slow.join(''), next];
    }
  }
}

/**
 * Every Message-ID in a raw `References:`/`In-Reply-To:`/`Message-ID:` header value, in order,
 * without angle brackets. Garbage between ids is skipped; ids without `@` are ignored. Linear in
 * the length of the header, whatever it holds.
 *
 * @example
 * ```ts
 * import { parseMessageIds } from 'omnithread';
 * parseMessageIds('<a@x> junk <no-at> <b @ y>'); // ['a@x', 'b@y']
 * ```
 */
export function parseMessageIds(header: string | undefined | null): string[] {
  const ids: string[] = [];
  if (header === undefined || header === null) return ids;
  const parser = new MessageIdParser(header);
  let pos = 0;
  for (;;) {
    const found = parser.next(pos);
    if (found === undefined) return ids;
    ids.push(found[0]);
    pos = found[1];
  }
}

/**
 * The first Message-ID of a raw header value, as Dovecot picks it, or `undefined`.
 *
 * @example
 * ```ts
 * import { firstMessageId } from 'omnithread';
 * firstMessageId('<1@x> <2@x>'); // '1@x'
 * firstMessageId('1@x');         // undefined: no angle brackets
 * ```
 */
export function firstMessageId(header: string | undefined | null): string | undefined {
  if (header === undefined || header === null) return undefined;
  return new MessageIdParser(header).next(0)?.[0];
}
