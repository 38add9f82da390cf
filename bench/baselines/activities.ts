// The one activity of the bare timer workflow: an e-mail, through the same pooled transport
// Jeevan's worker uses, to the SMTP server the bench times arrivals on.
import { createTransport } from '../../lib/mailer.js';

export interface BaselineActivities {
  sendTimerMail(id: string, dueAt: string): Promise<void>;
}

export function baselineActivities(smtpUrl: string): BaselineActivities {
  const transport = createTransport(smtpUrl);
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
  };
}
