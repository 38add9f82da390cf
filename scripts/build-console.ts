// Builds the operator console (console/src, Preact + TypeScript) into console/dist with
// esbuild: one hashed script, one hashed stylesheet and an index.html that names them.
// `npm start` and the test setup call buildConsole(); `npm run console:build` runs it alone.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  await rm(outdir, { recursive: true, force: true });
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
  const outputs = Object.keys(result.metafile.outputs).map((file) => relative(join(outdir, 'assets'), join(root, file)));
  const script = outputs.find((f) => f.endsWith('.js'));
  const stylesheet = outputs.find((f) => f.endsWith('.css'));
  if (!script || !stylesheet) throw new Error(`console build produced no script or stylesheet (${outputs.join(', ')})`);
  const template = await readFile(join(CONSOLE_SOURCE, 'index.html'), 'utf8');
  const html = template.replace('%SCRIPT%', `/console/assets/${basename(script)}`).replace('%STYLESHEET%', `/console/assets/${basename(stylesheet)}`);
  await writeFile(join(outdir, 'index.html'), html);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + (o.bytes ?? 0), 0);
  return { dir: outdir, script, stylesheet, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildConsole().then(
    (b) => console.log(`console built into ${relative(root, b.dir)} (${b.script}, ${b.stylesheet}; ${Math.round(b.bytes / 1024)} KiB with source maps)`),
    (error) => {
      console.error(`console build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
