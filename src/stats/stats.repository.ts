import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import type { DepartmentCounters } from './figures';

/**
 * The figures' queries: one pass over `department_case_facts` for the period (index on
 * `case_created_at`), one over the open overdue cases (index on `current_deadline`), and a distinct
 * count of cases for units with children.
 */
@Injectable()
export class StatsRepository {
  constructor(private readonly db: Db) {}

  async counters(from: Date, to: Date, now: Date): Promise<Map<string, DepartmentCounters>> {
    const rows = await this.db.query<Record<string, string | number | null>>(
      `SELECT f.department_id AS "departmentId",
              count(*)::int AS handled,
              count(*) FILTER (WHERE f.signed_at IS NOT NULL OR f.sign_deadline < COALESCE(f.left_at, $3))::int AS "signDue",
              count(*) FILTER (WHERE f.sign_on_time)::int AS "signedOnTime",
              count(*) FILTER (WHERE f.replied_at IS NOT NULL
                               OR (f.signed_at IS NOT NULL AND f.reply_deadline < COALESCE(f.left_at, $3)))::int AS "replyDue",
              count(*) FILTER (WHERE f.reply_on_time)::int AS "repliedOnTime",
              count(*) FILTER (WHERE f.satisfaction IS NOT NULL)::int AS "calledBack",
              count(*) FILTER (WHERE f.satisfaction IN ('satisfied', 'basically_satisfied'))::int AS satisfied,
              count(*) FILTER (WHERE f.resolved)::int AS resolved,
              count(*) FILTER (WHERE f.returns > 0)::int AS returned,
              COALESCE(sum(f.returns_refused), 0)::int AS "returnsRefused",
              count(*) FILTER (WHERE f.replied_at IS NOT NULL)::int AS replied,
              count(*) FILTER (WHERE f.reopened)::int AS reopened,
              COALESCE(sum(extract(epoch FROM f.replied_at - f.first_dispatched_at) - f.paused_seconds) / 3600, 0)::float8 AS "replyHoursTotal"
         FROM department_case_facts f
        WHERE f.case_created_at >= $1 AND f.case_created_at < $2
        GROUP BY f.department_id`,
      [from, to, now],
    );
    const overdue = await this.db.query<{ departmentId: string; n: number }>(
      `SELECT owner_department_id AS "departmentId", count(*)::int AS n
         FROM cases
        WHERE status <> 'closed' AND current_deadline < $3 AND owner_department_id IS NOT NULL
          AND created_at >= $1 AND created_at < $2
        GROUP BY owner_department_id`,
      [from, to, now],
    );
    const overdueBy = new Map(overdue.map((o) => [o.departmentId, o.n]));
    const byDepartment = new Map(rows.map((r) => [r.departmentId as string, r]));
    const ids = new Set([...byDepartment.keys(), ...overdueBy.keys()]);
    const counters = (departmentId: string): DepartmentCounters => {
      const r = byDepartment.get(departmentId) ?? {};
      const n = (k: string) => Number(r[k] ?? 0);
      return {
        handled: n('handled'),
        signDue: n('signDue'),
        signedOnTime: n('signedOnTime'),
        replyDue: n('replyDue'),
        repliedOnTime: n('repliedOnTime'),
        calledBack: n('calledBack'),
        satisfied: n('satisfied'),
        resolved: n('resolved'),
        returned: n('returned'),
        returnsRefused: n('returnsRefused'),
        replied: n('replied'),
        reopened: n('reopened'),
        replyHoursTotal: n('replyHoursTotal'),
        overdueOpen: overdueBy.get(departmentId) ?? 0,
      };
    };
    return new Map([...ids].map((departmentId) => [departmentId, counters(departmentId)]));
  }

