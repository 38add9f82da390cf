// The case board, the console's home: every open case, most urgent first, kept live by the
// server's event stream. The API narrows the list to a district officer's own districts.
import './board.css';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type BoardFilters, type CaseItem, useBoardCases } from '../components/board-data.js';
import { BoardFilterBar, NO_FILTERS, normaliseCaseId } from '../components/board-filters.js';
import { BoardTable, districtName } from '../components/board-table.js';
import { Link } from '../components/link.js';
import { ErrorNotice } from '../components/notice.js';
import { useCaseStream } from '../lib/case-stream.js';
import { formatTime } from '../lib/format.js';
import { useNow } from '../lib/hooks.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { label, SEVERITY_LABELS } from '../lib/labels.js';
import type { PageProps } from '../lib/page-props.js';
import { href } from '../lib/router.js';
import { HQ_ROLES, hasRole, useSession } from '../lib/session.js';

const S = defineStrings(
  {
    title: 'Open cases',
    newAlert: 'New alert',
    summary: '{n} open · {o} overdue · {c} critical',
    summaryMore: '{n} shown of {total} open (the nearest deadlines first) · {o} overdue · {c} critical among them',
    live: 'Live',
    connecting: 'Connecting…',
    reconnecting: 'Reconnecting…',
    offline: 'Not live: refreshing every 20 s',
    paused: 'Live updates paused: refreshing every 20 s',
    empty: 'No open cases. New alerts appear here by themselves.',
    emptyFiltered: 'No case matches these filters.',
    noMatch: 'No case on the board has an ID containing “{q}”. Press Enter to open it anyway.',
    loading: 'Loading cases…',
    loadFailed: 'The case list could not be loaded.',
    retry: 'Try again',
    more: 'Show more cases',
    newCase: 'New case {id}: {severity}, {place}.',
    newCases: '{n} new cases.',
    nowOverdue: 'Case {id} is overdue.',
    unlocated: 'location not known yet',
    scope: 'Showing your districts: {d}',
    noCaseRole: 'Your account has no role that reads cases. Use the menu above for your work.',
  },
  {
    title: 'खुले मामले',
    newAlert: 'नया अलर्ट',
    summary: '{n} खुले · {o} समय सीमा पार · {c} अति गंभीर',
    summaryMore: '{total} खुले में से {n} दिखाए गए (सबसे निकट समय सीमा पहले) · इनमें {o} समय सीमा पार · {c} अति गंभीर',
    live: 'लाइव',
    connecting: 'जुड़ रहा है…',
    reconnecting: 'फिर से जुड़ रहा है…',
    offline: 'लाइव नहीं: हर 20 सेकंड में ताज़ा',
    paused: 'लाइव अपडेट रुके हैं: हर 20 सेकंड में ताज़ा',
    empty: 'कोई खुला मामला नहीं। नए अलर्ट यहाँ अपने आप दिखेंगे।',
    emptyFiltered: 'इन फ़िल्टर से कोई मामला मेल नहीं खाता।',
    noMatch: 'बोर्ड पर किसी मामले की आईडी में “{q}” नहीं है। फिर भी खोलने के लिए Enter दबाएँ।',
    loading: 'मामले लोड हो रहे हैं…',
    loadFailed: 'मामलों की सूची लोड नहीं हो सकी।',
    retry: 'फिर से प्रयास करें',
    more: 'और मामले दिखाएँ',
    newCase: 'नया मामला {id}: {severity}, {place}।',
    newCases: '{n} नए मामले।',
    nowOverdue: 'मामला {id} की समय सीमा पार हो गई है।',
    unlocated: 'स्थान अभी पता नहीं',
    scope: 'आपके जनपद: {d}',
    noCaseRole: 'आपके अकाउंट में मामले देखने की भूमिका नहीं है। अपने काम के लिए ऊपर का मेन्यू देखें।',
  },
);

/** How long a new row keeps its "New" mark. */
const FRESH_MS = 60_000;

