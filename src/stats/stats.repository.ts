import { Injectable } from '@nestjs/common';
import { shanghaiDate } from '../calendar/deadline-math';
import { Db } from '../database/db';
import type { DepartmentCounters } from './figures';

/**
 * The figures' queries. The department counters read `department_day_figures` — days × departments
 * rows, kept by triggers on `department_case_facts` (migration FigureRollups) — plus the running stages
 * whose deadline passed since the janitor's last mark (two partial indexes), and the open overdue cases
 * (index on `current_deadline`). None of them grows with the period's cases.
 */
@Injectable()
export class StatsRepository {
  constructor(private readonly db: Db) {}

  async counters(from: Date, to: Date, now: Date): Promise<Map<string, DepartmentCounters>> {
    const [firstDay, lastDay] = [shanghaiDate(from), shanghaiDate(new Date(to.getTime() - 1))];
    const rows = await this.db.prepared<Record<string, string | number | null>>(
      `SELECT department_id AS "departmentId",
              sum(handled)::int AS handled,
              sum(sign_ended)::int AS "signEnded",
              sum(signed_on_time)::int AS "signedOnTime",
              sum(reply_ended)::int AS "replyEnded",
              sum(replied_on_time)::int AS "repliedOnTime",
              sum(called_back)::int AS "calledBack",
              sum(satisfied)::int AS satisfied,
              sum(resolved)::int AS resolved,
              sum(returned)::int AS returned,
              sum(returns_refused)::int AS "returnsRefused",
              sum(replied)::int AS replied,
              sum(reopened)::int AS reopened,
              (sum(reply_seconds) / 3600)::float8 AS "replyHoursTotal",
              sum(overdue_open)::int AS "overdueOpen"
         FROM department_day_figures
        WHERE day BETWEEN $1 AND $2
        GROUP BY department_id`,
      [firstDay, lastDay],
    );
    // Stages still running whose deadline passed since the janitor last marked them (see markLapsed).
    const lapsed = await this.db.prepared<{ departmentId: string; sign: number; reply: number }>(
      `SELECT department_id AS "departmentId", sum(sign)::int AS sign, sum(reply)::int AS reply
         FROM (SELECT department_id, 1 AS sign, 0 AS reply FROM department_case_facts
                WHERE left_at IS NULL AND signed_at IS NULL AND NOT sign_lapsed AND sign_deadline < $3
                  AND case_created_at >= $1 AND case_created_at < $2
               UNION ALL
               SELECT department_id, 0, 1 FROM department_case_facts
                WHERE left_at IS NULL AND replied_at IS NULL AND signed_at IS NOT NULL AND NOT reply_lapsed AND reply_deadline < $3
                  AND case_created_at >= $1 AND case_created_at < $2) running
        GROUP BY department_id`,
      [from, to, now],
    );
    // Open cases whose deadline passed since the janitor last marked them.
    const overdue = await this.db.prepared<{ departmentId: string; n: number }>(
      `SELECT owner_department_id AS "departmentId", count(*)::int AS n
         FROM cases
        WHERE status <> 'closed' AND owner_department_id IS NOT NULL AND NOT overdue_marked AND current_deadline < $3
          AND created_at >= $1 AND created_at < $2
        GROUP BY owner_department_id`,
      [from, to, now],
    );
    const overdueBy = new Map(overdue.map((o) => [o.departmentId, o.n]));
    const lapsedBy = new Map(lapsed.map((l) => [l.departmentId, l]));
    const byDepartment = new Map(rows.map((r) => [r.departmentId as string, r]));
    const ids = new Set([...byDepartment.keys(), ...overdueBy.keys()]);
    const counters = (departmentId: string): DepartmentCounters => {
      const r = byDepartment.get(departmentId) ?? {};
      const n = (k: string) => Number(r[k] ?? 0);
      return {
        handled: n('handled'),
        signDue: n('signEnded') + (lapsedBy.get(departmentId)?.sign ?? 0),
        signedOnTime: n('signedOnTime'),
        replyDue: n('replyEnded') + (lapsedBy.get(departmentId)?.reply ?? 0),
        repliedOnTime: n('repliedOnTime'),
        calledBack: n('calledBack'),
        satisfied: n('satisfied'),
        resolved: n('resolved'),
        returned: n('returned'),
        returnsRefused: n('returnsRefused'),
        replied: n('replied'),
        reopened: n('reopened'),
        replyHoursTotal: n('replyHoursTotal'),
        overdueOpen: n('overdueOpen') + (overdueBy.get(departmentId) ?? 0),
      };
    };
    return new Map([...ids].map((departmentId) => [departmentId, counters(departmentId)]));
  }

