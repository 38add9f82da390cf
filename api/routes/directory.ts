// The directory: districts, police stations, and who each escalation role reaches (with duty
// shifts). Admins maintain it; HQ reads it. Bulk changes go through `npm run directory`.
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { asc } from 'drizzle-orm';
import { Type } from 'typebox';
import type { ContactInput } from '../../contract/directory.js';
import { ContactInputSchema, StationInputSchema } from '../../contract/directory.js';
import type { RecipientRole } from '../../contract/policy.js';
import { districts } from '../../db/schema.js';
import { dbDirectory } from '../../lib/directory/directory.js';
import {
  deactivateStation,
  listStations,
  stationById,
  stationView,
  writeStation,
} from '../../lib/directory/stations.js';
import {
  type ContactDbRow,
  contactById,
  contactView,
  selectContacts,
  writeContact,
} from '../../lib/directory/store.js';
import type { Access, HumanRole } from '../auth/access.js';
import type { AppDeps } from '../deps.js';
import {
  ContactPatch,
  ContactQuery,
  ContactSchema,
  DistrictSchema,
  IdParams,
  OnDutyQuery,
  RecipientSchema,
  StationPatch,
  StationQuery,
  StationSchema,
} from '../directory-schemas.js';

const READ: HumanRole[] = ['admin', 'smc_supervisor', 'smc_operator', 'auditor'];
const ADMIN: HumanRole[] = ['admin'];
/** Who may call each route (issue 5): admins maintain the directory; HQ and auditors read it. */
export const DIRECTORY_ACCESS = {
  districts: { roles: READ, action: 'directory.districts.list' },
  stations: { roles: READ, action: 'directory.stations.list' },
  stationCreate: { roles: ADMIN, action: 'directory.station.create' },
  stationUpdate: { roles: ADMIN, action: 'directory.station.update' },
  stationDeactivate: { roles: ADMIN, action: 'directory.station.deactivate' },
  contacts: { roles: READ, action: 'directory.contacts.list' },
  contact: { roles: READ, action: 'directory.contact.read' },
  contactCreate: { roles: ADMIN, action: 'directory.contact.create' },
  contactUpdate: { roles: ADMIN, action: 'directory.contact.update' },
  contactDeactivate: { roles: ADMIN, action: 'directory.contact.deactivate' },
  onDuty: { roles: READ, action: 'directory.on_duty' },
} satisfies Record<string, Access>;

const tags = ['directory'];
const flag = (v: string | undefined) => (v === undefined ? undefined : v === 'true');

/** A stored contact as the input it was written from. */
const inputOf = (c: ContactDbRow): ContactInput => {
  const view = contactView(c);
  const opt = (v: string | null) => v ?? undefined;
  return {
    role: c.role as RecipientRole,
    scope: c.scope as ContactInput['scope'],
    districtCode: opt(c.districtCode),
    station: opt(c.station),
    stateCode: opt(c.stateCode),
    telecomOperator: opt(c.telecomOperator) as ContactInput['telecomOperator'],
    name: c.name,
    email: c.email,
    phone: opt(c.phone),
    shiftStart: opt(view.shiftStart),
    shiftEnd: opt(view.shiftEnd),
  };
};

