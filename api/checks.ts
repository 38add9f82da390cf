import type { Client } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

export interface Check {
  ok: boolean;
  detail?: string;
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);

export function readinessChecks(db: Db, client: Client, taskQueue: string) {
  return {
    async database(): Promise<Check> {
      try {
        await within(db.execute(sql`SELECT 1`), 2000);
        return { ok: true };
      } catch {
        return { ok: false, detail: 'PostgreSQL is not reachable' };
      }
    },
    async temporal(): Promise<Check> {
      try {
        await within(client.workflowService.getSystemInfo({}), 2000);
        return { ok: true };
      } catch {
        return { ok: false, detail: 'Temporal is not reachable' };
      }
    },
    /** A worker polled the case task queue in the last minute. */
    async worker(): Promise<Check> {
      try {
        const response = await within(
          client.workflowService.describeTaskQueue({
            namespace: client.options.namespace,
            taskQueue: { name: taskQueue },
            taskQueueType: 1,
          }),
          2000,
        );
        const recent = (response.pollers ?? []).some((p) => {
          const seconds = Number(p.lastAccessTime?.seconds ?? 0);
          return Date.now() / 1000 - seconds < 60;
        });
        return recent ? { ok: true } : { ok: false, detail: `no worker is polling task queue ${taskQueue}` };
      } catch {
        return { ok: false, detail: 'could not ask Temporal about workers' };
      }
    },
  };
}

export type Checks = ReturnType<typeof readinessChecks>;
