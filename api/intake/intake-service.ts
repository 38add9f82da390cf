// Alert intake: never lost, never duplicated.
// Everything an alert causes is written in ONE PostgreSQL transaction (the alert, the case,
// its identity hashes, and an outbox row for Temporal) before anyone is told "accepted".
// Temporal is then reached from the outbox, right away or later: see outbox.ts.
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { readStateProfile } from '../../config/state-code.js';
import { type AlertIntake, alertProblem, severityOf } from '../../contract/alert.js';
import type { AlertSummary, CaseInput } from '../../contract/case.js';
import { caseWorkflowId, formatCaseId } from '../../contract/ids.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import type { WebhookEvent } from '../../contract/webhook-events.js';
import type { Db } from '../../db/client.js';
import { alerts, caseIdentities, cases, outbox } from '../../db/schema.js';
import type { StateProfile } from '../../domain/profiles/index.js';
import { type FieldCrypto, PLACE } from '../../lib/crypto/field-crypto.js';
import { ApiError } from '../errors.js';
import type { HandOver } from './hand-over.js';
import { identityHashes } from './identity.js';
import { sameContent } from './repeat-content.js';

export type IntakeStatus = 'created' | 'attached' | 'duplicate';

export interface IntakeResult {
  status: IntakeStatus;
  caseId: string;
  alertId: string;
  /** The outbox row to hand to Temporal now (absent for a duplicate). */
  outboxId?: number;
  /** That row's clear payload, handed on so the hand-over need not read it back and open it. */
  handOver?: HandOver;
}

export interface IntakeDeps {
  db: Db;
  /** Seals the person's details and the outbox payload that carries them. */
  fields: FieldCrypto;
  identityKey: Buffer;
  /** The escalation policy in force now; copied into each new case. */
  policy: () => Promise<EscalationPolicy> | EscalationPolicy;
  /** The events a new case sends to the outbound webhook, copied into it like the policy (none: no webhook). */
  webhookEvents?: readonly WebhookEvent[];
  /** The instance's state (JEEVAN_STATE): its case numbers, its legal ground (default: the setting). */
  profile?: StateProfile;
  now?: () => Date;
}