  /** Distinct cases of the period held anywhere in each given unit's subtree. */
  async receivedBySubtree(from: Date, to: Date, subtrees: Map<string, string[]>): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    for (const [root, members] of subtrees) {
      const [{ n }] = await this.db.query<{ n: number }>(
        `SELECT count(DISTINCT case_id)::int AS n FROM department_case_facts
          WHERE department_id = ANY($3) AND case_created_at >= $1 AND case_created_at < $2`,
        [from, to, members],
      );
      result.set(root, n);
    }
    return result;
  }

  /**
   * The centre's own figures for the cases of a period (by intake time): how many it received, how it
   * closed those it closed itself (the partial index on centre closings), and how many it dispatched
   * and how many of those came back with a return that stood (from the timeline: a return to the
   * centre counts unless the centre refused it — each refusal undoes one return).
   */
  async centre(from: Date, to: Date): Promise<CentreCounters> {
    const [{ received }] = await this.db.query<{ received: number }>(
      `SELECT count(*)::int AS received FROM cases WHERE created_at >= $1 AND created_at < $2`,
      [from, to],
    );
    const [closings] = await this.db.query<Omit<CentreCounters, 'received' | 'dispatched' | 'dispatchedWithReturn'>>(
      `SELECT count(*) FILTER (WHERE close_reason = 'answered')::int AS answered,
              count(*) FILTER (WHERE close_reason = 'merged')::int AS merged,
              count(*) FILTER (WHERE close_reason = 'not_accepted')::int AS "notAccepted",
              count(*) FILTER (WHERE transfer_to = '110')::int AS "t110",
              count(*) FILTER (WHERE transfer_to = '119')::int AS "t119",
              count(*) FILTER (WHERE transfer_to = '120')::int AS "t120",
              count(*) FILTER (WHERE transfer_to = '122')::int AS "t122"
         FROM cases
        WHERE created_at >= $1 AND created_at < $2 AND close_reason IN ('answered', 'not_accepted', 'merged', 'transferred')`,
      [from, to],
    );
    const [dispatch] = await this.db.query<{ dispatched: number; dispatchedWithReturn: number }>(
      `SELECT count(*) FILTER (WHERE dispatched)::int AS dispatched,
              count(*) FILTER (WHERE dispatched AND returns_stood > 0)::int AS "dispatchedWithReturn"
         FROM (SELECT e.case_id,
                      bool_or(e.type IN ('case.dispatched', 'case.owner_decided') AND e.from_owner_department_id IS NULL) AS dispatched,
                      count(*) FILTER (WHERE e.type = 'case.returned' AND e.to_owner_department_id IS NULL)
                        - count(*) FILTER (WHERE e.type = 'case.return_refused') AS returns_stood
                 FROM cases c JOIN case_events e ON e.case_id = c.id
                WHERE c.created_at >= $1 AND c.created_at < $2
                  AND e.type IN ('case.dispatched', 'case.owner_decided', 'case.returned', 'case.return_refused')
                GROUP BY e.case_id) per_case`,
      [from, to],
    );
    return { received, ...closings, ...dispatch };
  }

  /** The day's cases by hour (Asia/Shanghai), channel and region: one range of `cases_created_keys_idx`, index-only. */
  dayCounts(start: Date, end: Date): Promise<{ hour: number; channel: string; regionCode: string | null; n: number }[]> {
    return this.db.prepared(
      `SELECT extract(hour FROM created_at AT TIME ZONE 'Asia/Shanghai')::int AS hour, channel, region_code AS "regionCode", count(*)::int AS n
         FROM cases WHERE created_at >= $1 AND created_at < $2
        GROUP BY 1, 2, 3`,
      [start, end],
    );
  }

  /** Cases by hour over the same day `weeks` weeks back, each week: index-only ranges of `cases_created_keys_idx`. */
  weeksBackByHour(start: Date, end: Date, weeks: number): Promise<{ hour: number; n: number }[]> {
    return this.db.prepared(
      `SELECT extract(hour FROM c.created_at AT TIME ZONE 'Asia/Shanghai')::int AS hour, count(*)::int AS n
         FROM generate_series(1, $3::int) AS w(w)
         CROSS JOIN LATERAL (SELECT created_at FROM cases
                              WHERE created_at >= $1::timestamptz - make_interval(weeks => w.w)
                                AND created_at < $2::timestamptz - make_interval(weeks => w.w)) c
        GROUP BY 1`,
      [start, end, weeks],
    );
  }

  /** Cases per status now, from the deltas the triggers on `cases` append (migration CaseStatusCounts). */
  statusCounts(): Promise<{ status: string; n: number }[]> {
    return this.db.prepared(`SELECT status, sum(n)::int AS n FROM case_status_deltas GROUP BY status`);
  }

  /** Folds the status deltas into one row per status; false when another instance is doing it. */
  async compactStatusCounts(): Promise<boolean> {
    return this.db.transaction(async () => {
      const [{ locked }] = await this.db.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [STATUS_COUNTS_LOCK]);
      if (!locked) return false;
      await this.db.query(
        `WITH gone AS (DELETE FROM case_status_deltas WHERE id <= (SELECT max(id) FROM case_status_deltas) RETURNING status, n)
         INSERT INTO case_status_deltas (status, n) SELECT status, sum(n) FROM gone GROUP BY status HAVING sum(n) <> 0 ORDER BY status`,
      );
      return true;
    });
  }

  /**
   * Open overdue cases per owner now (null: the centre): one index-only range of
   * `cases_owner_open_deadline_idx` per owner (the departments, then the centre), instead of grouping
   * every open case of the city.
   */
  overdueByOwner(now: Date): Promise<{ owner: string | null; n: number }[]> {
    return this.db.prepared(
      `SELECT d.id AS owner, (SELECT count(*)::int FROM cases c
                              WHERE c.owner_department_id = d.id AND c.status <> 'closed' AND c.current_deadline < $1) AS n
         FROM departments d
       UNION ALL
       SELECT NULL::uuid, (SELECT count(*)::int FROM cases c
                            WHERE c.owner_department_id IS NULL AND c.status <> 'closed' AND c.current_deadline < $1)`,
      [now],
    );
  }
}

export interface CentreCounters {
  received: number;
  answered: number;
  merged: number;
  notAccepted: number;
  t110: number;
  t119: number;
  t120: number;
  t122: number;
  dispatched: number;
  dispatchedWithReturn: number;


}

// Any constant works; it only has to be the same for every instance.
const STATUS_COUNTS_LOCK = 1_234_500_005;
