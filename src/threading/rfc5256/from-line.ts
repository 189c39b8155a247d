/**
 * The mbox From_ line as Dovecot's mbox_from_parse reads it: envelope sender and arrival date.
 * Works on a string; the byte reader (mbox-reader.ts) hands it a decoded window of the line.
 */
import { type CalendarTime, normalizingMktime, utcMktime } from './message-date.js';

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
