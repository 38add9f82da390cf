// A policy document made readable: per wait kind, each level's delay and who is told, then the
// repeats; the commissionerates' and each district's own ladders the same way.
import { useState } from 'preact/hooks';
import { WAIT_KINDS as CONTRACT_WAIT_KINDS } from '../../../contract/policy.js';
import { formatDuration } from '../lib/format.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { recipientLabels, useLabel, WAIT_LABELS } from '../lib/labels.js';
import { ENQUIRY_KIND_LABELS } from '../lib/step-form-strings.js';

export interface Rung {
  afterMs: number;
  notify: string[];
}
export interface Ladder {
  rungs: Rung[];
  repeat: { everyMs: number; times: number; notify: string[] };
}
export interface PolicyDocument {
  requireBothAcks: boolean;
  severityFactor: Record<string, number>;
  ladders: { district: Record<string, Ladder>; commissionerate: Record<string, Ladder> };
  districtOverrides: Record<string, Record<string, Ladder>>;
  /** Per line of enquiry: the ladder an overdue enquiry runs (else ladders.district.enquiry). */
  enquiryLadders?: Record<string, Ladder>;
  followUpOffsetsMs: number[];
  mailFailureAlertMs: number;
}

export const WAIT_KINDS: readonly string[] = CONTRACT_WAIT_KINDS;

const S = defineStrings(
  {
    which: 'Ladders of',
    district: 'Districts (not commissionerates)',
    commissionerate: 'Commissionerates (what differs)',
    override: 'District {code} (its own)',
    enquiries: 'Overdue enquiries, by line of enquiry',
    wait: 'Waiting for',
    level: 'Level',
    after: 'After',
    notify: 'Who is told',
    repeat: 'then every {every}, {times} times',
    noRepeat: 'no repeats',
    none: 'This set changes no ladder.',
    caption: 'Escalation ladders: {set}',
    settings: 'General settings',
    bothAcks: 'Both the control room and the police station must acknowledge',
    yes: 'Yes',
    no: 'No',
    factors: 'Deadline factor by severity',
    followUps: 'Welfare checks after sign-off',
    mailAlert: 'Supervisor told when mail keeps failing for',
    critical: 'critical',
    high: 'high',
    normal: 'normal',
    repeatRow: 'repeat',
  },
  {
    which: 'किसकी सीढ़ियाँ',
    district: 'जनपद (कमिश्नरेट नहीं)',
    commissionerate: 'कमिश्नरेट (जो अलग है)',
    override: 'जनपद {code} (अपनी)',
    enquiries: 'विलंबित जाँच, जाँच की दिशा के अनुसार',
    wait: 'किसकी प्रतीक्षा',
    level: 'स्तर',
    after: 'के बाद',
    notify: 'किसे सूचना',
    repeat: 'फिर हर {every}, {times} बार',
    noRepeat: 'कोई दोहराव नहीं',
    none: 'यह समूह कोई सीढ़ी नहीं बदलता।',
    caption: 'एस्केलेशन सीढ़ियाँ: {set}',
    settings: 'सामान्य सेटिंग',
    bothAcks: 'नियंत्रण कक्ष और थाना दोनों की पावती आवश्यक',
    yes: 'हाँ',
    no: 'नहीं',
    factors: 'गंभीरता के अनुसार समय-सीमा गुणक',
    followUps: 'अंतिम स्वीकृति के बाद कुशलता जाँच',
    mailAlert: 'मेल लगातार विफल रहने पर पर्यवेक्षक को सूचना, इतने समय बाद',
    critical: 'अति गंभीर',
    high: 'गंभीर',
    normal: 'सामान्य',
    repeatRow: 'दोहराव',
  },
);

const dur = (ms: number) => (ms === 0 ? '0' : formatDuration(ms));

