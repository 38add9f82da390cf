// Request and response schemas of the directory routes (api/routes/directory.ts).
import { Type } from 'typebox';
import { TELECOM_OPERATORS } from '../contract/case.js';
import { ContactFields, StationInputSchema, TimeOfDay } from '../contract/directory.js';
import { RECIPIENT_ROLES } from '../contract/policy.js';

const opts = { additionalProperties: false };
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Flag = Type.String({ enum: ['true', 'false'] });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const DistrictSchema = Type.Object({
  code: Type.String(),
  nameEn: Type.String(),
  nameHi: Type.String(),
  policing: Type.String(),
});

export const StationSchema = Type.Object({
  id: Type.String(),
  districtCode: Type.String(),
  name: Type.String(),
  nameHi: Nullable(Type.String()),
  active: Type.Boolean(),
  updatedAt: Type.String(),
});
export const StationPatch = Type.Partial(
  Type.Object({ ...StationInputSchema.properties, active: Type.Boolean() }, opts),
);
export const StationQuery = Type.Object(
  { district: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })), active: Type.Optional(Flag) },
  opts,
);

export const ContactSchema = Type.Object({
  id: Type.String(),
  role: Type.String(),
  scope: Type.String(),
  districtCode: Nullable(Type.String()),
  station: Nullable(Type.String()),
  stateCode: Nullable(Type.String()),
  telecomOperator: Nullable(Type.String({ description: 'Role telecom_nodal: whose nodal officer.' })),
  name: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  shiftStart: Nullable(Type.String({ description: 'HH:MM IST; null: always on duty.' })),
  shiftEnd: Nullable(Type.String()),
  active: Type.Boolean(),
  updatedAt: Type.String(),
});

/** A change to a contact: the fields named replace the stored ones; null clears an optional one. */
export const ContactPatch = Type.Object(
  {
    role: Type.Optional(ContactFields.role),
    scope: Type.Optional(ContactFields.scope),
    districtCode: Type.Optional(Nullable(Type.String({ pattern: '^[A-Z]{3}$' }))),
    station: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    stateCode: Type.Optional(Nullable(Type.String({ pattern: '^[A-Z]{2}$' }))),
    telecomOperator: Type.Optional(Nullable(Type.String({ enum: [...TELECOM_OPERATORS] }))),
    name: Type.Optional(ContactFields.name),
    email: Type.Optional(ContactFields.email),
    phone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+ ()-]{6,20}$' }))),
    shiftStart: Type.Optional(Nullable(TimeOfDay)),
    shiftEnd: Type.Optional(Nullable(TimeOfDay)),
    active: Type.Optional(Type.Boolean()),
  },
  opts,
);

export const ContactQuery = Type.Object(
  {
    role: Type.Optional(Type.String({ enum: [...RECIPIENT_ROLES] })),
    scope: Type.Optional(Type.String({ enum: ['hq', 'district', 'station', 'state'] })),
    district: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    state: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    active: Type.Optional(Flag),
  },
  opts,
);

export const OnDutyQuery = Type.Object(
  {
    role: Type.String({ enum: [...RECIPIENT_ROLES] }),
    district: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    station: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    state: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    telecomOperator: Type.Optional(Type.String({ enum: [...TELECOM_OPERATORS], description: 'Role telecom_nodal.' })),
    at: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now.' })),
  },
  opts,
);

export const RecipientSchema = Type.Object({ role: Type.String(), name: Type.String(), email: Type.String() });