export const directoryRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const directory = dbDirectory(deps.db, deps.profile.code);

    app.get(
      '/directory/districts',
      {
        config: { access: DIRECTORY_ACCESS.districts },
        schema: {
          tags,
          summary: "The state's districts (its profile's)",
          response: { 200: Type.Object({ items: Type.Array(DistrictSchema) }) },
        },
      },
      async () => ({ items: await deps.db.select().from(districts).orderBy(asc(districts.code)) }),
    );

    app.get(
      '/directory/stations',
      {
        config: { access: DIRECTORY_ACCESS.stations },
        schema: {
          tags,
          summary: 'Police stations',
          querystring: StationQuery,
          response: { 200: Type.Object({ items: Type.Array(StationSchema) }) },
        },
      },
      async (request) => ({
        items: (
          await listStations(deps.db, { districtCode: request.query.district, active: flag(request.query.active) })
        ).map(stationView),
      }),
    );
    app.post(
      '/directory/stations',
      {
        config: { access: DIRECTORY_ACCESS.stationCreate },
        schema: { tags, summary: 'Add a police station', body: StationInputSchema, response: { 201: StationSchema } },
      },
      async (request, reply) =>
        reply.status(201).send(stationView(await writeStation(deps.db, undefined, request.body))),
    );
    app.patch(
      '/directory/stations/:id',
      {
        config: { access: DIRECTORY_ACCESS.stationUpdate },
        schema: {
          tags,
          summary: 'Change a police station',
          params: IdParams,
          body: StationPatch,
          response: { 200: StationSchema },
        },
      },
      async (request) => {
        const old = await stationById(deps.db, request.params.id);
        const { active, ...body } = request.body;
        const merged = { districtCode: old.districtCode, name: old.name, nameHi: old.nameHi ?? undefined, ...body };
        return stationView(await writeStation(deps.db, old.id, merged, active ?? old.active));
      },
    );
    app.post(
      '/directory/stations/:id/deactivate',
      {
        config: { access: DIRECTORY_ACCESS.stationDeactivate },
        schema: {
          tags,
          summary: 'Deactivate a police station and its own contacts',
          params: IdParams,
          response: { 200: StationSchema },
        },
      },
      async (request) => stationView(await deactivateStation(deps.db, request.params.id)),
    );

    app.get(
      '/directory/contacts',
      {
        config: { access: DIRECTORY_ACCESS.contacts },
        schema: {
          tags,
          summary: 'Contacts per role and scope',
          querystring: ContactQuery,
          response: { 200: Type.Object({ items: Type.Array(ContactSchema) }) },
        },
      },
      async (request) => {
        const q = request.query;
        const rows = await selectContacts(deps.db, {
          role: q.role,
          scope: q.scope,
          districtCode: q.district,
          stateCode: q.state,
          active: flag(q.active),
        });
        return { items: rows.map(contactView) };
      },
    );
    app.get(
      '/directory/contacts/:id',
      {
        config: { access: DIRECTORY_ACCESS.contact },
        schema: { tags, summary: 'One contact', params: IdParams, response: { 200: ContactSchema } },
      },
      async (request) => contactView(await contactById(deps.db, request.params.id)),
    );
    app.post(
      '/directory/contacts',
      {
        config: { access: DIRECTORY_ACCESS.contactCreate },
        schema: {
          tags,
          summary: 'Add a contact for a role and scope, with an optional duty shift',
          body: ContactInputSchema,
          response: { 201: ContactSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(contactView(await writeContact(deps.db, undefined, request.body))),
    );
    app.patch(
      '/directory/contacts/:id',
      {
        config: { access: DIRECTORY_ACCESS.contactUpdate },
        schema: {
          tags,
          summary: 'Change a contact (null clears an optional field)',
          params: IdParams,
          body: ContactPatch,
          response: { 200: ContactSchema },
        },
      },
      async (request) => {
        const old = await contactById(deps.db, request.params.id);
        const { active, ...patch } = request.body;
        const merged = {
          ...inputOf(old),
          ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v ?? undefined])),
        } as ContactInput;
        return contactView(await writeContact(deps.db, old.id, merged, active ?? old.active));
      },
    );
    app.post(
      '/directory/contacts/:id/deactivate',
      {
        config: { access: DIRECTORY_ACCESS.contactDeactivate },
        schema: {
          tags,
          summary: 'Deactivate a contact (kept for the record)',
          params: IdParams,
          response: { 200: ContactSchema },
        },
      },
      async (request) => {
        const old = await contactById(deps.db, request.params.id);
        return contactView(await writeContact(deps.db, old.id, inputOf(old), false));
      },
    );

    app.get(
      '/directory/on-duty',
      {
        config: { access: DIRECTORY_ACCESS.onDuty },
        schema: {
          tags,
          summary: 'Who a role reaches for a place at a time, exactly as escalation e-mails resolve it',
          querystring: OnDutyQuery,
          response: { 200: Type.Object({ at: Type.String(), items: Type.Array(RecipientSchema) }) },
        },
      },
      async (request) => {
        const q = request.query;
        const at = q.at ? new Date(q.at) : new Date();
        const items = await directory.resolve(q.role as RecipientRole, {
          districtCode: q.district,
          policeStation: q.station,
          toState: q.state,
          stateCode: q.state,
          telecomOperator: q.telecomOperator,
          at,
        });
        return { at: at.toISOString(), items };
      },
    );
  };
