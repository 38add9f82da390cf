// Replays every recorded history (test/replay/histories/*.json) with today's workflow code:
// a running case must survive a deploy, so any nondeterminism fails here.
//
// Regenerate the corpus only when a branch is added or its walk changes:
//   npx tsx test/replay/record-histories.ts [branch ...]
// A behaviour change to workflows/ must keep the old histories replaying: put the new code
// behind `if (patched('some-change-id'))` (and later `deprecatePatch('some-change-id')` once no
// case started before the change is still open), then record a new history for the new
// behaviour next to the old one. Never re-record a history just to make this test pass.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { BRANCHES } from './branches.js';
import { historyFromJson } from './history-json.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'histories');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

describe('the replay corpus', () => {
  it('has a recorded history for every branch', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(
      expect.arrayContaining(BRANCHES.map((b) => b.name).sort()),
    );
  });

  it('replays every history with the current workflow code, without nondeterminism', async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const histories = files.map((file) => ({
      workflowId: file,
      history: historyFromJson(readFileSync(join(DIR, file), 'utf8')),
    }));
    const results: { workflowId: string; error?: unknown }[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') } },
      histories,
    )) {
      results.push({ workflowId: result.workflowId, error: result.error });
    }
    const failures = results
      .filter((r) => r.error)
      .map((r) => `${r.workflowId}: ${r.error instanceof Error ? r.error.message : String(r.error)}`);
    expect(failures).toEqual([]);
    expect(results.map((r) => r.workflowId).sort()).toEqual([...files].sort());
  });
});
