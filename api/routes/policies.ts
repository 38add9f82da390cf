// Escalation policy versions: drafts, publishing (refused while a level reaches nobody), and
// the dry run that answers "who is told what, and when" before anything is published.
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Severity } from '../../contract/case.js';
import type { PolicyDocument } from '../../contract/policy-document.js';
import { districtByCode } from '../../domain/districts.js';
import { dryRun } from '../../domain/dry-run.js';
import { compilePolicy, policyProblems } from '../../domain/policy-document.js';
import { policyGaps } from '../../domain/policy-gaps.js';
import { memoryDirectory } from '../../lib/directory/directory.js';
import { activeEntries } from '../../lib/directory/store.js';
import {
  createDraft,
  documentInForce,
  listPolicies,
  policyRow,
  policyView,
  publish,
  publishedPolicy,
  updateDraft,
} from '../../lib/stores/policy-store.js';
import { invalid } from '../../lib/stores/problem-error.js';
import type { Access, HumanRole } from '../auth/access.js';
import { actorOf } from '../auth/actor.js';
import type { AppDeps } from '../deps.js';
import {
  CreateBody,
  CurrentPolicySchema,
  DryRunBody,
  DryRunResponse,
  PolicyDetailSchema,
  PolicySummarySchema,
  UpdateBody,
  VersionParams,
} from '../policy-schemas.js';

const READ: HumanRole[] = ['smc_supervisor', 'smc_operator', 'admin', 'auditor'];
const EDIT: HumanRole[] = ['smc_supervisor'];
/**
 * Who may call each route (issue 5): supervisors edit, publish and dry-run policies; HQ, admins and auditors read them.
 */
export const POLICY_ACCESS = {
  list: { roles: READ, action: 'policy.list' },
  current: { roles: READ, action: 'policy.current' },
  read: { roles: READ, action: 'policy.read' },
  create: { roles: EDIT, action: 'policy.create' },
  update: { roles: EDIT, action: 'policy.update' },
  publish: { roles: EDIT, action: 'policy.publish' },
  dryRun: { roles: [...EDIT, 'admin'], action: 'policy.dry_run' },
} satisfies Record<string, Access>;

const tags = ['policies'];

export const policyRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const inForce = async () => (await publishedPolicy(deps.db))?.row.version;
    const detail = async (version: string) => {
      const row = await policyRow(deps.db, version);
      return {
        ...policyView(row, await inForce()),
        document: row.document as PolicyDocument,
        compiled: compilePolicy(row.document as PolicyDocument, row.version, deps.profile.code),
      };
    };

    app.get(
      '/policies',
      {
        config: { access: POLICY_ACCESS.list },
        schema: {
          tags,
          summary: 'Every policy version, newest first',
          response: { 200: Type.Object({ items: Type.Array(PolicySummarySchema) }) },
        },
      },
      async () => {
        const current = await inForce();
        return { items: (await listPolicies(deps.db)).map((r) => policyView(r, current)) };
      },
    );
    app.get(
      '/policies/current',
      {
        config: { access: POLICY_ACCESS.current },
        schema: {
          tags,
          summary: 'The policy new cases copy now (the built-in default until one is published)',
          response: { 200: CurrentPolicySchema },
        },
      },
      async () => {
        const current = await documentInForce(deps.db);
        const published = (await inForce()) !== undefined;
        return {
          version: current.version,
          source: published ? 'published' : 'built-in',
          document: current.document,
          compiled: compilePolicy(current.document, current.version, deps.profile.code),
        };
      },
    );
    app.get(
      '/policies/:version',
      {
        config: { access: POLICY_ACCESS.read },
        schema: {
          tags,
          summary: 'One policy version with its document and compiled snapshot',
          params: VersionParams,
          response: { 200: PolicyDetailSchema },
        },
      },
      async (request) => detail(request.params.version),
    );
    app.post(
      '/policies',
      {
        config: { access: POLICY_ACCESS.create },
        schema: { tags, summary: 'Create a draft', body: CreateBody, response: { 201: PolicyDetailSchema } },
      },
      async (request, reply) => {
        const row = await createDraft(deps.db, request.body, actorOf(request));
        return reply.status(201).send(await detail(row.version));
      },
    );
    app.put(
      '/policies/:version',
      {
        config: { access: POLICY_ACCESS.update },
        schema: {
          tags,
          summary: 'Replace a draft’s document (a published version never changes)',
          params: VersionParams,
          body: UpdateBody,
          response: { 200: PolicyDetailSchema },
        },
      },
      async (request) => {
        await updateDraft(deps.db, request.params.version, request.body);
        return detail(request.params.version);
      },
    );
    app.post(
      '/policies/:version/publish',
      {
        config: { access: POLICY_ACCESS.publish },
        schema: {
          tags,
          summary: 'Publish a draft: cases opened from now on copy it',
          params: VersionParams,
          response: { 200: PolicyDetailSchema },
        },
      },
      async (request) => {
        await publish(deps.db, request.params.version, actorOf(request));
        return detail(request.params.version);
      },
    );

    app.post(
      '/policies/dry-run',
      {
        config: { access: POLICY_ACCESS.dryRun },
        schema: {
          tags,
          summary: 'Who is told what, and when, for a case in a district opened at a time, if nobody moves',
          body: DryRunBody,
          response: { 200: DryRunResponse },
        },
      },
      async (request) => {
        const b = request.body;
        const district = districtByCode(b.district, deps.profile.code);
        if (!district) throw invalid([{ field: 'district', problem: `unknown district code ${b.district}` }]);
        if (b.policy && b.version)
          throw invalid([{ field: 'version', problem: 'give either a policy document or a version, not both' }]);
        const chosen = b.policy
          ? { version: 'dry-run', document: b.policy }
          : b.version
            ? { version: b.version, document: (await policyRow(deps.db, b.version)).document as PolicyDocument }
            : await documentInForce(deps.db);
        const problems = policyProblems(chosen.document, deps.profile.code);
        if (problems.length > 0)
          throw invalid(
            problems.map((p) => ({ ...p, field: `policy.${p.field}` })),
            'policy',
          );
        const policy = compilePolicy(chosen.document, chosen.version, deps.profile.code);
        const entries = await activeEntries(deps.db);
        const directory = memoryDirectory(entries, deps.profile.code);
        const ctx = { districtCode: b.district, policeStation: b.policeStation, toState: b.toState };
        const stages = dryRun(policy, {
          ...ctx,
          severity: b.severity as Severity,
          from: b.openedAt,
          horizonMs: (b.horizonHours ?? 24) * 3600_000,
        });
        return {
          policyVersion: policy.version,
          district,
          severity: b.severity,
          openedAt: new Date(b.openedAt).toISOString(),
          gaps: policyGaps(chosen.document, entries, deps.profile.code),
          stages: stages.map((s) => ({
            stage: s.stage,
            escalations: s.escalations.map((e) => {
              const found = e.roles.map(
                (role) => [role, directory.resolve(role, { ...ctx, at: new Date(e.dueAt) })] as const,
              );
              return {
                ...e,
                afterMinutes: Math.round(e.afterMs / 600) / 100,
                people: found.flatMap(([, people]) => people),
                nobody: found.filter(([, people]) => people.length === 0).map(([role]) => role),
              };
            }),
          })),
        };
      },
    );
  };
