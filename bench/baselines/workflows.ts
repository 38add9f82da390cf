// The bare baselines Jeevan is measured against: the least Temporal can do for each
// measurement, on the same server, bundled on their own and run on their own task queue.
// The fair floors (issue 16) do the same work as Jeevan barely: one INSERT activity where
// Jeevan's workflow records to PostgreSQL.
import { condition, defineQuery, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { BaselineActivities } from './activities.js';

/** Intake's floor: a workflow that starts and ends. */
export async function noopWorkflow(): Promise<void> {}

export const poke = defineUpdate<number, [number]>('poke');
export const count = defineQuery<number>('count');

/** Step latency's floor: a workflow waiting for Updates; each returns at once. Its Query is one case's read floor. */
export async function waitingWorkflow(): Promise<void> {
  let total = 0;
  let done = false;
  setHandler(poke, (n: number) => {
    total += n;
    if (total < 0) done = true;
    return total;
  });
  setHandler(count, () => total);
  await condition(() => done);
}

const { sendTimerMail } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '45s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '60s' },
});
const { insertRow } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '20s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '20s' },
});

/** Sustained intake's fair floor: a workflow whose first task runs one INSERT activity. */
export async function insertingWorkflow(ref: string): Promise<void> {
  await insertRow(ref);
}

/** The step's fair floor: each Update runs one INSERT activity and answers after it. */
export async function recordingWorkflow(tag: string): Promise<void> {
  let n = 0;
  setHandler(poke, async (k: number) => {
    n += k;
    await insertRow(`${tag}-${n}`);
    return n;
  });
  await condition(() => n < 0);
}

/** Escalation lateness' floor: a timer until `dueAt`, then one e-mail to the same SMTP server. */
export async function timerWorkflow(id: string, dueAt: string): Promise<void> {
  const waitMs = Date.parse(dueAt) - Date.now();
  if (waitMs > 0) await sleep(waitMs);
  await sendTimerMail(id, dueAt);
}
