// The directory as the API and the CSV tools see it: who each escalation role reaches,
// in which scope, on which shift. Shared by api/, lib/ and scripts/.
import { type Static, Type } from 'typebox';
import { TELECOM_OPERATORS, type TelecomOperator } from './case.js';
import { RECIPIENT_ROLES, type RecipientRole } from './policy.js';

export const CONTACT_SCOPES = ['hq', 'district', 'station', 'state'] as const;
export type ContactScope = (typeof CONTACT_SCOPES)[number];

/**
 * Which scopes each role may be kept in. A police station's role may also sit at district level: the district's station
 * desk. The 112 control room is this state's (scope state, state code HOME_STATE); a nodal officer another state's;
 * a telecom nodal officer is one operator's in one state (scope state, with its telecom operator).
 */
export const SCOPES_OF_ROLE: Record<RecipientRole, ContactScope[]> = {
  smc_operators: ['hq'],
  smc_supervisor: ['hq'],
  smc_incharge: ['hq'],
  district_control_room: ['district'],
  police_station: ['station', 'district'],
  sp: ['district'],
  cp_or_range_ig: ['district'],
  adg_zone: ['district'],
  nodal_officer: ['state'],
  emergency_112: ['state'],
  telecom_nodal: ['state'],
};

/** A contact as resolution needs it. Shift times are minutes after midnight, IST. */
export interface ContactEntry {
  role: RecipientRole;
  scope: ContactScope;
  districtCode?: string;
  stationName?: string;
  stateCode?: string;
  /** telecom_nodal only: whose nodal officer. */
  telecomOperator?: TelecomOperator;
  name: string;
  email: string;
  shift?: { start: number; end: number };
  active: boolean;
}

const opts = { additionalProperties: false };
const Enum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(Type.Enum([...values], { description }));
export const TimeOfDay = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:MM, Indian Standard Time.',
});

export const ContactFields = {
  role: Enum(RECIPIENT_ROLES, 'Escalation role this contact answers for.'),
  scope: Enum(CONTACT_SCOPES, 'hq, district, station, or state (another state’s nodal officer).'),
  districtCode: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  station: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'Police station name (scope station).' }),
  ),
  stateCode: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'Two-letter state code (scope state).' })),
  telecomOperator: Type.Optional(
    Enum(TELECOM_OPERATORS, 'The telecom operator (role telecom_nodal only): whose nodal officer this is.'),
  ),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  phone: Type.Optional(Type.String({ pattern: '^[0-9+ ()-]{6,20}$' })),
  shiftStart: Type.Optional(TimeOfDay),
  shiftEnd: Type.Optional(TimeOfDay),
};

export const ContactInputSchema = Type.Object(ContactFields, opts);
export type ContactInput = Static<typeof ContactInputSchema>;

export const StationInputSchema = Type.Object(
  {
    districtCode: Type.String({ pattern: '^[A-Z]{3}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    nameHi: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  opts,
);
export type StationInput = Static<typeof StationInputSchema>;
