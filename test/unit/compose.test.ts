// docker-compose.yml cannot run here (no Docker engine), so this test reads it and checks
// it against the code instead: every setting a program requires is set on the service that
// runs it, addresses and ports agree between services, the search attributes are the
// contract's, the start order is right, and .env.example documents every setting.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, type Env } from '../../config/env.js';
import { readApiConfig, readDatabaseUrl, readWorkerConfig } from '../../config/index.js';
import { ALL_SEARCH_ATTRIBUTES, searchAttributeArgs } from '../../contract/search-attributes.js';
import { TEMPORAL_CLI_VERSION } from '../../dev/temporal-cli.js';

interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const composeText = read('docker-compose.yml');
const services = (parse(composeText, { merge: true }) as { services: Record<string, Service> }).services;
const initScript = read('deploy/postgres/init-databases.sh');

/** What `temporal --version` of each pinned CLI reports: the dev server the tests run on. */
const DEV_SERVER_OF_CLI: Record<string, { server: string; ui: string }> = {
  'v1.5.1': { server: '1.29.1', ui: '2.42.1' },
};
/** Custom search attributes per type that SQL visibility holds (pre-allocated columns, server 1.29 schema). */
const SQL_VISIBILITY_SLOTS: Record<string, number> = {
  Keyword: 10,
  Int: 3,
  Bool: 3,
  Double: 3,
  Datetime: 3,
  Text: 3,
  KeywordList: 3,
};
const PROGRAMS = { migrate: 'db/migrate.ts', worker: 'worker/main.ts', api: 'api/server.ts' } as const;
const READERS = { readWorkerConfig, readApiConfig, readDatabaseUrl } as const;
const ONE_SHOTS = ['temporal-schema', 'temporal-setup', 'migrate'];

/** The secrets an operator puts in .env: compose has no default for any of them (`${VAR:?…}`). */
const DOT_ENV: Record<string, string> = {
  ENCRYPTION_KEYS: `k2026a:${randomBytes(32).toString('base64')}`,
  AUDIT_CHAIN_KEY: randomBytes(32).toString('base64'),
  IDENTITY_HASH_KEY: randomBytes(32).toString('hex'),
  POSTGRES_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
  JEEVAN_DB_PASSWORD: randomBytes(12).toString('hex'),
  JEEVAN_APP_DB_PASSWORD: randomBytes(12).toString('hex'),
  TEMPORAL_DB_PASSWORD: randomBytes(12).toString('hex'),
  PEER_UK_PRESENTS: randomBytes(32).toString('base64'),
  PEER_UK_EXPECTS: randomBytes(32).toString('base64'),
};

/** Compose's substitution with only the secrets set: every other ${VAR} must carry a :- default. */
function interpolate(value: string): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z0-9_]+)(?::?([-?])([^}]*))?\}/g,
    (match, name: string, kind?: string, rest?: string) => {
      if (match === '$$') return '$';
      if (kind === '?') {
        expect(DOT_ENV, `\${${name}:?} is required but is not one of the secrets .env.example lists`).toHaveProperty(
          name,
        );
        expect(rest, `\${${name}:?} should say what to set`).toMatch(/\S/);
        return DOT_ENV[name];
      }
      if (kind !== '-') throw new Error(`\${${name}} has no default: a fresh checkout would get an empty value`);
      return rest ?? '';
    },
  );
}

function service(name: string): Service {
  expect(services, `docker-compose.yml has no service ${name}`).toHaveProperty(name);
  return services[name];
}

function env(name: string): Env {
  return Object.fromEntries(
    Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''))]),
  );
}

function without(vars: Env, name: string): Env {
  const { [name]: _, ...rest } = vars;
  return rest;
}

/** The variable a ConfigError names, or undefined when the reader accepts the environment. */
function rejected(reader: (env: Env) => unknown, vars: Env): string | undefined {
  try {
    reader(vars);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error.variable;
    throw error;
  }
}

/** Host port that publishes the given container port, e.g. "127.0.0.1:8233:8080" → 8233 for 8080. */
function publishedPort(name: string, containerPort: number): number | undefined {
  for (const mapping of service(name).ports ?? []) {
    const parts = mapping.replace(/\/tcp$/, '').split(':');
    if (Number(parts.at(-1)) === containerPort) return Number(parts.at(-2));
  }
  return undefined;
}

const databases = [...initScript.matchAll(/CREATE DATABASE\s+(\w+)/gi)].map((m) => m[1]);
const roles = [...initScript.matchAll(/CREATE ROLE\s+(\w+)/gi)].map((m) => m[1]);
const temporalAddress = () => `temporal:${Number(env('temporal').FRONTEND_GRPC_PORT ?? 7233)}`;

