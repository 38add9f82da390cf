// The world the contract fuzz runs in: a real API on its own database and task queue, cases
// at every stage (one full of canaries), callers of every kind, and rows the fuzz may change
// freely (a spare user, spare tokens, a draft policy) so that valid requests reach real data
// without destroying the identities the fuzz itself calls as.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { createUser, issueToken } from '../../api/auth/user-admin.js';
import { emailIntakeHandlers } from '../../api/intake/email-intake.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { districtsOf } from '../../domain/districts.js';

const DISTRICTS = districtsOf('UP');

import { createLogger } from '../../lib/log/logger.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert, TEST_PASSWORD, TEST_ROLES, tokenFor } from '../helpers/api.js';
import { type CanaryCase, canaryCase } from '../helpers/canary-case.js';
import { settled, stepsOf } from '../helpers/case-checks.js';
import { districtOfficer, supervisor } from '../helpers/env.js';
import type { Operation } from './operations.js';
import type { Hints } from './schema-valid.js';

export interface FuzzEnv {
  env: ApiTestEnv;
  /** The API's error log lines (a 5xx logs its cause here). */
  apiErrors: string[];
  canary: CanaryCase;
  /** Case ids by the stage they were left at (they move on as the fuzz's valid steps succeed). */
  cases: string[];
  identities: Record<string, Record<string, string>>;
  /** The roles each identity holds (none: not signed in, or credentials that are not valid). */
  rolesOf: Record<string, string[]>;
  hints: Hints;
  known(op: Operation, param: string): string[];
  /** Signs the session identity in again (a fuzzed logout ends its session). */
  renewSession(): Promise<void>;
  close(): Promise<void>;
}

const OWN = 'LKO';

async function caseAt(env: ApiTestEnv, stage: string): Promise<string> {
  const res = await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() });
  const id: string = res.json().caseId;
  const step = stepsOf(env, id);
  const path: [string, () => Promise<unknown>][] = [
    ['locating', () => step('startLocating', {})],
    [
      'located',
      () => step('markLocated', { districtCode: OWN, policeStation: 'Hazratganj', summary: 'House 4', confidence: 3 }),
    ],
    ['district_notified', () => step('notifyDistrict', {})],
    [
      'acknowledged',
      () =>
        step('acknowledge', { party: 'control_room' }, districtOfficer).then(() =>
          step('acknowledge', { party: 'police_station' }, districtOfficer),
        ),
    ],
    [
      'arrived',
      () => step('dispatch', { unit: 'PRV 0420' }, districtOfficer).then(() => step('arrive', {}, districtOfficer)),
    ],
    ['contact_made', () => step('contactMade', {}, districtOfficer)],
    [
      'outcome_recorded',
      () =>
        step(
          'recordOutcome',
          { outcome: 'safe', gender: 'male', age: 30, counselling: true, helplineReferral: true },
          districtOfficer,
        ),
    ],
    ['follow_up', () => step('signOff', {}, supervisor)],
  ];
  for (const [reached, run] of path) {
    if (stage === 'received') break;
    await run();
    if (reached === stage) break;
  }
  await settled(env, id);
  return id;
}