function filtersFrom(search: URLSearchParams): BoardFilters {
  return {
    stage: search.get('stage') ?? '',
    district: search.get('district') ?? '',
    severity: search.get('severity') ?? '',
    overdueOnly: search.get('overdue') === 'true',
    includeDrills: search.get('drills') === 'true',
  };
}

function filtersToUrl(f: BoardFilters): string {
  const q = new URLSearchParams();
  if (f.stage) q.set('stage', f.stage);
  if (f.district) q.set('district', f.district);
  if (f.severity) q.set('severity', f.severity);
  if (f.overdueOnly) q.set('overdue', 'true');
  if (f.includeDrills) q.set('drills', 'true');
  const s = q.toString();
  return href(s ? `/?${s}` : '/');
}

export function BoardPage(props: PageProps) {
  const t = useT(S);
  const { me } = useSession();
  // Only people who may read cases get the list and the stream (not an administrator without a case role).
  if (!hasRole(me, 'smc_operator', 'smc_supervisor', 'district_officer', 'senior_officer', 'auditor')) {
    return (
      <section class="board">
        <h1>{t('title')}</h1>
        <p class="notice notice-info">{t('noCaseRole')}</p>
      </section>
    );
  }
  return <Board {...props} />;
}

function Board(props: PageProps) {
  const t = useT(S);
  const lang = useLang();
  const { me } = useSession();
  const hq = hasRole(me, ...HQ_ROLES);
  const [filters, setFilters] = useState<BoardFilters>(() => ({ ...NO_FILTERS, ...filtersFrom(props.search) }));
  const [search, setSearch] = useState('');
  const data = useBoardCases(filters);
  const now = useNow(1000);
  const status = useCaseStream({ onChange: () => data.refresh(true), onResync: () => data.refresh(true) });

  // Filters live in the address, so a reload or a shared link keeps them.
  useEffect(() => {
    const url = filtersToUrl(filters);
    if (location.pathname + location.search !== url) history.replaceState(null, '', url);
  });

  // Without the stream, read the list every 20 s; with it, once a minute as a safety net.
  useEffect(() => {
    const every = status === 'live' ? 60_000 : 20_000;
    const timer = setInterval(() => data.refresh(), every);
    return () => clearInterval(timer);
  }, [status, data.refresh]);

  // Most urgent first: overdue cases lead (an escalation already fired), then the API's order
  // by next deadline. Closed cases are left out unless asked for.
  const open = useMemo(() => {
    const rows = data.items ?? [];
    return [...rows.filter((c) => c.overdue), ...rows.filter((c) => !c.overdue)];
  }, [data.items, filters.stage]);
  const { fresh, announcement } = useArrivals(data.items === undefined ? undefined : open, filters, (c) =>
    t('newCase', {
      id: c.id,
      severity: label(SEVERITY_LABELS, c.severity, lang),
      place: districtName(c.districtCode, lang) ?? t('unlocated'),
    }),
  );
  const [overdueNote, setOverdueNote] = useState('');
  useNewlyOverdue(data.items === undefined ? undefined : open, (id) =>
    setOverdueNote(`${formatTime(new Date().toISOString(), lang)}: ${t('nowOverdue', { id })}`),
  );

  const needle = search.trim().toUpperCase();
  const shown = needle && !normaliseCaseId(search) ? open.filter((c) => c.id.includes(needle)) : open;
  const overdue = open.filter((c) => c.overdue).length;
  const critical = open.filter((c) => c.severity === 'critical').length;

  useEffect(() => {
    document.title = `${overdue > 0 ? `(${overdue}) ` : ''}${t('title')} · Jeevan`;
  }, [overdue, lang]);

  const statusText = {
    live: t('live'),
    connecting: t('connecting'),
    reconnecting: t('reconnecting'),
    offline: t('offline'),
    paused: t('paused'),
  }[status];
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  return (
    <section class="board" aria-labelledby="board-title">
      <div class="board-head">
        <h1 id="board-title">{t('title')}</h1>
        <p class={`board-conn board-conn-${status}`} role="status">
          <span class="board-dot" aria-hidden="true" />
          {statusText}
        </p>
        {hasRole(me, 'smc_operator', 'smc_supervisor') && (
          <Link to="/new-alert" class="button primary board-new">
            {t('newAlert')}
          </Link>
        )}
      </div>
      {!hq && me.districts.length > 0 && (
        <p class="muted board-scope">{t('scope', { d: me.districts.map((d) => districtName(d, lang)).join(', ') })}</p>
      )}
      <BoardFilterBar
        filters={filters}
        onChange={setFilters}
        search={search}
        onSearch={setSearch}
        districts={hq ? 'all' : me.districts}
      />

      <p class="board-live-note" aria-live="polite" aria-atomic="true">
        {announcement}
        {announcement && overdueNote ? ' ' : ''}
        {overdueNote}
      </p>

      {data.error && (
        <div class="board-error">
          <ErrorNotice error={data.error} title={t('loadFailed')} />
          <button type="button" onClick={() => data.refresh()}>
            {t('retry')}
          </button>
        </div>
      )}
      {data.items === undefined ? (
        !data.error && (
          <p class="muted" aria-busy="true">
            {t('loading')}
          </p>
        )
      ) : (
        <>
          <p class="board-summary">
            {data.hasMore
              ? t('summaryMore', { n: open.length, total: data.total ?? open.length, o: overdue, c: critical })
              : t('summary', { n: open.length, o: overdue, c: critical })}
          </p>
          {shown.length > 0 ? (
            <BoardTable items={shown} now={now} fresh={fresh} />
          ) : (
            <p class="notice notice-info">
              {needle ? t('noMatch', { q: search.trim() }) : filtered ? t('emptyFiltered') : t('empty')}
            </p>
          )}
          {data.hasMore && (
            <button type="button" class="board-more" onClick={data.loadMore} disabled={data.loading}>
              {t('more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/**
 * Rows that were not there on the previous read: marked "New" for a minute (the page re-renders every second), and
 * announced.
 */
function useArrivals(items: CaseItem[] | undefined, filters: BoardFilters, describe: (c: CaseItem) => string) {
  const t = useT(S);
  const lang = useLang();
  const known = useRef<Set<string> | null>(null);
  const freshSince = useRef(new Map<string, number>());
  const [announcement, setAnnouncement] = useState('');
  const key = JSON.stringify(filters);

  // A new filter is a new list, not new cases.
  useEffect(() => {
    known.current = null;
  }, [key]);

  useEffect(() => {
    if (!items) return;
    if (known.current === null) {
      known.current = new Set(items.map((c) => c.id));
      return;
    }
    const seen = known.current;
    const arrived = items.filter((c) => !seen.has(c.id));
    for (const c of items) seen.add(c.id);
    if (arrived.length === 0) return;
    const at = Date.now();
    for (const c of arrived) freshSince.current.set(c.id, at);
    const said = arrived.length <= 3 ? arrived.map(describe).join(' ') : t('newCases', { n: arrived.length });
    setAnnouncement(`${formatTime(new Date(at).toISOString(), lang)}: ${said}`);
  }, [items]);

  const now = Date.now();
  const fresh = new Set([...freshSince.current].filter(([, at]) => now - at < FRESH_MS).map(([id]) => id));
  return { fresh, announcement };
}

/** Calls `onOverdue` for a case that turned overdue since the previous read. */
function useNewlyOverdue(items: CaseItem[] | undefined, onOverdue: (id: string) => void) {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!items) return;
    const overdue = new Set(items.filter((c) => c.overdue).map((c) => c.id));
    if (seen.current) for (const id of overdue) if (!seen.current.has(id)) onOverdue(id);
    seen.current = overdue;
  }, [items]);
}
