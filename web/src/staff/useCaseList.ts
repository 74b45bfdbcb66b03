/**
 * A page of cases that stays current: the first page from `GET /api/cases`, more with "加载更多"
 * (`nextCursor`, never offsets), and, on every `case.event`, that case fetched again
 * (`GET /api/cases/:id`) and put in, moved, or taken out of the list according to the list's filters.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { currentDeadline } from '../shared/deadlines';
import { ApiError, describeError } from '../shared/http';
import type { Case, CaseQuery } from '../shared/types';
import { api } from './api';
import { useCaseEvents, useLiveGeneration } from './live';

/**
 * Whether `c` belongs in a list asked for with `query` (the filters of `GET /api/cases`, typed from the
 * API's document), after a live update or the user's own action: the same filters as the server's.
 */
export function matchesQuery(c: Case, query: CaseQuery, now = Date.now()): boolean {
  const open = c.status !== 'closed';
  const deadline = currentDeadline(c);
  const overdue = open && deadline !== null && (c.overdue || Date.parse(deadline) < now);
  const ownerDepartment = c.owner.departmentId ?? null;
  const checks: [unknown, boolean][] = [
    [query.status, c.status === query.status],
    [query.open, open === query.open],
    [query.atCentre, query.atCentre ? ownerDepartment === null && open : ownerDepartment !== null],
    [query.pendingExtension, (c.pendingExtension !== null) === query.pendingExtension],
    [query.departmentId, ownerDepartment === query.departmentId],
    [query.overdue, overdue === query.overdue],
    [query.priority, c.priority === query.priority],
    [query.categoryCode, c.categoryCode === query.categoryCode],
    [query.regionCode, c.regionCode === query.regionCode],
    [query.supervised, c.supervised === query.supervised],
    [query.awaitingDecision, (c.status === 'returned' && c.returnCount > 2) === query.awaitingDecision],
    [query.callbackDue, (c.status === 'replied') === query.callbackDue],
    [query.q, matchesText(c, query.q ?? '')],
    [query.order === 'deadline' || undefined, deadline !== null],
  ];
  return checks.every(([given, ok]) => given === undefined || ok);
}

function matchesText(c: Case, q: string): boolean {
  const text = q.toLowerCase();
  return c.trackingCode === q.toUpperCase() || c.title.toLowerCase().includes(text) || (c.address ?? '').toLowerCase().includes(text);
}

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
  /** Put a case the user just changed into the list (or take it out), without waiting for its event. */
  upsert(c: Case): void;
}

const PAGE = 30;
const HIGHLIGHT_MS = 4000;

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

  const upsert = useCallback((c: Case) => {
    const q = queryRef.current;
    setItems((prev) => {
      const existing = prev.find((x) => x.id === c.id);
      if (existing && existing.version > c.version) return prev; // an older answer arriving late
      const rest = prev.filter((x) => x.id !== c.id);
      if (!matchesQuery(c, q)) return rest;
      const sorted = [...rest, c].sort(compare(q.order));
      // Past the last loaded row, with more pages to come: it belongs to a page not loaded yet.
      if (cursorRef.current && sorted[sorted.length - 1].id === c.id) return rest;
      return sorted;
    });
  }, []);

  const remove = useCallback((id: string) => setItems((prev) => prev.filter((x) => x.id !== id)), []);

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

  // Live: fetch each changed case once per burst (an intake with auto-dispatch sends two events).
  const pending = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useCaseEvents((event) => {
    clearTimeout(pending.current.get(event.caseId));
    pending.current.set(
      event.caseId,
      setTimeout(() => {
        pending.current.delete(event.caseId);
        api.getCase(event.caseId).then(
          (c) => {
            upsert(c);
            flash(c.id);
          },
          (e: unknown) => {
            // Out of this user's sight now (moved to another department): out of the list.
            if (e instanceof ApiError && e.status === 404) remove(event.caseId);
          },
        );
      }, 120),
    );
  });
  useEffect(() => {
    const timers = pending.current;
    return () => timers.forEach((t) => clearTimeout(t));
  }, []);

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
  };
}
