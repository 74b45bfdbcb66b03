/** The staff console's live feed: one `/live` connection per session, shared by every page through context. */
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { connectLive, type LiveState } from '../shared/live';
import { endSession } from './session';
import type { LiveCaseEvent, LiveHotspot } from '../shared/types';

type Listener = (event: LiveCaseEvent) => void;
type HotspotListener = (hotspot: LiveHotspot) => void;

interface LiveContextValue {
  state: LiveState;
  /** Rises when lists must be reloaded: a `resync`, or the first connection (events before it were not seen). */
  generation: number;
  subscribe(listener: Listener): () => void;
  subscribeHotspots(listener: HotspotListener): () => void;
}

const LiveContext = createContext<LiveContextValue>({
  state: 'offline',
  generation: 0,
  subscribe: () => () => undefined,
  subscribeHotspots: () => () => undefined,
});

export function LiveProvider({ token, children }: { token: string; children: ReactNode }) {
  const [state, setState] = useState<LiveState>('connecting');
  const [generation, setGeneration] = useState(0);
  const listeners = useRef(new Set<Listener>());
  const hotspotListeners = useRef(new Set<HotspotListener>());

  useEffect(() => {
    let firstConnect = true;
    const connection = connectLive(
      { token },
      {
        onEvent: (event) => listeners.current.forEach((listener) => listener(event)),
        onResync: () => setGeneration((g) => g + 1),
        onHotspot: (hotspot) => hotspotListeners.current.forEach((listener) => listener(hotspot)),
        onState: (next) => {
          setState(next);
          // Refused in the handshake: the server no longer accepts this token (deactivated, shift over),
          // exactly as a 401 from the API says.
          if (next === 'refused') endSession('expired');
          if (next === 'live' && firstConnect) {
            firstConnect = false;
            // Whatever changed between the page's first load and this moment was never pushed to us.
            setGeneration((g) => g + 1);
          }
        },
      },
    );
    return () => connection.close();
  }, [token]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const subscribeHotspots = useCallback((listener: HotspotListener) => {
    hotspotListeners.current.add(listener);
    return () => {
      hotspotListeners.current.delete(listener);
    };
  }, []);
  const value = useMemo(() => ({ state, generation, subscribe, subscribeHotspots }), [state, generation, subscribe, subscribeHotspots]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLiveState(): LiveState {
  return useContext(LiveContext).state;
}

export function useLiveGeneration(): number {
  return useContext(LiveContext).generation;
}

/** Calls `handler` with every `case.event` while the component is mounted (always the latest handler). */
export function useCaseEvents(handler: Listener): void {
  const { subscribe } = useContext(LiveContext);
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

/** Calls `handler` with every `hotspot.detected` / `hotspot.updated` while the component is mounted. */
export function useHotspotEvents(handler: HotspotListener): void {
  const { subscribeHotspots } = useContext(LiveContext);
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => subscribeHotspots((hotspot) => latest.current(hotspot)), [subscribeHotspots]);
}

/**
 * Calls `retry` when the network is likely back: the live connection is up again after being down, or
 * the browser says it is online again. What failed during a blip (a page's code, a list) tries again by
 * itself, the moment the server is reachable.
 */
export function useBackOnline(retry: () => void): void {
  const state = useLiveState();
  const latest = useRef(retry);
  useLayoutEffect(() => {
    latest.current = retry;
  });
  const wasDown = useRef(state !== 'live');
  useEffect(() => {
    if (state === 'live') {
      if (wasDown.current) latest.current();
      wasDown.current = false;
    } else {
      wasDown.current = true;
    }
  }, [state]);
  useEffect(() => {
    const online = () => latest.current();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);
}

/**
 * Keeps server-computed numbers (counts, summaries) current: calls `refresh` when a `case.event` arrives
 * — coalesced, so a burst of events makes one request `delayMs` after the first, never two in flight and
 * never more often than every `spacingMs` — and again on a resync and when the connection comes back
 * (what changed meanwhile was not pushed). The numbers stay the server's; the console counts nothing.
 */
export function useLiveRefresh(refresh: () => Promise<unknown> | void, { delayMs = 300, spacingMs = 1500 } = {}): void {
  const { subscribe, state } = useContext(LiveContext);
  const latest = useRef(refresh);
  useLayoutEffect(() => {
    latest.current = refresh;
  });
  // One coalescing loop per component, its state in a ref so that no render restarts it.
  const loop = useRef<{ timer?: ReturnType<typeof setTimeout>; running: boolean; again: boolean; lastStart: number } | null>(null);
  loop.current ??= { running: false, again: false, lastStart: 0 };

  const schedule = useCallback(() => {
    const l = loop.current!;
    if (l.timer) return; // a request is coming already: this event is in it
    if (l.running) {
      l.again = true; // one more once this answer is in: it may predate the event
      return;
    }
    l.timer = setTimeout(
      () => {
        l.timer = undefined;
        l.running = true;
        l.lastStart = Date.now();
        void Promise.resolve()
          .then(() => latest.current())
          .catch(() => undefined)
          .finally(() => {
            l.running = false;
            if (l.again) {
              l.again = false;
              schedule();
            }
          });
      },
      Math.max(delayMs, l.lastStart + spacingMs - Date.now()),
    );
  }, [delayMs, spacingMs]);

  useEffect(() => subscribe(() => schedule()), [subscribe, schedule]);
  // Back online (the replay may be partial while the page was away): ask again.
  const wasLive = useRef(state === 'live');
  useEffect(() => {
    if (state === 'live' && !wasLive.current) schedule();
    wasLive.current = state === 'live';
  }, [state, schedule]);
  useEffect(() => () => clearTimeout(loop.current?.timer), []);
}
