// `npm test`: typecheck, lint and format check, the dependency rules (.dependency-cruiser.cjs),
// then the whole vitest suite against real services (Temporal dev server, PostgreSQL, SMTP).
// Fails at the first failing stage.
// Extra arguments go to vitest (e.g. `npm test -- test/unit`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolveTemporalCli } from '../dev/temporal-cli.js';

const args = process.argv.slice(2);
const bin = (name: string) => `node_modules/.bin/${name}`;

function stage(title: string, command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env) {
  const started = Date.now();
  console.log(`\n» ${title}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✗ ${title} failed after ${seconds} s`);
    return false;
  }
  console.log(`✓ ${title} (${seconds} s)`);
  return true;
}

async function main() {
  if (!stage('Typecheck (tsc)', bin('tsc'), ['-p', '.'])) return 1;
  if (!stage('Typecheck the console (tsc)', bin('tsc'), ['-p', 'console'])) return 1;
  if (!stage('Lint and format (biome)', bin('biome'), ['check', '.'])) return 1;
  if (
    !stage('Dependencies point one way (dependency-cruiser)', bin('depcruise'), [
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
      '.',
    ])
  )
    return 1;

  // Resolve (and if need be build) the Temporal CLI here, with progress, before vitest starts.
  const cli = await resolveTemporalCli((line) => console.log(`  ${line}`));
  const env = { ...process.env, ...(cli.kind === 'path' ? { TEMPORAL_CLI_PATH: cli.path } : {}) };
  const report = 'test-results/vitest.json';
  const ok = stage(
    'Tests (vitest, real Temporal, PostgreSQL and SMTP)',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    env,
  );
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    // The plain closing line CI reads, whatever the runner.
    console.log(
      `\n${r.numPassedTests} passed, ${r.numFailedTests} failed${r.numPendingTests ? `, ${r.numPendingTests} skipped` : ''}`,
    );
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`npm test could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
