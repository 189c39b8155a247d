// The parser as it was before issue 13 (quadratic on hostile input), kept unchanged as the oracle
// of linear-time.prop.test.ts: the linear one must give exactly its answers.
/**
 * RFC 5256 §2.1 base subject, step for step as Dovecot's imap_get_base_subject_cased computes
 * it (so THREAD and SORT (SUBJECT) agree with a Dovecot server), plus an opt-in list of
 * localised reply/forward prefixes that RFC 5256 does not know.
 */
import { decodeHeaderValue } from '../../../../src/threading/rfc5256/header-decode.js';
import { foldForComparison } from '../../../../src/threading/rfc5256/unicode-fold.js';

/**
 * Options of {@link baseSubject}.
 *
 * @example
 * ```ts
 * import { baseSubject, type BaseSubjectOptions } from 'omnithread';
 * const nordic: BaseSubjectOptions = { localisedPrefixes: ['SV', 'VS', 'VB'] };
 * baseSubject('SV: Möte', nordic); // 'MÖTE'
 * ```
 */
export interface BaseSubjectOptions {
  /**
   * Also strip localised reply/forward prefixes such as `AW:`, `WG:`, `SV:`, `Antw:`, `RIF:`,
   * `TR:`, `Odp:`. `true` uses {@link LOCALISED_REPLY_PREFIXES}; an array uses exactly those
   * words. Off by default, so the default result is Dovecot's.
   */
  readonly localisedPrefixes?: boolean | readonly string[];
}

/**
 * What {@link baseSubjectInfo} found.
 *
 * @example
 * ```ts
 * import { baseSubjectInfo, type BaseSubjectInfo } from 'omnithread';
 * const info: BaseSubjectInfo = baseSubjectInfo('[fwd: Offer]'); // { base: 'OFFER', isReplyOrForward: true }
 * ```
 */
export interface BaseSubjectInfo {
  /** The base subject, case-folded (Dovecot's titlecase form), `''` when nothing is left. */
  readonly base: string;
  /** A `Re:`/`Fwd:` prefix, `(fwd)` trailer or `[fwd: …]` wrapper was removed. */
  readonly isReplyOrForward: boolean;
}

/** Localised reply/forward words used when `localisedPrefixes: true`. */
export const LOCALISED_REPLY_PREFIXES: readonly string[] = [
  'AW', 'WG', 'SV', 'VS', 'VB', 'ANTW', 'DOORST', 'RIF', 'TR', 'RES', 'ENC', 'ODP', 'PD', 'YNT',
  'FS', 'VL', 'RV', 'ΑΠ', 'ΣΧΕΤ', 'ΠΡΘ', 'ОТВ', 'ОТВЕТ', 'ПЕРЕСЛ', '回复', '转发', '答复', '回覆', '轉寄',
];

const DOVECOT_PREFIXES = ['RE', 'FWD', 'FW'];
const PLAIN_ASCII = /^[\x01-\x7f]*$/;

function prefixList(option: BaseSubjectOptions['localisedPrefixes']): readonly string[] {
  if (option === undefined || option === false) return DOVECOT_PREFIXES;
  const extra = option === true ? LOCALISED_REPLY_PREFIXES : option;
  const all = new Set([...DOVECOT_PREFIXES, ...extra.map((p) => foldForComparison(p))]);
  return [...all].sort((a, b) => b.length - a.length);
}

/** subj-blob at `i`: returns the index after it (and one space), or -1. */
function skipBlob(s: string, i: number): number {
  if (s[i] !== '[') return -1;
  let j = i + 1;
  while (j < s.length && s[j] !== '[' && s[j] !== ']') j++;
  if (s[j] !== ']') return -1;
  j++;
  if (s[j] === ' ') j++;
  return j;
}

class SubjectBuffer {
  start = 0;
  replyOrForward = false;
  constructor(
    public text: string,
    private readonly prefixes: readonly string[],
  ) {}

