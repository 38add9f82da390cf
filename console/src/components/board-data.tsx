// The board's rows: GET /cases, most urgent first, re-read (debounced) whenever the live
// feed says something changed. Pages of up to 200; "load more" follows the cursor.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, query } from '../lib/api.js';

export interface NextEscalation {
  level: number;
  dueAt: string;
  notify: string[];
  final: boolean;
}

export interface CaseItem {
  id: string;
  stage: string;
  severity: string;
  drill: boolean;
  districtCode: string | null;
  policeStation: string | null;
  openedAt: string;
  escalationLevel: number;
  overdue: boolean;
  nextDeadlineAt: string | null;
  outcome: string | null;
  alertCount: number;
  /** Added by the server with the live feed; absent on older servers. */
  nextEscalation?: NextEscalation | null;
}

export interface BoardFilters {
  /** '' = every open stage (closed cases left out). */
  stage: string;
  district: string;
  severity: string;
  overdueOnly: boolean;
  includeDrills: boolean;
}

const PAGE = 200;
const DEBOUNCE_MS = 300;

export function filterQuery(f: BoardFilters, cursor?: string): string {
  return query({
    sort: 'deadline_asc',
    limit: PAGE,
    stage: f.stage || undefined,
    open: f.stage ? undefined : 'true',
    district: f.district || undefined,
    severity: f.severity || undefined,
    overdue: f.overdueOnly ? 'true' : undefined,
    drill: f.includeDrills ? undefined : 'false',
    cursor,
    count: cursor ? undefined : 'true',
  });
}

export interface BoardData {
  items?: CaseItem[];
  error?: ApiError;
  loading: boolean;
  hasMore: boolean;
  /** Every case the filters match, on every page (the API's count). */
  total?: number;
  /** Re-read now (or after a short pause, when `soon`, so a burst of events costs one read). */
  refresh: (soon?: boolean) => void;
  loadMore: () => void;
  /** Last time the list was read successfully. */
  readAt?: number;
}

export function useBoardCases(filters: BoardFilters): BoardData {
  const [state, setState] = useState<{
    items?: CaseItem[];
    error?: ApiError;
    loading: boolean;
    cursor: string | null;
    readAt?: number;
    total?: number;
  }>({
    loading: true,
    cursor: null,
  });
  const pages = useRef(1);
  const inFlight = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const key = JSON.stringify(filters);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  const read = useCallback(async () => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setState((s) => ({ ...s, loading: true }));
    try {
      const items: CaseItem[] = [];
      let cursor: string | null | undefined;
      let total: number | undefined;
      for (let page = 0; page < pages.current; page++) {
        const r = await api.get<{ items: CaseItem[]; nextCursor: string | null; total?: number }>(
          `/cases${filterQuery(filtersRef.current, cursor ?? undefined)}`,
          {
            signal: controller.signal,
          },
        );
        items.push(...r.items);
        total ??= r.total;
        cursor = r.nextCursor;
        if (!cursor) break;
      }
      if (!controller.signal.aborted)
        setState({ items, loading: false, cursor: cursor ?? null, readAt: Date.now(), total });
    } catch (error) {
      if (controller.signal.aborted) return;
      const e = error instanceof ApiError ? error : new ApiError(0, 'client', String(error));
      setState((s) => ({ ...s, error: e, loading: false }));
    }
  }, []);

  // New filters: start again from the first page.
  useEffect(() => {
    pages.current = 1;
    setState((s) => ({ ...s, items: undefined }));
    read();
  }, [key]);

  useEffect(
    () => () => {
      inFlight.current?.abort();
      clearTimeout(timer.current);
    },
    [],
  );

  const refresh = useCallback(
    (soon = false) => {
      clearTimeout(timer.current);
      if (soon) timer.current = setTimeout(read, DEBOUNCE_MS);
      else read();
    },
    [read],
  );

  return {
    items: state.items,
    error: state.error,
    loading: state.loading,
    hasMore: state.cursor !== null,
    total: state.total,
    readAt: state.readAt,
    refresh,
    loadMore: () => {
      pages.current += 1;
      read();
    },
  };
}
