// Publishing refuses a policy with a gap: a level of some ladder whose roles reach nobody,
// in some district, at some minute of the day (shifts), or for a transfer to some state.
// Pure: the directory's contacts are handed in.
import type { ContactEntry } from '../contract/directory.js';
import { type Ladder, type RecipientRole, WAIT_KINDS, type WaitKind } from '../contract/policy.js';
import type { PolicyDocument } from '../contract/policy-document.js';
import type { Problem } from './directory-rows.js';
import { districtByCode, districtsOf } from './districts.js';
import { laddersOfDistrict } from './policy-document.js';
import { DAY_MIN, describeWindows, dutyMask, orMasks, uncovered } from './shifts.js';
import { otherStates } from './states.js';

/** Waits a case may be in before its district is confirmed (a transfer may come before or after). */
const UNLOCATED: WaitKind[] = ['locate', 'enquiry', 'review', 'transfer_ack', 'learning_review'];
/** Waits that only ever run before a district is confirmed. */
export const NEVER_LOCATED: WaitKind[] = ['locate', 'enquiry', 'review'];
const NOBODY = new Uint8Array(DAY_MIN);

/** Where the ladders reach nobody, for the home state (`stateCode`, its districts and its 112 control room). */
export function policyGaps(doc: PolicyDocument, contacts: readonly ContactEntry[], stateCode: string): Problem[] {
  const active = contacts.filter((c) => c.active);
  const cache = new Map<string, Uint8Array>();
  /** Minutes of the day someone answers for a role; district scope uses the station desk for police_station. */
  const mask = (role: RecipientRole, where: { district?: string; state?: string }): Uint8Array => {
    const key = `${role}|${where.district ?? ''}|${where.state ?? ''}`;
    let m = cache.get(key);
    if (!m) {
      const who = active.filter((c) =>
        c.role !== role
          ? false
          : c.scope === 'hq'
            ? true
            : c.scope === 'state'
              ? c.stateCode === (role === 'emergency_112' ? stateCode : where.state)
              : c.scope === 'district' && where.district !== undefined && c.districtCode === where.district,
      );
      m = who.length ? dutyMask(who.map((c) => c.shift)) : NOBODY;
      cache.set(key, m);
    }
    return m;
  };

  // Gaps found, grouped so that one missing person is one line, not seventy-five.
  const found = new Map<string, { field: string; what: string; windows: string; places: string[] }>();
  const note = (field: string, what: string, windows: [number, number][], place: string) => {
    const text = describeWindows(windows);
    const key = `${field}|${what}|${text}|${districtByCode(place, stateCode) ? 'located' : place}`;
    const entry = found.get(key) ?? { field, what, windows: text, places: [] };
    entry.places.push(place);
    found.set(key, entry);
  };

  const check = (ladder: Ladder | undefined, kind: WaitKind, field: string, district: string | undefined) => {
    if (!ladder) return;
    for (const [label, roles] of levels(ladder)) {
      const base = orMasks(roles.filter((r) => r !== 'nodal_officer').map((r) => mask(r, { district })));
      for (const state of roles.includes('nodal_officer') ? otherStates(stateCode) : [undefined]) {
        const gaps = uncovered(state ? orMasks([base, mask('nodal_officer', { state })]) : base);
        const what = `${kind} ${label.name} (${roles.join(', ')})${state ? ` for a transfer to ${state}` : ''}`;
        if (gaps.length > 0) note(`${field}.${label.path}`, what, gaps, district ?? 'a case not yet located');
      }
    }
  };
  // Before a district is confirmed a case runs on the base ladders with no district to reach.
  for (const kind of UNLOCATED) check(doc.ladders.district[kind], kind, `ladders.district.${kind}`, undefined);
  for (const [kind, ladder] of Object.entries(doc.enquiryLadders ?? {}))
    check(ladder, 'enquiry', `enquiryLadders.${kind}`, undefined);
  for (const d of districtsOf(stateCode)) {
    const ladders = laddersOfDistrict(doc, d.code, stateCode);
    for (const kind of WAIT_KINDS)
      if (!NEVER_LOCATED.includes(kind)) check(ladders[kind], kind, sourceOf(doc, d.code, kind, stateCode), d.code);
  }
  return [...found.values()].map((g) => {
    const places = [...new Set(g.places)];
    const where = districtByCode(places[0], stateCode)
      ? `district${places.length > 1 ? 's' : ''} ${list(places)}`
      : places[0];
    return { field: g.field, problem: `${g.what} reaches nobody in ${where} at ${g.windows} IST` };
  });
}

function levels(ladder: Ladder): [{ path: string; name: string }, RecipientRole[]][] {
  return [
    ...ladder.rungs.map(
      (r, i) =>
        [{ path: `rungs.${i}.notify`, name: `level ${i + 1}` }, r.notify] as [
          { path: string; name: string },
          RecipientRole[],
        ],
    ),
    ...(ladder.repeat.times > 0
      ? [
          [{ path: 'repeat.notify', name: 'repeats' }, ladder.repeat.notify] as [
            { path: string; name: string },
            RecipientRole[],
          ],
        ]
      : []),
  ];
}

/** Where in the document the ladder a district runs on for a wait is written. */
function sourceOf(doc: PolicyDocument, code: string, kind: WaitKind, stateCode: string): string {
  if (doc.districtOverrides[code]?.[kind]) return `districtOverrides.${code}.${kind}`;
  if (districtByCode(code, stateCode)?.policing === 'commissionerate' && doc.ladders.commissionerate[kind])
    return `ladders.commissionerate.${kind}`;
  return `ladders.district.${kind}`;
}

function list(items: string[]): string {
  return items.length > 8 ? `${items.slice(0, 8).join(', ')} and ${items.length - 8} more` : items.join(', ');
}
