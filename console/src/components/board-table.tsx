// The board's rows: a table on wide screens, a list of cards on a phone (board.css turns the
// rows into cards; each cell carries its column name in data-label). Overdue cases say so in
// words as well as colour.
import { formatDuration, formatTime } from '../lib/format.js';
import { defineStrings, type Lang, useLang, useT } from '../lib/i18n.js';
import { label, recipientLabels, SEVERITY_LABELS, STAGE_LABELS } from '../lib/labels.js';
import { homeDistrict } from '../lib/profile.js';
import type { CaseItem } from './board-data.js';
import { Link } from './link.js';

const S = defineStrings(
  {
    caption: 'Open cases, most urgent first',
    caseId: 'Case',
    stage: 'Stage',
    place: 'District · police station',
    severity: 'Severity',
    since: 'Since the alert',
    next: 'Next escalation',
    notLocated: 'Not located yet',
    noStation: 'Police station not set',
    drill: 'Drill',
    overdue: 'Overdue',
    level: 'level {n}',
    alerts: '{n} alerts',
    inTime: 'in {d}',
    to: 'to {who}',
    dueNow: 'Escalation due / sent {d} ago',
    final: 'last step: a supervisor must act',
    noDeadline: 'No deadline running',
    openedAt: 'alert at {t}',
    newRow: 'New',
  },
  {
    caption: 'खुले मामले, सबसे अत्यावश्यक पहले',
    caseId: 'मामला',
    stage: 'चरण',
    place: 'जनपद · थाना',
    severity: 'गंभीरता',
    since: 'अलर्ट से अब तक',
    next: 'अगला एस्केलेशन',
    notLocated: 'स्थान अभी पता नहीं',
    noStation: 'थाना तय नहीं',
    drill: 'अभ्यास',
    overdue: 'समय सीमा पार',
    level: 'स्तर {n}',
    alerts: '{n} अलर्ट',
    inTime: '{d} में',
    to: '{who} को',
    dueNow: 'एस्केलेशन देय / भेजा गया, {d} पहले',
    final: 'अंतिम चरण: पर्यवेक्षक कार्रवाई करें',
    noDeadline: 'कोई समय सीमा नहीं चल रही',
    openedAt: 'अलर्ट {t} पर',
    newRow: 'नया',
  },
);

export function districtName(code: string | null | undefined, lang: Lang): string | undefined {
  if (!code) return undefined;
  const d = homeDistrict(code);
  return d ? (lang === 'hi' ? d.nameHi : d.nameEn) : code;
}

/** Under two minutes to the next escalation: worth a second look. */
const SOON_MS = 2 * 60_000;

export function BoardTable(props: { items: CaseItem[]; now: number; fresh: Set<string> }) {
  const t = useT(S);
  return (
    <div class="table-wrap board-wrap">
      <table class="board-table">
        <caption class="sr-only">{t('caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('caseId')}</th>
            <th scope="col">{t('stage')}</th>
            <th scope="col">{t('place')}</th>
            <th scope="col">{t('severity')}</th>
            <th scope="col">{t('since')}</th>
            <th scope="col">{t('next')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((c) => (
            <Row key={c.id} c={c} now={props.now} fresh={props.fresh.has(c.id)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row(props: { c: CaseItem; now: number; fresh: boolean }) {
  const { c, now } = props;
  const t = useT(S);
  const lang = useLang();
  const classes = [
    'board-row',
    c.overdue && 'board-row-overdue',
    props.fresh && 'board-row-new',
    c.drill && 'board-row-drill',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <tr class={classes} data-case-id={c.id}>
      <th scope="row" data-label={t('caseId')}>
        <Link to={`/cases/${encodeURIComponent(c.id)}`} class="board-id">
          {c.id}
        </Link>
        {props.fresh && <span class="badge board-badge-new">{t('newRow')}</span>}
        {c.drill && <span class="badge badge-drill">{t('drill')}</span>}
        {c.alertCount > 1 && <span class="board-sub">{t('alerts', { n: c.alertCount })}</span>}
      </th>
      <td data-label={t('stage')}>{label(STAGE_LABELS, c.stage, lang)}</td>
      <td data-label={t('place')}>
        {c.districtCode ? (
          <>
            <span>{districtName(c.districtCode, lang)}</span>
            <span class="board-sub">{c.policeStation ?? t('noStation')}</span>
          </>
        ) : (
          <span class="muted">{t('notLocated')}</span>
        )}
      </td>
      <td data-label={t('severity')}>
        <span class={`badge badge-${c.severity}`}>{label(SEVERITY_LABELS, c.severity, lang)}</span>
      </td>
      <td data-label={t('since')}>
        <time dateTime={c.openedAt} class="board-clock">
          {formatDuration(now - Date.parse(c.openedAt), lang)}
        </time>
        <span class="board-sub">{t('openedAt', { t: formatTime(c.openedAt, lang) })}</span>
      </td>
      <td data-label={t('next')}>
        <Countdown c={c} now={now} />
      </td>
    </tr>
  );
}

function Countdown(props: { c: CaseItem; now: number }) {
  const { c, now } = props;
  const t = useT(S);
  const lang = useLang();
  const next = c.nextEscalation ?? undefined;
  const dueAt = next?.dueAt ?? c.nextDeadlineAt;
  const overdue = c.overdue && (
    <span class="badge badge-overdue">{`${t('overdue')} · ${t('level', { n: c.escalationLevel })}`}</span>
  );
  if (!dueAt) {
    return (
      <>
        {overdue}
        <span class="muted">{t('noDeadline')}</span>
      </>
    );
  }
  const left = Date.parse(dueAt) - now;
  const who = next?.notify.length ? next.notify.map((r) => label(recipientLabels(), r, lang)).join(', ') : undefined;
  const tone = left <= 0 ? 'board-due' : left < SOON_MS ? 'board-soon' : '';
  return (
    <div class={`board-countdown ${tone}`}>
      {overdue}
      <time dateTime={dueAt} class="board-clock" title={formatTime(dueAt, lang)}>
        {left > 0 ? t('inTime', { d: formatDuration(left, lang) }) : t('dueNow', { d: formatDuration(left, lang) })}
      </time>
      {who && <span class="board-sub">{t('to', { who })}</span>}
      {next?.final && <span class="board-sub">{t('final')}</span>}
    </div>
  );
}