  /** (2) subj-trailer = "(fwd)" / WSP, removed from the end repeatedly. */
  removeTrailers(): void {
    let size = this.text.length;
    while (size > this.start) {
      if (this.text[size - 1] === ' ') size--;
      else if (size >= 5 && this.text.slice(size - 5, size) === '(FWD)') {
        this.replyOrForward = true;
        size -= 5;
      } else break;
    }
    this.text = this.text.slice(0, size);
  }

  /** (3) subj-leader = (*subj-blob subj-refwd) / WSP. */
  removeLeader(): boolean {
    const s = this.text;
    let found = false;
    if (s[this.start] === ' ') {
      this.start++;
      found = true;
    }
    let i = this.start;
    while (s[i] === '[') {
      const next = skipBlob(s, i);
      if (next < 0) return found;
      i = next;
    }
    for (const prefix of this.prefixes) {
      const end = this.refwdEnd(i, prefix);
      if (end < 0) continue;
      this.start = end;
      this.replyOrForward = true;
      return true;
    }
    return found;
  }

  private refwdEnd(i: number, prefix: string): number {
    const s = this.text;
    if (!s.startsWith(prefix, i)) return -1;
    let j = i + prefix.length;
    if (s[j] === ' ') j++;
    if (s[j] === '[') {
      j = skipBlob(s, j);
      if (j < 0) return -1;
    }
    return s[j] === ':' ? j + 1 : -1;
  }

  /** (4) a leading subj-blob goes when something is left after it. */
  removeBlobWhenNonEmpty(): boolean {
    const next = skipBlob(this.text, this.start);
    if (next < 0 || next >= this.text.length) return false;
    this.start = next;
    return true;
  }

  /** (6) subj-fwd = "[fwd:" subject "]". */
  removeFwdWrapper(): boolean {
    if (!this.text.startsWith('[FWD:', this.start) || !this.text.endsWith(']')) return false;
    this.replyOrForward = true;
    this.text = this.text.slice(0, -1);
    this.start += 5;
    return true;
  }
}

/**
 * Base subject and whether the subject marked a reply or forward.
 *
 * @example
 * ```ts
 * import { baseSubjectInfo } from 'omnithread';
 * baseSubjectInfo('Re: [list] Fwd: Hello (fwd)'); // { base: 'HELLO', isReplyOrForward: true }
 * ```
 */
export function baseSubjectInfo(subject: string, options: BaseSubjectOptions = {}): BaseSubjectInfo {
  // (1) decode encoded words to folded UTF-8, turn runs of whitespace into one space.
  // Plain ASCII without encoded words folds to upper case directly (the common case).
  const folded = PLAIN_ASCII.test(subject) && !subject.includes('=?') ? subject.toUpperCase() : decodeHeaderValue(subject, true);
  const decoded = folded.replace(/[ \t\r\n]+/g, ' ');
  const nul = decoded.indexOf('\0');
  const buf = new SubjectBuffer(nul < 0 ? decoded : decoded.slice(0, nul), prefixList(options.localisedPrefixes));
  do {
    buf.removeTrailers();
    let found: boolean;
    do {
      found = buf.removeLeader();
      found = buf.removeBlobWhenNonEmpty() || found;
    } while (found);
  } while (buf.removeFwdWrapper());
  return { base: buf.text.slice(buf.start), isReplyOrForward: buf.replyOrForward };
}

/**
 * The RFC 5256 base subject of a raw `Subject:` header value (RFC 2047 words are decoded),
 * in Dovecot's case-folded form, which is what THREAD compares.
 *
 * @example
 * ```ts
 * import { baseSubject } from 'omnithread';
 * baseSubject('Re: [list] Fwd: Hello (fwd)'); // 'HELLO'
 * baseSubject('AW: Hallo', { localisedPrefixes: true }); // 'HALLO'
 * ```
 */
export function baseSubject(subject: string, options: BaseSubjectOptions = {}): string {
  return baseSubjectInfo(subject, options).base;
}
