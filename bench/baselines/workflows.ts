// The bare baselines Jeevan is measured against: the least Temporal can do for each
// measurement, on the same server, bundled on their own and run on their own task queue.
import { condition, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { BaselineActivities } from './activities.js';

/** Intake's floor: a workflow that starts and ends. */
export async function noopWorkflow(): Promise<void> {}

export const poke = defineUpdate<number, [number]>('poke');

/** Step latency's floor: a workflow waiting for Updates; each returns at once. */
export async function waitingWorkflow(): Promise<void> {
  let count = 0;
  let done = false;
  setHandler(poke, (n: number) => {
    count += n;
    if (count < 0) done = true;
    return count;
  });
  await condition(() => done);
}

const { sendTimerMail } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '45s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '60s' },
});

/** Escalation lateness' floor: a timer until `dueAt`, then one e-mail to the same SMTP server. */
export async function timerWorkflow(id: string, dueAt: string): Promise<void> {
  const waitMs = Date.parse(dueAt) - Date.now();
  if (waitMs > 0) await sleep(waitMs);
  await sendTimerMail(id, dueAt);
}
