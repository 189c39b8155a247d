/** `omnithread demo` in-process: its sections, JSON, colour rules, flags and the kept event log. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport, truncate } from '../../src/cli/demo/render.js';
import { buildReport } from '../../src/cli/demo/report.js';
import { simulateDay } from '../../src/cli/demo/simulate.js';
import { createPainter, displayWidth, stripAnsi } from '../../src/cli/format.js';
import { runCli } from '../../src/cli/run.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { captureIo, tempDir } from './helpers.js';

const HEADINGS = ['1. Unified threads per customer', '2. Priority queue at 18:30', '3. Routing decisions', '4. Service levels', '5. Metrics by channel'];
const ANSI = /\u001b\[/;

async function demo(argv: readonly string[], io = captureIo()) {
  const code = await runCli(['demo', ...argv], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('omnithread demo', () => {
  it('prints the five sections in order, without colour when stdout is not a terminal', async () => {
    const r = await demo(['--seed', '5']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const at = HEADINGS.map((h) => r.stdout.indexOf(`\n${h}\n`));
    for (const i of at) expect(i).toBeGreaterThan(0);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(/^omnithread demo · seed 5\n/);
    // Aligned columns carry no trailing spaces.
    expect(r.stdout).not.toMatch(/ +\n/);
  });

  it('colours a terminal, unless NO_COLOR is set', async () => {
    const tty = await demo(['--seed', '5'], captureIo({ stdoutIsTTY: true }));
    expect(tty.stdout).toMatch(ANSI);
    const plain = await demo(['--seed', '5'], captureIo({ stdoutIsTTY: true, env: { NO_COLOR: '1' } }));
    expect(plain.stdout).not.toMatch(ANSI);
    expect(stripAnsi(tty.stdout)).toBe(plain.stdout);
  });

  it('--json prints one object with every section, consistent with itself', async () => {
    const r = await demo(['--seed', '5', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['seed', 'tenantId', 'day', 'totals', 'customers', 'queue', 'routing', 'sla', 'metrics', 'log']);
    expect(j.seed).toBe(5);
    expect(j.log).toBeNull();
    expect(j.customers).toHaveLength(j.totals.customers);
    expect(j.customers.reduce((n: number, c: { threads: unknown[] }) => n + c.threads.length, 0)).toBe(j.totals.threads);
    expect(j.customers.filter((c: { mergedFrom: unknown[] }) => c.mergedFrom.length > 0).length).toBeGreaterThanOrEqual(4);
    const scores = j.queue.map((q: { score: number }) => q.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(j.queue[0].reasons.length).toBeGreaterThan(0);
    expect(new Set(j.routing.decisions.map((d: { outcome: string }) => d.outcome))).toEqual(new Set(['assigned', 'queued']));
    expect(j.routing.agents).toHaveLength(8);
    expect(j.sla.breaches.length).toBeGreaterThan(0);
    expect(j.metrics.byChannel.reduce((n: number, m: { threads: number }) => n + m.threads, 0)).toBe(j.metrics.total.threads);
  });

  it('answers usage errors with exit 2 and a message', async () => {
    const cases: [string[], string][] = [
      [['--seed', 'abc'], '--seed must be a whole number from 0 to 4294967295, not "abc"'],
      [['--seed', '-1'], '--seed'],
      [['--seed', '4294967296'], '--seed must be a whole number'],
      [['extra'], 'unexpected argument "extra"'],
      [['--bogus'], "Unknown option '--bogus'"],
    ];
    for (const [argv, message] of cases) {
      const r = await demo(argv);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toContain(message);
    }
  });

  it('--keep DIR keeps the event log, and refuses to write over one', async () => {
    const dir = join(tempDir(), 'kept');
    const r = await demo(['--seed', '3', '--keep', dir]);
    expect(r.code).toBe(0);
    const log = join(dir, 'events.log');
    expect(existsSync(log)).toBe(true);
    expect(r.stdout).toContain(`omnithread replay --store file:${log}`);
    const replay = captureIo();
    expect(await runCli(['replay', '--store', `file:${log}`, '--json'], replay)).toBe(0);
    const json = await demo(['--seed', '3', '--json', '--keep', join(dir, 'again')]);
    const report = JSON.parse(json.stdout);
    const state = JSON.parse(replay.out());
    expect([state.customers, state.threads, state.position]).toEqual([report.totals.customers, report.totals.threads, report.totals.events]);
    const again = await demo(['--seed', '3', '--keep', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('is listed first in the top-level help and has its own', async () => {
    const top = captureIo();
    await runCli(['--help'], top);
    expect(top.out()).toMatch(/Commands:\n {2}demo +\S/);
    const help = await demo(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: omnithread demo \[--seed N\] \[--json\] \[--keep DIR\]/);
  });
});

describe('the report', () => {
  it('renders the same text from the same day, and stays plain with colour off', async () => {
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const run = await simulateDay({ seed: 11, store: createMemoryStore() });
      texts.push(renderReport(buildReport(run), createPainter(false)));
      await run.engine.close();
    }
    expect(texts[0]).toBe(texts[1]);
    expect(texts[0]).not.toMatch(ANSI);
  });

  it('holds for other seeds too: every event accepted, profiles merged, service levels missed', async () => {
    for (const seed of [0, 1234, 4294967295]) {
      const run = await simulateDay({ seed, store: createMemoryStore() });
      const report = buildReport(run);
      await run.engine.close();
      expect(report.totals.rejected, `seed ${seed}`).toBe(0);
      expect(report.totals.mergedProfiles, `seed ${seed}`).toBeGreaterThanOrEqual(4);
      expect(report.sla.breaches.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(report.queue.length, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('truncates by terminal cells, wide characters counting two', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a  b\n c', 10)).toBe('a b c');
    const cut = truncate('주문한 상품이 아직 안 왔어요', 10);
    expect(cut.endsWith('…')).toBe(true);
    expect(displayWidth(cut)).toBeLessThanOrEqual(10);
  });
});
