// Uttarakhand: a Meta alert desk since August 2022, a DSP of the cyber crime cell its nodal
// officer. 13 districts, no police commissionerate; two ranges (Garhwal, Kumaon). It starts
// on the same ladder as UP's default, under its own version, until it publishes its own.
import { DEFAULT_POLICY } from '../../default-policy.js';
import type { StateProfile } from '../profile.js';
import { DISTRICTS } from './districts.js';

export const UK: StateProfile = {
  code: 'UK',
  name: { en: 'Uttarakhand', hi: 'उत्तराखंड' },
  smc: { en: 'Uttarakhand Police Social Media Cell', hi: 'उत्तराखंड पुलिस सोशल मीडिया सेल' },
  languages: ['en', 'hi'],
  districts: DISTRICTS,
  districtAliases: [
    ['Dehradoon', 'DDN'],
    ['Rishikesh', 'DDN'],
    ['Mussoorie', 'DDN'],
    ['Roorkee', 'HDW'],
    ['Haldwani', 'NTL'],
    ['Rudrapur', 'USN'],
    ['Kashipur', 'USN'],
    ['Pauri', 'PRG'],
    ['Tehri', 'TGW'],
  ],
  roleTitles: {
    smc_operators: { en: 'Social media cell operators', hi: 'सोशल मीडिया सेल ऑपरेटर' },
    smc_supervisor: { en: 'Social media cell supervisor', hi: 'सोशल मीडिया सेल पर्यवेक्षक' },
    smc_incharge: { en: 'Cyber crime cell DSP (nodal officer)', hi: 'साइबर क्राइम सेल पुलिस उपाधीक्षक (नोडल अधिकारी)' },
    district_control_room: { en: 'District control room', hi: 'जनपद नियंत्रण कक्ष' },
    police_station: { en: 'Police station (kotwali)', hi: 'थाना / कोतवाली' },
    sp: { en: 'SSP / SP', hi: 'वरिष्ठ पुलिस अधीक्षक / पुलिस अधीक्षक' },
    cp_or_range_ig: {
      en: 'DIG / IG Range (Garhwal, Kumaon)',
      hi: 'पुलिस उपमहानिरीक्षक / पुलिस महानिरीक्षक परिक्षेत्र (गढ़वाल, कुमाऊँ)',
    },
    adg_zone: { en: 'ADG / IG', hi: 'अपर पुलिस महानिदेशक / पुलिस महानिरीक्षक' },
    nodal_officer: { en: "Other state's nodal officer", hi: 'अन्य राज्य के नोडल अधिकारी' },
    emergency_112: { en: '112 control room (state)', hi: '112 नियंत्रण कक्ष (राज्य)' },
    telecom_nodal: { en: "Telecom operator's nodal officer", hi: 'टेलीकॉम ऑपरेटर के नोडल अधिकारी' },
  },
  defaultPolicy: { ...DEFAULT_POLICY, version: 'uk-default-1' },
  requestingAgency: 'Uttarakhand Police, Social Media Cell, Police Headquarters, Dehradun',
  legalGround: 'DPDP Act 2023, s.7(d): processing to respond to a medical emergency involving a threat to life',
};
