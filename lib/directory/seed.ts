// The example directory each state profile ships in domain/profiles/<code>/directory/
// (example.org addresses, one desk per district and role, two example police stations):
// `npm start` loads the instance's into an empty directory and the tests' template database
// is seeded with UP's. Production loads its own CSV (npm run directory).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStateCode } from '../../config/state-code.js';
import { connectDb, type Db } from '../../db/client.js';
import { directoryContacts } from '../../db/schema.js';
import { parseCsv } from '../../domain/csv.js';
import { type ContactRow, checkContact, contactFromCsv } from '../../domain/directory-rows.js';
import { importDirectoryCsv } from './csv.js';
import { ensureDistricts } from './store.js';

const PROFILES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'domain', 'profiles');
/** The folder of a state's example directory. */
export const seedDir = (homeState: string) => join(PROFILES_DIR, homeState, 'directory');
const read = (homeState: string, file: string) => readFileSync(join(seedDir(homeState), file), 'utf8');

/** Loads the example stations and contacts when the directory has no contact at all. Returns whether it did. */
export async function seedDirectoryIfEmpty(db: Db, homeState = readStateCode()): Promise<boolean> {
  await ensureDistricts(db, homeState);
  const [any] = await db.select({ id: directoryContacts.id }).from(directoryContacts).limit(1);
  if (any) return false;
  await importDirectoryCsv(db, read(homeState, 'stations.csv'), { homeState });
  await importDirectoryCsv(db, read(homeState, 'contacts.csv'), { homeState });
  return true;
}

/** The example contacts, parsed without a database (for unit tests and test expectations). */
export function seedEntries(homeState = readStateCode()): ContactRow[] {
  const [header, ...rows] = parseCsv(read(homeState, 'contacts.csv')).records;
  const names = header.fields;
  return rows.map((r) => {
    const v = Object.fromEntries(names.map((n, i) => [n, r.fields[i]]));
    const { entry, problems } = checkContact(contactFromCsv(v), homeState);
    if (!entry) throw new Error(`${homeState}/directory/contacts.csv line ${r.line}: ${JSON.stringify(problems)}`);
    return entry;
  });
}

/** `npm start`: the example directory into an empty directory at this database. */
export async function seedDirectoryAt(url: string, homeState = readStateCode()): Promise<boolean> {
  const { db, close } = connectDb(url, { max: 1, application: 'jeevan-seed' });
  try {
    return await seedDirectoryIfEmpty(db, homeState);
  } finally {
    await close();
  }
}