export async function createFuzzEnv(): Promise<FuzzEnv> {
  // One policy minute lasts an hour: no deadline falls due by itself while the fuzz runs.
  const apiErrors: string[] = [];
  const env = await createApiTestEnv({
    policy: scaledPolicy(3_600_000),
    rateLimitPerMinute: 1_000_000,
    // What a 5xx logged (error name and message, never bodies), for the failure report.
    logger: createLogger('api', 'error', { write: (line: string) => void apiErrors.push(line) }),
  });
  const canary = await canaryCase(env, { close: false });
  const cases = [canary.caseId];
  for (const stage of [
    'received',
    'locating',
    'located',
    'district_notified',
    'arrived',
    'outcome_recorded',
    'follow_up',
  ])
    cases.push(await caseAt(env, stage));

  const identities: Record<string, Record<string, string>> = {};
  const rolesOf: Record<string, string[]> = {};
  for (const role of [...TEST_ROLES]) {
    identities[role] = env.as(role);
    rolesOf[role] = [role];
  }
  identities.hq = env.as('hq');
  rolesOf.hq = ['smc_supervisor', 'smc_operator', 'auditor', 'admin'];
  // A district officer of another district: the canary case (in LKO) must stay out of reach.
  identities.elsewhere = await tokenFor(env.deps, ['district_officer'], ['AGR']);
  rolesOf.elsewhere = ['district_officer'];
  identities.anonymous = env.anonymous; // an empty Authorization: the test app's inject would otherwise act as HQ
  identities['bad-token'] = { authorization: `Bearer jv_AAAAAAAA_${'A'.repeat(43)}` };
  identities.basic = { authorization: 'Basic cm9vdDpyb290' };
  identities['junk-cookie'] = { cookie: 'jeevan_session=%E0%A4%A; x=%' };
  for (const name of ['anonymous', 'bad-token', 'basic', 'junk-cookie']) rolesOf[name] = [];

  const sessionUser = `t-fuzz-session-${randomBytes(3).toString('hex')}`;
  await createUser(env.deps, {
    username: sessionUser,
    displayName: 'Fuzz session',
    password: TEST_PASSWORD,
    roles: ['smc_supervisor', 'smc_operator'],
    districts: [],
  });
  rolesOf.session = rolesOf['session-no-csrf'] = ['smc_supervisor', 'smc_operator'];
  const renewSession = async () => {
    const login = await env.deps.auth.identities.login(sessionUser, TEST_PASSWORD);
    if (!login.ok) throw new Error(`the fuzz's session user could not sign in: ${login.reason}`);
    identities.session = { cookie: `jeevan_session=${encodeURIComponent(login.session)}`, 'x-csrf-token': login.csrf };
    identities['session-no-csrf'] = { cookie: `jeevan_session=${encodeURIComponent(login.session)}` };
  };
  await renewSession();

  // Rows the fuzz may change: a spare user with spare tokens, a rejected e-mail, a draft policy.
  const spare = await createUser(env.deps, {
    username: `t-fuzz-spare-${randomBytes(3).toString('hex')}`,
    displayName: 'Spare',
    password: TEST_PASSWORD,
    roles: ['auditor'],
    districts: [],
  });
  const tokens = await Promise.all(
    [1, 2, 3].map(async () => (await issueToken(env.deps, spare.id, 'spare', 1)).row.id),
  );
  await emailIntakeHandlers(env.deps).reject('Subject: hello\r\n\r\nNot an alert.\r\n', 'no alert reference found', {
    envelopeFrom: 'a@example.org',
  });
  const hq = identities.hq;
  const get = async (url: string) => (await env.app.inject({ method: 'GET', url, headers: hq })).json();
  const rejected = (await get('/intake/rejected-emails')).items.map((r: { id: string }) => r.id);
  const stations = (await get('/directory/stations')).items?.map((s: { id: string }) => s.id) ?? [];
  const contacts = (await get('/directory/contacts')).items?.map((c: { id: string }) => c.id) ?? [];
  const draft = `fuzz-${randomBytes(3).toString('hex')}`;
  await env.app.inject({ method: 'POST', url: '/policies', headers: hq, payload: { version: draft } });
  const policies: string[] = ((await get('/policies')).items ?? []).map((p: { version: string }) => p.version);

  const byParam = (op: Operation, param: string): string[] => {
    if (op.path.startsWith('/cases/')) return cases;
    if (op.path.startsWith('/tokens/')) return tokens;
    if (op.path.startsWith('/users/')) return [spare.id];
    if (op.path.startsWith('/intake/rejected-emails/')) return rejected;
    if (op.path.startsWith('/directory/stations/')) return stations.slice(0, 5);
    if (op.path.startsWith('/directory/contacts/')) return contacts.slice(0, 5);
    if (op.path.startsWith('/policies/') && param === 'version') return [draft, ...policies.slice(0, 3)];
    return [];
  };
  const codes = DISTRICTS.map((d) => d.code);
  const hints: Hints = {
    districtCode: fc.constantFrom(...codes),
    districtHint: fc.constantFrom(...codes),
    district: fc.constantFrom(...codes),
    policeStation: fc.constantFrom('Hazratganj', 'Kotwali'),
    userId: fc.constant(spare.id),
    caseId: fc.constantFrom(...cases),
    enquiryId: fc.constantFrom('E1', 'E2'),
  };

  return {
    env,
    apiErrors,
    canary,
    cases,
    identities,
    rolesOf,
    hints,
    known: byParam,
    renewSession,
    close: () => env.close(),
  };
}
