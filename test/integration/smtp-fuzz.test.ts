// The SMTP intake fuzzed: generated and mutated alert e-mails (MIME nesting, encodings, huge
// headers, binary parts, byte damage) sent over real SMTP to the real listener and intake.
// None may crash the listener, and each must end as a case or a rejected e-mail: never a
// 451 (the sender would retry a mail we can never take, forever) and never silence.
// JEEVAN_FUZZ_RUNS sets the number of mails (default 200). docs/testing.md.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailIntakeHandlers } from '../../api/intake/email-intake.js';
import { type IntakeSmtp, startIntakeSmtp } from '../../api/intake/smtp-listener.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { sample } from '../fixtures/alert-emails/build.js';
import { fuzzMail } from '../fuzz/email-arbitrary.js';
import { type ApiTestEnv, createApiTestEnv } from '../helpers/api.js';
import { freePort } from '../helpers/ports.js';

const RUNS = Number(process.env.JEEVAN_FUZZ_RUNS ?? 200);
const MAX_BYTES = 512 * 1024;

let env: ApiTestEnv;
let smtp: IntakeSmtp;
const logged: [string, Record<string, unknown>][] = [];
beforeAll(async () => {
  env = await createApiTestEnv({ policy: scaledPolicy(3_600_000) });
  smtp = await startIntakeSmtp({
    host: '127.0.0.1',
    port: await freePort(),
    access: { allowedClients: ['127.0.0.1'], allowedSenders: ['@example.org'], perMinute: 100_000 },
    maxBytes: MAX_BYTES,
    ...emailIntakeHandlers(env.deps),
    log: (event, fields) => logged.push([event, fields]),
  });
});
afterAll(async () => {
  await smtp?.close();
  await env?.close();
});

async function send(raw: Buffer): Promise<{ code: number; text: string }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({
      envelope: { from: 'lert-alerts@example.org', to: ['smc-alerts@example.org'] },
      raw,
    });
    return { code: Number(info.response.slice(0, 3)), text: info.response };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; message?: string; code?: string };
    return { code: e.responseCode ?? 0, text: e.response ?? `${e.code}: ${e.message}` };
  } finally {
    transport.close();
  }
}

const counts = async () => {
  const row = (
    await env.db.db.execute<{ r: string; c: string }>(
      sql`SELECT (SELECT count(*) FROM rejected_emails) AS r, (SELECT count(*) FROM cases) AS c`,
    )
  ).rows[0];
  return { rejected: Number(row.r), cases: Number(row.c) };
};

describe('SMTP intake fuzz', () => {
  it(
    `${RUNS} generated and mutated alert e-mails: the listener never fails, and each ends as a case or a rejected e-mail`,
    async () => {
      const outcomes: Record<string, number> = {};
      await fc.assert(
        fc.asyncProperty(fuzzMail, async (mail) => {
          const before = await counts();
          const reply = await send(mail.raw);
          const after = await counts();
          const caseId = /Accepted as case (JV-(?:[A-Z]{2}-)?\d{4}-\d+)/.exec(reply.text)?.[1];
          const how = `${mail.how.join(', ')} (${mail.raw.length} bytes): ${reply.text.slice(0, 200)}; last log ${JSON.stringify(logged.at(-1))}`;
          if (reply.code === 250 && caseId) {
            const [row] = (await env.db.db.execute(sql`SELECT 1 FROM cases WHERE id = ${caseId}`)).rows;
            expect(row, `accepted as ${caseId}, which is not stored: ${how}`).toBeDefined();
            expect(after.rejected, how).toBe(before.rejected);
            outcomes.case = (outcomes.case ?? 0) + 1;
          } else if (reply.code === 250 || reply.code === 552) {
            expect(reply.text, how).toMatch(/Kept for an operator|kept for an operator/);
            expect(after.rejected, `not kept: ${how}`).toBe(before.rejected + 1);
            expect(after.cases, how).toBe(before.cases);
            outcomes[`rejected ${reply.code}`] = (outcomes[`rejected ${reply.code}`] ?? 0) + 1;
          } else {
            throw new Error(`neither a case nor a rejected e-mail: ${how}`);
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      // Still listening, and still reading alerts.
      const after = await send(Buffer.from(sample('minimal').replace(/LR-2024-0233-1044/g, 'LR-FUZZ-AFTER-1')));
      expect(after.text).toMatch(/^250 .*Accepted as case/);
      console.log(`SMTP intake fuzz: ${RUNS} e-mails; ${JSON.stringify(outcomes)}`);
    },
    Math.max(600_000, RUNS * 3_000),
  );
});
