import { describe, expect, it } from 'vitest';
import {
  createPainter,
  createProgressBar,
  displayWidth,
  formatAge,
  formatCount,
  formatTable,
  renderProgressLine,
  stripAnsi,
} from '../../src/cli/format.js';
import { type Io, colorEnabled } from '../../src/cli/io.js';

describe('displayWidth', () => {
  it('counts cells: ASCII one, Hangul and CJK two, colour codes and combining marks none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('배송')).toBe(4);
    expect(displayWidth('注文')).toBe(4);
    expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('')).toBe(0);
  });
});

describe('formatTable', () => {
  it('aligns columns, right-aligns where asked, and rules off the header', () => {
    const text = formatTable(
      [
        ['email', '12'],
        ['whatsapp', '3'],
      ],
      { header: ['Channel', 'Threads'], align: ['left', 'right'] },
    );
    expect(text).toBe(['Channel   Threads', '--------  -------', 'email          12', 'whatsapp        3', ''].join('\n'));
  });

  it('leaves no trailing spaces and pads short rows', () => {
    const text = formatTable([['a', 'long cell'], ['bbbb']]);
    for (const line of text.split('\n')) expect(line).toBe(line.trimEnd());
    expect(text).toBe('a     long cell\nbbbb\n');
  });

  it('aligns wide characters and coloured cells by what the terminal shows', () => {
    const red = createPainter(true).red;
    const text = formatTable([
      ['배송', 'x'],
      [red('ab'), 'y'],
      ['abcd', 'z'],
    ]);
    const columnOfSecond = text
      .trimEnd()
      .split('\n')
      .map((line) => displayWidth(stripAnsi(line).slice(0, -1)));
    expect(columnOfSecond).toEqual([6, 6, 6]);
  });

  it('indents every line and renders nothing for no rows', () => {
    expect(formatTable([['a', 'b']], { indent: '  ' })).toBe('  a  b\n');
    expect(formatTable([])).toBe('');
  });
});

describe('createPainter', () => {
  it('wraps text in SGR codes only when enabled', () => {
    expect(createPainter(true).bold('x')).toBe('\u001b[1mx\u001b[22m');
    expect(createPainter(true).green('ok')).toBe('\u001b[32mok\u001b[39m');
    const off = createPainter(false);
    expect([off.bold('x'), off.red('x'), off.dim('x'), off.cyan('x'), off.yellow('x')]).toEqual(['x', 'x', 'x', 'x', 'x']);
  });
});

describe('colorEnabled', () => {
  const io = (tty: boolean, env: Record<string, string | undefined>): Io => ({
    stdout: () => {},
    stderr: () => {},
    stdoutIsTTY: tty,
    stderrIsTTY: false,
    env,
    now: () => 0,
  });
  it('is on for a terminal without NO_COLOR, off otherwise', () => {
    expect(colorEnabled(io(true, {}), 'stdout')).toBe(true);
    expect(colorEnabled(io(true, { NO_COLOR: '' }), 'stdout')).toBe(true);
    expect(colorEnabled(io(true, { NO_COLOR: '1' }), 'stdout')).toBe(false);
    expect(colorEnabled(io(false, {}), 'stdout')).toBe(false);
    expect(colorEnabled(io(true, {}), 'stderr')).toBe(false);
  });
});

describe('formatCount and formatAge', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
  it('says a duration in at most two units', () => {
    expect(formatAge(-5000)).toBe('0s');
    expect(formatAge(45_000)).toBe('45s');
    expect(formatAge(24 * 60_000)).toBe('24m');
    expect(formatAge(3 * 3_600_000)).toBe('3h');
    expect(formatAge(3 * 3_600_000 + 5 * 60_000 + 59_000)).toBe('3h 5m');
    expect(formatAge(2 * 86_400_000 + 4 * 3_600_000)).toBe('2d 4h');
    expect(formatAge(2 * 86_400_000)).toBe('2d');
  });
});

describe('renderProgressLine', () => {
  it('shows the share done, clamped, and fits the width', () => {
    const half = renderProgressLine({ label: 'ingest', done: 50, total: 100, columns: 30 });
    expect(half).toMatch(/^ingest \[#+-+\]  50%$/);
    expect(displayWidth(half)).toBeLessThanOrEqual(30);
    expect(renderProgressLine({ label: 'x', done: 500, total: 100, columns: 80 })).toMatch(/\[#+\] 100%$/);
    expect(renderProgressLine({ label: 'x', done: 5, total: 0, columns: 80 })).toMatch(/\[-+\]   0%$/);
    expect(renderProgressLine({ label: 'ingest', done: 1, total: 2, columns: 10, detail: '9 lines' })).toBe('ingest  50% 9 lines');
  });
});

describe('createProgressBar', () => {
  function harness(delayMs = 250, intervalMs = 100) {
    let t = 0;
    const written: string[] = [];
    const bar = createProgressBar({ write: (s) => written.push(s), now: () => t, label: 'replay', total: 10, columns: 60, delayMs, intervalMs });
    return { bar, written, advance: (ms: number) => (t += ms) };
  }

  it('draws nothing for short work and erases nothing it never drew', () => {
    const { bar, written, advance } = harness();
    bar.update(5);
    advance(200);
    bar.update(9);
    bar.finish();
    expect(written).toEqual([]);
  });

  it('draws after the delay, at most once per interval, then erases its line', () => {
    const { bar, written, advance } = harness();
    advance(300);
    bar.update(3);
    advance(10);
    bar.update(4);
    advance(100);
    bar.update(10);
    bar.finish();
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^\r\u001b\[2Kreplay \[#+-+\]  30%$/);
    expect(written[1]).toMatch(/ 100%$/);
    expect(written[2]).toBe('\r\u001b[2K');
  });
});
