// Erasure in PostgreSQL means little if Temporal keeps a closed case's (encrypted) history
// longer: the namespace's own retention must be no longer than RETENTION_DAYS. The worker
// checks it at start and says so loudly when it is not (issue 12 item 8); it cannot change
// it itself (that needs the operator's `temporal operator namespace update --retention`).
import type { Client } from '@temporalio/client';

export interface NamespaceRetention {
  namespace: string;
  /** The namespace's retention in days, or undefined when Temporal does not say. */
  namespaceDays?: number;
  retentionDays: number;
  tooLong: boolean;
  message: string;
}

export async function checkNamespaceRetention(
  client: Client,
  namespace: string,
  retentionDays: number,
): Promise<NamespaceRetention> {
  const described = await client.workflowService.describeNamespace({ namespace });
  const ttl = described.config?.workflowExecutionRetentionTtl;
  const seconds = ttl?.seconds === undefined || ttl.seconds === null ? undefined : Number(ttl.seconds);
  if (seconds === undefined) {
    return {
      namespace,
      retentionDays,
      tooLong: false,
      message: `namespace ${namespace} reports no retention; check it is at most ${retentionDays} days`,
    };
  }
  const namespaceDays = seconds / 86_400;
  const tooLong = namespaceDays > retentionDays;
  const message = tooLong
    ? `Temporal namespace ${namespace} keeps closed workflows ${namespaceDays} days, longer than RETENTION_DAYS=${retentionDays}: ` +
      `erased cases stay in Temporal's history until then. Run: temporal operator namespace update --namespace ${namespace} --retention ${retentionDays}d`
    : `Temporal namespace ${namespace} keeps closed workflows ${namespaceDays} days (RETENTION_DAYS=${retentionDays})`;
  return { namespace, namespaceDays, retentionDays, tooLong, message };
}
