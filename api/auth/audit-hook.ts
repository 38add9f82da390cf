// Writes the audit log for every change, every read of personal data and every refusal.
// A personal read's row is written before the answer is sent (one that cannot be written is
// answered 503 and shows nothing); the others after it, adding no latency to steps. What is logged: who, role, what,
// which case, when, from where, and
// the outcome; never bodies or personal data. Unauthenticated refusals are aggregated per
// address (refusal-tally.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isCaseId } from '../../contract/ids.js';
import type { Db } from '../../db/client.js';
import { type AuditEntry, appendAudit } from '../../lib/stores/audit-chain.js';
import { ApiError } from '../errors.js';
import { refusalTally } from './refusal-tally.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** What a route adds to its audit entry: codes and ids only (e.g. the user an admin changed). */
    auditDetails?: Record<string, unknown>;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A step's audit row written before the step is asked of the workflow, outcome 'unknown'
 * (details.phase 'attempt'); the row with its outcome follows the answer as for any change.
 * Without it a step that took effect could be missing from the audit log for good: the API
 * killed before it answered, or the database unreachable just after (found by the soak,
 * docs/reliability.md). When even this row cannot be written, the step is not taken (503).
 */
export async function auditStepAttempt(db: Db, request: FastifyRequest, action: string, caseId: string): Promise<void> {
  try {
    await appendAudit(db, {
      actorId: request.identity?.userId ?? null,
      actorRole: request.actingRole ?? request.identity?.roles[0] ?? null,
      action,
      caseId,
      outcome: 'unknown',
      status: null,
      ip: request.ip,
      requestId: request.id,
      details: { phase: 'attempt' },
    });
  } catch {
    throw new ApiError(
      503,
      'database_unavailable',
      'the audit log cannot record this step just now, so it was not taken: retry shortly',
    );
  }
}

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

  const entryOf = (request: FastifyRequest, status: number): AuditEntry | undefined => {
    const access = request.routeOptions.config?.access;
    if (!access || request.routeOptions.url === '/auth/login') return undefined; // login audits itself
    const refused = status === 401 || status === 403 || status === 429 || (status === 404 && access.scope === 'case');
    if (!UNSAFE.has(request.method) && !access.personal && !refused) return undefined;
    if (refused && !request.identity && !request.peer && !tally.note(request, status)) return undefined;
    const id = (request.params as { id?: unknown } | undefined)?.id;
    const action = access.action ?? `${request.method} ${request.routeOptions.url}`;
    return {
      actorId: request.identity?.userId ?? (request.peer ? `peer:${request.peer}` : null),
      actorRole: request.actingRole ?? request.identity?.roles[0] ?? (request.peer ? 'peer' : null),
      action,
      caseId: typeof id === 'string' && isCaseId(id) ? id : null,
      outcome: outcomeOf(status, action),
      status,
      ip: request.ip,
      requestId: request.id,
      details: request.auditDetails ?? null,
    };
  };
  const personalRead = (request: FastifyRequest, status: number) =>
    Boolean(request.routeOptions.config?.access?.personal) && !UNSAFE.has(request.method) && status < 400;

  app.addHook('onSend', async (request, reply, payload) => {
    if (!personalRead(request, reply.statusCode)) return payload;
    const entry = entryOf(request, reply.statusCode);
    if (!entry) return payload;
    try {
      await write(entry);
    } catch (error) {
      onError(error);
      throw new ApiError(
        503,
        'database_unavailable',
        'the audit log cannot record this read just now, so nothing is shown: retry shortly',
      );
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    // Personal reads were written before sending (a failed one was answered 503, and is written here as failed).
    if (personalRead(request, reply.statusCode)) return;
    const entry = entryOf(request, reply.statusCode);
    if (entry) await write(entry).catch(onError);
  });
}