describe('docker-compose.yml: services and programs', () => {
  it('has every service of the production deployment', () => {
    const expected = [
      'postgres',
      'temporal-schema',
      'temporal',
      'temporal-setup',
      'temporal-ui',
      'mailpit',
      ...Object.keys(PROGRAMS),
    ];
    expect(Object.keys(services).sort()).toEqual(expected.sort());
  });

  it.each(Object.entries(PROGRAMS))(
    '%s runs %s, a file of this repository, from the Dockerfile image',
    (name, program) => {
      expect(service(name).command).toEqual(['node', '--import', 'tsx', program]);
      expect(existsSync(join(root, program)), `${program} does not exist`).toBe(true);
      expect(service(name).build).toBeDefined();
    },
  );

  describe.each(Object.entries(PROGRAMS))('%s has the environment its config reader requires', (name, program) => {
    const source = existsSync(join(root, program)) ? read(program) : '';
    // The reader each program calls, read from its source (api/server.ts → readApiConfig when not yet written).
    type Reader = [string, (env: Env) => unknown];
    const readers: Reader[] = Object.entries(READERS).filter(([reader]) => source.includes(`${reader}(`));
    const used: Reader[] = readers.length > 0 ? readers : [['readApiConfig', readApiConfig]];

    it.each(used)('%s accepts it, and each variable it requires is set and named when removed', (_, reader) => {
      const vars = env(name);
      const required: string[] = [];
      // Start from nothing and add what the reader asks for, one ConfigError at a time.
      for (let given: Env = {}; ; ) {
        const missing = rejected(reader, given);
        if (missing === undefined) break;
        expect(vars, `${name} must set ${missing}`).toHaveProperty(missing);
        // Set, yet asked for again: the value is malformed (the reader's message says why, without echoing it).
        if (required.includes(missing))
          expect(() => reader(given), `${name} sets ${missing}, but ${program} rejects it`).not.toThrow();
        required.push(missing);
        given = { ...given, [missing]: vars[missing] };
      }
      expect(rejected(reader, vars), `${name}'s environment is rejected`).toBeUndefined();
      expect(required).toContain('DATABASE_URL');
      for (const variable of Object.keys(vars)) {
        const named = rejected(reader, without(vars, variable));
        expect(named === undefined || named === variable, `removing ${variable} made ${named} fail`).toBe(true);
        expect(named !== undefined, `${variable} required: ${required.includes(variable)}`).toBe(
          required.includes(variable),
        );
      }
    });
  });
});

describe('docker-compose.yml: addresses and ports agree', () => {
  // Read inside each test: a rejected environment fails the test that reads it, not the file.
  const apiConfig = () => readApiConfig(env('api'));
  const workerConfig = () => readWorkerConfig(env('worker'));

  it('the API listens on all interfaces, on the published port its health check probes', () => {
    const api = apiConfig();
    expect(['0.0.0.0', '::']).toContain(api.host);
    const hostSide = publishedPort('api', api.port);
    expect(hostSide, `api must publish container port ${api.port}`).toBeDefined();
    const probe = JSON.stringify(service('api').healthcheck?.test);
    expect(probe).toMatch(new RegExp(`https?://[\\w.]+:${api.port}/health/live`));
    const publicUrl = new URL(api.publicUrl);
    if (publicUrl.hostname === 'localhost') expect(Number(publicUrl.port)).toBe(hostSide);
  });

  it("the API's Temporal UI link reaches the temporal-ui service", () => {
    const ui = new URL(apiConfig().temporalUiUrl);
    const uiPort = Number(env('temporal-ui').TEMPORAL_UI_PORT ?? 8080);
    if (ui.hostname === 'localhost') expect(Number(ui.port)).toBe(publishedPort('temporal-ui', uiPort));
    expect(env('temporal-ui').TEMPORAL_ADDRESS).toBe(temporalAddress());
  });

  it("the worker's SMTP_URL points at mailpit's SMTP port", () => {
    const smtp = new URL(workerConfig().smtpUrl);
    expect(smtp.hostname).toBe('mailpit');
    expect(Number(smtp.port)).toBe(Number((env('mailpit').MP_SMTP_BIND_ADDR ?? ':1025').split(':').at(-1)));
  });

  it('the worker, the API and temporal-setup use the temporal service, one namespace and one task queue', () => {
    const [worker, api] = [workerConfig(), apiConfig()];
    for (const cfg of [worker, api]) expect(cfg.temporal.address).toBe(temporalAddress());
    expect(env('temporal-setup').TEMPORAL_ADDRESS).toBe(temporalAddress());
    expect(worker.temporal.namespace).toBe(api.temporal.namespace);
    expect(env('temporal-setup').TEMPORAL_NAMESPACE).toBe(api.temporal.namespace);
    expect(worker.temporal.taskQueue).toBe(api.temporal.taskQueue);
  });

  it.each(Object.keys(PROGRAMS))(
    "%s's DATABASE_URL is a role and database the postgres init script creates",
    (name) => {
      const url = new URL(readDatabaseUrl(env(name)));
      expect(url.hostname).toBe('postgres');
      expect(url.port === '' || url.port === '5432').toBe(true);
      expect(databases).toContain(url.pathname.slice(1));
      expect(roles).toContain(url.username);
      const passwordVar = `${url.username.toUpperCase()}_DB_PASSWORD`;
      expect(initScript).toContain(`$${passwordVar}`);
      expect(decodeURIComponent(url.password)).toBe(env('postgres')[passwordVar]);
    },
  );

  it('temporal and temporal-schema use the temporal role and the databases the init script creates', () => {
    const server = env('temporal');
    const schema = env('temporal-schema');
    expect(server).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres', DB_PORT: '5432' });
    expect(roles).toContain(server.POSTGRES_USER);
    expect(server.POSTGRES_PWD).toBe(env('postgres')[`${server.POSTGRES_USER?.toUpperCase()}_DB_PASSWORD`]);
    expect(databases).toEqual(expect.arrayContaining([server.DBNAME, server.VISIBILITY_DBNAME]));
    expect(schema).toMatchObject({
      SQL_PLUGIN: server.DB,
      SQL_HOST: server.POSTGRES_SEEDS,
      SQL_PORT: server.DB_PORT,
      SQL_USER: server.POSTGRES_USER,
      SQL_PASSWORD: server.POSTGRES_PWD,
      TEMPORAL_DBNAME: server.DBNAME,
      TEMPORAL_VISIBILITY_DBNAME: server.VISIBILITY_DBNAME,
    });
  });
});

