/**
 * The layer rule (.dependency-cruiser.cjs) must fail on a violation, not only pass on today's code: a
 * small fixture tree, one file per kind of violation plus imports that are allowed, cruised with the
 * project's own config. `npm run lint` runs the same config on src/.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../docs/markdown.js';

// Inside the checkout (not the OS temp dir), so that 'fast-check' resolves from the project's node_modules.
const FIXTURE = join(ROOT, '.tmp', `layer-rule-${process.pid}`);

/** Fixture file → its source. Each file named `bad-*` breaks exactly one rule; `ok-*` files break none. */
const FILES: Record<string, string> = {
  'src/errors.ts': 'export const E = 1;\n',
  'src/events/schemas.ts': "import { E } from '../errors.js';\nexport const S = E;\n",
  'src/identity/ok-uses-events.ts': "import { S } from '../events/schemas.js';\nexport const I = S;\n",
  'src/identity/bad-imports-fold.ts': "import { F } from '../fold/ok-core.js';\nexport const X = F;\n",
  'src/threading/bad-imports-engine.ts': "import { G } from '../engine/ok-engine.js';\nexport const X = G;\n",
  'src/fold/ok-core.ts': "import { I } from '../identity/ok-uses-events.js';\nexport const F = I;\n",
  'src/fold/bad-imports-policies.ts': "import { P } from '../policies/ok-policy.js';\nexport const X = P;\n",
  'src/fold/bad-reads-files.ts': "import { readFileSync } from 'node:fs';\nexport const X = readFileSync;\n",
  'src/policies/ok-policy.ts': "import { F } from '../fold/ok-core.js';\nexport const P = F;\n",
  'src/policies/bad-imports-testing.ts': "import { T } from '../testing/ok-testing.js';\nexport const X = T;\n",
  'src/store/bad-imports-engine.ts': "import { G } from '../engine/ok-engine.js';\nexport const X = G;\n",
  'src/engine/ok-engine.ts': "import { P } from '../policies/ok-policy.js';\nexport const G = P;\n",
  'src/engine/bad-uses-fast-check.ts': "import fc from 'fast-check';\nexport const X = fc;\n",
  'src/engine/bad-cycle-a.ts': "import { B } from './bad-cycle-b.js';\nexport const A = 1;\nexport const X = B;\n",
  'src/engine/bad-cycle-b.ts': "import { A } from './bad-cycle-a.js';\nexport const B = A;\n",
  'src/testing/ok-testing.ts': "import fc from 'fast-check';\nimport { G } from '../engine/ok-engine.js';\nexport const T = [fc, G];\n",
  'src/channels/bad-imports-cli.ts': "import { C } from '../cli/ok-cli.js';\nexport const X = C;\n",
  'src/cli/ok-cli.ts': "import { G } from '../engine/ok-engine.js';\nexport const C = G;\n",
  'src/index.ts': "export { G } from './engine/ok-engine.js';\nexport { T } from './testing/ok-testing.js';\n",
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true }, include: ['src'] }),
};

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

let violations: Violation[] = [];

beforeAll(async () => {
  rmSync(FIXTURE, { recursive: true, force: true });
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(FIXTURE, file)), { recursive: true });
    writeFileSync(join(FIXTURE, file), text);
  }
  const bin = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const args = [bin, 'src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'];
  // depcruise exits non-zero when it finds violations: that is the point here, so read its JSON either way.
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, args, { cwd: FIXTURE, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
      if (out.trim().startsWith('{')) resolve(out);
      else reject(new Error(`depcruise printed no report: ${error?.message ?? ''}\n${err}`));
    });
  });
  violations = (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}, 60_000);

afterAll(() => rmSync(FIXTURE, { recursive: true, force: true }));

const rulesOf = (from: string) => [...new Set(violations.filter((v) => v.from === from).map((v) => v.rule.name))].sort();

describe('the layer rule (.dependency-cruiser.cjs)', () => {
  it.each([
    ['src/identity/bad-imports-fold.ts', ['layer-identity']],
    ['src/threading/bad-imports-engine.ts', ['layer-threading']],
    ['src/fold/bad-imports-policies.ts', ['layer-fold']],
    ['src/fold/bad-reads-files.ts', ['core-is-pure']],
    ['src/policies/bad-imports-testing.ts', ['layer-policies']],
    ['src/store/bad-imports-engine.ts', ['layer-store']],
    ['src/engine/bad-uses-fast-check.ts', ['fast-check-only-in-testing']],
    ['src/channels/bad-imports-cli.ts', ['layer-channels']],
    ['src/index.ts', ['main-barrel-is-the-core']],
  ])('%s breaks %j', (file, rules) => {
    expect(rulesOf(file)).toEqual(rules);
  });

  it('an import cycle breaks no-circular (reported from one side of it)', () => {
    const cycle = [...rulesOf('src/engine/bad-cycle-a.ts'), ...rulesOf('src/engine/bad-cycle-b.ts')];
    expect(cycle).toEqual(['no-circular']);
  });

  it('imports to the left, and fast-check inside testing/, are allowed', () => {
    const allowed = violations.filter((v) => /\/ok-[^/]+\.ts$/.test(v.from) || v.from === 'src/events/schemas.ts');
    expect(allowed).toEqual([]);
  });

  it('every violation is one of the expected ones (no rule fires by accident)', () => {
    const unexpected = violations.filter((v) => !/\/bad-[^/]+\.ts$/.test(v.from) && v.from !== 'src/index.ts');
    expect(unexpected).toEqual([]);
  });
});
