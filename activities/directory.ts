// Who each escalation role reaches. Until the directory is maintained as data (issue 6),
// this is a generated example directory on example.org addresses, one per district and role.
import type { RecipientRole } from '../contract/policy.js';
import { districtByCode } from '../domain/districts.js';

export interface Recipient {
  role: RecipientRole;
  name: string;
  email: string;
}

export interface RecipientContext {
  districtCode?: string;
  toState?: string;
}

export interface Directory {
  resolve(role: RecipientRole, ctx: RecipientContext): Recipient[];
}

export function exampleDirectory(domain = 'police.example.org'): Directory {
  const hq: Partial<Record<RecipientRole, Recipient>> = {
    smc_operators: { role: 'smc_operators', name: 'SMC duty desk', email: `smc-desk@smc.${domain}` },
    smc_supervisor: { role: 'smc_supervisor', name: 'SMC supervisor', email: `smc-supervisor@smc.${domain}` },
    smc_incharge: { role: 'smc_incharge', name: 'SMC in-charge', email: `smc-incharge@smc.${domain}` },
  };
  return {
    resolve(role, ctx) {
      const fixed = hq[role];
      if (fixed) return [fixed];
      if (role === 'nodal_officer') {
        return ctx.toState ? [{ role, name: `Nodal officer, ${ctx.toState}`, email: `nodal.${ctx.toState.toLowerCase()}@states.${domain}` }] : [];
      }
      const district = ctx.districtCode ? districtByCode(ctx.districtCode) : undefined;
      if (!district) return [];
      const code = district.code.toLowerCase();
      const cp = district.policing === 'commissionerate';
      const names: Record<string, [string, string]> = {
        district_control_room: ['control-room', `Control room, ${district.nameEn}`],
        police_station: ['sho', `Station house officer, ${district.nameEn}`],
        sp: [cp ? 'dcp' : 'sp', `${cp ? 'DCP' : 'SP'}, ${district.nameEn}`],
        cp_or_range_ig: [cp ? 'cp' : 'range-ig', cp ? `Commissioner of Police, ${district.nameEn}` : `Range IG for ${district.nameEn}`],
        adg_zone: ['adg-zone', `ADG zone for ${district.nameEn}`],
      };
      const [local, name] = names[role] ?? [];
      return local ? [{ role, name, email: `${local}.${code}@${domain}` }] : [];
    },
  };
}
