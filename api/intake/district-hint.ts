// Maps the platform's free-text "approximate location" to a Jeevan district code.
// It is only a hint for the SMC operator who locates the person, so it answers only when
// the text is unambiguous: one district named, and no other state named beside it
// (district names recur across states). The districts, their aliases and the other states'
// names come from the state profiles (domain/profiles/).
import { readStateProfile } from '../../config/state-code.js';
import type { StateProfile } from '../../domain/profiles/index.js';
import { NEIGHBOURS, STATES_OF_INDIA } from '../../domain/profiles/india.js';

// Whole words in any script: \b knows only ASCII letters, and the Hindi names need the same care.
const pattern = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const word = (name: string) => new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${pattern(name)}(?![\\p{L}\\p{M}\\p{N}])`, 'giu');

interface Matchers {
  names: readonly { re: RegExp; code: string }[];
  otherState: RegExp;
}
const MATCHERS = new Map<string, Matchers>();

function matchers(profile: StateProfile): Matchers {
  let m = MATCHERS.get(profile.code);
  if (!m) {
    const others = [...STATES_OF_INDIA.filter((s) => s.code !== profile.code).flatMap((s) => s.names), ...NEIGHBOURS];
    m = {
      names: [
        ...profile.districts.flatMap((d) => [
          { re: word(d.nameEn), code: d.code },
          { re: word(d.nameHi), code: d.code },
        ]),
        ...profile.districtAliases.map(([name, code]) => ({ re: word(name), code })),
      ],
      otherState: new RegExp(others.map((s) => `(?<![\\p{L}])${pattern(s)}(?![\\p{L}])`).join('|'), 'iu'),
    };
    MATCHERS.set(profile.code, m);
  }
  return m;
}

/** The district code the location names, or undefined when it names none, several, or another state. */
export function districtHint(location: string, profile: StateProfile = readStateProfile()): string | undefined {
  const { names: NAMES, otherState } = matchers(profile);
  if (location.length > 2000 || otherState.test(location)) return undefined;
  const hits: { start: number; end: number; code: string }[] = [];
  for (const { re, code } of NAMES) {
    for (const m of location.matchAll(re)) hits.push({ start: m.index, end: m.index + m[0].length, code });
  }
  // A district whose name holds an alias of another ("<city> Dehat" and the alias "<city>") must not
  // count both: drop hits inside a longer hit.
  const outer = hits.filter(
    (h) => !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start),
  );
  const codes = new Set(outer.map((h) => h.code));
  return codes.size === 1 ? [...codes][0] : undefined;
}
