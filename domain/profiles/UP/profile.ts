// Uttar Pradesh: the desk Jeevan was built for (UP Police HQ Social Media Center, Lucknow,
// Meta alerts since March 2022). 75 districts, seven of them police commissionerates.
import { DEFAULT_POLICY } from '../../default-policy.js';
import type { StateProfile } from '../profile.js';
import { DISTRICTS } from './districts.js';

export const UP: StateProfile = {
  code: 'UP',
  name: { en: 'Uttar Pradesh', hi: 'उत्तर प्रदेश' },
  smc: { en: 'UP Police Social Media Center', hi: 'उ.प्र. पुलिस सोशल मीडिया सेंटर' },
  languages: ['en', 'hi'],
  districts: DISTRICTS,
  districtAliases: [
    ['Allahabad', 'PRY'],
    ['Faizabad', 'AYD'],
    ['Noida', 'GBN'],
    ['Greater Noida', 'GBN'],
    ['Gautam Buddha Nagar', 'GBN'],
    ['Kanpur', 'KNP'], // the city of Kanpur lies in Kanpur Nagar
    ['Sant Ravidas Nagar', 'BHD'],
    ['Raebareli', 'RBL'],
    ['Lakhimpur', 'LKH'],
    ['Siddharth Nagar', 'SDN'],
    ['Badaun', 'BDN'],
  ],
  roleTitles: {
    smc_operators: { en: 'SMC operators', hi: 'एसएमसी ऑपरेटर' },
    smc_supervisor: { en: 'SMC supervisor', hi: 'एसएमसी पर्यवेक्षक' },
    smc_incharge: { en: 'SMC in-charge', hi: 'एसएमसी प्रभारी' },
    district_control_room: { en: 'District control room', hi: 'जनपद नियंत्रण कक्ष' },
    police_station: { en: 'Police station', hi: 'थाना' },
    sp: { en: 'SP / SSP', hi: 'पुलिस अधीक्षक' },
    cp_or_range_ig: { en: 'CP / Range IG', hi: 'पुलिस आयुक्त / परिक्षेत्र आईजी' },
    adg_zone: { en: 'ADG Zone', hi: 'अपर पुलिस महानिदेशक ज़ोन' },
    nodal_officer: { en: "Other state's nodal officer", hi: 'अन्य राज्य के नोडल अधिकारी' },
    emergency_112: { en: '112 control room (state)', hi: '112 नियंत्रण कक्ष (राज्य)' },
    telecom_nodal: { en: "Telecom operator's nodal officer", hi: 'टेलीकॉम ऑपरेटर के नोडल अधिकारी' },
  },
  defaultPolicy: DEFAULT_POLICY,
  requestingAgency: 'Uttar Pradesh Police, Social Media Center (SMC), Police Headquarters, Lucknow',
  legalGround: 'DPDP Act 2023, s.7(d): processing to respond to a medical emergency involving a threat to life',
};
