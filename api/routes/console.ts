// Serves the operator console (console/dist, built by scripts/build-console.ts) on the API's
// own origin, so it signs in with the same session cookie and is held to the same roles.
// Every path under /console/ that is not an asset gets index.html: the console routes itself.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { PUBLIC } from '../auth/access.js';

export const DEFAULT_CONSOLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'console', 'dist');

/** Only what the bundle itself needs: its own scripts, styles, API and images drawn inline. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ASSET = /^[A-Za-z0-9_-]+\.(js|css|map)$/;

export const consoleRoutes =
  (opts: { dir?: string } = {}): FastifyPluginAsync =>
  async (app) => {
    const dir = opts.dir ?? DEFAULT_CONSOLE_DIR;
    await app.register(fastifyStatic, { root: dir, serve: false, cacheControl: false });
    const schema = { hide: true } as const;

    app.get('/', { config: { access: PUBLIC }, schema }, async (_request, reply) => reply.redirect('/console/'));

    const page = async (_request: unknown, reply: import('fastify').FastifyReply) => {
      if (!existsSync(join(dir, 'index.html'))) {
        return reply
          .status(503)
          .type('text/plain; charset=utf-8')
          .send('The console has not been built: run `npm run console:build` (npm start builds it).');
      }
      reply.header('content-security-policy', CSP).header('cache-control', 'no-store');
      return reply.sendFile('index.html', dir);
    };
    app.get('/console', { config: { access: PUBLIC }, schema }, async (_request, reply) => reply.redirect('/console/'));
    app.get('/console/', { config: { access: PUBLIC }, schema }, page);
    app.get<{ Params: { name: string } }>(
      '/console/assets/:name',
      { config: { access: PUBLIC }, schema },
      async (request, reply) => {
        const name = request.params.name;
        if (!ASSET.test(name) || !existsSync(join(dir, 'assets', name))) {
          return reply
            .status(404)
            .send({ error: { code: 'not_found', message: `no console asset ${name}`, requestId: request.id } });
        }
        // Names carry a content hash, so a file never changes under its name.
        reply.header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding');
        // The build leaves a gzip copy beside each script and stylesheet: a third of the bytes for a phone.
        const gzipped = join(dir, 'assets', `${name}.gz`);
        if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) && existsSync(gzipped)) {
          return reply
            .header('content-encoding', 'gzip')
            .type(name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8')
            .send(await readFile(gzipped));
        }
        return reply.sendFile(join('assets', name), dir);
      },
    );
    app.get('/console/*', { config: { access: PUBLIC }, schema }, page);
  };
