// A state profile: everything that makes Jeevan one state's desk, as data (issue 15). One
// folder per state under domain/profiles/ holds its profile; JEEVAN_STATE selects one
// (config/state-profile.ts). Pure data, so the API, the worker, the workflow sandbox and the
// console all read the same profiles.
import type { EscalationPolicy, RecipientRole } from '../../contract/policy.js';

/** The languages Jeevan has strings for (a strings file each for the e-mails and the console). */
export const LANGUAGES = ['en', 'hi'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** A text in each of a profile's languages; English always. */
export type Text = { readonly en: string } & { readonly [L in Lang]?: string };

export interface District {
  code: string;
  nameEn: string;
  nameHi: string;
  policing: 'district' | 'commissionerate';
}

export interface StateProfile {
  /** Two-letter code, as on vehicle registrations (JEEVAN_STATE, case numbers JV-<code>-…). */
  code: string;
  /** The state's name in English and in its language. */
  name: Text;
  /** The desk's name as signatures and subjects use it, e.g. "UP Police Social Media Center". */
  smc: Text;
  /** The languages of its e-mails and console: English first, then one or more. */
  languages: readonly [Lang, ...Lang[]];
  districts: readonly District[];
  /** Names people and platforms use that are not a district's official English name → district code. */
  districtAliases: readonly (readonly [string, string])[];
  /** What each recipient role is called there, e.g. `sp` "SP / SSP", `cp_or_range_ig` "CP / Range IG". */
  roleTitles: Readonly<Record<RecipientRole, Text>>;
  /** The escalation policy a new instance runs on until the state publishes its own. */
  defaultPolicy: EscalationPolicy;
  /** The legal ground every case is processed on, recorded on the case. */
  legalGround: string;
  /** Who asks, as a request to a platform or a telecom operator is signed (English: it goes to organisations). */
  requestingAgency: string;
}
