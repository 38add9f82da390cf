// Builds the operator console (console/src, Preact + TypeScript) into console/dist with
// esbuild: one hashed script, one hashed stylesheet and an index.html that names them.
// `npm start` and the test setup call buildConsole(); `npm run console:build` runs it alone.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CONSOLE_SOURCE = join(root, 'console');
export const CONSOLE_DIST = join(root, 'console', 'dist');

export interface ConsoleBuild {
  dir: string;
  script: string;
  stylesheet: string;
  bytes: number;
}

export async function buildConsole(opts: { outdir?: string; minify?: boolean } = {}): Promise<ConsoleBuild> {
  const outdir = opts.outdir ?? CONSOLE_DIST;
  // Never empties the folder first: a running API (a test run, another `npm start`) may be
  // serving it. Names carry content hashes, and index.html is replaced in one rename.
  await mkdir(join(outdir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(CONSOLE_SOURCE, 'src', 'main.tsx')],
    outdir: join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: opts.minify ?? true,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) =>
    relative(join(outdir, 'assets'), join(root, file)),
  );
  const script = outputs.find((f) => f.endsWith('.js'));
  const stylesheet = outputs.find((f) => f.endsWith('.css'));
  if (!script || !stylesheet) throw new Error(`console build produced no script or stylesheet (${outputs.join(', ')})`);
  const template = await readFile(join(CONSOLE_SOURCE, 'index.html'), 'utf8');
  const html = template
    .replace('%SCRIPT%', `/console/assets/${basename(script)}`)
    .replace('%STYLESHEET%', `/console/assets/${basename(stylesheet)}`);
  for (const name of [script, stylesheet]) {
    const file = join(outdir, 'assets', name);
    await writeFile(`${file}.gz`, gzipSync(await readFile(file), { level: 9 }));
  }
  const temporary = join(outdir, `.index.html.${process.pid}`);
  await writeFile(temporary, html);
  await rename(temporary, join(outdir, 'index.html'));
  await removeStaleAssets(join(outdir, 'assets'), new Set(outputs));
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + (o.bytes ?? 0), 0);
  return { dir: outdir, script, stylesheet, bytes };
}

/** Assets of earlier builds, once no page loaded in the last hour can still ask for them. */
async function removeStaleAssets(dir: string, keep: Set<string>) {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of await readdir(dir)) {
    if (keep.has(name.replace(/\.(map|gz)$/, ''))) continue;
    const file = join(dir, name);
    if ((await stat(file)).mtimeMs < hourAgo) await rm(file, { force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildConsole().then(
    (b) =>
      console.log(
        `console built into ${relative(root, b.dir)} (${b.script}, ${b.stylesheet}; ${Math.round(b.bytes / 1024)} KiB with source maps)`,
      ),
    (error) => {
      console.error(`console build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
