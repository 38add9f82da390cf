// The example directory shipped in db/seed/ (example.org addresses, one desk per district and
// role, two example police stations): `npm start` loads it into an empty directory and the
// tests' template database is seeded with it. Production loads its own CSV (npm run directory).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectDb, type Db } from '../../db/client.js';
import { directoryContacts } from '../../db/schema.js';
import { parseCsv } from '../../domain/csv.js';
import { type ContactRow, checkContact, contactFromCsv } from '../../domain/directory-rows.js';
import { importDirectoryCsv } from './csv.js';
import { ensureDistricts } from './store.js';

export const SEED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'db', 'seed');
const read = (file: string) => readFileSync(join(SEED_DIR, file), 'utf8');

/** Loads the example stations and contacts when the directory has no contact at all. Returns whether it did. */
export async function seedDirectoryIfEmpty(db: Db): Promise<boolean> {
  await ensureDistricts(db);
  const [any] = await db.select({ id: directoryContacts.id }).from(directoryContacts).limit(1);
  if (any) return false;
  await importDirectoryCsv(db, read('stations.csv'));
  await importDirectoryCsv(db, read('contacts.csv'));
  return true;
}

/** The example contacts, parsed without a database (for unit tests and test expectations). */
export function seedEntries(): ContactRow[] {
  const [header, ...rows] = parseCsv(read('contacts.csv')).records;
  const names = header.fields;
  return rows.map((r) => {
    const v = Object.fromEntries(names.map((n, i) => [n, r.fields[i]]));
    const { entry, problems } = checkContact(contactFromCsv(v));
    if (!entry) throw new Error(`db/seed/contacts.csv line ${r.line}: ${JSON.stringify(problems)}`);
    return entry;
  });
}

/** `npm start`: the example directory into an empty directory at this database. */
export async function seedDirectoryAt(url: string): Promise<boolean> {
  const { db, close } = connectDb(url, { max: 1, application: 'jeevan-seed' });
  try {
    return await seedDirectoryIfEmpty(db);
  } finally {
    await close();
  }
}