describe('docker-compose.yml: Temporal', () => {
  const searchAttributes = () => (env('temporal-setup').SEARCH_ATTRIBUTES ?? '').split(/\s+/).filter(Boolean);

  it('temporal-setup registers exactly the search attributes of contract/search-attributes.ts', () => {
    const pairs = searchAttributes();
    const contract = searchAttributeArgs().filter((arg) => arg !== '--search-attribute');
    expect(contract).toHaveLength(ALL_SEARCH_ATTRIBUTES.length);
    expect([...pairs].sort()).toEqual([...contract].sort());
    expect(read('deploy/temporal/setup-namespace.sh')).toMatch(/for pair in \$SEARCH_ATTRIBUTES/);
  });

  it('the search attributes fit the columns SQL visibility has for each type', () => {
    const perType = new Map<string, number>();
    for (const pair of searchAttributes()) perType.set(pair.split('=')[1], (perType.get(pair.split('=')[1]) ?? 0) + 1);
    for (const [type, count] of perType)
      expect(count, `${count} ${type} attributes`).toBeLessThanOrEqual(SQL_VISIBILITY_SLOTS[type] ?? 0);
  });

  it("runs the dev server's version: server, schema tool and UI", () => {
    const dev = DEV_SERVER_OF_CLI[TEMPORAL_CLI_VERSION];
    expect(
      dev,
      `add what \`temporal --version\` of CLI ${TEMPORAL_CLI_VERSION} reports, and update the images`,
    ).toBeDefined();
    expect(service('temporal').image).toBe(`temporalio/server:${dev.server}`);
    for (const oneShot of ['temporal-schema', 'temporal-setup'])
      expect(service(oneShot).image).toMatch(new RegExp(`^temporalio/admin-tools:${dev.server}-`));
    expect(service('temporal-ui').image).toBe(`temporalio/ui:${dev.ui}`);
  });
});

