// India's states and union territories, by two-letter code (as on vehicle registrations),
// with the names an alert's free-text location may use for them. National reference data:
// a person found in another state is transferred there, and a location naming another state
// gives no district hint. A state's own profile (domain/profiles/<code>/) says the rest.
export interface IndianState {
  code: string;
  /** Its English name first, then older or other names still in use. */
  names: readonly string[];
}

export const STATES_OF_INDIA: readonly IndianState[] = [
  { code: 'AN', names: ['Andaman and Nicobar Islands'] },
  { code: 'AP', names: ['Andhra Pradesh'] },
  { code: 'AR', names: ['Arunachal Pradesh'] },
  { code: 'AS', names: ['Assam'] },
  { code: 'BR', names: ['Bihar'] },
  { code: 'CG', names: ['Chhattisgarh'] },
  { code: 'CH', names: ['Chandigarh'] },
  { code: 'DD', names: ['Dadra and Nagar Haveli and Daman and Diu'] },
  { code: 'DL', names: ['Delhi'] },
  { code: 'GA', names: ['Goa'] },
  { code: 'GJ', names: ['Gujarat'] },
  { code: 'HP', names: ['Himachal Pradesh'] },
  { code: 'HR', names: ['Haryana'] },
  { code: 'JH', names: ['Jharkhand'] },
  { code: 'JK', names: ['Jammu and Kashmir'] },
  { code: 'KA', names: ['Karnataka'] },
  { code: 'KL', names: ['Kerala'] },
  { code: 'LA', names: ['Ladakh'] },
  { code: 'LD', names: ['Lakshadweep'] },
  { code: 'MH', names: ['Maharashtra'] },
  { code: 'ML', names: ['Meghalaya'] },
  { code: 'MN', names: ['Manipur'] },
  { code: 'MP', names: ['Madhya Pradesh'] },
  { code: 'MZ', names: ['Mizoram'] },
  { code: 'NL', names: ['Nagaland'] },
  { code: 'OD', names: ['Odisha', 'Orissa'] },
  { code: 'PB', names: ['Punjab'] },
  { code: 'PY', names: ['Puducherry'] },
  { code: 'RJ', names: ['Rajasthan'] },
  { code: 'SK', names: ['Sikkim'] },
  { code: 'TN', names: ['Tamil Nadu'] },
  { code: 'TR', names: ['Tripura'] },
  { code: 'TS', names: ['Telangana'] },
  { code: 'UK', names: ['Uttarakhand', 'Uttaranchal'] },
  { code: 'UP', names: ['Uttar Pradesh'] },
  { code: 'WB', names: ['West Bengal'] },
];

/** Places beyond India's borders that alerts name (a location there gives no district hint). */
export const NEIGHBOURS: readonly string[] = ['Nepal'];
