/**
 * `omnithread demo` as a user runs it: the built binary, as a child process with piped output. The
 * binary is (re)built first when stale; see build.setup.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt } from './build.setup.js';
import { runBinary } from './helpers.js';

let bin = '';
beforeAll(async () => {
  bin = await ensureCliBuilt();
});

/** Runs the built binary with piped output (see runBinary). */
function omnithread(args: readonly string[]) {
  return runBinary(bin, args);
}

const HEADINGS = ['Unified threads per customer', 'Priority queue', 'Routing decisions', 'Service levels', 'Metrics by channel'];

describe.concurrent('omnithread demo (built binary)', () => {
  it('exits 0 and prints all five sections, without colour when piped', async () => {
    const r = await omnithread(['demo']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    HEADINGS.forEach((h, i) => expect(r.stdout).toMatch(new RegExp(`^${i + 1}\\. ${h}`, 'm')));
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toContain('merged from');
  });

  it('--json prints one parseable object with the sections', async () => {
    const r = await omnithread(['demo', '--json', '--seed', '9']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    for (const key of ['customers', 'queue', 'routing', 'sla', 'metrics']) expect(report).toHaveProperty(key);
    expect(report.seed).toBe(9);
    expect(report.totals.customers).toBeGreaterThanOrEqual(45);
    expect(report.routing.decisions.length).toBeGreaterThan(0);
    expect(report.metrics.byChannel.map((m: { channel: string }) => m.channel)).toEqual(['call', 'chat', 'email', 'sms', 'social', 'whatsapp']);
  });

  it('prints byte-identical output for the same seed, and another story for another seed', async () => {
    const [a, b, c] = await Promise.all([omnithread(['demo', '--seed', '123']), omnithread(['demo', '--seed', '123']), omnithread(['demo', '--seed', '124'])]);
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(2000);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    const [ja, jb] = await Promise.all([omnithread(['demo', '--seed', '123', '--json']), omnithread(['demo', '--seed', '123', '--json'])]);
    expect(jb.stdout).toBe(ja.stdout);
  });

  it('exits 2 on a bad seed', async () => {
    const r = await omnithread(['demo', '--seed', 'soon']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain('--seed must be a whole number');
  });
});
