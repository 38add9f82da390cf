// One section per report: a heading, its chart(s) drawn from the JSON rows, and a link to
// the same rows as CSV (the API's format=csv, with this session's cookie).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { HBarChart } from '../components/chart-bars.js';
import { ColumnChart } from '../components/chart-columns.js';
import { Notice } from '../components/notice.js';
import { formatDuration } from '../lib/format.js';
import { type Translate, useT } from '../lib/i18n.js';
import {
  AGE_BAND_LABELS,
  GENDER_LABELS,
  NOT_LOCATED_LABELS,
  OUTCOME_LABELS,
  useLabel,
  WAIT_LABELS,
} from '../lib/labels.js';
import { type Key, S } from './reports-strings.js';

export type Row = Record<string, string | number | null>;
export interface Report {
  name: string;
  title: string;
  columns: string[];
  rows: Row[];
}

const AGE_BANDS = ['13-18', '19-25', '26-35', '36+', 'unknown'];
const GENDERS = ['male', 'female', 'other', 'unknown'];
const OUTCOMES = ['safe', 'hospitalised', 'no_risk', 'not_found_at_place', 'deceased', 'transferred'];
export const FUNNEL_STEPS = [
  'alerts',
  'cases',
  'located',
  'district_notified',
  'arrived',
  'contact_made',
  'saved',
] as const;
export const INTERVALS = [
  'alert_to_located',
  'located_to_notified',
  'notified_to_acknowledged',
  'acknowledged_to_arrived',
  'alert_to_arrived',
] as const;

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
const seconds = (s: number) => formatDuration(s * 1000);
/** Charts by district draw this many, highest first; the table keeps every district. */
const TOP = 15;
const topNote = (t: Translate<Key>, total: number) => (total > TOP ? t('topNote', { n: TOP, total }) : '');
const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : '—');

export function ReportSection(props: {
  id: string;
  heading: string;
  csv: { report: string; href: string }[];
  children: ComponentChildren;
}) {
  const t = useT(S);
  return (
    <section class="report card" aria-labelledby={`${props.id}-h`} id={props.id}>
      <div class="report-head">
        <h2 id={`${props.id}-h`}>{props.heading}</h2>
        <div class="report-csv">
          {props.csv.map((c) => (
            <a key={c.report} class="button" href={c.href} download data-csv={c.report}>
              {props.csv.length > 1 ? t('csvOf', { name: c.report }) : t('csv')}
              {props.csv.length === 1 && <span class="sr-only">{`: ${props.heading}`}</span>}
            </a>
          ))}
        </div>
      </div>
      {props.children}
    </section>
  );
}

export function FunnelChart(props: { report: Report }) {
  const t = useT(S);
  const count = (step: string) => num(props.report.rows.find((r) => r.step === step)?.count);
  const cases = count('cases');
  const items = FUNNEL_STEPS.map((step) => {
    const row = props.report.rows.find((r) => r.step === step);
    const p = row?.percentOfCases;
    return {
      key: step,
      label: t(step),
      value: count(step),
      note: step !== 'alerts' && p != null ? t('pctOfCases', { pct: Math.round(num(p)) }) : undefined,
    };
  });
  return (
    <HBarChart
      name="funnel"
      title={t('funnelTitle')}
      summary={t('funnelSummary', { cases, saved: count('saved'), pct: pct(count('saved'), cases) })}
      categoryLabel={t('step')}
      valueLabel={t('count')}
      noteLabel={t('ofCases')}
      items={items}
    />
  );
}

