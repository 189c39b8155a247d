/**
 * Terminal formatting for the CLI: aligned tables, optional colour, and a progress bar. Pure except
 * for the progress bar, which writes through the function it is given.
 */

const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Removes colour escape codes.
 *
 * @example
 * ```ts
 * stripAnsi('\u001b[1mbold\u001b[22m'); // 'bold'
 * ```
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Code points a terminal draws two cells wide: Hangul, CJK, full-width forms, most emoji. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Code points that take no cell of their own: combining marks, zero-width joiners, variation selectors. */
function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x20d0 && cp <= 0x20ff)
  );
}

/**
 * How many terminal cells a string takes: colour codes count nothing, wide characters (Korean,
 * Chinese, Japanese, emoji) count two, combining marks nothing.
 *
 * @example
 * ```ts
 * displayWidth('abc'); // 3
 * displayWidth('한국'); // 4
 * ```
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of stripAnsi(text)) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || isZeroWidth(cp)) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

export type Align = 'left' | 'right';

export interface TableOptions {
  /** The first row, set apart by a rule of dashes. */
  readonly header?: readonly string[];
  /** Per column; `left` when not given. Put numbers `right`. */
  readonly align?: readonly Align[];
  /** Spaces between columns (default 2). */
  readonly gap?: number;
  /** Prefix of every line (default none). */
  readonly indent?: string;
}

function pad(cell: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(cell)));
  return align === 'right' ? fill + cell : cell + fill;
}

/**
 * Lays rows out in aligned columns, one line each, ending with a newline (empty string for no rows
 * and no header). The last column is not padded on the left-aligned side, so lines carry no
 * trailing spaces.
 *
 * @example
 * ```ts
 * formatTable([['email', '12'], ['sms', '3']], { header: ['Channel', 'Threads'], align: ['left', 'right'] });
 * // Channel  Threads
 * // -------  -------
 * // email         12
 * // sms            3
 * ```
 */
export function formatTable(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const { header, align = [], gap = 2, indent = '' } = options;
  const all = header ? [header, ...rows] : rows;
  if (all.length === 0) return '';
  const columns = Math.max(...all.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...all.map((r) => displayWidth(r[c] ?? ''))));
  const line = (row: readonly string[]) => {
    const cells = widths.map((w, c) => {
      const a = align[c] ?? 'left';
      const cell = row[c] ?? '';
      return c === columns - 1 && a === 'left' ? cell : pad(cell, w, a);
    });
    return `${indent}${cells.join(' '.repeat(gap))}`.trimEnd();
  };
  const out = all.map(line);
  if (header) out.splice(1, 0, `${indent}${widths.map((w) => '-'.repeat(w)).join(' '.repeat(gap))}`);
  return `${out.join('\n')}\n`;
}

/** Colour helpers that do nothing when colour is off. */
export interface Painter {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/**
 * Colour helpers; with `enabled` false every helper returns its text unchanged.
 *
 * @example
 * ```ts
 * import { colorEnabled, processIo } from './io.js';
 * const io = processIo();
 * const paint = createPainter(colorEnabled(io, 'stdout'));
 * io.stdout(`${paint.green('accepted')} 10\n`);
 * ```
 */
export function createPainter(enabled: boolean): Painter {
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { enabled, bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

/**
 * `1234567` → `1,234,567`: counts read at a glance.
 *
 * @example
 * ```ts
 * formatCount(1234567); // '1,234,567'
 * ```
 */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * One line of a progress bar, at most `columns` cells wide: label, bar, percentage, detail.
 *
 * @example
 * ```ts
 * renderProgressLine({ label: 'ingest', done: 50, total: 100, columns: 40 }); // 'ingest [#######-------]  50%'
 * ```
 */
export function renderProgressLine(p: { label: string; done: number; total: number; columns: number; detail?: string }): string {
  const ratio = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  const detail = p.detail ? ` ${p.detail}` : '';
  const room = p.columns - displayWidth(p.label) - percent.length - displayWidth(detail) - 4;
  const barWidth = Math.max(0, Math.min(40, room));
  const filled = Math.round(ratio * barWidth);
  const bar = barWidth > 0 ? ` [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]` : '';
  return `${p.label}${bar} ${percent}${detail}`;
}

/** A live progress bar; see {@link createProgressBar}. */
export interface ProgressBar {
  update(done: number, detail?: string): void;
  /** Erases the bar (if it was ever drawn). Call before printing the result. */
  finish(): void;
}

export interface ProgressBarOptions {
  readonly write: (text: string) => void;
  readonly now: () => number;
  readonly label: string;
  readonly total: number;
  readonly columns?: number;
  /** Nothing is drawn before this many ms: short work shows no bar at all (default 250). */
  readonly delayMs?: number;
  /** Least time between redraws (default 100). */
  readonly intervalMs?: number;
}

/**
 * A progress bar redrawn in place with `\r`, shown only once work has lasted `delayMs`, and redrawn
 * at most every `intervalMs`. Only create one when stderr is a terminal.
 *
 * @example
 * ```ts
 * import { processIo } from './io.js';
 * const io = processIo();
 * const size = 1 << 20, bytesRead = 1 << 19;
 * const bar = io.stderrIsTTY ? createProgressBar({ write: io.stderr, now: io.now, label: 'ingest', total: size }) : undefined;
 * bar?.update(bytesRead);
 * bar?.finish();
 * ```
 */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const { write, now, label, total, columns = 80, delayMs = 250, intervalMs = 100 } = options;
  const started = now();
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(done, detail) {
      const t = now();
      if (t - started < delayMs || t - lastDraw < intervalMs) return;
      lastDraw = t;
      drawn = true;
      const line = renderProgressLine({ label, done, total, columns: columns - 1, ...(detail === undefined ? {} : { detail }) });
      write(`\r\u001b[2K${line}`);
    },
    finish() {
      if (drawn) write('\r\u001b[2K');
      drawn = false;
    },
  };
}

/**
 * A duration as a person says it, two units at most: `45s`, `24m`, `3h 5m`, `2d 4h`. Negative
 * durations read as zero.
 *
 * @example
 * ```ts
 * formatAge(3 * 3_600_000 + 5 * 60_000); // '3h 5m'
 * ```
 */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}
