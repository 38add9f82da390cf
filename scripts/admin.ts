// `npm run admin -- <command>`: people and tokens from the command line, and the audit
// chain check. Passwords come from JEEVAN_PASSWORD or standard input, never the command line.
//   create-admin <username> [--name "Full Name"]        the first admin, on an empty system only
//   create-user <username> --roles a,b [--districts X,Y] [--name "…"]
//   list-users
//   issue-token <username> --name <what for> [--days 90]   prints the token once
//   revoke-token <token-id>
//   verify-audit [--anchor <seq>:<hash>]                 exit 1 if the chain is broken, or cut short
//                                                        since the anchor (from a daily digest) was taken
import { createInterface } from 'node:readline';
import { eq, sql } from 'drizzle-orm';
import { createUser, issueToken } from '../api/auth/user-admin.js';
import { connectDb } from '../db/client.js';
import { apiTokens, users } from '../db/schema.js';
import {
  anchorText,
  appendAudit,
  auditAnchor,
  parseAnchor,
  useAuditChainKey,
  verifyAuditChain,
} from '../lib/stores/audit-chain.js';
import { scriptAuditChainKey, scriptDatabaseUrl } from './script-database.js';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function password(): Promise<string> {
  if (process.env.JEEVAN_PASSWORD) return process.env.JEEVAN_PASSWORD;
  const rl = createInterface({ input: process.stdin });
  process.stderr.write('password (at least 12 characters): ');
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new Error('no password given (set JEEVAN_PASSWORD or type it on standard input)');
}

async function main(args: string[]): Promise<number> {
  const url = scriptDatabaseUrl();
  useAuditChainKey(scriptAuditChainKey());
  const { db, close } = connectDb(url, { max: 2, application: 'jeevan-admin' });
  const audit = (action: string, details: Record<string, unknown>) =>
    appendAudit(db, { actorId: 'cli', actorRole: 'admin', action, outcome: 'ok', details });
  try {
    const [command, subject] = args;
    switch (command) {
      case 'create-admin': {
        const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
        if (n > 0) throw new Error('users exist already: create further users through the API or create-user');
        const user = await createUser(
          { db },
          {
            username: subject,
            displayName: flag(args, 'name') ?? subject,
            password: await password(),
            roles: ['admin'],
            districts: [],
          },
        );
        await audit('users.create_admin', { userId: user.id });
        console.log(`admin ${user.username} created (${user.id})`);
        return 0;
      }
      case 'create-user': {
        const roles = (flag(args, 'roles') ?? '').split(',').filter(Boolean);
        const districts = (flag(args, 'districts') ?? '').split(',').filter(Boolean);
        const user = await createUser(
          { db },
          {
            username: subject,
            displayName: flag(args, 'name') ?? subject,
            password: await password(),
            roles,
            districts,
          },
        );
        await audit('users.create', { userId: user.id, roles });
        console.log(`user ${user.username} created (${user.id}) with roles ${roles.join(', ')}`);
        return 0;
      }
      case 'list-users':
        for (const u of await db.select().from(users).orderBy(users.username)) {
          console.log(
            `${u.username.padEnd(24)} ${u.active ? 'active  ' : 'inactive'} ${u.roles.join(',').padEnd(30)} ${u.districts.join(',')}`,
          );
        }
        return 0;
      case 'issue-token': {
        const [user] = await db.select().from(users).where(eq(users.username, subject));
        if (!user) throw new Error(`no user ${subject}`);
        const { token, row } = await issueToken(
          { db },
          user.id,
          flag(args, 'name') ?? 'cli',
          Number(flag(args, 'days') ?? 90),
        );
        await audit('tokens.create', { tokenId: row.id, userId: user.id });
        console.log(`token ${row.id} (expires ${row.expiresAt.toISOString()}); shown once:\n${token}`);
        return 0;
      }
      case 'revoke-token': {
        const [row] = await db
          .update(apiTokens)
          .set({ revokedAt: new Date() })
          .where(eq(apiTokens.id, subject))
          .returning();
        if (!row) throw new Error(`no token ${subject}`);
        await audit('tokens.revoke', { tokenId: row.id });
        console.log(`token ${row.id} revoked`);
        return 0;
      }
      case 'verify-audit': {
        const given = flag(args, 'anchor');
        const anchor = given === undefined ? undefined : parseAnchor(given);
        if (given !== undefined && !anchor)
          throw new Error('--anchor must be <seq>:<hash>, as the daily digest prints it');
        const report = await verifyAuditChain(db, { anchor });
        console.log(
          report.ok
            ? `audit chain intact: ${report.rows} entries`
            : `AUDIT CHAIN BROKEN at entry ${report.brokenAt?.seq}: ${report.brokenAt?.reason}`,
        );
        const head = await auditAnchor(db);
        if (report.ok && head)
          console.log(
            `head (compare with the latest digest): ${anchorText(head)}${anchor ? '; the anchor given matches' : ''}`,
          );
        return report.ok ? 0 : 1;
      }
      default:
        console.error(
          'usage: npm run admin -- create-admin|create-user|list-users|issue-token|revoke-token|verify-audit …',
        );
        return 2;
    }
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
