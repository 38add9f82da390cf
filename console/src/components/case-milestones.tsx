// The case's milestones in the order they must keep (MILESTONE_ORDER), with the time of
// each and the interval since the one before; then every recorded event, newest first.
import { type CaseState, MILESTONE_ORDER, type Milestone } from '../../../contract/case.js';
import { formatDateTime, formatDuration, formatTime } from '../lib/format.js';
import { defineStrings, type Lang, useLang, useT } from '../lib/i18n.js';
import { label, ROLE_LABELS, STAGE_LABELS } from '../lib/labels.js';

const S = defineStrings(
  {
    title: 'Milestones',
    pending: 'not yet',
    after: '+{d}',
    total: 'Alert to {m}: {d}',
    timeline: 'Full timeline',
    newest: 'newest first',
    by: 'by {who}',
    system: 'Jeevan',
  },
  {
    title: 'मुख्य पड़ाव',
    pending: 'अभी नहीं',
    after: '+{d}',
    total: 'अलर्ट से {m} तक: {d}',
    timeline: 'पूरी टाइमलाइन',
    newest: 'नवीनतम पहले',
    by: '{who} द्वारा',
    system: 'जीवन',
  },
);

const MILESTONE_LABELS: Record<Milestone, { en: string; hi: string }> = {
  received: { en: 'Alert received', hi: 'अलर्ट प्राप्त' },
  locating_started: { en: 'Locating started', hi: 'पता लगाना शुरू' },
  located: { en: 'Located', hi: 'स्थान मिला' },
  not_located: { en: 'Not located', hi: 'स्थान नहीं मिला' },
  transferred: { en: 'Transferred', hi: 'स्थानांतरित' },
  district_notified: { en: 'District notified', hi: 'जनपद को सूचित' },
  acknowledged: { en: 'Acknowledged', hi: 'पावती मिली' },
  dispatched: { en: 'Officer dispatched', hi: 'अधिकारी रवाना' },
  arrived: { en: 'Officer arrived', hi: 'अधिकारी पहुँचे' },
  contact_made: { en: 'With the person', hi: 'व्यक्ति से संपर्क' },
  outcome: { en: 'Outcome recorded', hi: 'परिणाम दर्ज' },
  signed_off: { en: 'Signed off', hi: 'अंतिम स्वीकृति' },
  closed: { en: 'Closed', hi: 'बंद' },
};

/** Shown only once reached: they lie beside the main path. */
const EXTRA_AFTER: Partial<Record<Milestone, Milestone[]>> = {
  received: ['locating_started'],
  located: ['not_located', 'transferred'],
  acknowledged: ['dispatched'],
  outcome: ['signed_off', 'closed'],
};

function rows(state: CaseState): Milestone[] {
  const out: Milestone[] = [];
  for (const m of MILESTONE_ORDER) {
    out.push(m);
    for (const extra of EXTRA_AFTER[m] ?? []) if (state.milestones[extra]) out.push(extra);
  }
  return out;
}

export function milestoneLabel(m: Milestone, lang: Lang): string {
  return MILESTONE_LABELS[m][lang];
}

export function CaseMilestones(props: { state: CaseState }) {
  const t = useT(S);
  const lang = useLang();
  const { milestones } = props.state;
  let previous: string | undefined;
  const reached = MILESTONE_ORDER.filter((m) => milestones[m]);
  const last = reached.at(-1);
  return (
    <section class="card" aria-labelledby="milestones-title">
      <h2 id="milestones-title">{t('title')}</h2>
      <ol class="milestones">
        {rows(props.state).map((m) => {
          const at = milestones[m];
          const gap = at && previous ? Date.parse(at) - Date.parse(previous) : undefined;
          if (at) previous = at;
          return (
            <li
              key={m}
              class={at ? (m === last ? 'milestone reached current' : 'milestone reached') : 'milestone pending'}
            >
              <span class="milestone-name">{milestoneLabel(m, lang)}</span>
              <span class="milestone-time">
                {at ? <time dateTime={at}>{formatTime(at, lang)}</time> : <span class="muted">{t('pending')}</span>}
              </span>
              <span class="milestone-gap">{gap !== undefined ? t('after', { d: formatDuration(gap, lang) }) : ''}</span>
            </li>
          );
        })}
      </ol>
      {last && last !== 'received' && milestones.received && (
        <p class="muted milestone-total">
          {t('total', {
            m: milestoneLabel(last, lang),
            d: formatDuration(Date.parse(milestones[last] ?? '') - Date.parse(milestones.received), lang),
          })}
        </p>
      )}
    </section>
  );
}

export interface TimelineEvent {
  seq: number;
  at: string;
  kind: string;
  fromStage?: string | null;
  toStage?: string | null;
  actorRole?: string | null;
  actorName?: string;
  summary: string;
}

export function CaseTimeline(props: { events: TimelineEvent[] }) {
  const t = useT(S);
  const lang = useLang();
  const events = [...props.events].sort((a, b) => b.seq - a.seq);
  return (
    <section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">
        {t('timeline')} <span class="muted heading-note">({t('newest')})</span>
      </h2>
      <ol class="timeline" reversed>
        {events.map((e) => (
          <li key={e.seq} class={`event event-${e.kind}`}>
            <time dateTime={e.at} class="event-time">
              {formatDateTime(e.at, lang)}
            </time>
            <span class="event-body">
              <span lang="en">{e.summary}</span>
              {e.fromStage && e.toStage && e.fromStage !== e.toStage && (
                <span class="event-stage">
                  {' '}
                  · {label(STAGE_LABELS, e.fromStage, lang)} → {label(STAGE_LABELS, e.toStage, lang)}
                </span>
              )}
              <span class="event-by muted">
                {' '}
                ·{' '}
                {e.actorRole
                  ? t('by', { who: [e.actorName, label(ROLE_LABELS, e.actorRole, lang)].filter(Boolean).join(', ') })
                  : t('by', { who: t('system') })}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
