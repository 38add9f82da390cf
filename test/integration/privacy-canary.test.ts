// The privacy canary: unique personal values are planted in a case through the real API
// and carried through locating, notification, escalation and outcome; then every place
// that must never hold personal data is searched for them: Temporal's database file (the
// test's own dev server, so the file can be read), the API's, worker's and SDK's logs, the
// e-mails' headers and links, the metrics, the workflow IDs and search attributes. Zero hits.
// It also proves the payload codec is real: Temporal (and its UI) hold only ciphertext, and
// only an authenticated auditor or supervisor, from Temporal UI's origin, can decode it.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseWorkflowId } from '../../contract/ids.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { resolveTemporalCli } from '../../dev/temporal-cli.js';
import { type DevServer, startTemporalDevServer } from '../../dev/temporal-server.js';
import { createLogger } from '../../lib/log/logger.js';
import { type ApiTestEnv, createApiTestEnv, TEST_UI_URL } from '../helpers/api.js';
import { encodingOf, hits, line, makeCanary, payloadsIn, plaintextOf, walkCase } from '../helpers/canary.js';
import { freePort } from '../helpers/ports.js';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'jeevan-canary-'));
chmodSync(scratch, 0o755);
const canary = makeCanary();
const logs = { api: [] as string[], app: [] as string[], sdk: [] as string[] };
const codecEndpoint = 'http://localhost:3000/codec';
let temporal: DevServer | undefined;
let env: ApiTestEnv | undefined;
let caseId: string;

beforeAll(async () => {
  const path = inject('temporalCliPath');
  const cli = path
    ? { kind: 'path' as const, path, from: 'TEMPORAL_CLI_PATH' as const }
    : await resolveTemporalCli(() => {});
  // The UI is told of the codec exactly as `npm start` tells it (--ui-codec-endpoint).
  const [port, uiPort] = [await freePort(), await freePort()];
  temporal = await startTemporalDevServer({
    cli,
    port,
    uiPort,
    dbFile: join(scratch, 'temporal.db'),
    logFile: join(scratch, 'temporal.log'),
    codecEndpoint,
  });
  env = await createApiTestEnv({
    policy: scaledPolicy(100), // one policy minute = 100 ms: escalations within a second
    temporalAddress: temporal.address,
    log: (event, fields) => logs.app.push(line({ event, ...fields })),
    // Debug everywhere: an operator may turn it on, and personal data must not appear even then.
    sdkLogger: new DefaultLogger('DEBUG', (entry) => logs.sdk.push(line(entry))),
    logger: createLogger('api', 'debug', { write: (s: string) => void logs.api.push(s) }),
  });
  caseId = await walkCase(env, canary);
});

afterAll(async () => {
  await env?.close().catch(() => {});
  await temporal?.stop().catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
});

const ready = () => env as ApiTestEnv;
const uiUrl = () => temporal?.uiUrl as string;

/** A patch marker's payload (a patch's name, e.g. notify-112): the SDK's own, plain by design. */
const isPatchMarker = (path: string) => /\.markerRecordedEventAttributes\.details\.patch-data\./.test(path);

