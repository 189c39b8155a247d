/**
 * One-way layers over src/ (run by `npm run lint`): a module may import from its own folder or from a
 * folder in a lower tier, never from its own tier's neighbours or anything above. This keeps the pure
 * core (fold) free of policies, stores and I/O, and makes cycles between folders impossible.
 *
 *   errors.ts → events → agents, identity → threading → fold → policies → store → engine → cluster → channels, cli, testing
 *
 * src/errors.ts and src/agents are shared leaves (errors imports nothing; agents only event primitives).
 * src/index.ts and src/postgres/index.ts (`omnithread/postgres`: store + cluster) are public barrels on top
 * of everything; nothing inside src may import them.
 * Type-only imports count too: a type dependency is still a dependency of the design.
 */

/** Lowest tier first; folders in one tier are peers and may not import each other. */
const TIERS = [['errors.ts'], ['events'], ['agents', 'identity'], ['threading'], ['fold'], ['policies'], ['store'], ['engine'], ['cluster'], ['channels', 'cli', 'testing']];

/** A path regex for a folder of src/ (or the single file src/errors.ts). */
const at = (name) => (name.endsWith('.ts') ? `^src/${name.replace('.', '\\.')}$` : `^src/${name}/`);

const layerRules = TIERS.flatMap((tier, level) =>
  tier.map((name) => {
    const notAllowed = TIERS.slice(level)
      .flat()
      .filter((other) => other !== name);
    return {
      name: `layer-${name.replace('.ts', '')}`,
      comment: `src/${name} may import only from itself and from lower tiers (${TIERS.slice(0, level).flat().join(', ') || 'nothing'})`,
      severity: 'error',
      from: { path: at(name) },
      to: { path: notAllowed.map(at) },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-root-barrel-inside-src',
      comment: 'src/index.ts is the public surface; importing it from inside src creates cycles through everything',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ['^src/index\\.ts$', '^src/postgres/'] },
    },
    {
      name: 'fold-is-pure',
      comment: 'src/fold is the pure core (no I/O, time is an input): it may not import node: built-ins',
      severity: 'error',
      from: { path: '^src/fold/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-unresolvable',
      comment: 'an import that cannot be resolved would silently escape the layer rules above',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
