// The case page: everything about one case and the steps the reader may take on it. It
// stays live: a `case` event for this case on /events (or a deadline passing) reloads it.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { CaseState } from '../../../contract/case.js';
import { CaseActions } from '../components/case-actions.js';
import { CaseHeader, type TemporalSettings } from '../components/case-header.js';
import { CaseLadder } from '../components/case-ladder.js';
import { CaseLocating } from '../components/case-locating.js';
import { CaseMilestones, CaseTimeline, type TimelineEvent } from '../components/case-milestones.js';
import { CaseNotes, type EarlierCase, EarlierCases } from '../components/case-notes.js';
import { CasePlatformDraft } from '../components/case-platform-draft.js';
import { CaseReview } from '../components/case-review.js';
import { Link } from '../components/link.js';
import { ErrorNotice, Notice } from '../components/notice.js';
import { ApiError, api } from '../lib/api.js';
import { useCaseStream } from '../lib/case-stream.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { label, STAGE_LABELS } from '../lib/labels.js';
import type { PageProps } from '../lib/page-props.js';
import { hasRole, useSession } from '../lib/session.js';
import './case.css';

const S = defineStrings(
  {
    back: '← All cases',
    loading: 'Loading the case…',
    saved:
      'Showing the last saved state: the live case could not be asked just now. Steps may be refused until it answers; the page keeps trying.',
    offline: 'Live updates are paused; the page refreshes itself every few seconds.',
    changed: 'The case changed: it is now “{stage}”.',
  },
  {
    back: '← सभी मामले',
    loading: 'मामला लोड हो रहा है…',
    saved:
      'अंतिम सहेजी गई स्थिति दिख रही है: अभी लाइव मामले से उत्तर नहीं मिला। उत्तर मिलने तक कदम अस्वीकार हो सकते हैं; पेज कोशिश करता रहेगा।',
    offline: 'लाइव अपडेट रुके हैं; पेज हर कुछ सेकंड में स्वयं ताज़ा होता है।',
    changed: 'मामला बदला: अब यह “{stage}” है।',
  },
);

interface CaseResponse {
  case: CaseState;
  source: 'workflow' | 'database';
  earlierCases?: EarlierCase[];
}

interface RawEvent extends Omit<TimelineEvent, 'actorName'> {
  actorId?: string | null;
}

