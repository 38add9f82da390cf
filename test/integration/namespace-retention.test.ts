// Issue 12 item 8: the worker finds a Temporal namespace that keeps closed case histories
// longer than RETENTION_DAYS, on a real Temporal server.
import { randomBytes } from 'node:crypto';
import { msToTs } from '@temporalio/common/lib/time.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNamespaceRetention } from '../../worker/namespace-retention.js';
import { createTestEnv, type TestEnv } from '../helpers/env.js';

let env: TestEnv;
const namespace = `retention-check-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  env = await createTestEnv();
  await env.client.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs('30 days'),
  });
});
afterAll(() => env?.close());

describe('the namespace retention check', () => {
  it('warns when the namespace keeps histories longer than RETENTION_DAYS, naming the fix', async () => {
    const r = await checkNamespaceRetention(env.client, namespace, 7);
    expect(r).toMatchObject({ namespace, namespaceDays: 30, retentionDays: 7, tooLong: true });
    expect(r.message).toContain(`temporal operator namespace update --namespace ${namespace} --retention 7d`);
  });

  it('is content when the namespace keeps them no longer', async () => {
    expect(await checkNamespaceRetention(env.client, namespace, 30)).toMatchObject({
      tooLong: false,
      namespaceDays: 30,
    });
    expect(await checkNamespaceRetention(env.client, namespace, 365)).toMatchObject({ tooLong: false });
  });
});
