// What the learning reviews teach (issue 17): how often each reason delayed a case that went
// wrong, and the minutes from the alert to the person located by the line of enquiry that
// found them. A count a district officer's copy hides (fewer than five) reads "fewer than 5".
import { HBarChart } from '../components/chart-bars.js';
import { Notice } from '../components/notice.js';
import { useLang, useT } from '../lib/i18n.js';
import { DELAY_REASON_LABELS, FOUND_BY_LABELS } from '../lib/step-form-strings.js';
import type { Row } from './reports-sections.js';
import { S } from './reports-strings.js';

interface Report {
  rows: Row[];
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export function ReviewDelaysChart(props: { report: Report }) {
  const t = useT(S);
  const lang = useLang();
  const rows = props.report.rows;
  if (rows.length === 0) return <Notice>{t('noReviews')}</Notice>;
  return (
    <HBarChart
      name="review-delays"
      title={t('reviewDelaysTitle')}
      summary={t('reviewDelaysSummary')}
      categoryLabel={t('delayReason')}
      valueLabel={t('reviews')}
      noteLabel={t('shareOfReviews')}
      labelWidth={260}
      items={rows.map((r) => ({
        key: String(r.reason),
        label: DELAY_REASON_LABELS[String(r.reason)]?.[lang] ?? String(r.reason),
        value: num(r.count),
        note: r.count === null ? t('fewerThanFive') : `${r.percentOfReviews} %`,
      }))}
    />
  );
}

export function LocateByEnquiryTable(props: { report: Report }) {
  const t = useT(S);
  const lang = useLang();
  const rows = props.report.rows;
  if (rows.length === 0) return <Notice>{t('noneLocatedByEnquiry')}</Notice>;
  const line = (v: string) => (v === 'none' ? t('noEnquiryFound') : (FOUND_BY_LABELS[v]?.[lang] ?? v));
  const cell = (v: Row[string]) => (v === null ? t('fewerThanFive') : String(v));
  return (
    <table class="report-table" data-report="locate-by-enquiry">
      <caption>{t('locateByEnquirySummary')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('foundBy')}</th>
          <th scope="col">{t('casesLocated')}</th>
          <th scope="col">{t('medianMinutes')}</th>
          <th scope="col">{t('p90Minutes')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={String(r.foundBy)}>
            <th scope="row">{line(String(r.foundBy))}</th>
            <td>{cell(r.n)}</td>
            <td>{r.n === null ? '—' : cell(r.medianMinutes)}</td>
            <td>{r.n === null ? '—' : cell(r.p90Minutes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
