// The live feed of case changes: GET /events (server-sent events; console/SERVER-NOTES.md). A `case`
// event says one case changed; `ready` and `resync` say events may have been missed, so
// everything is re-read. Used by the board and the case page.
// Pages never trust an event's content for display: they re-read through the API, which
// narrows what it answers to the caller's districts, so the stream cannot show a case the
// API would not.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';

export type StreamStatus = 'connecting' | 'live' | 'paused' | 'reconnecting' | 'offline';

export interface CaseEvent {
  id: string;
  stage?: string;
  districtCode?: string | null;
  version?: number;
}

/** How long to wait after a closed stream (e.g. the server restarted) before opening a new one. */
const REOPEN_MS = 5000;

/**
 * Opens the stream and calls `onChange` (a case event) or `onResync` (resync, or the stream
 * came back after a gap in which events may have been missed). Returns the connection status.
 */
export function useCaseStream(handlers: { onChange: (e: CaseEvent) => void; onResync: () => void }): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const ref = useRef(handlers);
  ref.current = handlers;

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setStatus('offline');
      return;
    }
    let source: EventSource | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let hadGap = false;
    let stopped = false;

    const open = () => {
      source = new EventSource('/events', { withCredentials: true });
      source.onopen = () => {
        setStatus((s) => (s === 'paused' ? s : 'live'));
        // Back after a gap: whatever happened meanwhile is read again (servers without `ready` too).
        if (hadGap) ref.current.onResync();
        hadGap = false;
      };
      source.onerror = () => {
        hadGap = true;
        if (source?.readyState === EventSource.CLOSED) {
          // The browser gave up (e.g. a non-200 answer): try again ourselves, calmly.
          setStatus('offline');
          source.close();
          if (!stopped) reopen = setTimeout(open, REOPEN_MS);
        } else {
          setStatus('reconnecting');
        }
      };
      source.addEventListener('case', (event) => {
        const data = parse((event as MessageEvent).data);
        if (data && typeof data.id === 'string') ref.current.onChange(data as unknown as CaseEvent);
        else ref.current.onResync();
      });
      // The stream (re)opened: changes may have been missed meanwhile. live:false = the server's
      // own database feed is down for now (a resync follows when it is back).
      source.addEventListener('ready', (event) => {
        const data = parse((event as MessageEvent).data);
        setStatus(data?.live === false ? 'paused' : 'live');
        ref.current.onResync();
      });
      source.addEventListener('resync', () => {
        setStatus('live');
        ref.current.onResync();
      });
      source.addEventListener('closed', (event) => {
        // The session ended: one ordinary API call gets the 401 that shows the sign-in page.
        if (parse((event as MessageEvent).data)?.reason === 'session_ended') api.get('/auth/me').catch(() => {});
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(reopen);
      source?.close();
    };
  }, []);

  return status;
}

function parse(text: unknown): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(String(text));
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}
