// Maps the platform's free-text "approximate location" to a Jeevan district code.
// It is only a hint for the SMC operator who locates the person, so it answers only when
// the text is unambiguous: one district named, and no other state named beside it
// (Hamirpur, Pratapgarh, Balrampur and Banda also exist outside Uttar Pradesh).
import { DISTRICTS } from '../../domain/districts.js';

// Names people and platforms still use that are not the district's official English name.
const ALIASES: readonly [string, string][] = [
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
];

const OTHER_STATES = [
  'Andhra Pradesh',
  'Arunachal Pradesh',
  'Assam',
  'Bihar',
  'Chhattisgarh',
  'Goa',
  'Gujarat',
  'Haryana',
  'Himachal Pradesh',
  'Jharkhand',
  'Karnataka',
  'Kerala',
  'Madhya Pradesh',
  'Maharashtra',
  'Manipur',
  'Meghalaya',
  'Mizoram',
  'Nagaland',
  'Odisha',
  'Orissa',
  'Punjab',
  'Rajasthan',
  'Sikkim',
  'Tamil Nadu',
  'Telangana',
  'Tripura',
  'Uttarakhand',
  'Uttaranchal',
  'West Bengal',
  'Delhi',
  'Jammu and Kashmir',
  'Ladakh',
  'Chandigarh',
  'Puducherry',
  'Nepal',
];

// Whole words in any script: \b knows only ASCII letters, and the Hindi names need the same care.
const pattern = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const word = (name: string) => new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${pattern(name)}(?![\\p{L}\\p{M}\\p{N}])`, 'giu');

const NAMES: readonly { re: RegExp; code: string }[] = [
  ...DISTRICTS.flatMap((d) => [
    { re: word(d.nameEn), code: d.code },
    { re: word(d.nameHi), code: d.code },
  ]),
  ...ALIASES.map(([name, code]) => ({ re: word(name), code })),
];
const OTHER_STATE = new RegExp(OTHER_STATES.map((s) => `(?<![\\p{L}])${pattern(s)}(?![\\p{L}])`).join('|'), 'iu');

/** The district code the location names, or undefined when it names none, several, or another state. */
export function districtHint(location: string): string | undefined {
  if (location.length > 2000 || OTHER_STATE.test(location)) return undefined;
  const hits: { start: number; end: number; code: string }[] = [];
  for (const { re, code } of NAMES) {
    for (const m of location.matchAll(re)) hits.push({ start: m.index, end: m.index + m[0].length, code });
  }
  // "Kanpur Dehat" must not also count as the alias "Kanpur" (Kanpur Nagar): drop hits inside a longer hit.
  const outer = hits.filter(
    (h) => !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start),
  );
  const codes = new Set(outer.map((h) => h.code));
  return codes.size === 1 ? [...codes][0] : undefined;
}
