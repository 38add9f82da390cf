// Which steps a person may take on a case now, most likely first, and what each step's
// form starts with. The stages and roles are the step table's (contract/steps.ts), which the
// workflow and the API enforce: the page offers exactly what would be accepted, and the API
// still decides (district scope, races with other people, each step's own rule). A step new
// to the table is offered after the ones below, with a form made from its schema.
import { ACK_PARTIES, type CaseState, OUTCOMES, type Stage } from '../../../contract/case.js';
import { STEP_LIST, STEP_NAMES, STEPS, type StepName, StepSchemas, stageAllows } from '../../../contract/steps.js';
import { foundByOf, needsReview, reviewPending } from '../../../domain/steps/review.js';
import { homeDistricts } from './profile.js';
import { type FieldSpec, fieldsOf, type JsonSchema, type Values } from './step-form.js';

/** The steps people take from this page; notes have their own form. */
export type PageStep = Exclude<StepName, 'addNote'>;

/** What usually comes next in each stage, most likely first. */
const LIKELY: Record<Stage, PageStep[]> = {
  received: ['startLocating'],
  locating: ['markLocated', 'openEnquiry', 'reportEnquiry', 'markNotLocated', 'transfer'],
  located: ['notifyDistrict', 'reportEnquiry', 'transfer'],
  not_located: ['submitReview', 'startLocating', 'transfer', 'signOff'],
  transferred: ['acknowledgeTransfer'],
  district_notified: ['acknowledge', 'dispatch', 'arrive'],
  acknowledged: ['dispatch', 'arrive', 'acknowledge'],
  arrived: ['contactMade', 'recordOutcome'],
  contact_made: ['recordOutcome'],
  outcome_recorded: ['submitReview', 'signOff'],
  follow_up: ['completeFollowUp'],
  closed: [],
};
/** Steps beside the main path, offered after it. */
const SIDE: PageStep[] = ['locationHint', 'raiseSeverity', 'changeDeadline'];
const ALL = STEP_NAMES.filter((s): s is PageStep => s !== 'addNote');

export { stageAllows };

export function roleAllows(step: StepName, roles: readonly string[]): boolean {
  return roles.some((r) => (STEPS[step].roles as readonly string[]).includes(r));
}

const pendingAcks = (c: CaseState) => (c.milestones.arrived ? [] : ACK_PARTIES.filter((p) => !c.acks[p]));
const openEnquiries = (c: CaseState) => c.locating.enquiries.filter((e) => e.status === 'open');
const pendingCheck = (c: CaseState) => c.followUps.find((f) => !f.done);

/** Steps the stage allows but the case's own facts make pointless (each would only be refused). */
function pointless(step: PageStep, c: CaseState): boolean {
  switch (step) {
    case 'acknowledge':
      return pendingAcks(c).length === 0;
    case 'dispatch':
      return c.dispatched !== undefined;
    case 'reportEnquiry':
      return openEnquiries(c).length === 0;
    case 'completeFollowUp':
      return !pendingCheck(c);
    case 'submitReview':
      return c.learningReview !== undefined || !needsReview(c);
    case 'signOff':
      // Held until the learning review is in (the review comes first in the list).
      return reviewPending(c);
    case 'raiseSeverity':
      return c.severity === 'critical';
    case 'changeDeadline':
      return !c.escalation.next && !c.escalation.supervisorRequired;
    case 'locationHint':
      // A hint helps while the person is being found, not after the police have arrived.
      return !['received', 'locating', 'located', 'not_located'].includes(c.stage);
    default:
      return false;
  }
}

/** The steps this person may take now, the most likely first. */
export function availableSteps(c: CaseState, roles: readonly string[]): PageStep[] {
  const order = [...LIKELY[c.stage], ...SIDE, ...ALL];
  const seen = new Set<PageStep>();
  for (const step of order) {
    if (seen.has(step)) continue;
    if (stageAllows(step, c.stage) && roleAllows(step, roles) && !pointless(step, c)) seen.add(step);
  }
  return [...seen];
}

const CONFIDENCES = ['0', '1', '2', '3'];

/**
 * The form of a step for this case: the schema's fields, with closed lists the schema
 * cannot know (districts, this case's open enquiries, the parties still to acknowledge)
 * turned into choices, and sensible starting values.
 */
export function stepForm(step: PageStep, c: CaseState): { fields: FieldSpec[]; defaults: Values } {
  const choose = (f: FieldSpec, options: readonly string[]): FieldSpec => ({
    ...f,
    kind: 'select',
    options,
    numeric: f.kind === 'number',
    pattern: undefined,
    maxLength: undefined,
  });
  const fields = fieldsOf(StepSchemas[step] as unknown as JsonSchema).map((f) => {
    if (f.key === 'districtCode')
      return choose(
        f,
        homeDistricts().map((d) => d.code),
      );
    if (f.key === 'confidence') return choose(f, CONFIDENCES);
    if (step === 'reportEnquiry' && f.key === 'enquiryId')
      return choose(
        f,
        openEnquiries(c).map((e) => e.id),
      );
    if (step === 'acknowledge' && f.key === 'party') return { ...f, options: pendingAcks(c) };
    if (step === 'recordOutcome' && f.key === 'outcome') {
      // A transfer has its own step; intervention outcomes need an officer with the person first.
      const contact = c.stage === 'contact_made';
      return {
        ...f,
        options: OUTCOMES.filter(
          (o) => o !== 'transferred' && (contact || !['safe', 'hospitalised', 'no_risk'].includes(o)),
        ),
      };
    }
    // A person never located was found by no line of enquiry.
    if (step === 'submitReview' && f.key === 'foundBy' && c.stage === 'not_located')
      return { ...f, options: ['not_found'] };
    if (step === 'raiseSeverity' && f.key === 'severity') {
      const rank = ['normal', 'high', 'critical'];
      return { ...f, options: (f.options ?? []).filter((s) => rank.indexOf(s) > rank.indexOf(c.severity)) };
    }
    return f;
  });
  const defaults: Values = {};
  const best = c.locating.best;
  if (step === 'markLocated' || step === 'locationHint') {
    if (best?.districtCode) defaults.districtCode = best.districtCode;
    if (step === 'markLocated' && best?.policeStation) defaults.policeStation = best.policeStation;
    if (step === 'markLocated') defaults.confidence = '3';
  }
  if (step === 'acknowledge') defaults.party = pendingAcks(c)[0] ?? '';
  if (step === 'reportEnquiry') defaults.enquiryId = openEnquiries(c)[0]?.id ?? '';
  if (step === 'completeFollowUp') defaults.n = String(pendingCheck(c)?.n ?? '');
  if (step === 'openEnquiry') defaults.dueInMinutes = '15';
  if (step === 'filePlatformRequest') defaults.dueInMinutes = '60';
  if (step === 'requestTelecomLocation') {
    // The number the alert gave, as the field takes it (digits, a leading +); the operator checks it.
    const phone = c.alerts
      .map((a) => a.details.phone?.replace(/[^0-9+]/g, ''))
      .find((p) => p && /^\+?[0-9]{10,13}$/.test(p));
    if (phone) defaults.phone = phone;
    defaults.windowHours = '24';
    defaults.dueInMinutes = '30';
  }
  if (step === 'submitReview') defaults.foundBy = c.stage === 'not_located' ? 'not_found' : (foundByOf(c) ?? '');
  return { fields, defaults };
}

/** Each step's route under /cases/:id (the step table's; api/routes/steps.ts registers the same). */
export const STEP_PATHS = Object.fromEntries(STEP_LIST.map((s) => [s.name, s.path])) as Record<StepName, string>;
