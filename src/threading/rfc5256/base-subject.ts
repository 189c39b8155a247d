/**
 * RFC 5256 §2.1 base subject, step for step as Dovecot's imap_get_base_subject_cased computes
 * it (so THREAD and SORT (SUBJECT) agree with a Dovecot server), plus an opt-in list of
 * localised reply/forward prefixes that RFC 5256 does not know.
 */
import { decodeHeaderValue } from './header-decode.js';
import { foldForComparison } from './unicode-fold.js';

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

/**
 * The subject being reduced: the text stays as it is and only the window `[start, end)` moves, so a
 * step never copies the rest (slicing per step made `[FWD:` × n quadratic). Reads outside the
 * window are `undefined`, exactly as reads past the end of the sliced string were.
 *
 * Dovecot re-scans the run of `[blob]`s in front of a `Re:` on every pass of step (3)+(4), and each
 * pass removes one blob: `[a] ` × n was quadratic. The run's end and what follows it (a `Re:` or
 * not) do not change while blobs are removed from its front, so both are kept until the window's end
 * moves ({@link SubjectBuffer.blobRunEnd}, {@link SubjectBuffer.refwdAt}).
 */
class SubjectBuffer {
  start = 0;
  end: number;
  replyOrForward = false;
  /** Blob-run start positions → the run's end, valid for the current `end` only. */
  private runEnds = new Map<number, number>();
  /** The last refwd lookup (position → end of the `Re:`/`Fwd:`, or -1), valid for the current `end`. */
  private refwd: { at: number; end: number } | undefined;

  constructor(
    private readonly text: string,
    private readonly prefixes: readonly string[],
  ) {
    this.end = text.length;
  }

  private at(i: number): string | undefined {
    return i < this.end ? this.text[i] : undefined;
  }

  private setEnd(end: number): void {
    if (end === this.end) return;
    this.end = end;
    this.runEnds.clear();
    this.refwd = undefined;
  }

  /** subj-blob at `i`: returns the index after it (and one space), or -1. */
  private skipBlob(i: number): number {
    if (this.at(i) !== '[') return -1;
    let j = i + 1;
    while (j < this.end && this.text[j] !== '[' && this.text[j] !== ']') j++;
    if (this.at(j) !== ']') return -1;
    j++;
    if (this.at(j) === ' ') j++;
    return j;
  }

  /** (2) subj-trailer = "(fwd)" / WSP, removed from the end repeatedly. */
  removeTrailers(): void {
    let size = this.end;
    while (size > this.start) {
      if (this.text[size - 1] === ' ') size--;
      else if (size >= 5 && this.text.startsWith('(FWD)', size - 5)) {
        this.replyOrForward = true;
        size -= 5;
      } else break;
    }
    this.setEnd(size);
  }

  /** Where the run of whole blobs starting at `i` ends (at a non-blob, or at a blob that does not close). */
  private blobRunEnd(i: number): number {
    const known = this.runEnds.get(i);
    if (known !== undefined) return known;
    const starts: number[] = [];
    let j = i;
    while (this.at(j) === '[') {
      const next = this.skipBlob(j);
      if (next < 0) break;
      starts.push(j);
      j = next;
      const later = this.runEnds.get(j);
      if (later !== undefined) {
        j = later;
        break;
      }
    }
    for (const s of starts) this.runEnds.set(s, j);
    this.runEnds.set(j, j);
    return j;
  }

  /** (3) subj-leader = (*subj-blob subj-refwd) / WSP. */
  removeLeader(): boolean {
    let found = false;
    if (this.at(this.start) === ' ') {
      this.start++;
      found = true;
    }
    const i = this.blobRunEnd(this.start);
    if (this.at(i) === '[') return found; // a blob that does not close: no refwd after it
    const end = this.refwdAt(i);
    if (end < 0) return found;
    this.start = end;
    this.replyOrForward = true;
    return true;
  }

  /** The end of a subj-refwd (`Re:`, `Fwd[2]:` …) at `i`, or -1: the first prefix that matches. */
  private refwdAt(i: number): number {
    if (this.refwd?.at === i) return this.refwd.end;
    let end = -1;
    for (const prefix of this.prefixes) {
      end = this.refwdEnd(i, prefix);
      if (end >= 0) break;
    }
    this.refwd = { at: i, end };
    return end;
  }

  private refwdEnd(i: number, prefix: string): number {
    if (i + prefix.length > this.end || !this.text.startsWith(prefix, i)) return -1;
    let j = i + prefix.length;
    if (this.at(j) === ' ') j++;
    if (this.at(j) === '[') {
      j = this.skipBlob(j);
      if (j < 0) return -1;
    }
    return this.at(j) === ':' ? j + 1 : -1;
  }

  /** (4) a leading subj-blob goes when something is left after it. */
  removeBlobWhenNonEmpty(): boolean {
    const next = this.skipBlob(this.start);
    if (next < 0 || next >= this.end) return false;
    this.start = next;
    return true;
  }

  /** (6) subj-fwd = "[fwd:" subject "]". */
  removeFwdWrapper(): boolean {
    if (this.start + 5 > this.end || !this.text.startsWith('[FWD:', this.start) || this.text[this.end - 1] !== ']') return false;
    this.replyOrForward = true;
    this.setEnd(this.end - 1);
    this.start += 5;
    return true;
  }

  /** What is left. */
  base(): string {
    return this.text.slice(this.start, this.end);
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
  return { base: buf.base(), isReplyOrForward: buf.replyOrForward };
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
