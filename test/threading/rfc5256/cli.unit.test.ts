import { describe, expect, it } from 'vitest';
import { runThreadMbox } from '../../../src/threading/rfc5256/index.js';

const MBOX = [
  'From a@b Fri Feb 22 15:06:23 2008', 'Message-ID: <1@b>', 'Subject: Lunch?', '', 'x', '',
  'From a@b Fri Feb 22 15:07:23 2008', 'Message-ID: <2@b>', 'Subject: Other', '', 'y', '',
  'From a@b Fri Feb 22 15:08:23 2008', 'In-Reply-To: <1@b>', 'Subject: Re: Lunch?', '', 'z', '',
].join('\n');

async function run(argv: string[], files: Record<string, string> = { 'in.mbox': MBOX }) {
  let stdout = '';
  let stderr = '';
  const code = await runThreadMbox(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error('ENOENT: no such file');
      return new TextEncoder().encode(text);
    },
  });
  return { code, stdout, stderr };
}

describe('omnithread thread-mbox', () => {
  it('prints the IMAP THREAD REFERENCES answer', async () => {
    expect(await run(['in.mbox'])).toEqual({ code: 0, stdout: '* THREAD (1 3)(2)\n', stderr: '' });
  });

  it('supports ORDEREDSUBJECT', async () => {
    expect((await run(['in.mbox', '--algorithm', 'orderedsubject'])).stdout).toBe('* THREAD (1 3)(2)\n');
    expect((await run(['-a', 'ORDEREDSUBJECT', 'in.mbox'])).code).toBe(0);
  });

  it('prints an indented tree with --tree', async () => {
    expect((await run(['in.mbox', '--tree'])).stdout).toBe('1 Lunch?\n  3 Re: Lunch?\n2 Other\n');
  });

  it('prints help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: omnithread thread-mbox FILE.mbox');
  });

  it('fails with 2 on usage errors and 1 on unreadable or invalid input', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['a', 'b'])).code).toBe(2);
    expect((await run(['in.mbox', '--algorithm', 'jwz'])).code).toBe(2);
    expect((await run(['in.mbox', '--bogus'])).code).toBe(2);
    const missing = await run(['nope.mbox']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read nope.mbox');
    const invalid = await run(['bad.mbox'], { 'bad.mbox': 'not an mbox\n' });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("doesn't begin with a valid 'From ' line");
  });
});
