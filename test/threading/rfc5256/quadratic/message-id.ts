// The parser as it was before issue 13 (quadratic on hostile input), kept unchanged as the oracle
// of linear-time.prop.test.ts: the linear one must give exactly its answers.
/**
 * Message-ID extraction as Dovecot's message_id_get_next does it: scan to each `<`, take the
 * text up to `>` when it has an `@` (whitespace removed), parse quoted/commented forms with the
 * RFC 822 lexer, and skip anything invalid. Text without angle brackets yields no id.
 */
import { Rfc822Cursor } from './rfc822-lexer.js';

function stripLwsp(s: string): string {
  return s.replace(/[ \t\r\n]/g, '');
}

/** The slow path for ids with quotes or comments; appends into `out` even when it fails. */
function untokenizedId(data: string, from: number, out: string[]): number {
  const cur = new Rfc822Cursor(data);
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

/** One step of message_id_get_next: `[id, nextPos]` or `undefined` when no id is left. */
function nextMessageId(data: string, pos: number, slow: string[]): [string, number] | undefined {
  let at = pos;
  for (;;) {
    at = data.indexOf('<', at);
    if (at < 0) return undefined;
    at++;
    let p = at;
    let foundAt = false;
    let stop: string | undefined;
    for (; p < data.length; p++) {
      const c = data.charCodeAt(p);
      if (c >= 0x41) continue;
      if (c === 0x40) foundAt = true;
      if (c === 0x3e || c === 0x22 || c === 0x28) {
        stop = data[p];
        break;
      }
      if (c === 0) return undefined;
    }
    if (stop === undefined) return undefined;
    if (stop === '>') {
      if (foundAt) return [stripLwsp(data.slice(at, p)), p + 1];
      at = p + 1;
      continue;
    }
    const next = untokenizedId(data, at, slow);
    if (next >= 0) return [slow.join(''), next];
  }
}

/**
 * Every Message-ID in a raw `References:`/`In-Reply-To:`/`Message-ID:` header value, in order,
 * without angle brackets. Garbage between ids is skipped; ids without `@` are ignored.
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
  let pos = 0;
  for (;;) {
    const found = nextMessageId(header, pos, []);
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
  return nextMessageId(header, 0, [])?.[0];
}
