// Who a role reaches for a case at a moment: the one rule the worker's directory, the dry
// run and the gap check share. Pure: callers hand in the contacts (all, or a pre-filtered
// set from the database).
import type { ContactEntry } from '../contract/directory.js';
import type { RecipientRole } from '../contract/policy.js';
import { onDuty } from './shifts.js';

export interface ResolveContext {
  /** The instance's state: its 112 control room is the one kept under this code. */
  homeState: string;
  districtCode?: string;
  policeStation?: string;
  toState?: string;
  /** A telecom request's operator (role telecom_nodal, with `stateCode`). */
  telecomOperator?: string;
  /** The state whose telecom nodal officer is meant (default: this state). */
  stateCode?: string;
}

const HQ_ROLES: RecipientRole[] = ['smc_operators', 'smc_supervisor', 'smc_incharge'];

/**
 * The active contacts on duty at `at` for the role. A police station is reached at its own
 * contacts when the directory has the station and someone there is on duty; otherwise at
 * the district's station desk (police_station kept at district scope).
 */
export function resolveEntries<C extends ContactEntry>(
  contacts: readonly C[],
  role: RecipientRole,
  ctx: ResolveContext,
  at: Date,
): C[] {
  const live = contacts.filter((c) => c.active && c.role === role && onDuty(c.shift, at));
  if (HQ_ROLES.includes(role)) return live.filter((c) => c.scope === 'hq');
  // The state's 112 control room: one for the whole state, told with the district.
  if (role === 'emergency_112') return live.filter((c) => c.scope === 'state' && c.stateCode === ctx.homeState);
  // A telecom operator's nodal officer in the state: only for a request naming the operator.
  if (role === 'telecom_nodal')
    return ctx.telecomOperator
      ? live.filter(
          (c) =>
            c.scope === 'state' &&
            c.stateCode === (ctx.stateCode ?? ctx.homeState) &&
            c.telecomOperator === ctx.telecomOperator,
        )
      : [];
  if (role === 'nodal_officer')
    return ctx.toState ? live.filter((c) => c.scope === 'state' && c.stateCode === ctx.toState) : [];
  if (!ctx.districtCode) return [];
  const inDistrict = live.filter((c) => c.districtCode === ctx.districtCode);
  if (role === 'police_station') {
    const station = ctx.policeStation?.trim().toLowerCase();
    const own = station
      ? inDistrict.filter((c) => c.scope === 'station' && c.stationName?.trim().toLowerCase() === station)
      : [];
    if (own.length > 0) return own;
  }
  return inDistrict.filter((c) => c.scope === 'district');
}
