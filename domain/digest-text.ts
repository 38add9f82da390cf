// The daily digest's text, from the period's reports: counts only, never a person's details
// (it goes by e-mail). Bilingual headings, as the case e-mails. Pure.
import type { StateProfile } from './profiles/index.js';
import type { Report } from './report-types.js';

const IST = (d: Date) => new Date(d.getTime() + 330 * 60_000).toISOString().slice(0, 16).replace('T', ' ');

export function digestText(
  reports: Report[],
  period: { from: Date; to: Date },
  openOverdue: number,
  profile: StateProfile,
): { subject: string; text: string } {
  const get = (name: string) => reports.find((r) => r.name === name)?.rows ?? [];
  const funnel = Object.fromEntries(get('funnel').map((r) => [r.step, r.count]));
  const lines = [
    `Jeevan daily digest / जीवन दैनिक सारांश`,
    `Period / अवधि: ${IST(period.from)} – ${IST(period.to)} IST (drills not counted / अभ्यास शामिल नहीं)`,
    '',
    'Funnel / प्रवाह:',
    ...get('funnel').map((r) => `  ${String(r.step).padEnd(18)} ${r.count}`),
    '',
    `Open cases overdue now / अभी विलंबित खुले केस: ${openOverdue}`,
    '',
    'Outcomes / परिणाम:',
    ...summarise(get('outcomes'), 'outcome'),
    '',
    'Not located, most frequent first / लोकेशन नहीं मिली:',
    ...(get('not-located').length ? get('not-located').map((r) => `  ${r.rank}. ${r.reason}: ${r.count}`) : ['  none']),
    '',
    'Deadlines missed (first escalation) / समय-सीमा चूकी:',
    ...summarise(get('sla-breaches'), 'wait', 'breaches'),
    '',
    'Data-quality warnings / डेटा गुणवत्ता चेतावनी:',
    ...(get('quality').length ? get('quality').map((r) => `  ${r.check}: ${r.count} (${r.detail})`) : ['  none']),
    '',
    `Jeevan, ${profile.smc.en}. Counts only: no personal data in this message.`,
  ];
  const day = IST(period.to).slice(0, 10);
  return {
    subject: `[Jeevan] Daily digest ${day}: ${funnel.cases ?? 0} case(s), ${funnel.saved ?? 0} saved / दैनिक सारांश`,
    text: `${lines.join('\n')}\n`,
  };
}

function summarise(rows: Report['rows'], key: string, value = 'count'): string[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(String(r[key]), (totals.get(String(r[key])) ?? 0) + Number(r[value]));
  return totals.size ? [...totals].map(([k, n]) => `  ${k}: ${n}`) : ['  none'];
}
