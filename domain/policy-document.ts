// From the policy document people edit to the flat snapshot a case copies: a district's
// ladders are its policing type's, then its own overrides; what differs from the base goes
// into `districtOverrides`, which domain/escalation.ts picks once the case's district is known.

import { type EscalationPolicy, type Ladder, WAIT_KINDS, type WaitKind } from '../contract/policy.js';
import type { PolicyDocument } from '../contract/policy-document.js';
import { DEFAULT_POLICY } from './default-policy.js';
import type { Problem } from './directory-rows.js';
import { districtByCode, districtsOf } from './districts.js';

type Ladders = Partial<Record<WaitKind, Ladder>>;

/** The document that says exactly what a flat policy says (no commissionerate or district differences). */
export function documentFromPolicy(policy: EscalationPolicy): PolicyDocument {
  return {
    requireBothAcks: policy.requireBothAcks,
    severityFactor: { ...policy.severityFactor },
    ladders: { district: structuredClone(policy.ladders), commissionerate: {} },
    districtOverrides: structuredClone(policy.districtOverrides ?? {}),
    ...(policy.enquiryLadders ? { enquiryLadders: structuredClone(policy.enquiryLadders) } : {}),
    followUpOffsetsMs: [...policy.followUpOffsetsMs],
    mailFailureAlertMs: policy.mailFailureAlertMs,
  };
}

export const DEFAULT_POLICY_DOCUMENT: PolicyDocument = documentFromPolicy(DEFAULT_POLICY);

/** The ladders a district of the state runs on under this document. */
export function laddersOfDistrict(doc: PolicyDocument, code: string, stateCode: string): Ladders {
  const district = districtByCode(code, stateCode);
  const byType: Ladders = district?.policing === 'commissionerate' ? doc.ladders.commissionerate : {};
  return { ...doc.ladders.district, ...byType, ...(doc.districtOverrides[code] ?? {}) };
}

export function compilePolicy(doc: PolicyDocument, version: string, stateCode: string): EscalationPolicy {
  const overrides: Record<string, Ladders> = {};
  for (const d of districtsOf(stateCode)) {
    const own = laddersOfDistrict(doc, d.code, stateCode);
    const differs = WAIT_KINDS.filter((k) => JSON.stringify(own[k]) !== JSON.stringify(doc.ladders.district[k]));
    if (differs.length > 0) overrides[d.code] = Object.fromEntries(differs.map((k) => [k, own[k]]));
  }
  return {
    version,
    requireBothAcks: doc.requireBothAcks,
    severityFactor: { ...doc.severityFactor },
    ladders: structuredClone(doc.ladders.district) as EscalationPolicy['ladders'],
    // Absent rather than empty: a snapshot without differences is byte-for-byte the old shape.
    ...(Object.keys(overrides).length > 0 ? { districtOverrides: overrides } : {}),
    ...(doc.enquiryLadders && Object.keys(doc.enquiryLadders).length > 0
      ? { enquiryLadders: structuredClone(doc.enquiryLadders) as Record<string, Ladder> }
      : {}),
    followUpOffsetsMs: [...doc.followUpOffsetsMs],
    mailFailureAlertMs: doc.mailFailureAlertMs,
  };
}

/** What the schema cannot say: rungs in time order, known districts, welfare checks in order. */
export function policyProblems(doc: PolicyDocument, stateCode: string): Problem[] {
  const problems: Problem[] = [];
  const checkRungs = (ladder: Ladder | undefined, at: string) => {
    const rungs = ladder?.rungs ?? [];
    for (let i = 1; i < rungs.length; i++) {
      if (rungs[i].afterMs <= rungs[i - 1].afterMs)
        problems.push({
          field: `${at}.rungs.${i}.afterMs`,
          problem: `must be later than the rung before (${rungs[i - 1].afterMs} ms)`,
        });
    }
  };
  const checkLadders = (ladders: Ladders, at: string) => {
    for (const kind of WAIT_KINDS) checkRungs(ladders[kind], `${at}.${kind}`);
  };
  /** A case waits for these before its district is known: a district's own ladder would never run. */
  const noEffect = (ladders: Ladders, at: string) => {
    const what = { locate: 'location', enquiry: 'its enquiries', review: 'review' } as const;
    for (const kind of ['locate', 'enquiry', 'review'] as const)
      if (ladders[kind])
        problems.push({
          field: `${at}.${kind}`,
          problem: `has no effect: a case waits for ${what[kind]} before its district is known`,
        });
  };
  checkLadders(doc.ladders.district, 'ladders.district');
  for (const [kind, ladder] of Object.entries(doc.enquiryLadders ?? {})) checkRungs(ladder, `enquiryLadders.${kind}`);
  checkLadders(doc.ladders.commissionerate, 'ladders.commissionerate');
  noEffect(doc.ladders.commissionerate, 'ladders.commissionerate');
  for (const [code, ladders] of Object.entries(doc.districtOverrides)) {
    if (!districtByCode(code, stateCode))
      problems.push({ field: `districtOverrides.${code}`, problem: `unknown district code ${code}` });
    checkLadders(ladders, `districtOverrides.${code}`);
    noEffect(ladders, `districtOverrides.${code}`);
  }
  doc.followUpOffsetsMs.forEach((ms, i) => {
    if (i > 0 && ms <= doc.followUpOffsetsMs[i - 1])
      problems.push({ field: `followUpOffsetsMs.${i}`, problem: 'must be later than the check before' });
  });
  return problems;
}
