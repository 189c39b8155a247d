/**
 * mbox reading as Dovecot's mbox storage reads it: a message starts at every line beginning
 * with `From ` whose date parses (other `From ` lines are body text), headers end at the first
 * empty line, folded lines continue the previous header.
 */
import { OmnithreadError } from '../../errors.js';
import { type CalendarTime, normalizingMktime, parseMessageDate, utcMktime } from './message-date.js';
import type { ThreadableMessage } from './types.js';
import { fromBytes } from './utf8.js';

/**
 * One message read from an mbox: a {@link ThreadableMessage} plus the envelope and all headers.
 *
 * @example
 * ```ts
 * import { parseMbox, type MboxMessage } from 'omnithread';
 * const [m]: MboxMessage[] = parseMbox('From a@b Fri Feb 22 15:06:23 2008\nX-Tag: 1\n\nbody\n');
 * m?.headers; // [['X-Tag', '1']]
 * ```
 */
export interface MboxMessage extends ThreadableMessage {
  readonly position: number;
  /** Envelope sender of the `From ` line. */
  readonly sender: string;
  /** Every header in order, values raw (folding kept, CR removed). */
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly arrivalDate: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const digit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const num = (s: string, i: number, n: number): number => Number(s.slice(i, i + n));

function parseMonth(s: string, i: number): number {
  const m = MONTHS.indexOf(s.slice(i, i + 3).toLowerCase());
  const month = m < 0 && s.slice(i, i + 3) === '???' ? 0 : m;
  return month < 0 || s[i + 3] !== ' ' ? -1 : month;
}

/**
 * Parses what follows `From ` (Dovecot's mbox_from_parse): `[sender, epochSeconds]` or
 * `undefined`. A date without zone is taken as UTC (Dovecot uses the server's local zone).
 */
export function parseFromLine(s: string, start: number): [string, number] | undefined {
  let i = start;
  if (s[i] === '"') {
    let esc = false;
    for (i++; i < s.length && (s[i] !== '"' || esc); i++) {
      if (s[i] === '\r' || s[i] === '\n') return undefined;
      esc = s[i] === '\\';
    }
    i++;
  }
  for (; i < s.length && s[i] !== ' '; i++) if (s[i] === '\r' || s[i] === '\n') return undefined;
  const sender = s.slice(start, i);
  while (s[i] === ' ') i++;
  if (i + 21 > s.length) return undefined;
  const t: CalendarTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  i += 4;
  let alt = false;
  t.month = parseMonth(s, i);
  if (t.month < 0) {
    alt = true; // "Thu, 9 Nov 2002 22:33:52"
    i++;
    if (!digit(s[i])) return undefined;
    t.day = num(s, i++, 1);
    if (digit(s[i])) t.day = t.day * 10 + num(s, i++, 1);
    if (s[i] !== ' ') return undefined;
    i++;
    t.month = parseMonth(s, i);
    if (t.month < 0) return undefined;
    i += 4;
    if (![0, 1, 2, 3].every((k) => digit(s[i + k]))) return undefined;
    t.year = num(s, i, 4);
    i += 5;
  } else {
    i += 4;
    if (s[i] === ' ') i++;
    if (s[i + 1] === ' ') {
      if (!digit(s[i])) return undefined;
      t.day = num(s, i, 1);
      i += 2;
    } else {
      if (!digit(s[i]) || !digit(s[i + 1]) || s[i + 2] !== ' ') return undefined;
      t.day = num(s, i, 2);
      i += 3;
    }
  }
  if (t.day === 0) t.day = 1;
  if (!digit(s[i]) || !digit(s[i + 1]) || s[i + 2] !== ':') return undefined;
  t.hour = num(s, i, 2);
  i += 3;
  if (!digit(s[i]) || !digit(s[i + 1])) return undefined;
  t.minute = num(s, i, 2);
  i += 2;
  if (s[i] === ':') {
    if (!digit(s[i + 1]) || !digit(s[i + 2])) return undefined;
    t.second = num(s, i + 1, 2);
    i += 3;
    if (!alt) {
      if (s[i] !== ' ') return undefined;
      i++;
    }
  } else if (!alt) {
    if (s[i] !== ' ') return undefined;
    i++;
  }
  let zone: number | undefined;
  // Dovecot's zone arithmetic counts the minutes digits as seconds; kept for identical answers.
  const zoneSeconds = (at: number): number =>
    (s[at] === '-' ? -1 : 1) * (num(s, at + 1, 1) * 36000 + num(s, at + 2, 1) * 3600 + num(s, at + 3, 2));
  if (alt) {
    // no year or zone here
  } else if (![0, 1, 2, 3].every((k) => digit(s[i + k]))) {
    for (; i < s.length && s[i] !== ' '; i++) if (s[i] === '\r' || s[i] === '\n') return undefined;
    if (i + 5 > s.length) return undefined;
    i++;
  }
  if (!alt) {
    if (![0, 1, 2, 3].every((k) => digit(s[i + k]))) return undefined;
    t.year = num(s, i, 4);
    i += 4;
  }
  if (i !== s.length && s[i] === ' ' && (s[i + 1] === '-' || s[i + 1] === '+') && [2, 3, 4, 5].every((k) => digit(s[i + k]))) {
    zone = zoneSeconds(i + 1);
  }
  if (zone === undefined) return [sender, normalizingMktime(t)];
  const utc = utcMktime(t);
  return utc === undefined || utc === -1 ? undefined : [sender, utc - zone];
}

function parseHeaders(text: string, start: number, end: number): [string, string][] {
  const headers: [string, string][] = [];
  let i = start;
  while (i < end) {
    let nl = text.indexOf('\n', i);
    if (nl < 0 || nl > end) nl = end;
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

function firstHeader(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** Positions just after each `From ` that starts a message, with its parsed From_ line. */
function messageStarts(text: string): { at: number; body: number; sender: string; seconds: number }[] {
  const starts: { at: number; body: number; sender: string; seconds: number }[] = [];
  const first = text.startsWith('From ') ? parseFromLine(text, 5) : undefined;
  if (first === undefined) {
    throw new OmnithreadError('INVALID_MBOX', "mbox doesn't begin with a valid 'From ' line", {
      issues: [{ path: [0], message: 'expected "From <sender> <asctime date>" on the first line' }],
    });
  }
  const lineEnd = (from: number): number => {
    const nl = text.indexOf('\n', from);
    return nl < 0 ? text.length : nl + 1;
  };
  starts.push({ at: 0, body: lineEnd(0), sender: first[0], seconds: first[1] });
  for (let nl = text.indexOf('\nFrom ', 0); nl >= 0; nl = text.indexOf('\nFrom ', nl + 1)) {
    const parsed = parseFromLine(text, nl + 6);
    if (parsed === undefined) continue;
    starts.push({ at: nl + 1, body: lineEnd(nl + 1), sender: parsed[0], seconds: parsed[1] });
  }
  return starts;
}

/**
 * Splits an mbox into messages and reads the headers threading needs. Bytes that are not valid
 * UTF-8 are kept losslessly (see utf8.ts), so ids and subjects compare as Dovecot compares them.
 *
 * @throws OmnithreadError `INVALID_MBOX` when the text does not start with a valid `From ` line.
 * @example
 * ```ts
 * import { parseMbox } from 'omnithread';
 * const [first] = parseMbox('From a@b Fri Feb 22 15:06:23 2008\nMessage-ID: <a@b>\nSubject: hi\n\nbody\n');
 * first?.subject;     // 'hi'
 * first?.arrivalDate; // 1203692783000
 * ```
 */
export function parseMbox(input: string | Uint8Array): MboxMessage[] {
  const text = typeof input === 'string' ? input : fromBytes(input);
  const starts = messageStarts(text);
  return starts.map((start, index) => {
    const next = starts[index + 1];
    const end = next === undefined ? text.length : next.at;
    const headers = parseHeaders(text, start.body, end);
    const date = parseMessageDate(firstHeader(headers, 'Date'));
    return {
      position: index + 1,
      sender: start.sender,
      headers,
      messageId: firstHeader(headers, 'Message-ID') ?? null,
      inReplyTo: firstHeader(headers, 'In-Reply-To') ?? null,
      references: firstHeader(headers, 'References') ?? null,
      subject: firstHeader(headers, 'Subject') ?? null,
      date: date ?? null,
      arrivalDate: start.seconds * 1000,
    };
  });
}
