// Names of the domain's closed lists, in both languages. Unknown values fall back to the raw value.
import type { Lang } from './i18n.js';
import { useLang } from './i18n.js';

import { homeProfile } from './profile.js';

type Table = Record<string, { en: string; hi: string }>;

export const STAGE_LABELS: Table = {
  received: { en: 'Received', hi: 'प्राप्त' },
  locating: { en: 'Locating', hi: 'पता लगाया जा रहा है' },
  located: { en: 'Located', hi: 'स्थान मिला' },
  not_located: { en: 'Not located', hi: 'स्थान नहीं मिला' },
  transferred: { en: 'Transferred', hi: 'स्थानांतरित' },
  district_notified: { en: 'District notified', hi: 'जनपद को सूचित' },
  acknowledged: { en: 'Acknowledged', hi: 'प्राप्ति स्वीकार' },
  arrived: { en: 'Officer arrived', hi: 'पुलिस पहुँची' },
  contact_made: { en: 'With the person', hi: 'व्यक्ति से संपर्क' },
  outcome_recorded: { en: 'Outcome recorded', hi: 'परिणाम दर्ज' },
  follow_up: { en: 'Follow-up', hi: 'अनुवर्ती जाँच' },
  closed: { en: 'Closed', hi: 'बंद' },
};

export const SEVERITY_LABELS: Table = {
  critical: { en: 'Critical', hi: 'अति गंभीर' },
  high: { en: 'High', hi: 'गंभीर' },
  normal: { en: 'Normal', hi: 'सामान्य' },
};

export const OUTCOME_LABELS: Table = {
  safe: { en: 'Intervened: safe', hi: 'हस्तक्षेप: सुरक्षित' },
  hospitalised: { en: 'Intervened: hospitalised', hi: 'हस्तक्षेप: अस्पताल में भर्ती' },
  no_risk: { en: 'No risk found', hi: 'कोई जोखिम नहीं' },
  not_found_at_place: { en: 'Not found at the place', hi: 'स्थान पर नहीं मिला' },
  deceased: { en: 'Deceased', hi: 'मृत्यु' },
  transferred: { en: 'Transferred out', hi: 'अन्य क्षेत्र को स्थानांतरित' },
};

export const NOT_LOCATED_LABELS: Table = {
  incomplete_data: { en: 'Incomplete data', hi: 'अधूरी जानकारी' },
  phone_switched_off: { en: 'Phone switched off', hi: 'फ़ोन बंद' },
  dense_area: { en: 'Dense area', hi: 'घनी आबादी वाला क्षेत्र' },
  outside_jurisdiction: { en: 'Outside jurisdiction', hi: 'क्षेत्राधिकार से बाहर' },
  other: { en: 'Other', hi: 'अन्य' },
};

export const GENDER_LABELS: Table = {
  male: { en: 'Male', hi: 'पुरुष' },
  female: { en: 'Female', hi: 'महिला' },
  other: { en: 'Other', hi: 'अन्य' },
  unknown: { en: 'Unknown', hi: 'अज्ञात' },
};

export const AGE_BAND_LABELS: Table = {
  '13-18': { en: '13–18', hi: '13–18' },
  '19-25': { en: '19–25', hi: '19–25' },
  '26-35': { en: '26–35', hi: '26–35' },
  '36+': { en: '36+', hi: '36+' },
  unknown: { en: 'Unknown', hi: 'अज्ञात' },
};

export const ROLE_LABELS: Table = {
  smc_operator: { en: 'SMC operator', hi: 'एसएमसी ऑपरेटर' },
  smc_supervisor: { en: 'SMC supervisor', hi: 'एसएमसी पर्यवेक्षक' },
  district_officer: { en: 'District officer', hi: 'जनपद अधिकारी' },
  senior_officer: { en: 'Senior officer', hi: 'वरिष्ठ अधिकारी' },
  auditor: { en: 'Auditor', hi: 'लेखा परीक्षक' },
  admin: { en: 'Administrator', hi: 'प्रशासक' },
  system: { en: 'Jeevan', hi: 'जीवन' },
};

/** Who an escalation reaches (contract/policy.ts RECIPIENT_ROLES), as the state calls them (its profile's roleTitles). */
export function recipientLabels(): Table {
  return Object.fromEntries(
    Object.entries(homeProfile().roleTitles).map(([role, t]) => [role, { en: t.en, hi: t.hi ?? t.en }]),
  );
}

export const WAIT_LABELS: Table = {
  locate: { en: 'locating', hi: 'स्थान पता करना' },
  enquiry: { en: 'an overdue enquiry', hi: 'विलंबित जाँच' },
  notify: { en: 'notifying the district', hi: 'जनपद को सूचना' },
  review: { en: 'review', hi: 'समीक्षा' },
  learning_review: { en: 'the learning review', hi: 'सीख समीक्षा' },
  transfer_ack: { en: 'transfer acknowledgement', hi: 'स्थानांतरण की पावती' },
  acknowledge: { en: 'acknowledgement', hi: 'पावती' },
  arrive: { en: 'arrival', hi: 'पहुँचना' },
  outcome: { en: 'outcome', hi: 'परिणाम' },
  sign_off: { en: 'sign-off', hi: 'अंतिम स्वीकृति' },
  follow_up: { en: 'follow-up', hi: 'अनुवर्ती जाँच' },
};

export function label(table: Table, value: string | null | undefined, lang: Lang): string {
  if (value == null) return '—';
  return table[value]?.[lang] ?? value;
}

/** `const l = useLabel(); l(STAGE_LABELS, c.stage)` */
export function useLabel(): (table: Table, value: string | null | undefined) => string {
  const lang = useLang();
  return (table, value) => label(table, value, lang);
}
