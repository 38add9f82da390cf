// Reading the audit log (auditors and supervisors), and checking its hash chain.
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import { CASE_ID_PATTERN } from '../../contract/ids.js';
import { auditLog } from '../../db/schema.js';
import { verifyAuditChain } from '../../lib/stores/audit-chain.js';
import { ACCESS } from '../auth/access.js';
import type { AppDeps } from '../deps.js';

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  status: Type.Union([Type.Integer(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
});

export const auditRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/audit',
      {
        config: { access: ACCESS.audit },
        schema: {
          tags: ['audit'],
          summary: 'Audit entries in order, filtered by case or actor',
          querystring: Type.Object(
            {
              caseId: Type.Optional(Type.String({ pattern: CASE_ID_PATTERN })),
              actorId: Type.Optional(Type.String({ maxLength: 100 })),
              after: Type.Optional(
                Type.String({ pattern: '^[0-9]{1,15}$', description: 'Return entries after this seq.' }),
              ),
              limit: Type.Optional(
                Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', description: '1 to 500 (default 100).' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Entry) }) },
        },
      },
      async (request) => {
        const q = request.query;
        const filters: SQL[] = [gt(auditLog.seq, Number(q.after ?? 0))];
        if (q.caseId) filters.push(eq(auditLog.caseId, q.caseId));
        if (q.actorId) filters.push(eq(auditLog.actorId, q.actorId));
        const rows = await deps.db
          .select()
          .from(auditLog)
          .where(and(...filters))
          .orderBy(asc(auditLog.seq))
          .limit(Number(q.limit ?? 100));
        return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
      },
    );

    app.get(
      '/audit/verify',
      {
        config: { access: { ...ACCESS.audit, action: 'audit.verify' } },
        schema: {
          tags: ['audit'],
          summary: 'Checks the whole hash chain',
          response: {
            200: Type.Object({
              rows: Type.Integer(),
              ok: Type.Boolean(),
              brokenAt: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
            }),
          },
        },
      },
      async () => verifyAuditChain(deps.db),
    );
  };
