import type { DepartmentCounters } from './figures';
import { NO_COUNTS } from './figures';

/**
 * The figures' counters recomputed from the timeline alone (`npm run audit:figures`): every event of a
 * case, replayed in order, with the deadlines each step recorded (`data.deadlines`), gives what the
 * workflow keeps in `department_case_facts` and on the case row — independently, so that a fact kept
 * wrong, or changed behind the app's back, shows as a difference.
 */

/** What the replay reads of an event. */
export interface TimelineEvent {
  caseId: string;
  type: string;
  at: Date;
  fromOwnerDepartmentId: string | null;
  toOwnerDepartmentId: string | null;
  toStatus: string;
  data: Record<string, unknown>;
}

/** One case held by one department, as the replay finds it (the same fields as `department_case_facts`). */
interface Held {
  firstDispatchedAt: Date;
  leftAt: Date | null;
  signDeadline: Date | null;
  replyDeadline: Date | null;
  signedAt: Date | null;
  signOnTime: boolean | null;
  repliedAt: Date | null;
  replyOnTime: boolean | null;
  satisfaction: string | null;
  resolved: boolean | null;
  returns: number;
  returnsRefused: number;
  pausedSeconds: number;
  reopened: boolean;
}

/** Where a case stands after its last event. */
interface CaseState {
  createdAt: Date;
  status: string;
  owner: string | null;
  deadlines: Record<string, Date | null>;
  /** Paused (挂起): the stage has no deadline. */
  paused: boolean;
  held: Map<string, Held>;
}

/** The stage whose deadline runs in each open status. */
const STAGE_OF: Record<string, string> = { received: 'dispatch', returned: 'dispatch', dispatched: 'sign', in_progress: 'reply', replied: 'callback' };

const date = (iso: unknown) => (typeof iso === 'string' ? new Date(iso) : null);

/** Replays one case's events (oldest first). */
export function replayCase(events: TimelineEvent[]): CaseState | null {
  const created = events[0];
  if (!created || created.type !== 'case.created') return null;
  const state: CaseState = { createdAt: created.at, status: created.toStatus, owner: null, deadlines: {}, paused: false, held: new Map() };
  for (const e of events) {
    for (const [stage, iso] of Object.entries((e.data.deadlines as Record<string, string | null> | undefined) ?? {})) {
      state.deadlines[stage] = date(iso);
    }
    const from = e.fromOwnerDepartmentId;
    const to = e.toOwnerDepartmentId;
    if (from && to !== from) {
      const left = state.held.get(from);
      if (left) {
        left.leftAt = e.at;
        if (e.type === 'case.returned') left.returns++;
      }
    }
    if (to && to !== from) {
      const again = state.held.get(to);
      if (again) {
        again.leftAt = null;
        if (again.signedAt === null) again.signDeadline = state.deadlines.sign ?? null;
        again.replyDeadline = state.deadlines.reply ?? null;
      } else {
        state.held.set(to, {
          firstDispatchedAt: e.at,
          leftAt: null,
          signDeadline: state.deadlines.sign ?? null,
          replyDeadline: state.deadlines.reply ?? null,
          signedAt: null,
          signOnTime: null,
          repliedAt: null,
          replyOnTime: null,
          satisfaction: null,
          resolved: null,
          returns: 0,
          returnsRefused: 0,
          pausedSeconds: 0,
          reopened: false,
        });
      }
    }
    const held = to ? state.held.get(to) : undefined;
    if (held) {
      const verdict = e.type === 'case.reopened' || e.type === 'case.rated' || (e.type === 'case.closed' && e.data.via === 'callback');
      if (e.type === 'case.signed') {
        held.signedAt ??= e.at;
        held.signOnTime ??= held.signDeadline === null ? null : e.at <= held.signDeadline;
        held.replyDeadline = state.deadlines.reply ?? null;
      } else if (e.type === 'case.replied') {
        const pauseEnded = e.data.pauseEnded as { pausedSeconds?: number } | undefined;
        if (pauseEnded) {
          held.replyDeadline = state.deadlines.reply ?? null;
          held.pausedSeconds += pauseEnded.pausedSeconds ?? 0;
        }
        held.repliedAt ??= e.at;
        held.replyOnTime ??= held.replyDeadline === null ? null : e.at <= held.replyDeadline;
      } else if (e.type === 'case.extension_decided') {
        held.replyDeadline = state.deadlines.reply ?? null;
      } else if (e.type === 'case.resumed') {
        held.replyDeadline = state.deadlines.reply ?? null;
        held.pausedSeconds += typeof e.data.pausedSeconds === 'number' ? e.data.pausedSeconds : 0;
      } else if (e.type === 'case.return_refused') {
        held.returns = Math.max(0, held.returns - 1);
        held.returnsRefused++;
      } else if (verdict) {
        // Only the last callback counts, for the department that owned the case at that moment.
        for (const [department, other] of state.held) {
          if (department !== to) other.satisfaction = other.resolved = null;
        }
        held.satisfaction = typeof e.data.satisfaction === 'string' ? e.data.satisfaction : null;
        held.resolved = typeof e.data.resolved === 'boolean' ? e.data.resolved : null;
        if (e.type === 'case.reopened') {
          held.reopened = true;
          held.replyDeadline = state.deadlines.reply ?? null;
        }
      }
    }
    if (e.type === 'case.paused') state.paused = true;
    if (e.type === 'case.resumed' || e.type === 'case.replied') state.paused = false;
    state.status = e.toStatus;
    state.owner = to;
  }
  return state;
}

