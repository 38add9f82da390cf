// What makes a directory entry valid, for the API and for CSV import alike: a role in a scope
// it may be kept in, the district, station or state that scope needs, a plausible e-mail and
// a shift that is a real window. Pure; lib/directory/csv.ts adds what needs the database.
import { TELECOM_OPERATORS, type TelecomOperator } from '../contract/case.js';
import { CONTACT_SCOPES, type ContactEntry, type ContactScope, SCOPES_OF_ROLE } from '../contract/directory.js';
import { RECIPIENT_ROLES, type RecipientRole } from '../contract/policy.js';
import { districtByCode } from './districts.js';
import { parseTimeOfDay } from './shifts.js';

export interface ContactFieldsIn {
  role: string;
  scope: string;
  districtCode?: string;
  station?: string;
  stateCode?: string;
  telecomOperator?: string;
  name: string;
  email: string;
  phone?: string;
  shiftStart?: string;
  shiftEnd?: string;
}

export interface Problem {
  field: string;
  problem: string;
}

export type ContactRow = ContactEntry & { phone?: string };

const EMAIL = /^[^\s@<>(),;:"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/**
 * A contacts CSV row (its columns by name, as the profiles' example directories and the import have them) as checkContact takes it.
 */
export function contactFromCsv(v: Record<string, string | undefined>): ContactFieldsIn {
  return {
    role: v.role ?? '',
    scope: v.scope ?? '',
    districtCode: v.district,
    station: v.station,
    stateCode: v.state,
    telecomOperator: v.telecom_operator,
    name: v.name ?? '',
    email: v.email ?? '',
    phone: v.phone,
    shiftStart: v.shift_start,
    shiftEnd: v.shift_end,
  };
}

/** The entry, or every problem with it (each naming its field). */
/** `homeState`: the instance's state (its districts; its own 112 control room; no nodal officer for itself). */
export function checkContact(
  input: ContactFieldsIn,
  homeState: string,
  active = true,
): { entry?: ContactRow; problems: Problem[] } {
  const problems: Problem[] = [];
  const say = (field: string, problem: string) => problems.push({ field, problem });
  const role = input.role.trim() as RecipientRole;
  const scope = input.scope.trim() as ContactScope;
  const districtCode = blank(input.districtCode)?.toUpperCase();
  const station = blank(input.station);
  const stateCode = blank(input.stateCode)?.toUpperCase();
  if (!RECIPIENT_ROLES.includes(role)) say('role', `must be one of ${RECIPIENT_ROLES.join(', ')}`);
  if (!CONTACT_SCOPES.includes(scope)) say('scope', `must be one of ${CONTACT_SCOPES.join(', ')}`);
  else if (RECIPIENT_ROLES.includes(role) && !SCOPES_OF_ROLE[role].includes(scope))
    say('scope', `role ${role} is kept in scope ${SCOPES_OF_ROLE[role].join(' or ')}, not ${scope}`);
  const needsDistrict = scope === 'district' || scope === 'station';
  if (needsDistrict && !districtCode) say('districtCode', `is required for scope ${scope}`);
  if (districtCode && !districtByCode(districtCode, homeState))
    say('districtCode', `unknown district code ${districtCode}`);
  if (districtCode && !needsDistrict) say('districtCode', `must be empty for scope ${scope}`);
  if (scope === 'station' && !station) say('station', 'is required for scope station');
  if (station && scope !== 'station') say('station', `must be empty for scope ${scope}`);
  if (scope === 'state' && !stateCode) say('stateCode', 'is required for scope state');
  if (stateCode && !/^[A-Z]{2}$/.test(stateCode)) say('stateCode', 'must be a two-letter state code');
  if (role === 'emergency_112') {
    if (stateCode && stateCode !== homeState) say('stateCode', `the 112 control room is this state's: ${homeState}`);
  } else if (stateCode === homeState && role !== 'telecom_nodal')
    say('stateCode', `${homeState} is this state: a nodal officer is for another state`);
  const telecomOperator = blank(input.telecomOperator)?.toLowerCase() as TelecomOperator | undefined;
  if (role === 'telecom_nodal' && !telecomOperator)
    say('telecomOperator', `is required for role telecom_nodal: one of ${TELECOM_OPERATORS.join(', ')}`);
  if (telecomOperator && !TELECOM_OPERATORS.includes(telecomOperator))
    say('telecomOperator', `must be one of ${TELECOM_OPERATORS.join(', ')}`);
  if (telecomOperator && role !== 'telecom_nodal')
    say('telecomOperator', 'must be empty for any role but telecom_nodal');
  if (stateCode && scope !== 'state') say('stateCode', `must be empty for scope ${scope}`);
  const name = input.name.trim();
  if (!name) say('name', 'is required');
  if (name.length > 200) say('name', 'is longer than 200 characters');
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254)
    say('email', `is not an e-mail address: ${JSON.stringify(input.email)}`);
  const phone = blank(input.phone);
  if (phone && !/^[0-9+ ()-]{6,20}$/.test(phone)) say('phone', 'must be 6 to 20 digits, spaces, +, ( ) or -');
  const start = blank(input.shiftStart);
  const end = blank(input.shiftEnd);
  const s = start === undefined ? undefined : parseTimeOfDay(start);
  const e = end === undefined ? undefined : parseTimeOfDay(end);
  if (start !== undefined && s === undefined) say('shiftStart', 'must be a time of day HH:MM');
  if (end !== undefined && e === undefined) say('shiftEnd', 'must be a time of day HH:MM');
  if ((start === undefined) !== (end === undefined))
    say(
      start === undefined ? 'shiftStart' : 'shiftEnd',
      'a shift needs both a start and an end (or neither: always on duty)',
    );
  if (s !== undefined && s === e) say('shiftEnd', 'must differ from shiftStart (leave both empty for always on duty)');
  if (problems.length > 0) return { problems };
  return {
    problems,
    entry: {
      role,
      scope,
      districtCode,
      stationName: station,
      stateCode,
      ...(telecomOperator ? { telecomOperator } : {}),
      name,
      email,
      phone,
      shift: s !== undefined && e !== undefined ? { start: s, end: e } : undefined,
      active,
    },
  };
}

/** The natural key of a contact: the same person in the same role and scope. */
export function contactKey(
  c: Pick<ContactEntry, 'role' | 'scope' | 'districtCode' | 'stationName' | 'stateCode' | 'telecomOperator' | 'email'>,
): string {
  const where =
    c.scope === 'station'
      ? `${c.districtCode}/${c.stationName?.toLowerCase()}`
      : `${c.districtCode ?? c.stateCode ?? ''}${c.telecomOperator ? `/${c.telecomOperator}` : ''}`;
  return `${c.role}|${c.scope}|${where}|${c.email.toLowerCase()}`;
}

export const stationKey = (districtCode: string, name: string) =>
  `${districtCode.toUpperCase()}/${name.trim().toLowerCase()}`;

/** 'yes'/'no' style flags in CSV; empty means yes. */
export function parseFlag(value: string | undefined): boolean | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || ['yes', 'y', 'true', '1'].includes(v)) return true;
  if (['no', 'n', 'false', '0'].includes(v)) return false;
  return undefined;
}
