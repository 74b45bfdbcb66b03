/**
 * A page of cases that stays current: the first page from `GET /api/cases`, more with "加载更多"
 * (`nextCursor`, never offsets), and, whenever a case changes (a `case.event`, or the user's own
 * action), the server asked whether that case belongs in this list: `GET /api/cases` with the list's own
 * filters plus `id=<caseId>`. The answer puts it in, moves it, or takes it out. The console keeps no copy
 * of the server's filters: a filter the server adds or changes cannot make the live list disagree with a
 * reload.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { currentDeadline } from '../shared/deadlines';
import { describeError } from '../shared/http';
import type { Case, CaseQuery } from '../shared/types';
import { api } from './api';
import { useCaseEvents, useLiveGeneration } from './live';

/** The list's order, as the server sorts it (ties by id). */
function compare(order: CaseQuery['order']): (a: Case, b: Case) => number {
  const key = (c: Case) => (order === 'deadline' ? (currentDeadline(c) ?? '') : c.createdAt);
  const sign = order === 'newest' || order === undefined ? -1 : 1;
  return (a, b) => {
    const ka = Date.parse(key(a));
    const kb = Date.parse(key(b));
    return sign * (ka - kb || a.id.localeCompare(b.id));
  };
}

export interface CaseListState {
  items: Case[];
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: string | null;
  /** Cases that changed live in the last few seconds: shown highlighted. */
  recent: ReadonlySet<string>;
  loadMore(): void;
  reload(): void;
  /**
   * The user just changed this case: its row shows the answer at once, and the server is asked (as for a
   * live event) whether it still belongs in the list.
   */
  upsert(c: Case): void;
  /** Asks the server again whether this case belongs in the list, and how it stands (e.g. after a 409). */
  recheck(caseId: string): void;
}

const PAGE = 30;
const HIGHLIGHT_MS = 4000;
/** Events of one case closer together than this (an intake with auto-dispatch sends two) make one question. */
const BURST_MS = 120;

export function useCaseList(query: CaseQuery): CaseListState {
  const key = JSON.stringify(query);
  const queryRef = useRef(query);
  queryRef.current = query;
  const generation = useLiveGeneration();
  const [reloads, setReloads] = useState(0);
  const [items, setItems] = useState<Case[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recent, setRecent] = useState<ReadonlySet<string>>(new Set());
  const cursorRef = useRef<string | null>(null);
  cursorRef.current = cursor;
  const loadedKey = useRef<string | null>(null);

  // First page: on mount, when the filters change, on reload and on resync. A reload of the same list
  // keeps the rows on screen until the new ones arrive (no flicker on a wall screen).
  useEffect(() => {
    const controller = new AbortController();
    if (loadedKey.current !== key) {
      setLoading(true);
      setItems([]);
    }
    api
      .listCases({ limit: PAGE, ...JSON.parse(key) }, null, controller.signal)
      .then((page) => {
        loadedKey.current = key;
        setItems(page.items);
        setCursor(page.nextCursor);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(describeError(e));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [key, generation, reloads]);

  const loadMore = useCallback(() => {
    if (!cursorRef.current) return;
    setLoadingMore(true);
    api
      .listCases({ limit: PAGE, ...queryRef.current }, cursorRef.current)
      .then((page) => {
        setItems((prev) => {
          const seen = new Set(prev.map((c) => c.id));
          return [...prev, ...page.items.filter((c) => !seen.has(c.id))];
        });
        setCursor(page.nextCursor);
      })
      .catch((e: unknown) => setError(describeError(e)))
      .finally(() => setLoadingMore(false));
  }, []);

  /** The server says `c` belongs in the list: put it in its place (or keep it out, past the last page). */
  const place = useCallback((c: Case) => {
    const q = queryRef.current;
    setItems((prev) => {
      const existing = prev.find((x) => x.id === c.id);
      if (existing && existing.version > c.version) return prev; // already showing a later state
      const rest = prev.filter((x) => x.id !== c.id);
      const sorted = [...rest, c].sort(compare(q.order));
      // Past the last loaded row, with more pages to come: it belongs to a page not loaded yet.
      if (cursorRef.current && sorted[sorted.length - 1].id === c.id) return rest;
      return sorted;
    });
  }, []);

  // Most answers on a busy wall screen are "not in this list" about a case that never was: no re-render.
  const remove = useCallback((id: string) => setItems((prev) => (prev.some((x) => x.id === id) ? prev.filter((x) => x.id !== id) : prev)), []);

  const flash = useCallback((id: string) => {
    setRecent((prev) => new Set(prev).add(id));
    setTimeout(
      () =>
        setRecent((prev) => {
          const next = new Set(prev);
          next.delete(id);
          return next;
        }),
      HIGHLIGHT_MS,
    );
  }, []);

  // Whether a changed case belongs here is the server's to say: one question per case per burst, and
  // of several questions about one case in flight, only the newest answer counts.
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const toFlash = useRef(new Set<string>());
  const newestQuestion = useRef(new Map<string, number>());
  const questions = useRef(0);
  const ask = useCallback(
    (caseId: string, highlight: boolean) => {
      if (highlight) toFlash.current.add(caseId);
      clearTimeout(timers.current.get(caseId));
      timers.current.set(
        caseId,
        setTimeout(() => {
          timers.current.delete(caseId);
          const highlightIt = toFlash.current.delete(caseId);
          const n = ++questions.current;
          newestQuestion.current.set(caseId, n);
          const askedFor = JSON.stringify(queryRef.current);
          api.listCases({ ...queryRef.current, id: caseId, limit: 1 }, null).then(
            (page) => {
              // A newer question about this case is on its way, or the list's filters changed meanwhile.
              if (newestQuestion.current.get(caseId) !== n || askedFor !== JSON.stringify(queryRef.current)) return;
              newestQuestion.current.delete(caseId);
              const c = page.items.find((x) => x.id === caseId);
              if (!c) return remove(caseId); // not (or no longer) in this list, or out of this user's sight
              place(c);
              if (highlightIt) flash(c.id);
            },
            () => {
              // Unanswered (offline, say): the row stays as it was; the next event or a reload settles it.
              if (newestQuestion.current.get(caseId) === n) newestQuestion.current.delete(caseId);
            },
          );
        }, BURST_MS),
      );
    },
    [place, remove, flash],
  );
  useCaseEvents((event) => ask(event.caseId, true));
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((t) => clearTimeout(t));
  }, []);

  const upsert = useCallback(
    (c: Case) => {
      setItems((prev) => prev.map((x) => (x.id === c.id && x.version <= c.version ? c : x)));
      ask(c.id, false);
    },
    [ask],
  );

  return {
    items,
    loading,
    loadingMore,
    hasMore: cursor !== null,
    error,
    recent,
    loadMore,
    reload: useCallback(() => setReloads((r) => r + 1), []),
    upsert,
    recheck: useCallback((caseId: string) => ask(caseId, false), [ask]),
  };
}
