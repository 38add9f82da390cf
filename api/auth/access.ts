// Who may do what. Every route declares an Access in its `config.access`; the guard in
// guard.ts enforces it and the authorization matrix test reads it. A route without one
// does not start (app.ts checks on registration).
import { HQ_ROLES, type HumanRole, OPS, READERS, STEP_ACCESS } from '../../contract/access.js';
import type { StepName } from '../../contract/steps.js';

// The roles are pure data in contract/roles.ts, each step's in the step table (contract/steps.ts),
// viewed as STEP_ACCESS by contract/access.ts (the console reads them too).
export { HQ_ROLES, type HumanRole, READERS, STEP_ACCESS };

export interface Access {
  /** Roles that may call the route at all. Empty: public (health, docs, login). */
  roles: HumanRole[];
  /**
   * 'case': the route acts on the case in `:id`; district and senior officers reach only
   * cases of their districts (anyone else's is answered 404, as if it did not exist).
   * 'list': results are narrowed to the caller's districts.
   */
  scope?: 'case' | 'list';
  /** The route returns a person's details: every call is written to the audit log. */
  personal?: boolean;
  /** Audit action name; defaults to the method and route. */
  action?: string;
  /**
   * 'origin-checked': the route changes nothing and refuses every browser Origin but one
   * itself, so a session needs no CSRF header (Temporal's UI can send cookies, not headers).
   */
  csrf?: 'origin-checked';
  /**
   * A network route (api/routes/network.ts): only another state's Jeevan, by a signed request
   * (api/network/peer-auth.ts), with `roles` empty; no session or token is taken.
   */
  peer?: true;
}

export const PUBLIC: Access = { roles: [] };

export const ACCESS = {
  intake: { roles: OPS, action: 'alert.create' } satisfies Access,
  caseList: { roles: READERS, scope: 'list', action: 'case.list' } satisfies Access,
  /** The console's live updates (GET /events): narrowed to the caller's districts like the list. */
  events: { roles: READERS, scope: 'list', action: 'case.events' } satisfies Access,
  caseRead: { roles: READERS, scope: 'case', personal: true, action: 'case.read' } satisfies Access,
  caseTimeline: { roles: READERS, scope: 'case', personal: true, action: 'case.timeline' } satisfies Access,
  rejectedEmails: { roles: [...OPS, 'auditor'], action: 'intake.rejected.list' } satisfies Access,
  rejectedEmail: { roles: [...OPS, 'auditor'], personal: true, action: 'intake.rejected.read' } satisfies Access,
  metrics: { roles: [...OPS, 'auditor', 'admin'], action: 'metrics.read' } satisfies Access,
  audit: { roles: ['auditor', 'smc_supervisor'], action: 'audit.read' } satisfies Access,
  users: { roles: ['admin'], action: 'users' } satisfies Access,
  tokens: { roles: ['admin'], action: 'tokens' } satisfies Access,
  self: { roles: [...READERS, 'admin'], action: 'auth.me' } satisfies Access,
  consoleSettings: { roles: [...READERS, 'admin'], action: 'console.settings' } satisfies Access,
  codec: { roles: ['auditor', 'smc_supervisor'], action: 'codec.decode', csrf: 'origin-checked' } satisfies Access,
} as const;

export function stepAccess(step: StepName): Access {
  return { roles: STEP_ACCESS[step], scope: 'case', action: `case.step.${step}` };
}

export interface Identity {
  userId: string;
  username: string;
  roles: HumanRole[];
  districts: string[];
  via: 'session' | 'token';
  /** The console's language this person chose ('en' or 'hi'). */
  language: string;
}

/** The first of the caller's roles the route allows (recorded as who acted), or undefined. */
export function actingRole(identity: Identity, access: Access): HumanRole | undefined {
  return identity.roles.find((r) => access.roles.includes(r));
}

/** Whether the caller may see a case in this district (undefined: not yet located). */
export function mayReachDistrict(identity: Identity, role: HumanRole, district: string | null | undefined): boolean {
  if (HQ_ROLES.includes(role)) return true;
  return district != null && identity.districts.includes(district);
}
