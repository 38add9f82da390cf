// `npm run generate -- [options]`: a synthetic but realistic period of alerts, driven through
// the running API's real intake and step routes (domain/synthetic-plan.ts says what a period
// looks like; scripts/generate-drive.ts drives it). Prints the totals every report must show.
//   --url <api>          default http://API_HOST:API_PORT (127.0.0.1:3000)
//   --token <token>      an API token of a user with the smc_supervisor and smc_operator roles; --demo makes one
//   --cases <n>          default 40          --drills <n>   default 2 (never counted)
//   --seed <n>           default: random     --minute-ms <ms>  real ms one planned minute takes (default 250)
//   --span-minutes <n>   planned minutes over which alerts arrive (default 240)
//   --plan-only          print the plan and its totals, drive nothing
//   --demo               as `npm start -- --demo` runs it: a demo user and token in DATABASE_URL's database
import { randomBytes, randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createUser, issueToken } from '../api/auth/user-admin.js';
import { readDevConfig } from '../config/index.js';
import { readStateProfile } from '../config/state-code.js';
import type { EscalationPolicy } from '../contract/policy.js';
import { connectDb } from '../db/client.js';
import { users } from '../db/schema.js';
import { districtsOf } from '../domain/districts.js';
import { expectedTotals } from '../domain/synthetic-expect.js';
import { durationOf, generatePlan } from '../domain/synthetic-plan.js';
import { drivePlan, type Send } from './generate-drive.js';
import { scriptDatabaseUrl } from './script-database.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const num = (name: string, fallback: number) => {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number (got ${v})`);
  return n;
};

/** A user for the demo (HQ roles), and a one-day token for it. Local demo data only. */
async function demoToken(): Promise<string> {
  const url = scriptDatabaseUrl();
  const { db, close } = connectDb(url, { max: 2, application: 'jeevan-generate' });
  try {
    let [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'demo-generator'));
    if (!user) {
      const password = randomBytes(24).toString('base64url');
      user = await createUser(
        { db },
        {
          username: 'demo-generator',
          displayName: 'Synthetic data generator',
          password,
          roles: ['smc_supervisor', 'smc_operator'],
          districts: [],
        },
      );
    }
    return (await issueToken({ db }, user.id, 'demo generator', 1)).token;
  } finally {
    await close();
  }
}

async function main(): Promise<number> {
  const dev = readDevConfig();
  const base = (arg('url') ?? `http://${dev.apiHost}:${dev.apiPort}`).replace(/\/$/, '');
  const seed = num('seed', randomInt(1, 1_000_000));
  const minuteMs = num('minute-ms', 250);
  const planOnly = process.argv.includes('--plan-only');
  const token = arg('token') ?? (process.argv.includes('--demo') && !planOnly ? await demoToken() : undefined);
  const send: Send = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.text() };
  };
  // The plan keeps clear of the deadlines of the policy new cases will copy.
  const profile = readStateProfile();
  let policy: EscalationPolicy = profile.defaultPolicy;
  if (!planOnly) {
    const current = await send('GET', '/policies/current');
    if (current.status !== 200)
      throw new Error(
        `GET ${base}/policies/current → ${current.status} ${current.body.slice(0, 200)} (is the API up, and the token a supervisor's?)`,
      );
    policy = JSON.parse(current.body).compiled;
  }
  const plan = generatePlan({
    seed,
    cases: num('cases', 40),
    drills: num('drills', 2),
    policy,
    minuteMs,
    spanMinutes: num('span-minutes', 240),
    stateCode: profile.code,
  });
  const totals = expectedTotals(plan, policy);
  const lasts = Math.max(...plan.map((c) => c.startAt + durationOf(c)));
  console.log(
    `seed ${seed}: ${plan.length} alert(s) over ${Math.round(lasts / 1000)} s (one planned minute = ${minuteMs} ms)`,
  );
  if (planOnly) {
    console.log(JSON.stringify({ seed, plan, totals }, null, 2));
    return 0;
  }
  const from = new Date();
  const result = await drivePlan(plan, send, { log: (line) => console.log(`  ${line}`) });
  for (const p of result.problems) console.error(`problem: ${p}`);
  const to = new Date(Date.now() + 60_000);
  console.log(`\nExpected totals (drills left out):\n${JSON.stringify(totals.funnel)}`);
  console.log(`not located: ${JSON.stringify(totals.notLocated)}; repeat people: ${totals.repeatCases}`);
  console.log(`Reports: ${base}/reports?from=${from.toISOString()}&to=${to.toISOString()}`);
  console.log(
    `Districts in the period: ${[...new Set(plan.map((c) => c.district))].filter((d) => districtsOf(profile.code).some((x) => x.code === d)).length}`,
  );
  return result.problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`generate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
