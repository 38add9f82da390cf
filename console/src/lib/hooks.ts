import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from './api.js';

/** The current time, re-read every `everyMs` (for countdowns). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload: () => void;
}

/** Loads with `load(signal)` whenever `deps` change; keeps the last data while reloading. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const e =
          error instanceof ApiError
            ? error
            : new ApiError(0, 'client', error instanceof Error ? error.message : String(error));
        setState((s) => ({ data: s.data, error: e, loading: false }));
      },
    );
    return () => controller.abort();
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

export interface RowEditor {
  /** The id of the row being edited, 'new' for a new row, or undefined. */
  editing?: string;
  setEditing: (id: string | undefined) => void;
  /** The last confirmation to show ("Saved …"). */
  done?: string;
  error?: ApiError;
  /** Closes the form; with a name, says it was saved and reloads the list. */
  finish: (name?: string) => void;
  /** Asks first, then POSTs to the row's deactivate route and reloads the list. */
  deactivate: (row: { id: string; name: string }) => Promise<void>;
}

/** One editable row at a time in a list the API keeps (directory stations, contacts). */
export function useRowEditor(opts: {
  saved: (name: string) => string;
  confirm: (name: string) => string;
  deactivatePath: (id: string) => string;
  onChanged: () => void;
}): RowEditor {
  const [editing, setEditing] = useState<string>();
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const finish = (name?: string) => {
    setEditing(undefined);
    if (name) {
      setDone(opts.saved(name));
      opts.onChanged();
    }
  };
  const deactivate = async (row: { id: string; name: string }) => {
    if (!window.confirm(opts.confirm(row.name))) return;
    setError(undefined);
    try {
      await api.post(opts.deactivatePath(row.id));
      opts.onChanged();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return { editing, setEditing, done, error, finish, deactivate };
}