export function PolicySettings(props: { doc: PolicyDocument }) {
  const t = useT(S);
  const d = props.doc;
  return (
    <dl class="policy-settings">
      <dt>{t('bothAcks')}</dt>
      <dd>{d.requireBothAcks ? t('yes') : t('no')}</dd>
      <dt>{t('factors')}</dt>
      <dd>{(['critical', 'high', 'normal'] as const).map((s) => `${t(s)} × ${d.severityFactor[s]}`).join(' · ')}</dd>
      <dt>{t('followUps')}</dt>
      <dd>{d.followUpOffsetsMs.map(dur).join(', ') || '—'}</dd>
      <dt>{t('mailAlert')}</dt>
      <dd>{dur(d.mailFailureAlertMs)}</dd>
    </dl>
  );
}

export function LadderView(props: { doc: PolicyDocument }) {
  const t = useT(S);
  const l = useLabel();
  const lang = useLang();
  const overrides = Object.keys(props.doc.districtOverrides ?? {}).sort();
  const [set, setSet] = useState('district');
  const sets = [
    { key: 'district', label: t('district'), ladders: props.doc.ladders.district },
    { key: 'commissionerate', label: t('commissionerate'), ladders: props.doc.ladders.commissionerate ?? {} },
    ...overrides.map((code) => ({
      key: `o:${code}`,
      label: t('override', { code }),
      ladders: props.doc.districtOverrides[code],
    })),
    ...(props.doc.enquiryLadders && Object.keys(props.doc.enquiryLadders).length > 0
      ? [{ key: 'enquiries', label: t('enquiries'), ladders: props.doc.enquiryLadders }]
      : []),
  ];
  const chosen = sets.find((s) => s.key === set) ?? sets[0];
  const byLine = chosen.key === 'enquiries';
  const waits = byLine ? Object.keys(chosen.ladders) : WAIT_KINDS.filter((w) => chosen.ladders[w]);
  const waitName = (w: string) => (byLine ? (ENQUIRY_KIND_LABELS[w]?.[lang] ?? w) : l(WAIT_LABELS, w));
  const who = (roles: string[]) => roles.map((r) => l(recipientLabels(), r)).join(', ');
  return (
    <div class="ladders">
      <div class="chart-controls">
        <label>
          {t('which')}{' '}
          <select
            value={chosen.key}
            onChange={(e) => setSet((e.target as HTMLSelectElement).value)}
            data-control="ladder-set"
          >
            {sets.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {waits.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="ladder-table" data-ladder={chosen.key}>
            <caption class="sr-only">{t('caption', { set: chosen.label })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('wait')}</th>
                <th scope="col">{t('level')}</th>
                <th scope="col">{t('after')}</th>
                <th scope="col">{t('notify')}</th>
              </tr>
            </thead>
            {waits.map((w) => {
              const ladder = chosen.ladders[w];
              const span = ladder.rungs.length + 1;
              return (
                <tbody key={w} data-wait={w}>
                  {ladder.rungs.map((r, i) => (
                    <tr key={`${w}-${r.afterMs}-${r.notify.join()}`} data-level={i + 1}>
                      {i === 0 && (
                        <th scope="rowgroup" rowSpan={span} class="wait-name">
                          {waitName(w)}
                        </th>
                      )}
                      <td>{i + 1}</td>
                      <td>{dur(r.afterMs)}</td>
                      <td>{who(r.notify)}</td>
                    </tr>
                  ))}
                  <tr class="repeat-row">
                    {ladder.rungs.length === 0 && (
                      <th scope="rowgroup" class="wait-name">
                        {waitName(w)}
                      </th>
                    )}
                    <td>{t('repeatRow')}</td>
                    <td>
                      {ladder.repeat.times > 0
                        ? t('repeat', { every: dur(ladder.repeat.everyMs), times: ladder.repeat.times })
                        : t('noRepeat')}
                    </td>
                    <td>{ladder.repeat.times > 0 ? who(ladder.repeat.notify) : '—'}</td>
                  </tr>
                </tbody>
              );
            })}
          </table>
        </div>
      )}
    </div>
  );
}