export function createIntake(deps: IntakeDeps) {
  const now = deps.now ?? (() => new Date());
  const profile = deps.profile ?? readStateProfile();

  return async function intake(alert: AlertIntake, opts: { idempotencyKey?: string } = {}): Promise<IntakeResult> {
    const problem = alertProblem(alert);
    if (problem) throw new ApiError(400, 'validation_failed', problem);
    const source = alert.source ?? 'meta';
    const identities = identityHashes(deps.identityKey, alert);
    const policy = await deps.policy();

    return deps.db.transaction(async (tx) => {
      // Serialise concurrent intakes of the same alert or the same person. Locks are taken
      // in a fixed order so two transactions can never wait on each other.
      const lockKeys = [
        `ref:${source}:${alert.sourceRef}`,
        ...(opts.idempotencyKey ? [`idem:${opts.idempotencyKey}`] : []),
        ...identities.map((i) => `id:${i.kind}:${i.hash}`),
      ];
      // One round trip: a volatile function in the target list runs after ORDER BY, so in this order.
      const ids = [...new Set(lockKeys)].sort().map(lockId);
      await tx.execute(
        sql`SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest(${`{${ids.join(',')}}`}::bigint[]) WITH ORDINALITY AS u(k, n) ORDER BY n) s`,
      );

      const same = await tx
        .select({
          id: alerts.id,
          caseId: alerts.caseId,
          sourceRef: alerts.sourceRef,
          source: alerts.source,
          repeatOf: alerts.repeatOf,
          platform: alerts.platform,
          contentKind: alerts.contentKind,
          live: alerts.live,
          detectedAt: alerts.detectedAt,
          details: alerts.details,
        })
        .from(alerts)
        .where(
          opts.idempotencyKey
            ? or(
                and(eq(alerts.source, source), eq(alerts.sourceRef, alert.sourceRef)),
                eq(alerts.idempotencyKey, opts.idempotencyKey),
              )
            : and(eq(alerts.source, source), eq(alerts.sourceRef, alert.sourceRef)),
        )
        .limit(100);
      const conflicting = same.find((a) => a.source !== source || a.sourceRef !== alert.sourceRef);
      if (conflicting)
        throw new ApiError(409, 'conflict', 'this Idempotency-Key was already used for a different alert');

      const alertId = randomUUID();
      const receivedAt = now();
      const severity = severityOf(alert);
      const summary = alertSummary(alert, alertId, source, receivedAt);
      const match = same.find((a) => sameContent(deps.fields, a, summary));
      if (match) return { status: 'duplicate' as const, caseId: match.caseId, alertId: match.id };
      // Same reference, different content: kept on that alert's case, marked, never dropped.
      const first = same.find((a) => a.repeatOf === null) ?? same[0];
      if (first) summary.repeatOf = first.id;
      const open = first
        ? [{ caseId: first.caseId }]
        : identities.length === 0
          ? []
          : await tx
              .select({ caseId: caseIdentities.caseId })
              .from(caseIdentities)
              .innerJoin(cases, eq(cases.id, caseIdentities.caseId))
              .where(
                and(
                  eq(caseIdentities.open, true),
                  sql`${cases.stage} <> 'closed'`,
                  or(...identities.map((i) => and(eq(caseIdentities.kind, i.kind), eq(caseIdentities.hash, i.hash)))),
                ),
              )
              .orderBy(cases.openedAt)
              .limit(1);

      const attachTo = open[0]?.caseId;
      const caseId = attachTo ?? (await newCaseId(tx, profile.code, receivedAt));
      if (!attachTo) {
        await tx.insert(cases).values({
          id: caseId,
          workflowId: caseWorkflowId(caseId),
          stage: 'received',
          severity,
          drill: alert.drill ?? false,
          legalGround: profile.legalGround,
          policyVersion: policy.version,
          districtCode: null,
          openedAt: receivedAt,
        });
      } else {
        await tx
          .update(cases)
          .set({ alertCount: sql`${cases.alertCount} + 1`, updatedAt: receivedAt })
          .where(eq(cases.id, caseId));
      }
      await tx.insert(alerts).values({
        id: alertId,
        caseId,
        source,
        sourceRef: alert.sourceRef,
        channel: alert.channel,
        // A differing repeat may carry the first one's Message-ID (forged or not): the key stays with the first.
        idempotencyKey: first ? null : (opts.idempotencyKey ?? null),
        repeatOf: first?.id ?? null,
        platform: alert.platform,
        contentKind: alert.contentKind,
        live: summary.live,
        severity,
        drill: alert.drill ?? false,
        detectedAt: alert.detectedAt ? new Date(alert.detectedAt) : null,
        receivedAt,
        attached: Boolean(attachTo),
        details: deps.fields.seal(summary.details, PLACE.alertDetails(alertId)),
      });
      if (identities.length > 0) {
        await tx
          .insert(caseIdentities)
          .values(identities.map((i) => ({ ...i, caseId, open: true })))
          .onConflictDoNothing();
      }
      const payload = attachTo
        ? summary
        : ({
            caseId,
            stateCode: profile.code,
            openedAt: receivedAt.toISOString(),
            severity,
            drill: alert.drill ?? false,
            districtHint: alert.districtHint,
            alert: summary,
            policy,
            legalGround: profile.legalGround,
            ...(deps.webhookEvents?.length ? { webhooks: [...deps.webhookEvents] } : {}),
          } satisfies CaseInput);
      const kind = attachTo ? 'attach_alert' : 'start_case';
      const dedupeKey = attachTo ? alertId : caseId;
      const [row] = await tx
        .insert(outbox)
        .values({
          caseId,
          kind,
          dedupeKey,
          payload: deps.fields.seal(payload, PLACE.outboxPayload(caseId, kind, dedupeKey)),
        })
        .returning({ id: outbox.id });
      return {
        status: attachTo ? ('attached' as const) : ('created' as const),
        caseId,
        alertId,
        outboxId: row.id,
        handOver: { id: row.id, caseId, kind, dedupeKey, payload } as HandOver,
        ...(first ? { repeatOf: first.id } : {}),
      };
    });
  };
}

export type Intake = ReturnType<typeof createIntake>;

export async function newCaseId(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  stateCode: string,
  at: Date,
): Promise<string> {
  const result = await tx.execute<{ seq: string }>(sql`SELECT nextval('case_number_seq')::text AS seq`);
  return formatCaseId(stateCode, at.getUTCFullYear(), Number(result.rows[0].seq));
}

function alertSummary(alert: AlertIntake, alertId: string, source: string, receivedAt: Date): AlertSummary {
  return {
    alertId,
    source,
    sourceRef: alert.sourceRef,
    channel: alert.channel,
    platform: alert.platform,
    contentKind: alert.contentKind,
    live: Boolean(alert.live || alert.contentKind === 'live_video'),
    detectedAt: alert.detectedAt,
    receivedAt: receivedAt.toISOString(),
    details: {
      accountName: alert.accountName,
      handle: alert.handle,
      profileUrl: alert.profileUrl,
      phone: alert.phone,
      email: alert.email,
      ipAddress: alert.ipAddress,
      locationHint: alert.locationHint,
      description: alert.description,
    },
  };
}

/** A stable signed 64-bit advisory-lock id for a string key. */
/** A transaction-level advisory lock's bigint key for a text key (the intakes' serialisation). */
export function lockId(key: string): string {
  return createHash('sha256').update(key).digest().readBigInt64BE(0).toString();
}

/** For tests and the reconciler: the outbox rows of some cases. */
export async function outboxRows(db: Db, caseIds: string[]) {
  return db.select().from(outbox).where(inArray(outbox.caseId, caseIds));
}
