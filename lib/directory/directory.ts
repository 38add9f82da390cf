// Who each escalation role reaches, from the directory kept as data (db/schema-directory.ts,
// maintained through the API and `npm run directory`). The one directory module: the worker's
// mail activities resolve recipients with it when a message is sent (so a duty shift that
// changes between an escalation's scheduling and its sending is honoured), and the API's
// directory and policy routes use the same resolution for on-duty lists and dry runs.
import { eq, or, type SQL } from 'drizzle-orm';
import { readStateCode } from '../../config/state-code.js';
import type { ContactEntry } from '../../contract/directory.js';
import type { RecipientRole } from '../../contract/policy.js';
import type { Db } from '../../db/client.js';
import { directoryContacts } from '../../db/schema.js';
import { resolveEntries } from '../../domain/directory-resolve.js';
import { seedEntries } from './seed.js';
import { entryOf, selectContacts } from './store.js';

export interface Recipient {
  role: RecipientRole;
  name: string;
  email: string;
}

export interface RecipientContext {
  districtCode?: string;
  policeStation?: string;
  toState?: string;
  /** Role telecom_nodal: the operator, and the state (default: this state). */
  telecomOperator?: string;
  stateCode?: string;
  /** When the message goes out (default: now): whose shift it is. */
  at?: Date;
}

/** Callers await `resolve`: the database answers asynchronously, a directory in memory at once. */
export interface Directory {
  resolve(role: RecipientRole, ctx: RecipientContext): Recipient[] | Promise<Recipient[]>;
}

export interface MemoryDirectory extends Directory {
  resolve(role: RecipientRole, ctx: RecipientContext): Recipient[];
}

const recipients = (found: ContactEntry[]): Recipient[] =>
  found.map((c) => ({ role: c.role, name: c.name, email: c.email }));

/** The directory in PostgreSQL: only the candidates for the role and place are read, the shared rule picks. */
/** `homeState`: the instance's state (its 112 control room). */
export function dbDirectory(db: Db, homeState = readStateCode()): Directory {
  return {
    async resolve(role, ctx) {
      const place: SQL[] = [eq(directoryContacts.scope, 'hq')];
      if (ctx.districtCode) place.push(eq(directoryContacts.districtCode, ctx.districtCode));
      if (ctx.toState) place.push(eq(directoryContacts.stateCode, ctx.toState));
      if (role === 'emergency_112') place.push(eq(directoryContacts.stateCode, homeState));
      if (role === 'telecom_nodal') place.push(eq(directoryContacts.stateCode, ctx.stateCode ?? homeState));
      const rows = await selectContacts(db, { role, active: true }, or(...place));
      return recipients(resolveEntries(rows.map(entryOf), role, { ...ctx, homeState }, ctx.at ?? new Date()));
    },
  };
}

/** A directory held in memory (tests, and code that resolves many roles over one snapshot). */
export function memoryDirectory(entries: readonly ContactEntry[], homeState = readStateCode()): MemoryDirectory {
  return {
    resolve: (role, ctx) => recipients(resolveEntries(entries, role, { ...ctx, homeState }, ctx.at ?? new Date())),
  };
}

/** The state's example directory (domain/profiles/<code>/directory/contacts.csv), in memory: what tests expect mail to reach. */
export function exampleDirectory(homeState = readStateCode()): MemoryDirectory {
  return memoryDirectory(seedEntries(homeState), homeState);
}
