// Jeevan supports one Node.js major, 24 (LTS). On an older Node (Debian's 20, past its end of
// life), `npm start`, `npm test` and the other commands fetch Node 24 from the npm registry (the
// `node-<platform>-<arch>` packages the `node` package installs from), cache it outside the
// repository, and run on it. Plain JavaScript with no dependencies: bootstrap.mjs runs it first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SUPPORTED_MAJOR = 24;
/** Pinned, so every machine and CI runs the same build. */
export const NODE_VERSION = '24.22.3';

export function nodeCacheDir(env = process.env) {
  const base = env.JEEVAN_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'jeevan');
  return join(base, 'node', `v${NODE_VERSION}`);
}

export function isSupported(version = process.versions.node) {
  return Number(version.split('.')[0]) >= SUPPORTED_MAJOR;
}

/** The path of a Node 24 binary: the cached one, or one fetched into the cache now. Throws with advice. */
export function ensureNode24(log = (line) => console.error(line), env = process.env) {
  const dir = nodeCacheDir(env);
  const binary = join(dir, 'bin', 'node');
  if (existsSync(binary)) return binary;
  const pkg = `node-${process.platform}-${process.arch}@${NODE_VERSION}`;
  log(
    `» Node ${process.versions.node} is older than Jeevan's supported Node ${SUPPORTED_MAJOR}: fetching ${pkg} from the npm registry into ${dir} (once, about 50 MB)…`,
  );
  mkdirSync(join(dir, '..'), { recursive: true });
  const scratch = mkdtempSync(`${dir}.partial-`);
  try {
    const pack = spawnSync('npm', ['pack', pkg, '--pack-destination', scratch, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
    if (pack.status !== 0 || !tarball) throw new Error(`npm pack ${pkg} failed`);
    const untar = spawnSync('tar', ['xzf', join(scratch, tarball), '-C', scratch], { stdio: 'inherit' });
    if (untar.status !== 0 || !existsSync(join(scratch, 'package', 'bin', 'node')))
      throw new Error(`could not unpack ${tarball}`);
    const check = spawnSync(join(scratch, 'package', 'bin', 'node'), ['--version'], { encoding: 'utf8' });
    if (check.stdout.trim() !== `v${NODE_VERSION}`)
      throw new Error(`the unpacked Node says ${check.stdout.trim() || check.error}`);
    renameSync(join(scratch, 'package'), dir); // atomic: a killed fetch leaves no half install
    return binary;
  } catch (error) {
    throw new Error(
      `${error.message}. Install Node.js ${SUPPORTED_MAJOR} yourself (from nodejs.org or your package manager) and run the command again.`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
