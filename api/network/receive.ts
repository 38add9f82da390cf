// A transfer packet from a peer Jeevan opens a case here (docs/network.md): channel
// 'transfer', source the sending state, its own workflow and its own escalation, starting
// from the sender's location hints. Idempotent on (sender state, sender case ID): the packet
// is written with its case in one transaction, under a lock on that pair, and a unique index
// holds it too, so the same packet twice (or twenty at once) opens one case. The workflow is
// started through the outbox, as intake does: never lost when Temporal is down.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { AlertSummary, CaseInput } from '../../contract/case.js';
import { caseWorkflowId } from '../../contract/ids.js';
import type { TransferPacket } from '../../contract/network.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import type { WebhookEvent } from '../../contract/webhook-events.js';
import type { Db } from '../../db/client.js';
import { alerts, cases, outbox, peerTransfers } from '../../db/schema.js';
import type { StateProfile } from '../../domain/profiles/index.js';
import { type FieldCrypto, PLACE } from '../../lib/crypto/field-crypto.js';
import { ApiError } from '../errors.js';
import type { HandOver } from '../intake/hand-over.js';
import { lockId, newCaseId } from '../intake/intake-service.js';

export interface ReceiveDeps {
  db: Db;
  fields: FieldCrypto;
  /** This instance's state: its case numbers, legal ground and the state its cases carry. */
  profile: StateProfile;
  policy: () => Promise<EscalationPolicy> | EscalationPolicy;
  webhookEvents?: readonly WebhookEvent[];
  now?: () => Date;
}

export type Received =
  | { status: 'created'; caseId: string; handOver: HandOver }
  | { status: 'duplicate'; caseId: string };

export function createTransferIntake(deps: ReceiveDeps) {
  const now = deps.now ?? (() => new Date());
  return async function receive(from: string, packet: TransferPacket): Promise<Received> {
    if (packet.sender.state !== from)
      throw new ApiError(
        400,
        'validation_failed',
        `the packet says it is from ${packet.sender.state}, the signature ${from}`,
      );
    const policy = await deps.policy();
    return deps.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockId(`peer:${from}:${packet.sender.caseId}`)}::bigint)`);
      const [seen] = await tx
        .select({ caseId: peerTransfers.localCaseId })
        .from(peerTransfers)
        .where(
          and(
            eq(peerTransfers.direction, 'received'),
            eq(peerTransfers.peerState, from),
            eq(peerTransfers.remoteCaseId, packet.sender.caseId),
          ),
        );
      if (seen) return { status: 'duplicate' as const, caseId: seen.caseId };

      const receivedAt = now();
      const caseId = await newCaseId(tx, deps.profile.code, receivedAt);
      const first = packet.alerts[0];
      const alertId = randomUUID();
      const alert: AlertSummary = {
        alertId,
        source: from,
        sourceRef: packet.sender.caseId,
        channel: 'transfer',
        platform: first.platform,
        contentKind: first.contentKind,
        live: packet.live,
        receivedAt: receivedAt.toISOString(),
        details: {},
      };
      await tx.insert(cases).values({
        id: caseId,
        workflowId: caseWorkflowId(caseId),
        stage: 'received',
        severity: packet.severity,
        drill: packet.drill,
        legalGround: deps.profile.legalGround,
        policyVersion: policy.version,
        districtCode: null,
        openedAt: receivedAt,
      });
      await tx.insert(alerts).values({
        id: alertId,
        caseId,
        source: from,
        sourceRef: packet.sender.caseId,
        channel: 'transfer',
        platform: first.platform,
        contentKind: first.contentKind,
        live: packet.live,
        severity: packet.severity,
        drill: packet.drill,
        receivedAt,
        attached: false,
        details: deps.fields.seal(alert.details, PLACE.alertDetails(alertId)),
      });
      await tx.insert(peerTransfers).values({
        direction: 'received',
        peerState: from,
        localCaseId: caseId,
        remoteCaseId: packet.sender.caseId,
        deliveredAt: receivedAt,
      });
      const payload = {
        caseId,
        openedAt: receivedAt.toISOString(),
        severity: packet.severity,
        drill: packet.drill,
        alert,
        policy,
        legalGround: deps.profile.legalGround,
        stateCode: deps.profile.code,
        ...(deps.webhookEvents?.length ? { webhooks: [...deps.webhookEvents] } : {}),
        transferredFrom: {
          state: from,
          caseId: packet.sender.caseId,
          hints: packet.hints,
          enquiries: packet.enquiries,
          notes: packet.notes,
        },
      } satisfies CaseInput;
      const kind = 'start_case';
      const [row] = await tx
        .insert(outbox)
        .values({
          caseId,
          kind,
          dedupeKey: caseId,
          payload: deps.fields.seal(payload, PLACE.outboxPayload(caseId, kind, caseId)),
        })
        .returning({ id: outbox.id });
      return {
        status: 'created' as const,
        caseId,
        handOver: { id: row.id, caseId, kind, dedupeKey: caseId, payload },
      };
    });
  };
}

export type TransferIntake = ReturnType<typeof createTransferIntake>;

/** Whether this instance sent that case to that peer (a peer may answer only about those). */
export async function sentTo(db: Db, peer: string, caseId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: peerTransfers.id })
    .from(peerTransfers)
    .where(
      and(
        eq(peerTransfers.direction, 'sent'),
        eq(peerTransfers.peerState, peer),
        eq(peerTransfers.localCaseId, caseId),
      ),
    );
  return Boolean(row);
}
