// The role groups the access rules are built from: who works across districts, the Social
// Media Center's desk, who acts on the ground, who reads cases. Pure data, imported by the
// step table (contract/steps.ts) and by the API's other access rules (contract/access.ts).
import type { Role } from './case.js';

/** A person's role (the workflow's own actor, 'system', and another state's Jeevan, 'peer', are nobody's). */
export type HumanRole = Exclude<Role, 'system' | 'peer'>;

/** Roles that work across all districts. */
export const HQ_ROLES: HumanRole[] = ['smc_operator', 'smc_supervisor', 'auditor'];
/** The Social Media Center's desk: intake, locating, notifying. */
export const OPS: HumanRole[] = ['smc_operator', 'smc_supervisor'];
/** Who acts on the ground, with the desk. */
export const FIELD: HumanRole[] = [...OPS, 'district_officer'];
/** Everyone who reads cases. */
export const READERS: HumanRole[] = [...OPS, 'district_officer', 'senior_officer', 'auditor'];
/** Who decides: sign-off, deadlines, severity. */
export const SUPERVISOR: HumanRole[] = ['smc_supervisor'];
