// What the reports add to the record: the daily digest's deliveries, keyed by the period
// it covers and the recipient, so a retried or re-run digest is sent once per person.
import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const digestDeliveries = pgTable(
  'digest_deliveries',
  {
    periodEnd: ts('period_end').notNull(),
    recipient: text('recipient').notNull(),
    messageId: text('message_id').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.periodEnd, t.recipient] })],
);
