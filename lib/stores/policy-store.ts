// Escalation policy versions in PostgreSQL. Drafts are edited; a published version is frozen
// (here, and by a trigger: db/sql/published-policies.sql). The policy in force is the one
// published last; intake copies it into every new case, so a later edit changes only
// cases opened after it.
import { desc, eq, isNotNull, sql } from 'drizzle-orm';
import { readStateProfile } from '../../config/state-code.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import type { PolicyDocument } from '../../contract/policy-document.js';
import type { Db } from '../../db/client.js';
import { escalationPolicies } from '../../db/schema.js';
import { compilePolicy, documentFromPolicy, policyProblems } from '../../domain/policy-document.js';
import { policyGaps } from '../../domain/policy-gaps.js';
import { activeEntries } from '../directory/store.js';
import { invalid, isUniqueViolation, ProblemError } from './problem-error.js';

/** The instance's state profile (JEEVAN_STATE): its districts and its default policy. */
const home = () => readStateProfile();

export type PolicyRow = typeof escalationPolicies.$inferSelect;

export const policyView = (r: PolicyRow, inForce?: string) => ({
  version: r.version,
  status: r.publishedAt ? ('published' as const) : ('draft' as const),
  inForce: r.version === inForce,
  note: r.note,
  basedOn: r.basedOn,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  publishedBy: r.publishedBy,
  publishedAt: r.publishedAt?.toISOString() ?? null,
});

export async function listPolicies(db: Db): Promise<PolicyRow[]> {
  return db.select().from(escalationPolicies).orderBy(desc(escalationPolicies.createdAt));
}

export async function policyRow(db: Db, version: string): Promise<PolicyRow> {
  const [row] = await db.select().from(escalationPolicies).where(eq(escalationPolicies.version, version));
  if (!row) throw new ProblemError('not_found', `no policy version ${version}`);
  return row;
}

/** The last published version, compiled; undefined when none was ever published. */
export async function publishedPolicy(db: Db): Promise<{ row: PolicyRow; policy: EscalationPolicy } | undefined> {
  const [row] = await db
    .select()
    .from(escalationPolicies)
    .where(isNotNull(escalationPolicies.publishedAt))
    .orderBy(desc(escalationPolicies.publishedAt), desc(escalationPolicies.version))
    .limit(1);
  return row ? { row, policy: compilePolicy(row.document as PolicyDocument, row.version, home().code) } : undefined;
}

/** Intake's `policy()`: the policy in force now, or the built-in default while none is published. */
export function policyProvider(db: Db): () => Promise<EscalationPolicy> {
  return async () => (await publishedPolicy(db))?.policy ?? home().defaultPolicy;
}

/** The document in force, as the base of a new draft. */
export async function documentInForce(db: Db): Promise<{ version: string; document: PolicyDocument }> {
  const current = await publishedPolicy(db);
  return current
    ? { version: current.row.version, document: current.row.document as PolicyDocument }
    : { version: home().defaultPolicy.version, document: documentFromPolicy(home().defaultPolicy) };
}

function checkDocument(document: PolicyDocument) {
  const problems = policyProblems(document, home().code);
  if (problems.length > 0)
    throw invalid(
      problems.map((p) => ({ ...p, field: `document.${p.field}` })),
      'policy',
    );
}

export async function createDraft(
  db: Db,
  input: { version: string; document?: PolicyDocument; basedOn?: string; note?: string },
  by: string,
) {
  if (input.version === home().defaultPolicy.version)
    throw new ProblemError('conflict', `${input.version} is the built-in default's version`);
  const base = input.document ? undefined : input.basedOn ? await policyRow(db, input.basedOn) : undefined;
  const fallback = input.document || base ? undefined : await documentInForce(db);
  const document =
    input.document ??
    (base?.document as PolicyDocument | undefined) ??
    fallback?.document ??
    documentFromPolicy(home().defaultPolicy);
  checkDocument(document);
  try {
    const [row] = await db
      .insert(escalationPolicies)
      .values({
        version: input.version,
        document,
        note: input.note ?? null,
        basedOn: input.basedOn ?? fallback?.version ?? null,
        createdBy: by,
      })
      .returning();
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ProblemError('conflict', `policy version ${input.version} already exists`);
    throw error;
  }
}

export async function updateDraft(db: Db, version: string, input: { document: PolicyDocument; note?: string }) {
  const row = await policyRow(db, version);
  if (row.publishedAt)
    throw new ProblemError('conflict', `policy ${version} is published and cannot be changed; create a new version`);
  checkDocument(input.document);
  const [updated] = await db
    .update(escalationPolicies)
    .set({ document: input.document, note: input.note ?? row.note, updatedAt: new Date() })
    .where(sql`${escalationPolicies.version} = ${version} and ${escalationPolicies.publishedAt} is null`)
    .returning();
  if (!updated) throw new ProblemError('conflict', `policy ${version} was published meanwhile`);
  return updated;
}

/** Publishes a draft unless some level of some ladder reaches nobody (per district, per minute of the day). */
export async function publish(db: Db, version: string, by: string) {
  return db.transaction(async (tx) => {
    // Directory edits wait while the gap check runs, so what was checked is what is in force.
    await tx.execute(sql`LOCK TABLE directory_contacts IN SHARE MODE`);
    const [row] = await tx
      .select()
      .from(escalationPolicies)
      .where(eq(escalationPolicies.version, version))
      .for('update');
    if (!row) throw new ProblemError('not_found', `no policy version ${version}`);
    if (row.publishedAt)
      throw new ProblemError('conflict', `policy ${version} is already published (${row.publishedAt.toISOString()})`);
    const document = row.document as PolicyDocument;
    checkDocument(document);
    const gaps = policyGaps(document, await activeEntries(tx), home().code);
    if (gaps.length > 0)
      throw new ProblemError(
        'policy_gap',
        `policy ${version} has ${gaps.length} gap(s): ${gaps.map((g) => g.problem).join('; ')}`,
        gaps.map((g) => ({ ...g, field: `document.${g.field}` })),
      );
    const [published] = await tx
      .update(escalationPolicies)
      .set({ publishedAt: new Date(), publishedBy: by })
      .where(eq(escalationPolicies.version, version))
      .returning();
    return published;
  });
}
