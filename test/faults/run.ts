// `npm run test:faults`: the fault tests on both topologies, one after the other —
// Temporal's dev server (SQLite), then Temporal's server on PostgreSQL. JEEVAN_TOPOLOGY=dev
// or =postgres runs one. Binaries are resolved (and built with Go if need be) here, with
// progress, before vitest starts. Extra arguments go to vitest. Prints what was measured.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTemporalCli } from '../../dev/temporal-cli.js';
import { resolveTemporalServer, serverVersion } from '../../dev/temporal-server-binaries.js';
import { type Topology, topologyFromEnv } from './global-setup.js';

const say = (line: string) => console.log(`  ${line}`);

async function main(): Promise<number> {
  const topologies: Topology[] = process.env.JEEVAN_TOPOLOGY ? [topologyFromEnv()] : ['dev', 'postgres'];
  const env: NodeJS.ProcessEnv = { ...process.env };
  const cli = await resolveTemporalCli(say);
  if (cli.kind === 'path') env.TEMPORAL_CLI_PATH = cli.path;
  if (topologies.includes('postgres')) {
    const started = Date.now();
    const binaries = await resolveTemporalServer(say, env);
    say(
      `Temporal server: ${serverVersion(binaries.server)} (${binaries.from}, ${Math.round((Date.now() - started) / 1000)} s)`,
    );
    env.TEMPORAL_SERVER_PATH = binaries.server;
    env.TEMPORAL_SQL_TOOL_PATH = binaries.sqlTool;
  }
  let failed = 0;
  const summary: Record<string, unknown> = {};
  for (const topology of topologies) {
    const started = Date.now();
    console.log(
      `\n» Fault tests on the ${topology === 'dev' ? 'dev server (SQLite)' : 'Temporal server on PostgreSQL'} topology`,
    );
    const result = spawnSync(
      'node_modules/.bin/vitest',
      ['run', '--config', 'vitest.faults.config.ts', ...process.argv.slice(2)],
      {
        stdio: 'inherit',
        env: { ...env, JEEVAN_TOPOLOGY: topology },
      },
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    if (result.status !== 0) failed += 1;
    console.log(`${result.status === 0 ? '✓' : '✗'} fault tests on ${topology} (${seconds} s)`);
    summary[topology] = { passed: result.status === 0, seconds, tests: collect(topology) };
  }
  writeFileSync(join('test-results', 'faults-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  printSummary(summary);
  return failed === 0 ? 0 : 1;
}

/** numbers.json of every fault test of a topology. */
function collect(topology: Topology): Record<string, unknown> {
  const dir = join('test-results', 'faults', topology);
  if (!existsSync(dir)) return {};
  const out: Record<string, unknown> = {};
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, 'numbers.json');
    if (existsSync(file)) out[name] = JSON.parse(readFileSync(file, 'utf8'));
  }
  return out;
}

function printSummary(summary: Record<string, unknown>) {
  console.log('\nWhat the fault tests measured (test-results/faults-summary.json):');
  for (const [topology, s] of Object.entries(summary) as [
    string,
    { seconds: number; tests: Record<string, { invariants?: { cases: number; resent: number } }> },
  ][]) {
    const tests = Object.entries(s.tests);
    const cases = tests.reduce((n, [, t]) => n + (t.invariants?.cases ?? 0), 0);
    const resent = tests.reduce((n, [, t]) => n + (t.invariants?.resent ?? 0), 0);
    console.log(
      `  ${topology}: ${tests.length} fault tests, ${cases} cases checked, ${resent} e-mail(s) resent (crash window only), ${s.seconds} s`,
    );
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`npm run test:faults could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
