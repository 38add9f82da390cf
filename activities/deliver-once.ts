// The one delivery loop of every e-mail Jeevan sends (case mails, the daily digest): each
// recipient's delivery row is written before sending and marked after, so a retried
// activity mails each person once. A crash between the SMTP server's acceptance and the
// mark is the one case where a message goes twice, with the same Message-ID.
// One recipient's failure does not stop the others; the activity throws at the end, and
// Temporal's retry skips whoever was already reached.

export interface Delivery {
  /** Writes the pending row if there is none; true when it is already marked sent. */
  alreadySent(): Promise<boolean>;
  send(): Promise<unknown>;
  markSent(): Promise<void>;
  markFailed(message: string): Promise<void>;
}

export interface DeliveryTally {
  sent: number;
  alreadySent: number;
}

export async function deliverEach<R>(
  recipients: R[],
  delivery: (r: R) => Delivery,
  label: (r: R) => string,
): Promise<DeliveryTally> {
  const tally: DeliveryTally = { sent: 0, alreadySent: 0 };
  const failures: string[] = [];
  for (const r of recipients) {
    const d = delivery(r);
    if (await d.alreadySent()) {
      tally.alreadySent += 1;
      continue;
    }
    try {
      await d.send();
      await d.markSent();
      tally.sent += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
      failures.push(`${label(r)}: ${message}`);
      await d.markFailed(message).catch(() => {});
    }
  }
  if (failures.length > 0)
    throw new Error(
      `delivery failed for ${failures.length} of ${recipients.length} recipient(s): ${failures.join('; ')}`,
    );
  return tally;
}
