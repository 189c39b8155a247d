/**
 * The layer rule (issue 14): imports inside src/ point one way.
 *
 *   errors.ts ← events ← agents ← identity ← threading ← fold ← policies ← store ← engine ← cluster ← channels | cli | testing
 *
 * A folder may import only from folders to its left (errors.ts is usable by all). channels, cli and testing
 * sit side by side at the top and do not import each other. The main barrel (src/index.ts) must not pull in
 * the other entry points. `npm run lint` runs this; test/lint/layers.unit.test.ts proves it fails on a violation.
 */

/** The layers, left (lowest) to right. Each entry is the path regex of one layer's files. */
const LAYERS = [
  ['events', '^src/events/'],
  ['agents', '^src/agents/'],
  ['identity', '^src/identity/'],
  ['threading', '^src/threading/'],
  ['fold', '^src/fold/'],
  ['policies', '^src/policies/'],
  ['store', '^src/store/'],
  ['engine', '^src/engine/'],
  ['cluster', '^src/cluster/'],
];
const TOP = [
  ['channels', '^src/channels/'],
  ['cli', '^src/cli/'],
  ['testing', '^src/testing/'],
];

const layerRules = LAYERS.map(([name, path], i) => ({
  name: `layer-${name}`,
  comment: `${name} may import only the layers to its left (${LAYERS.slice(0, i).map(([n]) => n).join(', ') || 'errors.ts only'})`,
  severity: 'error',
  from: { path },
  to: {
    path: [...LAYERS.slice(i + 1), ...TOP].map(([, p]) => p),
  },
}));

const topRules = TOP.map(([name, path]) => ({
  name: `layer-${name}`,
  comment: `${name} is a top layer: it does not import the other top layers (${TOP.filter(([n]) => n !== name).map(([n]) => n).join(', ')})`,
  severity: 'error',
  from: { path },
  to: { path: TOP.filter(([n]) => n !== name).map(([, p]) => p) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    ...topRules,
    {
      name: 'errors-imports-nothing',
      comment: 'src/errors.ts is usable by every layer, so it imports no other file of src/',
      severity: 'error',
      from: { path: '^src/errors\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'main-barrel-is-the-core',
      comment: 'src/index.ts does not re-export the other entry points (omnithread/testing needs fast-check, cli is a program)',
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: { path: ['^src/testing/', '^src/cli/', '^src/channels/', '^src/store/postgres/', '^src/cluster/', '^src/postgres/'] },
    },
    {
      name: 'no-barrel-inside-src',
      comment: 'code inside src/ imports the module it needs, never the public barrel (cycles, and everything loaded)',
      severity: 'error',
      from: { path: '^src/' },
      // src/postgres/index.ts is the barrel of omnithread/postgres (store + cluster), above every layer.
      to: { path: ['^src/index\\.ts$', '^src/postgres/'] },
    },
    {
      name: 'core-is-pure',
      comment: 'the core below the store is pure: no Node built-ins (no I/O); node:url is a pure function (IDN domains); the rfc5256 command-line script reads files',
      severity: 'error',
      from: { path: '^src/(events|agents|identity|threading|fold|policies)/', pathNot: '^src/(threading/rfc5256/cli|events/plain-data)\\.ts$' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?url$' },
    },
    {
      name: 'input-copy-is-pure',
      comment: 'the input copy may ask node:util whether an object is a Proxy (types.isProxy, a pure predicate), nothing else of Node',
      severity: 'error',
      from: { path: '^src/events/plain-data\\.ts$' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?util$' },
    },
    {
      name: 'fast-check-only-in-testing',
      comment: 'fast-check is an optional peer dependency: only omnithread/testing may import it',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/testing/' },
      to: { path: 'node_modules/fast-check/' },
    },
    {
      name: 'pg-only-in-postgres',
      comment: 'pg is an optional peer dependency: only omnithread/postgres (the store and the partition owners) may import it',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/store/postgres/', '^src/cluster/'] },
      to: { path: 'node_modules/pg/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles anywhere in src/',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves (a typo or a missing dependency fails here, not at a user)',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dependency',
      comment: 'the published code imports no devDependency (it would be missing at a user); peers are fine',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['npm-peer'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
