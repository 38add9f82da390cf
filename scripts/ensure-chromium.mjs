// Finds the Chromium the browser tests drive (playwright-core with Debian's `chromium`), and
// installs it with apt when it is missing. Plain JavaScript with no dependencies: bootstrap.mjs
// runs it before anything is installed. Also runnable alone: `node scripts/ensure-chromium.mjs`.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SYSTEM_PATH = '/usr/bin/chromium';
// Fonts with it: Chromium without recommended packages has none, and the console speaks Hindi.
const PACKAGES = ['chromium', 'fonts-dejavu-core', 'fonts-lohit-deva'];
const MANUAL = `sudo apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** CHROMIUM_PATH, then /usr/bin/chromium, then `chromium` on PATH; undefined if none. */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return executable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  if (executable(SYSTEM_PATH)) return SYSTEM_PATH;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'chromium'))) return join(dir, 'chromium');
  }
  return undefined;
}

/**
 * Returns Chromium's path, installing Debian's package first when it is missing (as root, or
 * with `sudo -n`). Never throws: when it cannot install, it says how to and returns undefined
 * (the browser tests then fail with the same message).
 */
export function ensureChromium(log = console.log) {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) {
    log(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, which is not an executable; not installing another.`);
    return undefined;
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasApt || (!root && !sudo)) {
    log(
      `Chromium is missing and cannot be installed here (${hasApt ? 'not root and sudo needs a password' : 'no apt-get'}). ` +
        `The browser tests need it: run \`${MANUAL}\`, or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
    return undefined;
  }
  const run = (args) => {
    const [cmd, argv] = root ? [args[0], args.slice(1)] : ['sudo', ['-n', ...args]];
    log(`  $ ${root ? '' : 'sudo -n '}${args.join(' ')}`);
    return spawnSync(cmd, argv, {
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
    });
  };
  const install = () => run(['apt-get', 'install', '-y', '--no-install-recommends', ...PACKAGES]);
  log("» Chromium (for the browser tests) is missing: installing Debian's package with apt-get…");
  let result = install();
  if (
    result.status !== 0 &&
    /Unable to locate package|has no installation candidate|404\s+Not Found|Failed to fetch/i.test(result.stderr ?? '')
  ) {
    process.stderr.write(result.stderr ?? '');
    log('» The package lists are missing or stale: apt-get update, then installing again…');
    const update = run(['apt-get', 'update']);
    if (update.status === 0) result = install();
  }
  if (result.status !== 0) process.stderr.write(result.stderr ?? '');
  const path = findChromium();
  if (path) {
    log(`✓ Chromium installed: ${path}`);
    return path;
  }
  log(
    `✗ Could not install Chromium (see apt-get's output above). The browser tests need it: run \`${MANUAL}\`, or set CHROMIUM_PATH.`,
  );
  return undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = ensureChromium();
  if (path) console.log(path);
  process.exit(path ? 0 : 1);
}