/** A case whose events do not say what it was judged against: written before its deadlines were recorded. */
export function recordsDeadlines(events: TimelineEvent[]): boolean {
  return events[0]?.type === 'case.created' && events[0].data.deadlines !== undefined;
}

/**
 * The counters of every department over the period's cases (by the time each case was created), and
 * the distinct cases each given subtree held: what `StatsRepository` reads from the facts, from the
 * replayed timelines instead.
 */
export function countersFromTimelines(
  cases: Iterable<CaseState>,
  period: { start: Date; end: Date },
  now: Date,
  subtrees: ReadonlyMap<string, readonly string[]>,
): { counters: Map<string, DepartmentCounters>; receivedInSubtree: Map<string, number> } {
  const counters = new Map<string, DepartmentCounters>();
  const receivedInSubtree = new Map<string, number>([...subtrees.keys()].map((id) => [id, 0]));
  const of = (department: string) => {
    let c = counters.get(department);
    if (!c) counters.set(department, (c = { ...NO_COUNTS }));
    return c;
  };
  for (const c of cases) {
    if (c.createdAt < period.start || c.createdAt >= period.end) continue;
    for (const [department, h] of c.held) {
      const n = of(department);
      const until = h.leftAt ?? now;
      n.handled++;
      if (h.signedAt !== null || (h.signDeadline !== null && h.signDeadline < until)) n.signDue++;
      if (h.signOnTime) n.signedOnTime++;
      if (h.repliedAt !== null || (h.signedAt !== null && h.replyDeadline !== null && h.replyDeadline < until)) n.replyDue++;
      if (h.replyOnTime) n.repliedOnTime++;
      if (h.satisfaction !== null) n.calledBack++;
      if (h.satisfaction === 'satisfied' || h.satisfaction === 'basically_satisfied') n.satisfied++;
      if (h.resolved) n.resolved++;
      if (h.returns > 0) n.returned++;
      n.returnsRefused += h.returnsRefused;
      if (h.repliedAt !== null) {
        n.replied++;
        n.replyHoursTotal += (h.repliedAt.getTime() - h.firstDispatchedAt.getTime() - h.pausedSeconds * 1000) / 3_600_000;
      }
      if (h.reopened) n.reopened++;
    }
    const deadline = c.deadlines[STAGE_OF[c.status]] ?? null;
    if (c.status !== 'closed' && !c.paused && c.owner !== null && deadline !== null && deadline < now) of(c.owner).overdueOpen++;
    for (const [root, units] of subtrees) {
      if (units.some((unit) => c.held.has(unit))) receivedInSubtree.set(root, receivedInSubtree.get(root)! + 1);
    }
  }
  return { counters, receivedInSubtree };
}
