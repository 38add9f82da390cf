// The step table (contract/steps.ts) is the one description of a step: every entry is
// complete, and what is derived from it (routes, access, Temporal messages, the workflow's
// handlers, the domain's rules, the console's forms) says the same as the table.
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { STEP_ROUTES, stepRoutes } from '../../api/routes/steps.js';
import { CaseStateSchema } from '../../api/schemas.js';
import { STEP_PATHS } from '../../console/src/lib/step-form-plan.js';
import { STEP_TEXT } from '../../console/src/lib/step-form-strings.js';
import { roleProblem, STEP_ACCESS } from '../../contract/access.js';
import { ROLES, STAGES } from '../../contract/case.js';
import { signals, stepSignals, stepUpdates } from '../../contract/messages.js';
import {
  SIGNAL_STEPS,
  STEP_LIST,
  STEP_NAMES,
  STEPS,
  StepSchemas,
  stageAllows,
  supervisorOnly,
  UPDATE_STEPS,
} from '../../contract/steps.js';
import { STEP_RULES } from '../../domain/steps/index.js';
import { STEP_STAGES } from '../../domain/transitions.js';

describe('the step table', () => {
  it('gives every step a wire name, route, body schema, roles, stages and message', () => {
    for (const entry of STEP_LIST) {
      const { name } = entry;
      expect(STEPS[name], name).toBe(entry);
      expect(entry.path, name).toMatch(/^\/[a-z-]+(\/[a-z-]+)*$/);
      expect(entry.summary.length, name).toBeGreaterThan(5);
      expect(entry.body.type, name).toBe('object');
      expect(
        (entry.body as { additionalProperties?: unknown }).additionalProperties,
        `${name} refuses unknown fields`,
      ).toBe(false);
      expect(entry.roles.length, name).toBeGreaterThan(0);
      for (const role of entry.roles) expect(ROLES, name).toContain(role);
      expect(entry.roles, `${name}: 'system' is nobody's role`).not.toContain('system');
      if (Array.isArray(entry.stages)) {
        expect(entry.stages.length, name).toBeGreaterThan(0);
        for (const stage of entry.stages) expect(STAGES, name).toContain(stage);
        expect(entry.stages, `${name}: nothing is taken on a closed case but a note`).not.toContain('closed');
      } else expect(['open', 'any'], name).toContain(entry.stages);
      expect(['update', 'signal'], name).toContain(entry.kind);
      // The definitions are the SDK's own shape, under the step's wire name.
      if (entry.kind === 'update') {
        expect(entry.update, name).toEqual(defineUpdate(name));
        expect(entry.signal, name).toBeUndefined();
      } else {
        expect(entry.signal, name).toEqual(defineSignal(name));
        expect(entry.update, name).toBeUndefined();
      }
    }
  });

  it('has unique names and routes', () => {
    expect(new Set(STEP_NAMES).size).toBe(STEP_LIST.length);
    expect(new Set(STEP_LIST.map((s) => s.path)).size).toBe(STEP_LIST.length);
    expect(new Set(STEP_LIST.map((s) => s.update?.name ?? s.signal?.name)).size).toBe(STEP_LIST.length);
  });

  it('keeps the wire names and routes running cases and clients depend on', () => {
    // A wire name never changes once used; adding steps is fine, renaming or dropping one is not.
    const used = {
      startLocating: '/locating/start',
      openEnquiry: '/enquiries',
      reportEnquiry: '/enquiries/result',
      addNote: '/notes',
      locationHint: '/location-hints',
      markLocated: '/located',
      markNotLocated: '/not-located',
      transfer: '/transfer',
      acknowledgeTransfer: '/transfer/acknowledge',
      notifyDistrict: '/notify',
      acknowledge: '/acknowledge',
      dispatch: '/dispatch',
      arrive: '/arrive',
      contactMade: '/contact',
      recordOutcome: '/outcome',
      signOff: '/sign-off',
      completeFollowUp: '/follow-ups',
      changeDeadline: '/deadline',
      raiseSeverity: '/severity',
    };
    for (const [name, path] of Object.entries(used)) expect(STEP_PATHS[name as keyof typeof STEP_PATHS]).toBe(path);
    expect(SIGNAL_STEPS).toEqual(['addNote', 'locationHint']);
    // Supervisors decide; the list the validator's "needs an SMC supervisor" applies to.
    expect(STEP_NAMES.filter(supervisorOnly)).toEqual(['signOff', 'changeDeadline', 'raiseSeverity']);
  });

  it('is what the Temporal messages, the access rules and the stage rules are made of', () => {
    expect(Object.keys(stepUpdates)).toEqual(UPDATE_STEPS);
    expect(Object.keys(stepSignals)).toEqual(SIGNAL_STEPS);
    expect([...UPDATE_STEPS, ...SIGNAL_STEPS].sort()).toEqual([...STEP_NAMES].sort());
    for (const step of UPDATE_STEPS) expect(stepUpdates[step]).toEqual(defineUpdate(step));
    expect(signals).toEqual({ ...stepSignals, attachAlert: defineSignal('attachAlert') });
    for (const entry of STEP_LIST) {
      expect(STEP_ACCESS[entry.name]).toEqual([...entry.roles]);
      expect(StepSchemas[entry.name]).toBe(entry.body);
      expect(STEP_STAGES[entry.name]).toBe(entry.stages);
      for (const role of ROLES)
        expect(roleProblem(entry.name, role) === undefined, `${entry.name} by ${role}`).toBe(
          (entry.roles as readonly string[]).includes(role),
        );
      for (const stage of STAGES) {
        const listed =
          entry.stages === 'any' ||
          (stage !== 'closed' && (entry.stages === 'open' || (entry.stages as readonly string[]).includes(stage)));
        expect(stageAllows(entry.name, stage), `${entry.name} in ${stage}`).toBe(listed);
      }
    }
  });

  it('has a domain rule, console text and route for every step', () => {
    expect(Object.keys(STEP_RULES).sort()).toEqual([...STEP_NAMES].sort());
    for (const step of STEP_NAMES) expect(typeof STEP_RULES[step].apply, step).toBe('function');
    expect(Object.keys(STEP_TEXT).sort()).toEqual([...STEP_NAMES].sort());
    expect(STEP_PATHS).toEqual(Object.fromEntries(STEP_LIST.map((s) => [s.name, s.path])));
    expect(STEP_ROUTES).toEqual(
      STEP_LIST.map((s) => ({ step: s.name, path: s.path, summary: s.summary, kind: s.kind })),
    );
  });

  it('is registered by the API as one POST route per step, with its schema and roles', async () => {
    const app = Fastify();
    app.addSchema(CaseStateSchema);
    const routes: { url: string; method: unknown; body: unknown; roles: unknown }[] = [];
    app.addHook('onRoute', (r) => {
      routes.push({
        url: r.url,
        method: r.method,
        body: r.schema?.body,
        roles: (r.config as { access?: { roles: unknown } } | undefined)?.access?.roles,
      });
    });
    // The handlers are never called: registering needs no dependencies.
    await app.register(stepRoutes({} as never));
    await app.ready();
    await app.close();
    expect(routes).toEqual(
      STEP_LIST.map((s) => ({ url: `/cases/:id${s.path}`, method: 'POST', body: s.body, roles: [...s.roles] })),
    );
  });
});
