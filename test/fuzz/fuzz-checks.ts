// Sends one fuzzed request and holds the answer to the API's promises: never a 5xx; every
// refusal in the one error shape; a refusal changes nothing (row counts, case versions); a
// broken request or a caller without the role never succeeds; no canary where it must not be.
import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { routeTable } from '../../api/auth/guard.js';
import { caseWorkflowId } from '../../contract/ids.js';
import { eventually } from '../helpers/wait.js';
import type { FuzzEnv } from './fuzz-env.js';
import { type Operation, routeOf } from './operations.js';
import type { FuzzRequest } from './requests.js';

export interface Tally {
  runs: number;
  byStatus: Record<string, number>;
  fiveXx: number;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CASE_URL = /^\/cases\/(JV-(?:[A-Z]{2}-)?\d{4}-\d{6,})(?:[/?]|$)/;

export async function createChecker(fz: FuzzEnv) {
  const { env } = fz;
  const tables = (
    await env.db.db.execute<{ t: string }>(
      sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).rows.map((r) => r.t);
  // Refusals are audited on purpose (who tried what): the audit log is the one table a refusal adds to.
  const counted = tables.filter((t) => t !== 'audit_log');
  const countSql = sql.raw(
    `SELECT ${[...counted.map((t) => `(SELECT count(*) FROM "${t}")`), '(SELECT coalesce(sum(state_version), 0) FROM cases)'].join(" || '/' || ")} AS n`,
  );
  const fingerprint = async () => (await env.db.db.execute<{ n: string }>(countSql)).rows[0].n;
  const names = [...counted, 'sum(cases.state_version)'];
  const diff = (a: string, b: string) => {
    const [x, y] = [a.split('/'), b.split('/')];
    return names.flatMap((name, i) => (x[i] === y[i] ? [] : [`${name} ${x[i]} → ${y[i]}`])).join(', ');
  };
  const versions = new Map<string, number>();
  for (const id of fz.cases) versions.set(id, (await env.cases.state(id)).version);
  let baseline = await fingerprint();
  const access = new Map(
    routeTable(env.app as unknown as FastifyInstance).map((r) => [`${r.method} ${r.url}`, r.access]),
  );
  const needles = [fz.canary.marker, fz.canary.phoneDigits];
  const tally: Tally = { runs: 0, byStatus: {}, fiveXx: 0 };

  /** Waits until the workflow has taken in everything sent to it and PostgreSQL has recorded it. */
  async function settle(caseId: string) {
    await eventually(
      async () => {
        const described = await env.client.workflowService.describeWorkflowExecution({
          namespace: 'default',
          execution: { workflowId: caseWorkflowId(caseId) },
        });
        if (described.pendingWorkflowTask || (described.pendingActivities ?? []).length > 0) return false;
        const state = await env.cases.state(caseId);
        const row = await env.db.db.execute<{ v: number; e: string }>(
          sql`SELECT state_version AS v, (SELECT count(*) FROM case_events WHERE case_id = ${caseId}) AS e FROM cases WHERE id = ${caseId}`,
        );
        const recorded = row.rows[0];
        if (!recorded || recorded.v !== state.version || Number(recorded.e) !== state.timeline.length) return false;
        versions.set(caseId, state.version);
        return true;
      },
      `case ${caseId} to settle`,
      60_000,
      50,
    );
  }

  async function send(req: FuzzRequest): Promise<{ status: number; body: string; contentType: string }> {
    const streaming = req.url.startsWith('/events');
    const options: InjectOptions = {
      method: req.method as InjectOptions['method'],
      url: req.url,
      headers: { ...fz.identities[req.who], ...req.headers },
      payload: req.payload,
      // Each request from its own address: sign-in has its own per-address limit (sec3's), and
      // the fuzz is about the contract, not the limiter.
      remoteAddress: `10.${(tally.runs >> 16) & 255}.${(tally.runs >> 8) & 255}.${tally.runs & 255}`,
      ...(streaming ? { payloadAsStream: true } : {}),
    };
    const res = await env.app.inject(options);
    let body = '';
    if (streaming) {
      const stream = res.stream();
      if (res.statusCode === 200) stream.destroy();
      else for await (const chunk of stream) body += chunk;
    } else body = res.body;
    return { status: res.statusCode, body, contentType: String(res.headers['content-type'] ?? '') };
  }

  function expectErrorShape(status: number, body: string, contentType: string): string | undefined {
    if (!contentType.startsWith('application/json')) return `a ${status} answered as ${contentType}`;
    let parsed: { error?: Record<string, unknown> };
    try {
      parsed = JSON.parse(body);
    } catch {
      return `a ${status} whose body is not JSON`;
    }
    const error = parsed?.error;
    const keys = Object.keys(parsed ?? {});
    if (keys.length !== 1 || !error || typeof error !== 'object')
      return `a ${status} not in the error shape: ${body.slice(0, 200)}`;
    if (typeof error.code !== 'string' || typeof error.message !== 'string' || typeof error.requestId !== 'string')
      return `a ${status} error without code, message and requestId`;
    const extra = Object.keys(error).filter((k) => !['code', 'message', 'details', 'requestId'].includes(k));
    if (extra.length) return `a ${status} error with extra fields ${extra.join(', ')}`;
    if (
      error.details !== undefined &&
      !(
        Array.isArray(error.details) &&
        error.details.every((d) => typeof d?.field === 'string' && typeof d?.problem === 'string')
      )
    )
      return `a ${status} error with malformed details`;
    return undefined;
  }

  /** What the answer broke of the API's promises, or undefined. */
  async function judge(
    op: Operation,
    req: FuzzRequest,
    status: number,
    body: string,
    contentType: string,
  ): Promise<string | undefined> {
    const rule = access.get(`${op.method} ${routeOf(op.path)}`);
    const roles = fz.rolesOf[req.who] ?? [];
    const caseId = CASE_URL.exec(req.url)?.[1];
    if (status >= 500) {
      tally.fiveXx += 1;
      return `answered ${status}: ${body.slice(0, 300)}; logged: ${fz.apiErrors.at(-1)?.slice(0, 400)}`;
    }
    const ok = status < 300;
    if (ok && req.broken) return `accepted a request that broke ${req.broken} (${status})`;
    if (ok && rule && rule.roles.length > 0 && !roles.some((r) => (rule.roles as string[]).includes(r)))
      return `${req.who} got ${status} on a route for ${rule.roles.join('/')}`;
    if (ok && !op.responses.includes(String(status)))
      return `answered ${status}, not among the documented ${op.responses.join(', ')}`;
    if (status >= 400) {
      const shape = expectErrorShape(status, body, contentType);
      if (shape) return shape;
    }
    const mayShowCanary = ok && caseId === fz.canary.caseId && req.who !== 'elsewhere';
    if (needles.some((n) => body.includes(n)) && !mayShowCanary)
      return `${status} to ${req.who} carries the canary case's personal data`;
    if (status < 400) return undefined;
    const after = await fingerprint();
    if (after !== baseline) return `refused with ${status} but changed the database: ${diff(baseline, after)}`;
    if (caseId && versions.has(caseId)) {
      const version = (await env.cases.state(caseId)).version;
      if (version !== versions.get(caseId))
        return `refused with ${status} but case ${caseId} moved from version ${versions.get(caseId)} to ${version}`;
    }
    return undefined;
  }

  /** Runs one request; returns what broke a promise, or undefined. */
  async function check(op: Operation, req: FuzzRequest): Promise<string | undefined> {
    tally.runs += 1;
    const { status, body, contentType } = await send(req);
    tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
    const problem = await judge(op, req, status, body, contentType);
    // Whatever was found, the next request starts from a quiet system and a fresh baseline,
    // so one finding is reported once and not again by every request after it.
    const caseId = CASE_URL.exec(req.url)?.[1];
    if (status < 300 && UNSAFE.has(req.method)) {
      const created = op.path === '/alerts' ? (JSON.parse(body) as { caseId?: string }).caseId : undefined;
      const touched = caseId ?? created;
      if (touched) await settle(touched);
      if (op.path === '/auth/logout' && req.who.startsWith('session')) await fz.renewSession();
    }
    if (problem || (status < 300 && UNSAFE.has(req.method))) {
      if (caseId && versions.has(caseId)) versions.set(caseId, (await env.cases.state(caseId)).version);
      baseline = await fingerprint();
    }
    return problem;
  }

  return { check, tally, fingerprint: () => fingerprint() };
}
