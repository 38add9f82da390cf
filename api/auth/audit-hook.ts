// Writes the audit log for every change, every read of personal data and every refusal,
// after the response is sent (so it adds no latency). What is logged: who, role, what,
// which case, when, from where, and the outcome; never bodies or personal data.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { type AuditEntry, appendAudit } from '../../lib/audit-chain.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function outcomeOf(status: number, action: string): AuditEntry['outcome'] {
  // A step whose call to Temporal timed out may still have been applied: the honest record is "unknown".
  if (status === 503 && action.startsWith('case.step.')) return 'unknown';
  if (status < 400) return 'ok';
  if (status === 400 || status === 413) return 'invalid';
  if (status >= 500) return 'failed';
  return 'refused';
}

export function installAuditHook(app: FastifyInstance, db: Db, onError: (error: unknown) => void) {
  app.addHook('onResponse', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (!access || request.routeOptions.url === '/auth/login') return; // login audits itself
    const status = reply.statusCode;
    const refused = status === 401 || status === 403 || (status === 404 && access.scope === 'case');
    if (!UNSAFE.has(request.method) && !access.personal && !refused) return;
    const id = (request.params as { id?: unknown } | undefined)?.id;
    const action = access.action ?? `${request.method} ${request.routeOptions.url}`;
    await appendAudit(db, {
      actorId: request.identity?.userId ?? null,
      actorRole: request.actingRole ?? request.identity?.roles[0] ?? null,
      action,
      caseId: typeof id === 'string' && /^JV-\d{4}-\d{6,}$/.test(id) ? id : null,
      outcome: outcomeOf(status, action),
      status,
      ip: request.ip,
      requestId: request.id,
    }).catch(onError);
  });
}
