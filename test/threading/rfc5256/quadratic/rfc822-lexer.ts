// The parser as it was before issue 13 (quadratic on hostile input), kept unchanged as the oracle
// of linear-time.prop.test.ts: the linear one must give exactly its answers.
/**
 * The few RFC 822 lexer routines of Dovecot's rfc822-parser.c that Message-ID and Date parsing
 * use, ported with their return conventions: > 0 more input follows, 0 input ended, < 0 error.
 */

// atext per Dovecot's table: printable ASCII minus specials, plus every 8-bit byte.
const ATEXT_ASCII = "!#$%&'*+-/=?^_`{|}~";

export function isAtext(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c >= 0x80) return true;
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  return ATEXT_ASCII.includes(ch);
}

/** A cursor over one header value. `out` accumulates parsed text. */
export class Rfc822Cursor {
  pos = 0;
  constructor(readonly data: string) {}

  get end(): number {
    return this.data.length;
  }

  get ch(): string | undefined {
    return this.data[this.pos];
  }

  skipComment(): number {
    let level = 1;
    for (this.pos++; this.pos < this.end; this.pos++) {
      const c = this.data[this.pos];
      if (c === '(') level++;
      else if (c === ')') {
        if (--level === 0) {
          this.pos++;
          return this.pos !== this.end ? 1 : 0;
        }
      } else if (c === '\\') {
        this.pos++;
        if (this.pos === this.end) return -1;
      }
    }
    return -1;
  }

  skipLwsp(): number {
    while (this.pos < this.end) {
      const c = this.data[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        this.pos++;
        continue;
      }
      if (c !== '(') break;
      if (this.skipComment() < 0) return -1;
    }
    return this.pos !== this.end ? 1 : 0;
  }

  parseAtom(out: string[]): number {
    if (this.pos === this.end || !isAtext(this.ch)) return -1;
    const start = this.pos++;
    for (; this.pos < this.end; this.pos++) {
      if (isAtext(this.ch)) continue;
      out.push(this.data.slice(start, this.pos));
      return this.skipLwsp();
    }
    out.push(this.data.slice(start, this.pos));
    return 0;
  }

  parseDotAtom(out: string[]): number {
    if (this.pos === this.end || !isAtext(this.ch)) return -1;
    let start = this.pos++;
    while (this.pos < this.end) {
      if (isAtext(this.ch)) {
        this.pos++;
        continue;
      }
      out.push(this.data.slice(start, this.pos));
      let ret = this.skipLwsp();
      if (ret <= 0) return ret;
      if (this.ch !== '.') return 1;
      this.pos++;
      out.push('.');
      ret = this.skipLwsp();
      if (ret <= 0) return ret;
      start = this.pos;
    }
    out.push(this.data.slice(start, this.pos));
    return 0;
  }

  parseQuotedString(out: string[]): number {
    this.pos++;
    let start = this.pos;
    for (; this.pos < this.end; this.pos++) {
      const c = this.data[this.pos];
      if (c === '"') {
        out.push(this.data.slice(start, this.pos));
        this.pos++;
        return this.skipLwsp();
      }
      if (c === '\n') {
        let len = this.pos - start;
        if (len > 0 && this.data[start + len - 1] === '\r') len--;
        out.push(this.data.slice(start, start + len));
        start = this.pos + 1;
      } else if (c === '\\') {
        this.pos++;
        if (this.pos === this.end) return -1;
        out.push(this.data.slice(start, this.pos - 1));
        start = this.pos;
      }
    }
    return -1;
  }
}
