// Finding the person: taking the case, lines of enquiry, hints, located or not.
import type { CaseState } from '../../contract/case.js';
import { caseStateCode, districtByCode } from '../districts.js';
import type { StepRules } from './rule.js';

export const locatingSteps: StepRules<
  'startLocating' | 'openEnquiry' | 'reportEnquiry' | 'locationHint' | 'markLocated' | 'markNotLocated'
> = {
  startLocating: {
    apply(state, _cmd, { now, from, move }) {
      if (from === 'not_located') state.relocatedAt = now;
      move('locating', 'locating_started');
      return from === 'not_located' ? 'Locating resumed' : 'Locating started';
    },
  },
  openEnquiry: {
    validate(state, cmd, now) {
      if (state.locating.enquiries.filter((e) => e.status === 'open').length >= 20)
        return 'too many open enquiries (20)';
      if (cmd.body.dueAt !== undefined) {
        const due = Date.parse(cmd.body.dueAt) - Date.parse(now);
        if (!(due > 0)) return 'the enquiry’s due time must be in the future';
        if (due > 24 * 3600_000) return 'the enquiry’s due time must be within 24 hours';
      }
      return undefined;
    },
    apply(state, cmd, { now }) {
      const id = `E${state.locating.enquiries.length + 1}`;
      const dueAt = new Date(
        cmd.body.dueAt !== undefined ? Date.parse(cmd.body.dueAt) : Date.parse(now) + cmd.body.dueInMinutes * 60_000,
      ).toISOString();
      state.locating.enquiries.push({
        id,
        kind: cmd.body.kind,
        owner: cmd.body.owner,
        openedAt: now,
        dueAt,
        status: 'open',
      });
      return `Enquiry ${id} (${cmd.body.kind}) opened, owner ${cmd.body.owner}, due ${dueAt}`;
    },
  },
  reportEnquiry: {
    validate(state, cmd) {
      const enquiry = state.locating.enquiries.find((e) => e.id === cmd.body.enquiryId);
      if (!enquiry) return `no enquiry ${cmd.body.enquiryId} on this case`;
      if (enquiry.status !== 'open') return `enquiry ${enquiry.id} already reported (${enquiry.status})`;
      return districtProblem(state, cmd.body.districtCode);
    },
    apply(state, cmd, { now }) {
      const enquiry = state.locating.enquiries.find((e) => e.id === cmd.body.enquiryId);
      if (!enquiry) throw new Error('validated enquiry vanished');
      const { found, summary: text, confidence, districtCode, policeStation } = cmd.body;
      enquiry.status = found ? 'found' : 'no_result';
      enquiry.result = {
        at: now,
        by: cmd.by.id,
        summary: text,
        confidence: confidence as 0 | 1 | 2 | 3,
        districtCode,
        policeStation,
      };
      if (found)
        considerEstimate(state, {
          summary: text,
          confidence: confidence as 0 | 1 | 2 | 3,
          source: enquiry.id,
          districtCode,
          policeStation,
          at: now,
        });
      return `Enquiry ${enquiry.id} ${found ? `found a location (confidence ${confidence})` : 'found nothing'}`;
    },
  },
  locationHint: {
    validate: (state, cmd) => districtProblem(state, cmd.body.districtCode),
    apply(state, cmd, { now }) {
      const estimate = { ...cmd.body, confidence: cmd.body.confidence as 0 | 1 | 2 | 3, source: 'hint', at: now };
      state.locating.hints.push(estimate);
      considerEstimate(state, estimate);
      return `Location hint (confidence ${cmd.body.confidence})`;
    },
  },
  markLocated: {
    validate: (state, cmd) => districtProblem(state, cmd.body.districtCode),
    apply(state, cmd, { now, move }) {
      const { districtCode, policeStation } = cmd.body;
      state.district = { code: districtCode, policeStation };
      considerEstimate(state, {
        summary:
          cmd.body.summary ??
          `${policeStation}, ${districtByCode(districtCode, caseStateCode(state))?.nameEn ?? districtCode}`,
        confidence: (cmd.body.confidence ?? 3) as 0 | 1 | 2 | 3,
        source: 'operator',
        districtCode,
        policeStation,
        at: now,
      });
      move('located', 'located');
      return `Located: district ${districtCode}, police station ${policeStation}`;
    },
  },
  markNotLocated: {
    validate(_state, cmd) {
      if (cmd.body.reason === 'other' && !cmd.body.detail) return 'detail is required when the reason is "other"';
      return undefined;
    },
    apply(state, cmd, { stamp, move }) {
      state.notLocated = { ...stamp, reason: cmd.body.reason, detail: cmd.body.detail };
      move('not_located', 'not_located');
      return `Not located: ${cmd.body.reason}`;
    },
  },
};

function districtProblem(state: CaseState, code: string | undefined): string | undefined {
  return code && !districtByCode(code, caseStateCode(state)) ? `unknown district code ${code}` : undefined;
}

function considerEstimate(state: CaseState, estimate: CaseState['locating']['best'] & object): void {
  const best = state.locating.best;
  if (!best || estimate.confidence >= best.confidence) state.locating.best = estimate;
}