describe('docker-compose.yml: what the network reaches (issue 12 items 1 and 2)', () => {
  it('publishes every port on 127.0.0.1 only: the API, the Temporal frontend, its UI and the mail inbox sit behind the host', () => {
    const published = Object.entries(services).flatMap(([name, svc]) =>
      (svc.ports ?? []).map((mapping) => ({ name, mapping: String(mapping) })),
    );
    expect(published.map((p) => p.name).sort()).toEqual(['api', 'mailpit', 'temporal', 'temporal-ui']);
    for (const { name, mapping } of published)
      expect(mapping, `${name} publishes ${mapping}`).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it('runs the Temporal UI read-only, decoding through the API with the browser session', () => {
    const ui = env('temporal-ui');
    expect(ui.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
    expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
    expect(ui).not.toHaveProperty('TEMPORAL_CSRF_COOKIE_INSECURE');
  });

  it('defaults no secret, and the programs accept the secrets an operator sets', () => {
    for (const name of Object.keys(DOT_ENV)) expect(composeText).toMatch(new RegExp(`\\$\\{${name}:\\?`));
    expect(composeText).not.toMatch(/\$\{(?:[A-Z_]*(?:KEY|KEYS|PASSWORD)):-/);
    expect(rejected(readApiConfig, env('api'))).toBeUndefined();
    expect(rejected(readWorkerConfig, env('worker'))).toBeUndefined();
  });
});

describe('docker-compose.yml: start order and files', () => {
  it('every depends_on target exists; one-shots are awaited to completion, services with a health check to health', () => {
    const oneShots = Object.keys(services).filter((name) => services[name].restart === 'no');
    expect(oneShots.sort()).toEqual([...ONE_SHOTS].sort());
    for (const [name, svc] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(svc.depends_on ?? {})) {
        expect(services, `${name} depends on ${target}`).toHaveProperty(target);
        const wanted = ONE_SHOTS.includes(target)
          ? 'service_completed_successfully'
          : services[target].healthcheck
            ? 'service_healthy'
            : 'service_started';
        expect(condition, `${name} → ${target}`).toBe(wanted);
      }
    }
  });

  it.each([
    ['temporal-schema', 'postgres'],
    ['temporal', 'temporal-schema'],
    ['temporal-setup', 'temporal'],
    ['migrate', 'postgres'],
    ['worker', 'migrate'],
    ['worker', 'temporal-setup'],
    ['worker', 'mailpit'],
    ['api', 'migrate'],
    ['api', 'temporal-setup'],
  ])('%s starts after %s', (name, target) => {
    expect(Object.keys(service(name).depends_on ?? {})).toContain(target);
  });

  it('every file mounted or run from the repository exists', () => {
    for (const [name, svc] of Object.entries(services)) {
      const binds = (svc.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => v.split(':'));
      for (const [hostPath] of binds) expect(existsSync(join(root, hostPath)), `${name} mounts ${hostPath}`).toBe(true);
      for (const arg of svc.entrypoint ?? []) {
        const bind = binds.find(([, inside]) => arg.startsWith(`${inside}/`));
        if (bind) expect(existsSync(join(root, bind[0], arg.slice(bind[1].length))), `${name} runs ${arg}`).toBe(true);
      }
    }
  });

  it('pins every image to a version', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (svc.build) continue;
      expect(svc.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(svc.image, name).not.toMatch(/:latest$/);
    }
  });

  it('the Dockerfile builds the programs on the Node major that package.json requires, without local state', () => {
    const major = /(\d+)/.exec(JSON.parse(read('package.json')).engines.node)?.[1];
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(new RegExp(`^FROM node:${major}-slim$`, 'm'));
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    // The API serves the console from console/dist: the image builds it after copying the sources.
    // Directly, not through `npm run` (whose bootstrap would install the dev dependencies the image omits).
    expect(dockerfile.indexOf('RUN node --import tsx scripts/build-console.ts')).toBeGreaterThan(
      dockerfile.indexOf('COPY . .'),
    );
    expect(JSON.parse(read('package.json')).scripts['console:build']).toContain('scripts/build-console.ts');
    const ignored = read('.dockerignore').split('\n');
    for (const path of ['node_modules', 'data', '.git', '.env', 'console/dist']) expect(ignored).toContain(path);
  });
});

describe('.env.example', () => {
  const lines = read('.env.example').split('\n');
  const documented = new Set(lines.map((line) => /^#\s?([A-Z][A-Z0-9_]*)=/.exec(line)?.[1]).filter(Boolean));
  /** Conventions of the operating system and toolchains that the code honours but does not own. */
  const NOT_SETTINGS = new Set(['PATH', 'HOME', 'XDG_CACHE_HOME', 'GOFLAGS']);
  const PATTERNS = [
    /\br\.(?:string|int|port|url|bool|oneOf|hostPort|optional)\(\s*'([A-Z][A-Z0-9_]*)'/g,
    /\benv\.([A-Z][A-Z0-9_]*)\b/g,
    /\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g,
    /ConfigError\(\s*'([A-Z][A-Z0-9_]*)'/g,
  ];
  const sources = ['config', 'dev'].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => read(`${dir}/${file}`)),
  );
  const readByCode = new Set(
    sources.flatMap((text) => PATTERNS.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]))),
  );

  it('documents every variable that config/ and dev/ read', () => {
    expect([...readByCode]).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'SMTP_URL', 'API_PORT', 'TEMPORAL_CLI_PATH', 'JEEVAN_CACHE_DIR']),
    );
    const undocumented = [...readByCode].filter((name) => !NOT_SETTINGS.has(name) && !documented.has(name));
    expect(undocumented, 'add these to .env.example: what, default, example').toEqual([]);
  });

  it('documents every variable docker-compose.yml substitutes', () => {
    const substituted = [...composeText.matchAll(/\$\{([A-Za-z0-9_]+)/g)].map((m) => m[1]);
    expect(substituted.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('sets nothing: every assignment is commented out so the defaults apply', () => {
    expect(lines.filter((line) => /^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(line))).toEqual([]);
  });
});
