// The board's filters and its search by case ID. A full ID (JV-2026-000123) opens the case
// at once; a part of one narrows the rows shown; Enter on a bare number opens that number
// of this year's cases.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { label, SEVERITY_LABELS, STAGE_LABELS } from '../lib/labels.js';
import { homeDistricts, homeProfile } from '../lib/profile.js';
import { navigate } from '../lib/router.js';
import type { BoardFilters } from './board-data.js';

const S = defineStrings(
  {
    filters: 'Filters',
    filtersOn: 'Filters ({n} on)',
    search: 'Find a case by ID',
    searchHint: 'A full ID such as JV-2026-000123 opens the case.',
    stage: 'Stage',
    allOpen: 'All open stages',
    district: 'District',
    allDistricts: 'All districts',
    yourDistricts: 'All your districts',
    severity: 'Severity',
    anySeverity: 'Any severity',
    overdue: 'Overdue only',
    drills: 'Include drills',
    clear: 'Clear filters',
  },
  {
    filters: 'फ़िल्टर',
    filtersOn: 'फ़िल्टर ({n} लागू)',
    search: 'आईडी से मामला खोजें',
    searchHint: 'पूरी आईडी, जैसे JV-2026-000123, लिखते ही मामला खुल जाएगा।',
    stage: 'चरण',
    allOpen: 'सभी खुले चरण',
    district: 'जनपद',
    allDistricts: 'सभी जनपद',
    yourDistricts: 'आपके सभी जनपद',
    severity: 'गंभीरता',
    anySeverity: 'कोई भी गंभीरता',
    overdue: 'केवल समय सीमा पार',
    drills: 'अभ्यास मामले भी दिखाएँ',
    clear: 'फ़िल्टर हटाएँ',
  },
);

const FULL_ID = /^JV-(?:[A-Z]{2}-)?\d{4}-\d{6,}$/;

/** "jv-up-2026-000123" → "JV-UP-2026-000123" (older IDs: JV-2026-…); "123" → this state's and year's JV-…-000123 (only on Enter). */
export function normaliseCaseId(text: string, onEnter = false): string | undefined {
  const t = text.trim().toUpperCase().replace(/\s+/g, '');
  if (FULL_ID.test(t) && (onEnter || /-\d{6}$/.test(t))) return t;
  if (onEnter && /^\d{1,9}$/.test(t))
    return `JV-${homeProfile().code}-${new Date().getFullYear()}-${t.padStart(6, '0')}`;
  return undefined;
}

export const NO_FILTERS: BoardFilters = {
  stage: '',
  district: '',
  severity: '',
  overdueOnly: false,
  includeDrills: false,
};

export function BoardFilterBar(props: {
  filters: BoardFilters;
  onChange: (f: BoardFilters) => void;
  search: string;
  onSearch: (s: string) => void;
  /** The districts to offer: every district for HQ, the officer's own otherwise. */
  districts: string[] | 'all';
}) {
  const t = useT(S);
  const lang = useLang();
  const id = useId();
  const { filters: f } = props;
  const set = (patch: Partial<BoardFilters>) => props.onChange({ ...f, ...patch });
  const districts =
    props.districts === 'all'
      ? homeDistricts()
      : homeDistricts().filter((d) => (props.districts as string[]).includes(d.code));
  const active = (Object.keys(NO_FILTERS) as (keyof BoardFilters)[]).filter((k) => f[k] !== NO_FILTERS[k]).length;
  // On a phone the filters fold away under one line, so the cases come first.
  const [unfolded] = useState(() => typeof matchMedia === 'undefined' || !matchMedia('(max-width: 720px)').matches);
  const fold = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // Wide again (a phone turned sideways): the fold's summary is hidden, so open it.
    const wide = matchMedia('(min-width: 721px)');
    const open = () => {
      if (wide.matches && fold.current) fold.current.open = true;
    };
    wide.addEventListener('change', open);
    return () => wide.removeEventListener('change', open);
  }, []);

  return (
    <div class="board-tools">
      <form
        class="board-search"
        onSubmit={(e) => {
          e.preventDefault();
          const caseId = normaliseCaseId(props.search, true);
          if (caseId) navigate(`/cases/${caseId}`);
        }}
      >
        <label for={`${id}-q`}>{t('search')}</label>
        <input
          id={`${id}-q`}
          type="search"
          inputMode="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          placeholder="JV-2026-000123"
          aria-describedby={`${id}-qh`}
          value={props.search}
          onInput={(e) => {
            const value = e.currentTarget.value;
            props.onSearch(value);
            const caseId = normaliseCaseId(value);
            if (caseId) navigate(`/cases/${caseId}`);
          }}
        />
        <p class="hint" id={`${id}-qh`}>
          {t('searchHint')}
        </p>
      </form>
      <details class="board-fold" open={unfolded} ref={fold}>
        <summary>{active > 0 ? t('filtersOn', { n: active }) : t('filters')}</summary>
        <fieldset class="board-filters">
          <legend class="sr-only">{t('filters')}</legend>
          <div class="board-filter">
            <label for={`${id}-stage`}>{t('stage')}</label>
            <select id={`${id}-stage`} value={f.stage} onChange={(e) => set({ stage: e.currentTarget.value })}>
              <option value="">{t('allOpen')}</option>
              {Object.keys(STAGE_LABELS).map((s) => (
                <option key={s} value={s}>
                  {label(STAGE_LABELS, s, lang)}
                </option>
              ))}
            </select>
          </div>
          {districts.length !== 1 && (
            <div class="board-filter">
              <label for={`${id}-district`}>{t('district')}</label>
              <select
                id={`${id}-district`}
                value={f.district}
                onChange={(e) => set({ district: e.currentTarget.value })}
              >
                <option value="">{props.districts === 'all' ? t('allDistricts') : t('yourDistricts')}</option>
                {districts.map((d) => (
                  <option key={d.code} value={d.code}>
                    {lang === 'hi' ? d.nameHi : d.nameEn} ({d.code})
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="board-filter">
            <label for={`${id}-severity`}>{t('severity')}</label>
            <select id={`${id}-severity`} value={f.severity} onChange={(e) => set({ severity: e.currentTarget.value })}>
              <option value="">{t('anySeverity')}</option>
              {Object.keys(SEVERITY_LABELS).map((s) => (
                <option key={s} value={s}>
                  {label(SEVERITY_LABELS, s, lang)}
                </option>
              ))}
            </select>
          </div>
          <label class="board-check">
            <input
              type="checkbox"
              checked={f.overdueOnly}
              onChange={(e) => set({ overdueOnly: e.currentTarget.checked })}
            />
            {t('overdue')}
          </label>
          <label class="board-check">
            <input
              type="checkbox"
              checked={f.includeDrills}
              onChange={(e) => set({ includeDrills: e.currentTarget.checked })}
            />
            {t('drills')}
          </label>
          {active > 0 && (
            <button type="button" class="link-button" onClick={() => props.onChange(NO_FILTERS)}>
              {t('clear')}
            </button>
          )}
        </fieldset>
      </details>
    </div>
  );
}
