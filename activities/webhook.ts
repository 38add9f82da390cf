// The outbound webhook's one delivery (docs/webhooks.md): a signed JSON packet, posted once
// per event key. The row in webhook_deliveries is written before the request and marked
// after a 2xx, so a retry after a success Temporal did not see sends nothing (the pattern
// of activities/deliver-once.ts). No answer, a 5xx, 408 or 429 throws, and Temporal retries
// with backoff (workflows/webhook-watch.ts); any other 4xx is the receiver refusing the
// packet, which no retry changes: it is logged and the activity fails for good.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { eq, sql } from 'drizzle-orm';
import { EVENT_KEY_HEADER, SIGNATURE_HEADER, type WebhookNotice, type WebhookPacket } from '../contract/webhook.js';
import type { Db } from '../db/client.js';
import { webhookDeliveries } from '../db/schema.js';
import { appendAudit } from '../lib/stores/audit-chain.js';

export interface WebhookDeps {
  db: Db;
  /** WEBHOOK_URL and WEBHOOK_SECRET (config/webhook.ts); unset: this worker sends none. */
  webhook?: { url: string; secret: Buffer };
  publicUrl: string;
  log: (event: string, fields: Record<string, unknown>) => void;
  /** Unix seconds now (tests pin it). */
  nowSeconds?: () => number;
}

export interface WebhookResult {
  delivered: boolean;
  alreadyDelivered: boolean;
  status?: number;
}

/** A request that has no answer within this long is abandoned and retried. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A packet is a few hundred bytes; anything near this would be a bug, never sent. */
export const WEBHOOK_MAX_BODY_BYTES = 4096;
/** Receivers should refuse a signature older than this (docs/webhooks.md). */
export const SIGNATURE_TOLERANCE_S = 300;
export const WEBHOOK_REFUSED = 'WebhookRefused';

/** The packet as sent: the notice, its version and the link to the case page. */
export function packetOf(notice: WebhookNotice, publicUrl: string): WebhookPacket {
  return { v: 1, ...notice, caseUrl: `${publicUrl}/console/cases/${encodeURIComponent(notice.caseId)}` };
}

/** HMAC-SHA256 of `<timestamp>.<body>`, hex. */
export function signatureOf(secret: Buffer | string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The Jeevan-Signature header: `t=<unix seconds>,v1=<hex>`. */
export function signatureHeader(secret: Buffer | string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

/** A receiver's check (and the tests'): the signature matches and is at most `toleranceS` old. */
export function verifySignature(
  secret: Buffer | string,
  header: string | undefined,
  body: string,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = SIGNATURE_TOLERANCE_S,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowS - t) > toleranceS) return false;
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(m[2], 'hex'));
}

const retryable = (status: number) => status >= 500 || status === 408 || status === 429 || status < 400;

export async function deliverWebhook(deps: WebhookDeps, notice: WebhookNotice): Promise<WebhookResult> {
  const fields = { caseId: notice.caseId, event: notice.event, eventKey: notice.eventKey };
  if (!deps.webhook) {
    // The case was opened while the API had WEBHOOK_URL, but this worker has none: nobody to send to.
    deps.log('webhook_not_configured', fields);
    throw ApplicationFailure.nonRetryable('this worker has no WEBHOOK_URL', 'WebhookNotConfigured');
  }
  const key = eq(webhookDeliveries.eventKey, notice.eventKey);
  await deps.db
    .insert(webhookDeliveries)
    .values({ eventKey: notice.eventKey, caseId: notice.caseId })
    .onConflictDoNothing();
  const [row] = await deps.db.select({ deliveredAt: webhookDeliveries.deliveredAt }).from(webhookDeliveries).where(key);
  if (row?.deliveredAt) return { delivered: false, alreadyDelivered: true };

  const body = JSON.stringify(packetOf(notice, deps.publicUrl));
  if (Buffer.byteLength(body) > WEBHOOK_MAX_BODY_BYTES)
    throw ApplicationFailure.nonRetryable(`webhook packet of ${Buffer.byteLength(body)} bytes`, 'WebhookTooLarge');
  const timestamp = (deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000)))();
  const attempted = (status: number) =>
    deps.db
      .update(webhookDeliveries)
      .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastStatus: status })
      .where(key);

  let status: number;
  try {
    const response = await fetch(deps.webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Jeevan-Webhook/1',
        [SIGNATURE_HEADER]: signatureHeader(deps.webhook.secret, timestamp, body),
        [EVENT_KEY_HEADER]: notice.eventKey,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    status = response.status;
    // The answer's body is never read: nothing in it matters, and it could be any size.
    await response.body?.cancel().catch(() => {});
  } catch (error) {
    await attempted(0);
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    deps.log('webhook_failed', { ...fields, reason: reason.slice(0, 200) });
    throw new Error(`webhook not delivered: ${reason.slice(0, 200) || 'no answer'}`);
  }
  await attempted(status);
  if (status >= 200 && status < 300) {
    // The mark and its audit entry commit together: a notice is never marked without its entry.
    await deps.db.transaction(async (tx) => {
      await tx.update(webhookDeliveries).set({ deliveredAt: new Date() }).where(key);
      await appendAudit(tx as unknown as Db, {
        actorId: 'system:webhook',
        actorRole: 'system',
        action: 'webhook.sent',
        caseId: notice.caseId,
        outcome: 'ok',
        status,
        details: { event: notice.event, eventKey: notice.eventKey },
      });
    });
    deps.log('webhook_sent', { ...fields, status });
    return { delivered: true, alreadyDelivered: false, status };
  }
  deps.log(retryable(status) ? 'webhook_failed' : 'webhook_refused', { ...fields, status });
  if (!retryable(status))
    throw ApplicationFailure.nonRetryable(`the webhook receiver refused the packet: HTTP ${status}`, WEBHOOK_REFUSED);
  throw new Error(`webhook not delivered: HTTP ${status}`);
}
