/**
 * RFC 2822 `Date:` parsing as Dovecot's message_date_parse does it (lenient: optional weekday,
 * 2-digit years, `.` as time separator, unknown zones as GMT, military zones), and the calendar
 * check of its utc_mktime (an impossible date like 31 Feb is invalid, second 60 means 59).
 */
import { Rfc822Cursor } from './rfc822-lexer.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export interface CalendarTime {
  year: number;
  month: number; // 0-based
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Seconds since the epoch for a UTC calendar time, or `undefined` when a field is out of range. */
export function utcMktime(t: CalendarTime): number | undefined {
  const second = t.second === 60 ? 59 : t.second;
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not move years 0-99 into the 1900s
  d.setUTCFullYear(t.year, t.month, t.day);
  d.setUTCHours(t.hour, t.minute, second, 0);
  const ms = d.getTime();
  if (Number.isNaN(ms)) return undefined;
  const same =
    d.getUTCFullYear() === t.year &&
    d.getUTCMonth() === t.month &&
    d.getUTCDate() === t.day &&
    d.getUTCHours() === t.hour &&
    d.getUTCMinutes() === t.minute &&
    d.getUTCSeconds() === second;
  return same ? ms / 1000 : undefined;
}

/** Like C mktime in UTC: out-of-range fields roll over instead of failing. */
export function normalizingMktime(t: CalendarTime): number {
  const d = new Date(0);
  d.setUTCFullYear(t.year, t.month, t.day);
  d.setUTCHours(t.hour, t.minute, t.second, 0);
  return d.getTime() / 1000;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Zone offset in minutes; unknown zones count as GMT like in Dovecot. */
function parseZone(z: string): number {
  if (z.length === 5 && (z[0] === '+' || z[0] === '-')) {
    if (![1, 2, 3, 4].every((i) => isDigit(z[i]))) return 0; // Dovecot returns FALSE, i.e. 0
    const offset = Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5));
    return z[0] === '+' ? offset : -offset;
  }
  if (z.length === 1) {
    const raw = z.charCodeAt(0);
    const up = z.toUpperCase();
    if (up < 'J') return (raw - 0x41 + 1) * 60;
    if (up === 'J') return 0;
    if (up <= 'M') return (raw - 0x41) * 60;
    if (up < 'Z') return (0x4d - raw) * 60;
    return 0;
  }
  if (z.length === 2 && z.toUpperCase() === 'UT') return 0;
  if (z.length === 3 && z[2] === 'T') {
    const base = { E: -5, C: -6, M: -7, P: -8 }[z[0]?.toUpperCase() ?? ''];
    if (base === undefined) return 0;
    const kind = z[1]?.toUpperCase();
    if (kind === 'D') return base * 60 + 60;
    if (kind === 'S') return base * 60;
  }
  return 0;
}

function nextToken(cur: Rfc822Cursor): string | null {
  const out: string[] = [];
  const ret = cur.pos === cur.end ? 0 : cur.parseAtom(out);
  if (ret < 0) return null;
  return out.join('');
}

function parseTokens(cur: Rfc822Cursor): number | undefined {
  const t: CalendarTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  cur.skipLwsp();
  let v = nextToken(cur);
  if (v === null || v === '') return undefined;
  if (v.length === 3) {
    if (cur.ch !== ',') return undefined;
    cur.pos++;
    cur.skipLwsp();
    v = nextToken(cur);
    if (v === null || v === '') return undefined;
  }
  if (v.length < 1 || v.length > 2 || !isDigit(v[0]) || (v.length === 2 && !isDigit(v[1]))) return undefined;
  t.day = Number(v);
  v = nextToken(cur);
  if (v === null || v.length < 3) return undefined;
  t.month = MONTHS.indexOf(v.slice(0, 3).toLowerCase());
  if (t.month < 0) return undefined;
  v = nextToken(cur);
  if (v === null || (v.length !== 2 && v.length !== 4) || ![...v].every(isDigit)) return undefined;
  t.year = Number(v);
  if (v.length === 2) t.year += t.year < 70 ? 2000 : 1900;
  else if (t.year < 1900) return undefined;
  v = nextToken(cur);
  if (v === null || v.length < 1 || v.length > 2 || !isDigit(v[0]) || (v.length === 2 && !isDigit(v[1]))) return undefined;
  t.hour = Number(v);
  if (cur.ch !== ':' && cur.ch !== '.') return undefined;
  cur.pos++;
  cur.skipLwsp();
  v = nextToken(cur);
  if (v === null || v.length !== 2 || !isDigit(v[0]) || !isDigit(v[1])) return undefined;
  t.minute = Number(v);
  if (cur.pos !== cur.end && (cur.ch === ':' || cur.ch === '.')) {
    cur.pos++;
    cur.skipLwsp();
    v = nextToken(cur);
    if (v === null || v.length !== 2 || !isDigit(v[0]) || !isDigit(v[1])) return undefined;
    t.second = Number(v);
  }
  const zone = nextToken(cur);
  if (zone === null) return undefined;
  const offset = zone === '' ? 0 : parseZone(zone);
  const seconds = utcMktime(t);
  if (seconds === undefined || seconds === -1) return undefined;
  return seconds - offset * 60;
}

/**
 * Parses a raw `Date:` header value the way Dovecot does; epoch milliseconds or `undefined`.
 *
 * @example
 * ```ts
 * import { parseMessageDate } from 'omnithread';
 * parseMessageDate('Tue, 17 Nov 2009 21:28:37 +0600'); // 1258471717000
 * parseMessageDate('17 Nov 09 21:28 EST');              // 2-digit year and a named zone work too
 * ```
 */
export function parseMessageDate(header: string | undefined | null): number | undefined {
  if (header === undefined || header === null) return undefined;
  const seconds = parseTokens(new Rfc822Cursor(header));
  return seconds === undefined ? undefined : seconds * 1000;
}
