// Writes the audit log for every change, every read of personal data and every refusal,
// before the answer is sent: a personal read whose audit row cannot be written is answered
// 503 and shows nothing. What is logged: who, role, what, which case, when, from where, and
// the outcome; never bodies or personal data. Unauthenticated refusals are aggregated per
// address (refusal-tally.ts).
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { type AuditEntry, appendAudit } from '../../lib/audit-chain.js';
import { ApiError } from '../errors.js';
import { refusalTally } from './refusal-tally.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** What a route adds to its audit entry: codes and ids only (e.g. the user an admin changed). */
    auditDetails?: Record<string, unknown>;
  }
}

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
  const write = (entry: AuditEntry) => appendAudit(db, entry);
  const tally = refusalTally((entry) => write(entry).catch(onError));
  app.addHook('onClose', async () => tally.close());

  app.addHook('onSend', async (request, reply, payload) => {
    const access = request.routeOptions.config?.access;
    if (!access || request.routeOptions.url === '/auth/login') return payload; // login audits itself
    const status = reply.statusCode;
    const refused = status === 401 || status === 403 || status === 429 || (status === 404 && access.scope === 'case');
    if (!UNSAFE.has(request.method) && !access.personal && !refused) return payload;
    if (refused && !request.identity && !tally.note(request, status)) return payload;
    const id = (request.params as { id?: unknown } | undefined)?.id;
    const action = access.action ?? `${request.method} ${request.routeOptions.url}`;
    try {
      await write({
        actorId: request.identity?.userId ?? null,
        actorRole: request.actingRole ?? request.identity?.roles[0] ?? null,
        action,
        caseId: typeof id === 'string' && /^JV-\d{4}-\d{6,}$/.test(id) ? id : null,
        outcome: outcomeOf(status, action),
        status,
        ip: request.ip,
        requestId: request.id,
        details: request.auditDetails ?? null,
      });
    } catch (error) {
      onError(error);
      if (access.personal && status < 400)
        throw new ApiError(503, 'database_unavailable', 'the audit log cannot record this read just now, so nothing is shown: retry shortly');
    }
    return payload;
  });
}
