// Dependencies point one way: contract → domain → (workflows | activities | db) → api/worker → scripts/bench.
// `npm test` runs this (scripts/test.ts, after biome): any violation fails the run. Each rule says why.

/** Pure, side-effect-free npm packages the shared modules may use. */
const PURE_NPM = ['typebox'];
const npm = (names) => `^node_modules/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'No cycles, not even through a type: a cycle means two modules are one module, or one is in the wrong place.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment:
        'contract/ and domain/ are shared by the API, the worker, the workflow sandbox and the console: they import only each other and pure libraries (no node: built-ins, no I/O).',
      from: { path: '^(contract|domain)/' },
      to: { pathNot: [`^(contract|domain)/`, npm(PURE_NPM)] },
    },
    {
      name: 'workflows-are-deterministic',
      severity: 'error',
      comment:
        "workflows/ runs in Temporal's sandbox: it imports only contract/, domain/, itself and @temporalio/workflow (activities only as types, through the proxy).",
      from: { path: '^workflows/' },
      to: {
        pathNot: ['^(contract|domain|workflows)/', npm(['@temporalio/workflow'])],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'workflows-types-from-activities-only',
      severity: 'error',
      comment:
        'A type-only import from outside the sandbox is allowed only from activities/ (the proxy needs their signatures).',
      from: { path: '^workflows/' },
      to: {
        dependencyTypes: ['type-only'],
        pathNot: [
          '^(contract|domain|workflows|activities)/',
          npm(['@temporalio/workflow', '@temporalio/common', ...PURE_NPM]),
        ],
      },
    },
    {
      name: 'console-is-a-browser-app',
      severity: 'error',
      comment:
        'The console runs in the browser and talks to the API over HTTP only: it imports itself, contract/, domain/ and its npm packages.',
      from: { path: '^console/src/' },
      to: { pathNot: ['^console/src/', '^(contract|domain)/', npm(['preact', ...PURE_NPM])] },
    },
    {
      name: 'api-does-not-run-activities',
      severity: 'error',
      comment:
        'The API is its own program: it asks the workflow through Temporal, never calls activities, workflow code or the worker itself. What both need lives in lib/ (e.g. lib/directory/directory.ts).',
      from: { path: '^api/' },
      to: { path: '^(activities|workflows|worker)/' },
    },
    {
      name: 'production-never-imports-tests',
      severity: 'error',
      comment: 'Production code never imports test/ or bench/ (they may import it, not the other way round).',
      from: { path: '^(activities|api|config|console|contract|db|domain|lib|worker|workflows|dev|scripts|deploy)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'bench-never-imports-tests',
      severity: 'error',
      comment: 'bench/ and test/ share harness code through dev/, never by importing each other.',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves (a typo or a missing package is caught here, with the importer named).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules/', '^data/', '^console/dist/', '^test-results/', '^bench/results/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.mts', '.mts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
