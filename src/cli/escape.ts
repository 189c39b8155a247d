/**
 * Text from input (event ids, messages that quote input, file names, mail subjects) printed to a
 * terminal must not drive the terminal: an ESC starts an ANSI/OSC sequence (colours, cursor moves,
 * window titles, hyperlinks, clipboard writes), C1 controls do the same on some terminals, and
 * bidirectional overrides reorder what is shown. Everything of that kind is shown escaped instead.
 */

/** C0 and C1 controls, DEL, line/paragraph separators and the bidi embedding/override/isolate controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const cp = ch.codePointAt(0)!;
  return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`;
}

/**
 * Shows control characters as escapes (`\x1b`, `\n`, `\u{202e}`), so that text from input cannot
 * move the cursor, recolour, retitle or reorder the terminal. `keep` lists characters to leave as
 * they are (e.g. `'\n'` for multi-line output).
 *
 * @example
 * ```ts
 * escapeControls('id-\u001b]0;pwned\u0007'); // 'id-\\x1b]0;pwned\\x07'
 * ```
 */
export function escapeControls(text: string, keep = ''): string {
  return text.replace(CONTROL, (ch) => (keep.includes(ch) ? ch : escapeOne(ch)));
}

/**
 * `JSON.stringify` whose output is also safe on a terminal: JSON already escapes C0 controls; this
 * escapes DEL, C1 and the bidi controls too (as `\u00XX`), which JSON allows raw. Same value when parsed.
 *
 * @example
 * ```ts
 * import { processIo } from './io.js';
 * const io = processIo();
 * const report = { id: 'id-\u001b]0;pwned\u0007' }; // data from the event log, not to be trusted
 * io.stdout(`${terminalSafeJson(report)}\n`);
 * ```
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