export function OutcomeCharts(props: { outcomes: Report; saved: Report }) {
  const t = useT(S);
  const l = useLabel();
  const [gender, setGender] = useState('');
  const rows = props.outcomes.rows.filter((r) => !gender || r.gender === gender);
  const present = OUTCOMES.filter((o) => props.outcomes.rows.some((r) => r.outcome === o));
  const cell = (band: string, outcome: string) =>
    rows.filter((r) => r.ageBand === band && r.outcome === outcome).reduce((n, r) => n + num(r.count), 0);
  const savedRows = props.saved.rows.filter((r) => r.ageBand !== 'all');
  const savedTotal = num(props.saved.rows.find((r) => r.ageBand === 'all')?.total);
  return (
    <>
      <div class="chart-controls">
        <label>
          {t('gender')}{' '}
          <select
            value={gender}
            onChange={(e) => setGender((e.target as HTMLSelectElement).value)}
            data-control="outcome-gender"
          >
            <option value="">{t('allGenders')}</option>
            {GENDERS.map((g) => (
              <option key={g} value={g}>
                {l(GENDER_LABELS, g)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ColumnChart
        name="outcomes"
        mode="stacked"
        title={t('outcomesTitle') + (gender ? ` · ${l(GENDER_LABELS, gender)}` : '')}
        summary={t('outcomesSummary', {
          n: rows.reduce((n, r) => n + num(r.count), 0),
          gender: gender ? ` (${l(GENDER_LABELS, gender)})` : '',
        })}
        categories={AGE_BANDS.map((b) => ({ key: b, label: l(AGE_BAND_LABELS, b) }))}
        series={present.map((o) => ({ key: o, label: l(OUTCOME_LABELS, o) }))}
        value={cell}
        xLabel={t('ageBand')}
        yLabel={t('people')}
        band={90}
      />
      <ColumnChart
        name="saved"
        mode="grouped"
        title={t('savedTitle')}
        summary={t('savedSummary', { n: savedTotal })}
        categories={savedRows.map((r) => ({ key: String(r.ageBand), label: l(AGE_BAND_LABELS, String(r.ageBand)) }))}
        series={GENDERS.map((g) => ({ key: g, label: l(GENDER_LABELS, g) }))}
        value={(band, g) => num(savedRows.find((r) => r.ageBand === band)?.[g])}
        xLabel={t('ageBand')}
        yLabel={t('people')}
        band={90}
      />
    </>
  );
}

export function IntervalCharts(props: { report: Report }) {
  const t = useT(S);
  const [interval, chooseInterval] = useState<string>('alert_to_arrived');
  const rows = props.report.rows;
  const series = [
    { key: 'medianSeconds', label: t('median') },
    { key: 'p90Seconds', label: t('p90') },
  ];
  const name = t(interval as Key);
  const of = (by: string) => rows.filter((r) => r.by === by && r.interval === interval);
  const districts = of('district').sort(
    (a, b) => num(b.p90Seconds) - num(a.p90Seconds) || String(a.group).localeCompare(String(b.group)),
  );
  const hours = of('hour');
  const value = (list: Row[], field: string) => (group: string, s: string) => {
    const r = list.find((x) => x[field] === group);
    return r ? num(r[s]) : undefined;
  };
  const all = rows.filter((r) => r.by === 'all');
  return (
    <>
      <p class="muted">{t('intervalsIntro')}</p>
      <ColumnChart
        name="intervals-steps"
        mode="grouped"
        title={t('stepsTitle')}
        summary={t('stepsSummary')}
        categories={INTERVALS.filter((i) => all.some((r) => r.interval === i)).map((i) => ({ key: i, label: t(i) }))}
        series={series}
        value={value(all, 'interval')}
        xLabel={t('interval')}
        yLabel={t('duration')}
        format={seconds}
        seconds
        band={140}
      />
      <div class="chart-controls">
        <label>
          {t('interval')}{' '}
          <select
            value={interval}
            onChange={(e) => chooseInterval((e.target as HTMLSelectElement).value)}
            data-control="interval"
          >
            {INTERVALS.map((i) => (
              <option key={i} value={i}>
                {t(i)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {districts.length === 0 ? (
        <Notice>{t('noIntervals')}</Notice>
      ) : (
        <>
          <ColumnChart
            name="intervals-district"
            mode="grouped"
            title={t('byDistrictTitle', { interval: name })}
            summary={t('byDistrictSummary', { interval: name }) + topNote(t, districts.length)}
            limit={TOP}
            categories={districts.map((r) => ({
              key: String(r.group),
              label: r.group === 'unlocated' ? t('unlocated') : String(r.group),
            }))}
            series={series}
            value={value(districts, 'group')}
            xLabel={t('district')}
            yLabel={t('duration')}
            format={seconds}
            seconds
          />
          <ColumnChart
            name="intervals-hour"
            mode="grouped"
            title={t('byHourTitle', { interval: name })}
            summary={t('byHourSummary', { interval: name })}
            categories={Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).map((h) => ({
              key: h,
              label: h,
            }))}
            series={series}
            value={value(hours, 'group')}
            xLabel={t('hour')}
            yLabel={t('duration')}
            format={seconds}
            seconds
            band={30}
          />
        </>
      )}
    </>
  );
}

export function NotLocatedChart(props: { report: Report }) {
  const t = useT(S);
  const l = useLabel();
  const rows = props.report.rows;
  if (rows.length === 0) return <Notice>{t('noneNotLocated')}</Notice>;
  return (
    <HBarChart
      name="not-located"
      title={t('notLocatedTitle')}
      summary={t('notLocatedSummary', { n: rows.reduce((n, r) => n + num(r.count), 0) })}
      categoryLabel={t('reason')}
      valueLabel={t('count')}
      noteLabel={t('laterLocatedHead')}
      items={rows.map((r) => ({
        key: String(r.reason),
        label: l(NOT_LOCATED_LABELS, String(r.reason)),
        value: num(r.count),
        note: t('laterLocated', { n: num(r.laterLocated) }),
      }))}
    />
  );
}

const districtLabel = (t: Translate<Key>, d: string) => (d === 'unlocated' ? t('unlocated') : d);

export function EscalationCharts(props: { escalations: Report; breaches: Report }) {
  const t = useT(S);
  const l = useLabel();
  const esc = props.escalations.rows;
  const br = props.breaches.rows;
  if (esc.length === 0) return <Notice>{t('noEscalations')}</Notice>;
  const byTotal = (rows: Row[], field: string) => {
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(String(r.district), (totals.get(String(r.district)) ?? 0) + num(r[field]));
    return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([d]) => d);
  };
  const districts = byTotal(esc, 'count');
  const levels = [...new Set(esc.map((r) => num(r.level)))].sort((a, b) => a - b);
  const waits = [...new Set(br.map((r) => String(r.wait)))];
  const breachDistricts = byTotal(br, 'breaches');
  return (
    <>
      <ColumnChart
        name="escalations"
        mode="stacked"
        title={t('escalationsTitle')}
        summary={
          t('escalationsSummary', { n: esc.reduce((n, r) => n + num(r.count), 0) }) + topNote(t, districts.length)
        }
        limit={TOP}
        categories={districts.map((d) => ({ key: d, label: districtLabel(t, d) }))}
        series={levels.map((v) => ({ key: String(v), label: t('level', { n: v }) }))}
        value={(d, v) =>
          esc.filter((r) => r.district === d && String(r.level) === v).reduce((n, r) => n + num(r.count), 0)
        }
        xLabel={t('district')}
        yLabel={t('count')}
      />
      <ColumnChart
        name="sla-breaches"
        mode="stacked"
        title={t('breachesTitle')}
        summary={
          t('breachesSummary', { n: br.reduce((n, r) => n + num(r.breaches), 0) }) + topNote(t, breachDistricts.length)
        }
        limit={TOP}
        categories={breachDistricts.map((d) => ({ key: d, label: districtLabel(t, d) }))}
        series={waits.map((w) => ({ key: w, label: l(WAIT_LABELS, w) }))}
        value={(d, w) => num(br.find((r) => r.district === d && r.wait === w)?.breaches)}
        xLabel={t('district')}
        yLabel={t('count')}
      />
    </>
  );
}

export function QualityList(props: { report: Report }) {
  const t = useT(S);
  if (props.report.rows.length === 0) return <Notice kind="success">{t('qualityNone')}</Notice>;
  return (
    <>
      <p class="muted">{t('qualityIntro')}</p>
      <ul class="quality-list">
        {props.report.rows.map((r) => (
          <li key={String(r.check)} class="notice notice-warning" data-check={r.check}>
            <strong>
              {t(String(r.check) as Key) ?? r.check}: {num(r.count)}
            </strong>
            <span class="detail">{r.detail}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
