// Reports: a period (and district) chosen in the URL, every report loaded once as JSON and
// drawn as charts, each with a link to the same rows as CSV. Drills never count (the API).
import { useState } from 'preact/hooks';
import { Field } from '../components/field.js';
import { ErrorNotice, Notice } from '../components/notice.js';
import { api, query } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';
import { useLang, useT } from '../lib/i18n.js';
import type { PageProps } from '../lib/page-props.js';
import { navigate } from '../lib/router.js';
import { hasRole, useSession } from '../lib/session.js';
import { LocateByEnquiryTable, ReviewDelaysChart } from './reports-review.js';
import {
  EscalationCharts,
  FunnelChart,
  IntervalCharts,
  NotLocatedChart,
  OutcomeCharts,
  QualityList,
  type Report,
  ReportSection,
} from './reports-sections.js';
import { S } from './reports-strings.js';
import './reports.css';

/** Who may read reports: the nav (components/layout.tsx) and the API say the same. */
export const REPORT_READERS = ['smc_operator', 'smc_supervisor', 'senior_officer', 'auditor'];

interface AllReports {
  period: { from: string; to: string; district: string | null };
  generatedAt: string;
  reports: Report[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY = 86_400_000;
/** Today's date in India (YYYY-MM-DD), shifted by `days`. */
const istDate = (days = 0) => new Date(Date.now() + 5.5 * 3600_000 + days * DAY).toISOString().slice(0, 10);
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

export function NotAllowed(props: { title: string; message: string }) {
  return (
    <section aria-labelledby="not-allowed-h">
      <h1 id="not-allowed-h">{props.title}</h1>
      <div class="notice notice-warning" role="alert" data-not-allowed>
        {props.message}
      </div>
    </section>
  );
}

export function ReportsPage(props: PageProps) {
  const t = useT(S);
  const { me } = useSession();
  if (!hasRole(me, ...REPORT_READERS)) return <NotAllowed title={t('notAllowedTitle')} message={t('notAllowed')} />;
  return <Reports {...props} />;
}

function Reports({ search }: PageProps) {
  const t = useT(S);
  const lang = useLang();
  const from = DATE.test(search.get('from') ?? '') ? (search.get('from') as string) : istDate(-29);
  const to = DATE.test(search.get('to') ?? '') ? (search.get('to') as string) : istDate();
  const district = /^[A-Z]{3}$/.test(search.get('district') ?? '') ? (search.get('district') as string) : '';
  const [form, setForm] = useState({ from, to, district });
  const errors = {
    from: DATE.test(form.from) ? undefined : t('badDate'),
    to: !DATE.test(form.to) ? t('badDate') : form.to < form.from ? t('toBeforeFrom') : undefined,
    district: form.district === '' || /^[A-Z]{3}$/.test(form.district) ? undefined : t('badDistrict'),
  };
  const params = { from, to: nextDay(to), district: district || undefined };
  const loaded = useLoad((signal) => api.get<AllReports>(`/reports${query(params)}`, { signal }), [from, to, district]);
  const csv = (name: string) => `/reports/${name}${query({ ...params, format: 'csv' })}`;
  const get = (name: string) => loaded.data?.reports.find((r) => r.name === name);

  const submit = (e: Event) => {
    e.preventDefault();
    if (errors.from || errors.to || errors.district) return;
    navigate(`/reports${query({ from: form.from, to: form.to, district: form.district })}`, { replace: true });
  };
  const set = (field: keyof typeof form) => (e: Event) => {
    const value = (e.target as HTMLInputElement).value;
    setForm({ ...form, [field]: field === 'district' ? value.toUpperCase() : value });
  };

  if (loaded.error?.status === 403) return <NotAllowed title={t('notAllowedTitle')} message={t('notAllowed')} />;
  const funnel = get('funnel');
  const cases = Number(funnel?.rows.find((r) => r.step === 'cases')?.count ?? 0);
  const data = loaded.data;
  return (
    <section class="reports" aria-labelledby="reports-h" aria-busy={loaded.loading}>
      <h1 id="reports-h">{t('title')}</h1>
      <p class="muted">{t('intro')}</p>
      <form class="card report-filter" onSubmit={submit} noValidate aria-label={t('period')}>
        <Field label={t('from')} error={errors.from} required>
          {(a) => <input {...a} type="date" name="from" value={form.from} onInput={set('from')} required />}
        </Field>
        <Field label={t('to')} error={errors.to} required>
          {(a) => <input {...a} type="date" name="to" value={form.to} onInput={set('to')} required />}
        </Field>
        <Field label={t('district')} hint={t('districtHint')} error={errors.district}>
          {(a) => (
            <input
              {...a}
              name="district"
              value={form.district}
              onInput={set('district')}
              maxLength={3}
              autocomplete="off"
              spellcheck={false}
            />
          )}
        </Field>
        <div class="filter-submit">
          <button type="submit" class="primary">
            {t('show')}
          </button>
        </div>
      </form>
      <ErrorNotice error={loaded.error} />
      {loaded.loading && !data && <p role="status">{t('loading')}</p>}
      {data && (
        <>
          <p class="muted" role="status" data-period>
            {t('generated', {
              from,
              to,
              district: data.period.district ? ` · ${data.period.district}` : '',
              at: formatDateTime(data.generatedAt, lang),
            })}
          </p>
          {cases === 0 && <Notice>{t('noCases')}</Notice>}
          {funnel && (
            <ReportSection id="r-funnel" heading={t('funnelTitle')} csv={[{ report: 'funnel', href: csv('funnel') }]}>
              <FunnelChart report={funnel} />
            </ReportSection>
          )}
          {get('outcomes') && get('saved') && (
            <ReportSection
              id="r-outcomes"
              heading={t('outcomesTitle')}
              csv={[
                { report: 'outcomes', href: csv('outcomes') },
                { report: 'saved', href: csv('saved') },
              ]}
            >
              <OutcomeCharts outcomes={get('outcomes') as Report} saved={get('saved') as Report} />
            </ReportSection>
          )}
          {get('intervals') && (
            <ReportSection
              id="r-intervals"
              heading={t('intervalsHeading')}
              csv={[{ report: 'intervals', href: csv('intervals') }]}
            >
              <IntervalCharts report={get('intervals') as Report} />
            </ReportSection>
          )}
          {get('not-located') && (
            <ReportSection
              id="r-not-located"
              heading={t('notLocatedTitle')}
              csv={[{ report: 'not-located', href: csv('not-located') }]}
            >
              <NotLocatedChart report={get('not-located') as Report} />
            </ReportSection>
          )}
          {get('review-delays') && get('locate-by-enquiry') && (
            <ReportSection
              id="r-learning-review"
              heading={t('reviewHeading')}
              csv={[
                { report: 'review-delays', href: csv('review-delays') },
                { report: 'locate-by-enquiry', href: csv('locate-by-enquiry') },
              ]}
            >
              <ReviewDelaysChart report={get('review-delays') as Report} />
              <h3>{t('locateByEnquiryTitle')}</h3>
              <LocateByEnquiryTable report={get('locate-by-enquiry') as Report} />
            </ReportSection>
          )}
          {get('escalations') && get('sla-breaches') && (
            <ReportSection
              id="r-escalations"
              heading={t('escalationsHeading')}
              csv={[
                { report: 'escalations', href: csv('escalations') },
                { report: 'sla-breaches', href: csv('sla-breaches') },
              ]}
            >
              <EscalationCharts escalations={get('escalations') as Report} breaches={get('sla-breaches') as Report} />
            </ReportSection>
          )}
          {get('quality') && (
            <ReportSection
              id="r-quality"
              heading={t('qualityHeading')}
              csv={[{ report: 'quality', href: csv('quality') }]}
            >
              <QualityList report={get('quality') as Report} />
            </ReportSection>
          )}
        </>
      )}
    </section>
  );
}