export function CasePage(props: PageProps) {
  const id = props.params.id;
  const t = useT(S);
  const lang = useLang();
  const { me } = useSession();
  const [data, setData] = useState<CaseResponse>();
  const [events, setEvents] = useState<RawEvent[]>();
  const [error, setError] = useState<ApiError>();
  const [temporal, setTemporal] = useState<TemporalSettings>();
  const version = useRef(-1);
  // Stage changes made by others are announced to screen readers (one's own are announced by the step's result).
  const [announce, setAnnounce] = useState('');
  const ownStep = useRef(false);
  const lastStage = useRef<string | undefined>(undefined);
  const loading = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });

  /** Keeps the newest state seen: a slow answer never replaces a newer one. */
  const accept = useCallback((next: CaseResponse) => {
    if (next.case.version < version.current && next.source === 'workflow') return;
    version.current = next.case.version;
    if (lastStage.current && lastStage.current !== next.case.stage && !ownStep.current) setAnnounce(next.case.stage);
    lastStage.current = next.case.stage;
    ownStep.current = false;
    setData((prev) => ({ ...next, earlierCases: next.earlierCases ?? prev?.earlierCases }));
  }, []);

  const reload = useCallback(async () => {
    const l = loading.current;
    if (l.running) {
      l.again = true;
      return;
    }
    l.running = true;
    try {
      do {
        l.again = false;
        const path = `/cases/${encodeURIComponent(id)}`;
        const [c, tl] = await Promise.allSettled([
          api.get<CaseResponse>(path),
          api.get<{ events: RawEvent[] }>(`${path}/timeline`),
        ]);
        if (c.status === 'fulfilled') {
          accept(c.value);
          setError(undefined);
        } else setError(c.reason instanceof ApiError ? c.reason : new ApiError(0, 'client', String(c.reason)));
        if (tl.status === 'fulfilled') setEvents(tl.value.events);
      } while (l.again);
    } finally {
      l.running = false;
    }
  }, [id, accept]);

  useEffect(() => {
    document.title = `${id} · Jeevan`;
    reload();
  }, [id, reload]);

  useEffect(() => {
    if (!hasRole(me, 'auditor', 'smc_supervisor')) return;
    api.get<TemporalSettings>('/console/settings').then(setTemporal, () => setTemporal(undefined));
  }, [me]);

  // Live: the server says when this case changed (or that we may have missed something).
  const stream = useCaseStream({ onChange: (e) => e.id === id && reload(), onResync: () => reload() });
  const live = stream === 'live' || stream === 'connecting';

  // A deadline passing changes the case on the server: look again just after it, and keep
  // looking while it is due and not yet recorded (or while live updates are down).
  const next = data?.case.escalation.next;
  const stale = data?.source === 'database';
  useEffect(() => {
    const due = next ? Date.parse(next.dueAt) : undefined;
    const tick = () => {
      if (!live || stale || (due !== undefined && Date.now() >= due)) reload();
    };
    const wait = due === undefined ? undefined : due - Date.now() + 1000;
    const first = wait !== undefined && wait > 0 && wait < 2 ** 31 - 1 ? setTimeout(tick, wait) : undefined;
    const every = setInterval(tick, live ? 4000 : 8000);
    return () => {
      clearTimeout(first);
      clearInterval(every);
    };
  }, [next?.key, next?.level, next?.dueAt, live, stale, reload]);

  const stepped = (state?: CaseState) => {
    if (state) {
      ownStep.current = true;
      accept({ case: state, source: 'workflow' });
    }
    reload();
  };

  if (!data) {
    return (
      <section class="case-page">
        <p>
          <Link to="/">{t('back')}</Link>
        </p>
        {error ? <ErrorNotice error={error} /> : <p aria-busy="true">{t('loading')}</p>}
      </section>
    );
  }

  const state = data.case;
  const names = new Map(state.timeline.map((e) => [e.seq, e.by?.name]));
  const timeline: TimelineEvent[] = (
    events ??
    state.timeline.map((e) => ({
      seq: e.seq,
      at: e.at,
      kind: e.kind,
      fromStage: e.from,
      toStage: e.to,
      actorRole: e.by?.role,
      summary: e.summary,
    }))
  ).map((e) => ({ ...e, actorName: names.get(e.seq) }));

  return (
    <article class="case-page">
      <p class="case-back">
        <Link to="/">{t('back')}</Link>
      </p>
      {data.source === 'database' && <Notice kind="warning">{t('saved')}</Notice>}
      {!live && <Notice kind="info">{t('offline')}</Notice>}
      <ErrorNotice error={error} />
      <p class="sr-only" role="status">
        {announce ? t('changed', { stage: label(STAGE_LABELS, announce, lang) }) : ''}
      </p>
      <CaseHeader state={state} temporal={temporal} />
      <div class="case-grid">
        <div class="case-main">
          <div class="case-area-actions">
            <CaseActions state={state} onChanged={stepped} />
            <CasePlatformDraft state={state} />
          </div>
          <div class="case-area-milestones">
            <CaseMilestones state={state} />
          </div>
          <div class="case-area-timeline">
            <CaseTimeline events={timeline} />
          </div>
        </div>
        <div class="case-side">
          <div class="case-area-ladder">
            <CaseLadder state={state} />
          </div>
          <div class="case-area-review">
            <CaseReview state={state} />
          </div>
          <div class="case-area-locating">
            <CaseLocating state={state} />
          </div>
          <div class="case-area-notes">
            <CaseNotes state={state} onAdded={() => setTimeout(reload, 700)} />
          </div>
          <div class="case-area-earlier">
            <EarlierCases cases={data.earlierCases ?? []} />
          </div>
        </div>
      </div>
    </article>
  );
}