describe('the privacy canary', () => {
  it('workflow IDs, search attributes and summaries carry none of the personal values', async () => {
    const seen: unknown[] = [];
    for await (const wf of ready().client.workflow.list({ query: `TaskQueue = '${ready().taskQueue}'` })) {
      const desc = await ready().client.workflow.getHandle(wf.workflowId, wf.runId).describe();
      seen.push(
        wf.workflowId,
        wf.typedSearchAttributes,
        wf.memo,
        desc.typedSearchAttributes,
        desc.staticSummary,
        desc.staticDetails,
      );
    }
    expect(seen).toContain(caseWorkflowId(caseId));
    expect(hits(canary, line(seen))).toEqual([]);
  });

  it("Temporal's history holds only ciphertext, and so does what its UI serves without the codec", async () => {
    const connection = await Connection.connect({ address: temporal?.address as string });
    try {
      // A client without the codec sees what Temporal stores.
      const raw = await new Client({ connection }).workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
      // Two kinds of payload are Temporal's own, written by its SDK core round the codec, and
      // hold no case data: search attributes (codes and flags) and the markers of patched()
      // (a patch's name). Every other payload is ciphertext.
      const markers = payloadsIn(raw).filter((p) => isPatchMarker(p.path));
      for (const m of markers) expect(encodingOf(m)).toBe('json/plain');
      const payloads = payloadsIn(raw).filter((p) => !p.path.includes('searchAttributes') && !isPatchMarker(p.path));
      expect(payloads.length).toBeGreaterThan(20);
      expect(payloads.filter((p) => encodingOf(p) !== 'binary/encrypted').map((p) => p.path)).toEqual([]);
      expect(hits(canary, line(raw))).toEqual([]);
    } finally {
      await connection.close();
    }
    const settings = (await (await fetch(`${uiUrl()}/api/v1/settings`)).json()) as { Codec: { Endpoint: string } };
    expect(settings.Codec.Endpoint).toBe(codecEndpoint); // the flag `npm start` uses reaches the UI
    const history = await fetch(
      `${uiUrl()}/api/v1/namespaces/default/workflows/${encodeURIComponent(caseWorkflowId(caseId))}/history`,
    );
    const text = await history.text();
    expect(history.status, text.slice(0, 200)).toBe(200);
    expect(hits(canary, text)).toEqual([]);
    const shown = payloadsIn(JSON.parse(text)).filter(
      (p) => !p.path.includes('searchAttributes') && !isPatchMarker(p.path),
    );
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.every((p) => encodingOf(p) === 'binary/encrypted')).toBe(true);
  });

  it('the codec endpoint decodes what the UI shows for an auditor from the UI origin, and for no one else', async () => {
    const res = await fetch(
      `${uiUrl()}/api/v1/namespaces/default/workflows/${encodeURIComponent(caseWorkflowId(caseId))}/history`,
    );
    const payloads = payloadsIn(await res.json()).filter((p) => !p.path.includes('searchAttributes'));
    const body = { payloads: payloads.map(({ metadata, data }) => ({ metadata, data })) };
    const ui = { origin: TEST_UI_URL, 'x-namespace': 'default' };
    const call = (headers: Record<string, string>, method: 'POST' | 'OPTIONS' = 'POST') =>
      ready().app.inject({ method, url: '/codec/decode', headers, payload: method === 'POST' ? body : undefined });

    const decoded = await call({ ...ready().as('auditor'), ...ui });
    expect(decoded.statusCode).toBe(200);
    expect(decoded.headers['access-control-allow-origin']).toBe(TEST_UI_URL);
    expect(decoded.headers['access-control-allow-credentials']).toBe('true');
    const plain = decoded
      .json()
      .payloads.map((p: { data: string }) => Buffer.from(p.data, 'base64').toString('utf8'))
      .join('\n');
    expect(plain).toContain(canary.text('located'));
    expect((await call({ ...ready().as('smc_supervisor'), ...ui })).statusCode).toBe(200);
    // No encoding: a sealed payload is what Temporal's workflows take, so nobody gets one from the API.
    const typed = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('"typed in the UI"').toString('base64'),
    };
    const encode = await ready().app.inject({
      method: 'POST',
      url: '/codec/encode',
      headers: { ...ready().as('smc_supervisor'), ...ui },
      payload: { payloads: [typed] },
    });
    expect(encode.statusCode).toBe(404);
    expect(encode.body).not.toContain('binary/encrypted');
    // Plaintext the UI sends along is shown as it is (decoding it reveals nothing new).
    const opened = await ready().app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: ready().as('auditor'),
      payload: { payloads: [typed] },
    });
    expect(opened.json().payloads).toEqual([typed]);

    expect((await call({ ...ready().anonymous, ...ui })).statusCode).toBe(401);
    expect((await call({ ...ready().as('smc_operator'), ...ui })).statusCode).toBe(403);
    expect((await call({ ...ready().as('district_officer'), ...ui })).statusCode).toBe(403);

    const preflight = {
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-namespace',
    };
    const allowed = await call({ ...ready().anonymous, ...preflight, origin: TEST_UI_URL }, 'OPTIONS');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': TEST_UI_URL,
      'access-control-allow-credentials': 'true',
    });
    expect(allowed.headers['access-control-allow-headers']).toContain('x-namespace');
    for (const foreign of [
      await call({ ...ready().anonymous, ...preflight, origin: 'https://evil.example' }, 'OPTIONS'),
      await call({ ...ready().as('auditor'), origin: 'https://evil.example' }),
      await call({ ...ready().as('auditor'), origin: 'http://localhost:3000' }),
    ]) {
      expect(foreign.statusCode).toBe(403);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      expect(foreign.body).not.toContain(canary.tag);
    }
  });

  it('the Temporal CLI shows ciphertext without the codec, and the plaintext through the codec with an auditor token', async () => {
    const cli = inject('temporalCliPath');
    if (!cli) return; // the SDK's downloaded server comes without the CLI
    const api = await ready().app.listen({ host: '127.0.0.1', port: 0 });
    const show = (...codec: string[]) =>
      run(cli, [
        'workflow',
        'show',
        '--address',
        temporal?.address as string,
        '--workflow-id',
        caseWorkflowId(caseId),
        '--output',
        'json',
        ...codec,
      ]);
    const raw = await show();
    expect(raw.stdout).toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(hits(canary, raw.stdout)).toEqual([]);
    const decoded = await show('--codec-endpoint', `${api}/codec`, '--codec-auth', ready().as('auditor').authorization);
    expect(plaintextOf(decoded.stdout)).toContain(canary.text('located'));
  });

  it('the e-mails carry none of the personal values in their headers, subjects or links, and only the location in the text', () => {
    const mails = ready().mail.messages.filter((m) => m.headers['x-jeevan-case'] === caseId);
    expect(mails.length).toBeGreaterThanOrEqual(3); // notification, escalation, and more
    for (const m of mails) {
      const links = `${m.text}\n${m.html}`.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
      expect(links.length, m.subject).toBeGreaterThan(0);
      expect(
        hits(canary, line({ headers: m.headers, subject: m.subject, to: m.envelopeTo, id: m.messageId, links })),
        m.subject,
      ).toEqual([]);
      // The police must know where to go: the confirmed location is the one personal detail a body may carry.
      const body = `${m.text}\n${m.html}`.replaceAll(canary.text('located'), '');
      expect(hits(canary, body), `body of ${m.subject}`).toEqual([]);
    }
  });

  it('the logs and the metrics carry none of the personal values', async () => {
    expect(logs.api.length).toBeGreaterThan(20);
    expect(logs.app.some((l) => l.includes('mail_sent'))).toBe(true);
    expect(logs.sdk.length).toBeGreaterThan(0);
    expect(hits(canary, logs.api.join(''))).toEqual([]);
    expect(hits(canary, logs.app.join('\n'))).toEqual([]);
    expect(hits(canary, logs.sdk.join('\n'))).toEqual([]);
    const metrics = await ready().app.inject({ method: 'GET', url: '/metrics', headers: ready().as('auditor') });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('jeevan_');
    expect(hits(canary, metrics.body)).toEqual([]);
  });

  it("Temporal's database file and log hold none of the personal values, after a checkpoint too", async () => {
    const files = () => readdirSync(scratch).filter((f) => f.startsWith('temporal.'));
    const search = () => Object.fromEntries(files().map((f) => [f, hits(canary, readFileSync(join(scratch, f)))]));
    const empty = (names: string[]) => Object.fromEntries(names.map((f) => [f, []]));
    expect(search()).toEqual(empty(files()));
    // Stopping the server checkpoints SQLite's write-ahead log into the database file.
    await env?.close();
    env = undefined;
    await temporal?.stop();
    temporal = undefined;
    expect(search()).toEqual(empty(files()));
    // The search works: what is stored in plaintext by design (the workflow ID) is found.
    expect(readFileSync(join(scratch, 'temporal.db')).includes(caseWorkflowId(caseId))).toBe(true);
  });
});
