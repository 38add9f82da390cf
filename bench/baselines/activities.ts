// The activities of the baseline workflows: an e-mail, through the same pooled transport
// Jeevan's worker uses, to the SMTP server the bench times arrivals on; and one INSERT into
// PostgreSQL, the fair floors' stand-in for Jeevan's record activity.
import pg from 'pg';
import { createTransport } from '../../lib/mail/mailer.js';

export interface BaselineActivities {
  sendTimerMail(id: string, dueAt: string): Promise<void>;
  insertRow(ref: string): Promise<void>;
}

/** The fair floors' table (drivers.ts reads it back). */
export const FLOOR_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, ref text NOT NULL UNIQUE, at timestamptz NOT NULL DEFAULT now())';

export function baselineActivities(smtpUrl: string, databaseUrl?: string): BaselineActivities {
  const transport = createTransport(smtpUrl);
  const pool = databaseUrl
    ? new pg.Pool({ connectionString: databaseUrl, max: 20, application_name: 'jeevan-bench-baseline' })
    : undefined;
  return {
    async sendTimerMail(id, dueAt) {
      await transport.sendMail({
        from: 'bench@bench.invalid',
        to: 'timer@bench.invalid',
        subject: `timer ${id}`,
        text: `due ${dueAt}`,
        headers: { 'X-Bench-Timer': id },
      });
    },
    async insertRow(ref) {
      if (!pool) throw new Error('baseline worker: DATABASE_URL is required for insertRow');
      await pool.query('INSERT INTO bench_floor (ref) VALUES ($1) ON CONFLICT (ref) DO NOTHING', [ref]);
    },
  };
}