  /** Distinct cases of the period held anywhere in each given unit's subtree, from the rollups. */
  async receivedBySubtree(from: Date, to: Date, roots: string[]): Promise<Map<string, number>> {
    if (roots.length === 0) return new Map();
    const rows = await this.db.prepared<{ departmentId: string; n: number }>(
      `SELECT department_id AS "departmentId", sum(received_in_subtree)::int AS n
         FROM department_day_figures
        WHERE day BETWEEN $1 AND $2 AND department_id = ANY($3)
        GROUP BY department_id`,
      [shanghaiDate(from), shanghaiDate(new Date(to.getTime() - 1)), roots],
    );
    return new Map(rows.map((r) => [r.departmentId, r.n]));
  }

  /**
   * Marks the holdings whose sign-for or reply deadline has passed while the stage still runs, and the
   * open cases past their current deadline, so that the rollups count them and the report's scans of
   * what is not yet marked stay short; then folds
   * each day and department's deltas into one row. False when another instance is doing it.
   */
  async foldFigureRollups(now: Date): Promise<boolean> {
    return this.db.transaction(async () => {
      const [{ locked }] = await this.db.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [FIGURE_ROLLUPS_LOCK]);
      if (!locked) return false;
      await this.db.query(
        `UPDATE department_case_facts SET sign_lapsed = true
          WHERE left_at IS NULL AND signed_at IS NULL AND NOT sign_lapsed AND sign_deadline < $1`,
        [now],
      );
      await this.db.query(
        `UPDATE department_case_facts SET reply_lapsed = true
          WHERE left_at IS NULL AND replied_at IS NULL AND signed_at IS NOT NULL AND NOT reply_lapsed AND reply_deadline < $1`,
        [now],
      );
      await this.db.query(
        `UPDATE cases SET overdue_marked = true
          WHERE status <> 'closed' AND owner_department_id IS NOT NULL AND NOT overdue_marked AND current_deadline < $1`,
        [now],
      );
      await this.db.query(
        `WITH keys AS (SELECT DISTINCT day, department_id FROM department_day_figures WHERE NOT folded),
         gone AS (
           DELETE FROM department_day_figures f USING keys k
            WHERE f.day = k.day AND f.department_id = k.department_id
           RETURNING f.*)
         INSERT INTO department_day_figures (day, department_id, folded, handled, received_in_subtree, sign_ended, signed_on_time,
           reply_ended, replied_on_time, called_back, satisfied, resolved, returned, returns_refused, replied, reopened, reply_seconds,
           overdue_open)
         SELECT day, department_id, true, sum(handled), sum(received_in_subtree), sum(sign_ended), sum(signed_on_time),
                sum(reply_ended), sum(replied_on_time), sum(called_back), sum(satisfied), sum(resolved), sum(returned),
                sum(returns_refused), sum(replied), sum(reopened), sum(reply_seconds), sum(overdue_open)
           FROM gone GROUP BY day, department_id ORDER BY day, department_id`,
      );
      await this.db.query(
        `WITH keys AS (SELECT DISTINCT day FROM centre_day_figures WHERE NOT folded),
         gone AS (DELETE FROM centre_day_figures f USING keys k WHERE f.day = k.day RETURNING f.*)
         INSERT INTO centre_day_figures (day, folded, received, answered, merged, not_accepted, t110, t119, t120, t122,
           dispatched, dispatched_with_return)
         SELECT day, true, sum(received), sum(answered), sum(merged), sum(not_accepted), sum(t110), sum(t119), sum(t120),
                sum(t122), sum(dispatched), sum(dispatched_with_return)
           FROM gone GROUP BY day ORDER BY day`,
      );
      return true;
    });
  }

  /**
   * The centre's own figures for the cases of a period (by intake time), from `centre_day_figures`:
   * how many it received, how it closed those it closed itself, how many it dispatched and how many of
   * those came back with a return that stood (migration FigureRollups keeps them).
   */
  async centre(from: Date, to: Date): Promise<CentreCounters> {
    const [row] = await this.db.prepared<CentreCounters>(
      `SELECT COALESCE(sum(received), 0)::int AS received, COALESCE(sum(answered), 0)::int AS answered,
              COALESCE(sum(merged), 0)::int AS merged, COALESCE(sum(not_accepted), 0)::int AS "notAccepted",
              COALESCE(sum(t110), 0)::int AS t110, COALESCE(sum(t119), 0)::int AS t119,
              COALESCE(sum(t120), 0)::int AS t120, COALESCE(sum(t122), 0)::int AS t122,
              COALESCE(sum(dispatched), 0)::int AS dispatched, COALESCE(sum(dispatched_with_return), 0)::int AS "dispatchedWithReturn"
         FROM centre_day_figures
        WHERE day BETWEEN $1 AND $2`,
      [shanghaiDate(from), shanghaiDate(new Date(to.getTime() - 1))],
    );
    return row;
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
const FIGURE_ROLLUPS_LOCK = 1_234_500_006;
