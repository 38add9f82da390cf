// The daily digest: its Temporal Schedule is created once and brought up to date on every
// start; a run e-mails the SMC in-charge the last 24 hours' numbers (drills left out); a
// retried run mails nobody twice.

import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDailyDigest } from '../../activities/digest.js';
import { cases } from '../../db/schema.js';
import { UP } from '../../domain/profiles/UP/profile.js';
import { dbDirectory } from '../../lib/directory/directory.js';
import { createTransport } from '../../lib/mail/mailer.js';
import { DIGEST_SPEC, ensureDigestSchedule } from '../../worker/digest-schedule.js';
import { createTestEnv, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

let env: TestEnv;
const scheduleId = `digest-test-${randomBytes(4).toString('hex')}`;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.client.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => {});
  await env?.close();
});

const INCHARGE = 'smc-incharge@smc.police.example.org';

describe('daily digest', () => {
  it('ensures one Schedule (created, then updated), and a run mails the SMC in-charge the day’s numbers without drills', async () => {
    const real = await env.openCase();
    const drill = await env.openCase({ drill: true });
    await eventually(
      async () => (await env.db.db.select().from(cases).where(eq(cases.id, drill))).length === 1,
      'the drill in the projection',
    );
    await eventually(
      async () => (await env.db.db.select().from(cases).where(eq(cases.id, real))).length === 1,
      'the case in the projection',
    );

    expect(await ensureDigestSchedule(env.client, { taskQueue: env.taskQueue, scheduleId })).toBe('created');
    expect(await ensureDigestSchedule(env.client, { taskQueue: env.taskQueue, scheduleId })).toBe('updated');
    const handle = env.client.schedule.getHandle(scheduleId);
    const described = await handle.describe();
    expect(described.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: DIGEST_SPEC.calendars[0].hour }],
      minute: [{ start: 30 }],
    });
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'dailyDigestWorkflow',
      taskQueue: env.taskQueue,
    });

    await handle.trigger();
    const [mail] = await env.mail.waitFor(
      (m) => m.envelopeTo.includes(INCHARGE) && m.headers['x-jeevan-digest'] !== undefined,
      1,
      30_000,
    );
    expect(mail.subject).toMatch(/^\[Jeevan\] Daily digest \d{4}-\d{2}-\d{2}: 1 case\(s\), 0 saved/);
    expect(mail.text).toMatch(/cases\s+1\n/);
    expect(mail.text).not.toContain(real); // counts only: no case numbers, no personal data
  });

  it('sends each recipient one e-mail per period, however often the run is retried', async () => {
    const transport = createTransport(env.mail.url);
    const deps = {
      db: env.db.db,
      transport,
      directory: dbDirectory(env.db.db),
      from: 'Jeevan Test <jeevan@test.invalid>',
      profile: UP,
      onDirectoryGap: async () => {},
    };
    const periodEnd = '2024-06-15T01:30:00.000Z';
    const first = await sendDailyDigest(deps, { periodEnd });
    const again = await sendDailyDigest(deps, { periodEnd });
    transport.close();
    expect([first.sent, first.alreadySent, again.sent, again.alreadySent]).toEqual([1, 0, 0, 1]);
    expect(first.recipients).toEqual([INCHARGE]);
    await eventually(
      async () => env.mail.messages.some((m) => m.headers['x-jeevan-digest'] === periodEnd),
      'the digest',
    );
    expect(env.mail.messages.filter((m) => m.headers['x-jeevan-digest'] === periodEnd)).toHaveLength(1);
  });
});
