// Activities do the I/O. Built from explicit dependencies so tests can hand in real
// services on their own ports (HOUSE-STYLE: createActivities(deps)).

import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type { PeerConfig } from '../config/peers.js';
import { readStateProfile } from '../config/state-code.js';
import type { DigestInput } from '../contract/digest.js';
import type { EraseCasesInput, EraseEmailsInput, LongOpenInput, PruneOutboxInput } from '../contract/retention.js';
import type { WebhookNotice } from '../contract/webhook.js';
import type { Db } from '../db/client.js';
import { supervisorAlerts } from '../db/schema.js';
import type { PacketDraft } from '../domain/network.js';
import type { StateProfile } from '../domain/profiles/index.js';
import type { FieldCrypto } from '../lib/crypto/field-crypto.js';
import type { Directory } from '../lib/directory/directory.js';
import { sendDailyDigest } from './digest.js';
import { pruneDeliveredOutbox, reportLongOpenCases } from './housekeeping.js';
import { type MailDeps, sendCaseMail } from './mail.js';
import type { MailJob } from './mail-types.js';
import { type NetworkDeps, type PeerEventInput, sendPeerEvent, sendTransferPacket } from './network.js';
import { type RecordCaseInput, recordCase } from './record-case.js';
import { eraseExpiredCases, eraseExpiredRejectedEmails } from './retention.js';
import { reportStoppedCases } from './stopped-cases.js';
import { deliverWebhook } from './webhook.js';

export interface ActivityDeps {
  db: Db;
  /** Seals personal fields written to PostgreSQL (lib/crypto/field-crypto.ts). */
  fields: FieldCrypto;
  transport: Transporter;
  directory: Directory;
  mailFrom: string;
  publicUrl: string;
  log: (event: string, fields: Record<string, unknown>) => void;
  /** A Temporal client (with the codec) for the reconcile run, which reads case workflows' status. */
  temporal?: Client;
  /** WEBHOOK_URL and WEBHOOK_SECRET (config/webhook.ts): where case notices go; unset, none are sent. */
  webhook?: { url: string; secret: Buffer };
  /** The instance's state profile (default: JEEVAN_STATE). */
  profile?: StateProfile;
  /** JEEVAN_PEERS (config/peers.ts): the other states' Jeevans; none, every transfer goes by e-mail. */
  peers?: readonly PeerConfig[];
}

export interface SupervisorAlertInput {
  caseId: string | null;
  kind: string;
  dedupeKey: string;
  message: string;
}

export function createActivities(deps: ActivityDeps) {
  const raise = async (input: SupervisorAlertInput) => {
    await deps.db.insert(supervisorAlerts).values(input).onConflictDoNothing();
    deps.log('supervisor_alert', { caseId: input.caseId, kind: input.kind });
  };
  const profile = deps.profile ?? readStateProfile();
  const mailDeps: MailDeps = {
    db: deps.db,
    profile,
    transport: deps.transport,
    directory: deps.directory,
    from: deps.mailFrom,
    publicUrl: deps.publicUrl,
    onDirectoryGap: (caseId, role) =>
      raise({
        caseId,
        kind: 'directory_gap',
        dedupeKey: `${caseId}:gap:${role}`,
        message: `Case ${caseId}: nobody in the directory for ${role}; sent to the SMC supervisor instead.`,
      }),
  };
  const network: NetworkDeps = {
    db: deps.db,
    stateCode: profile.code,
    peers: deps.peers ?? [],
    log: deps.log,
  };
  return {
    async recordCase(input: RecordCaseInput): Promise<void> {
      await recordCase(deps.db, deps.fields, input);
    },
    async sendCaseMail(job: MailJob) {
      const result = await sendCaseMail(mailDeps, job);
      deps.log('mail_sent', {
        caseId: job.caseId,
        step: job.step,
        level: job.level,
        sent: result.sent,
        alreadySent: result.alreadySent,
      });
      return result;
    },
    raiseSupervisorAlert: raise,
    deliverWebhook: (notice: WebhookNotice) => deliverWebhook(deps, notice),
    sendTransferPacket: (input: { toState: string; packet: PacketDraft }) => sendTransferPacket(network, input),
    sendPeerEvent: (input: PeerEventInput) => sendPeerEvent(network, input),
    async reportStoppedCases() {
      if (!deps.temporal)
        throw ApplicationFailure.nonRetryable(
          'this worker has no Temporal client for the reconcile run',
          'NotConfigured',
        );
      return reportStoppedCases({ db: deps.db, temporal: deps.temporal, mail: mailDeps, log: deps.log });
    },
    eraseExpiredCases: (input: EraseCasesInput) => eraseExpiredCases(deps, input),
    eraseExpiredRejectedEmails: (input: EraseEmailsInput) => eraseExpiredRejectedEmails(deps, input),
    pruneDeliveredOutbox: (input: PruneOutboxInput) => pruneDeliveredOutbox(deps, input),
    reportLongOpenCases: (input: LongOpenInput) => reportLongOpenCases(deps, input),
    sendDailyDigest: async (input: DigestInput) => {
      const result = await sendDailyDigest(
        {
          ...deps,
          profile,
          from: deps.mailFrom,
          onDirectoryGap: () =>
            raise({
              caseId: null,
              kind: 'directory_gap',
              dedupeKey: `digest:gap:${input.periodEnd}`,
              message: 'Nobody in the directory is SMC in-charge: the daily digest went to the SMC supervisor.',
            }),
        },
        input,
      );
      // The anchor in the log too: a second copy outside the database.
      if (result.auditAnchor) deps.log('audit_anchor', { anchor: result.auditAnchor, periodEnd: result.periodEnd });
      return result;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
