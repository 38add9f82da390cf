// Uttarakhand's 13 districts, generated from districts.csv beside it (a copy of the shared
// data file; test/unit/districts.test.ts keeps the two in step). Codes are Jeevan's own.
import type { District } from '../profile.js';

export const DISTRICTS: readonly District[] = [
  { code: 'ALM', nameEn: 'Almora', nameHi: 'अल्मोड़ा', policing: 'district' },
  { code: 'BGS', nameEn: 'Bageshwar', nameHi: 'बागेश्वर', policing: 'district' },
  { code: 'CML', nameEn: 'Chamoli', nameHi: 'चमोली', policing: 'district' },
  { code: 'CPW', nameEn: 'Champawat', nameHi: 'चम्पावत', policing: 'district' },
  { code: 'DDN', nameEn: 'Dehradun', nameHi: 'देहरादून', policing: 'district' },
  { code: 'HDW', nameEn: 'Haridwar', nameHi: 'हरिद्वार', policing: 'district' },
  { code: 'NTL', nameEn: 'Nainital', nameHi: 'नैनीताल', policing: 'district' },
  { code: 'PRG', nameEn: 'Pauri Garhwal', nameHi: 'पौड़ी गढ़वाल', policing: 'district' },
  { code: 'PTH', nameEn: 'Pithoragarh', nameHi: 'पिथौरागढ़', policing: 'district' },
  { code: 'RPG', nameEn: 'Rudraprayag', nameHi: 'रुद्रप्रयाग', policing: 'district' },
  { code: 'TGW', nameEn: 'Tehri Garhwal', nameHi: 'टिहरी गढ़वाल', policing: 'district' },
  { code: 'USN', nameEn: 'Udham Singh Nagar', nameHi: 'ऊधम सिंह नगर', policing: 'district' },
  { code: 'UKS', nameEn: 'Uttarkashi', nameHi: 'उत्तरकाशी', policing: 'district' },
];
