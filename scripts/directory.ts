// `npm run directory -- <command>`: the directory as CSV.
//   import <file.csv> [--replace]   contacts or stations (told apart by the header line); every row
//                                   is checked first, one bad row rejects the file, nothing changes
//   export <contacts|stations> [file.csv]   to the file, or to standard output
//   seed                            load domain/profiles/UP/directory/ into an empty directory
// --replace deactivates what the file does not list (the file is then the whole directory).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connectDb } from '../db/client.js';
import { exportDirectoryCsv, ImportRejected, importDirectoryCsv } from '../lib/directory/csv.js';
import { seedDirectoryIfEmpty } from '../lib/directory/seed.js';
import { scriptDatabaseUrl } from './script-database.js';

const USAGE =
  'usage: npm run directory -- import <file.csv> [--replace] | export <contacts|stations> [file.csv] | seed';

export async function runDirectoryCommand(
  url: string,
  args: string[],
  out: (line: string) => void = console.log,
): Promise<number> {
  const [command, ...rest] = args;
  const replace = rest.includes('--replace');
  const [target, file] = rest.filter((a) => a !== '--replace');
  if (!command || !['import', 'export', 'seed'].includes(command) || (command !== 'seed' && !target)) {
    out(USAGE);
    return 2;
  }
  if (command === 'export' && target !== 'contacts' && target !== 'stations') {
    out(`export what: contacts or stations (got ${target})\n${USAGE}`);
    return 2;
  }
  const { db, close } = connectDb(url, { max: 2, application: 'jeevan-directory' });
  try {
    if (command === 'seed') {
      out(
        (await seedDirectoryIfEmpty(db))
          ? 'example directory loaded'
          : 'the directory already has contacts: nothing loaded',
      );
      return 0;
    }
    if (command === 'export') {
      const csv = await exportDirectoryCsv(db, target as 'contacts' | 'stations');
      if (file) writeFileSync(file, csv);
      else process.stdout.write(csv);
      return 0;
    }
    const report = await importDirectoryCsv(db, readFileSync(target, 'utf8'), { replace });
    out(
      `imported ${report.kind} from ${target}: ${report.rows} row(s), ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged` +
        (replace ? `, ${report.deactivated} deactivated` : ''),
    );
    return 0;
  } catch (error) {
    if (error instanceof ImportRejected) {
      out(error.message);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const url = scriptDatabaseUrl();
  runDirectoryCommand(url, process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`directory failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
