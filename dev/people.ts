// The people who use the API in the fault tests and the bench: a user per name, with exactly
// one role, signing in with an API token created on first use (district roles cover every district).
import { createUser, issueToken } from '../api/auth/user-admin.js';
import { readStateCode } from '../config/state-code.js';
import type { Db } from '../db/client.js';
import { districtsOf } from '../domain/districts.js';
import type { Person } from './http-client.js';

export function people(db: Db): (as: Person) => Promise<string> {
  const tokens = new Map<string, Promise<string>>();
  return (as) => {
    let token = tokens.get(as.id);
    if (!token) {
      token = (async () => {
        const scoped = as.role === 'district_officer' || as.role === 'senior_officer';
        const user = await createUser(
          { db },
          {
            username: as.id,
            displayName: as.id,
            password: 'fault-test-password',
            roles: [as.role],
            districts: scoped ? districtsOf(readStateCode()).map((d) => d.code) : [],
          },
        );
        return (await issueToken({ db }, user.id, 'fault tests', 1)).token;
      })();
      tokens.set(as.id, token);
    }
    return token;
  };
}
