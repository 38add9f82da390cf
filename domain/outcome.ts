import type { AgeBand } from '../contract/case.js';

/** The age bands the source articles report in: 13–18, 19–25, 26–35, 36+. */
export function ageBandOf(age: number): AgeBand {
  if (age < 13) return 'unknown'; // outside the reported bands; kept as its own age on the record
  if (age <= 18) return '13-18';
  if (age <= 25) return '19-25';
  if (age <= 35) return '26-35';
  return '36+';
}
