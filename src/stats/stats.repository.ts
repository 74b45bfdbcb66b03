import { Injectable } from '@nestjs/common';
import { shanghaiDate } from '../calendar/deadline-math';
import { isLockNotAvailable } from '../common/database-errors';
import { Db } from '../database/db';
import type { DepartmentCounters } from './figures';

/**
 * The figures' queries. The department counters read `department_day_figures` — days × departments
 * rows, kept by triggers on `department_case_facts` and `case_overdue_marks` (migrations FigureRollups and
 * OverdueMarks) — plus what passed since the janitor's last mark: the running stages whose deadline
 * passed (two partial indexes) and the open cases whose deadline passed (the open cases' deadline
 * index). None of them grows with the period's cases.
 */
@Injectable()
export class StatsRepository {
  constructor(private readonly db: Db) {}

  async counters(from: Date, to: Date, now: Date): Promise<Map<string, DepartmentCounters>> {
    // One statement, so the rollups and what the janitor has not marked yet are read from one snapshot:
    // a fold committing between two reads would count a mark twice or not at all.
    const rows = await this.db.prepared<Record<string, string | number>>(
      `SELECT department_id AS "departmentId",
              sum(handled)::int AS handled,
              sum(sign_ended)::int AS "signDue",
              sum(signed_on_time)::int AS "signedOnTime",
              sum(reply_ended)::int AS "replyDue",
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
         FROM (SELECT department_id, handled, sign_ended, signed_on_time, reply_ended, replied_on_time, called_back, satisfied,
                      resolved, returned, returns_refused, replied, reopened, reply_seconds, overdue_open
                 FROM department_day_figures
                WHERE day BETWEEN $4 AND $5
               UNION ALL
               -- sign-for stages still running whose deadline passed since the janitor last marked them
               SELECT department_id, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                 FROM department_case_facts
                WHERE left_at IS NULL AND signed_at IS NULL AND NOT sign_lapsed AND sign_deadline < $3
                  AND case_created_at >= $1 AND case_created_at < $2
               UNION ALL
               -- and reply stages
               SELECT department_id, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                 FROM department_case_facts
                WHERE left_at IS NULL AND replied_at IS NULL AND signed_at IS NOT NULL AND NOT reply_lapsed AND reply_deadline < $3
                  AND case_created_at >= $1 AND case_created_at < $2
               UNION ALL
               -- open cases whose deadline lies between the marks' watermark and now
               -- (the watermark as a scalar subquery: as a join, the planner could not see it bounds the
               -- deadline index's range, and read the month's open cases instead: 147 ms at a million)
               SELECT c.owner_department_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
                 FROM cases c
                WHERE c.status <> 'closed' AND c.owner_department_id IS NOT NULL
                  AND c.current_deadline >= (SELECT overdue_through FROM figure_marks) AND c.current_deadline < $3
                  AND c.created_at >= $1 AND c.created_at < $2
               UNION ALL
               -- marked cases not yet overdue at the instant asked about (one before the watermark)
               SELECT department_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1
                 FROM case_overdue_marks
                WHERE deadline >= $3 AND day BETWEEN $4 AND $5) parts
        GROUP BY department_id`,
      [from, to, now, shanghaiDate(from), shanghaiDate(new Date(to.getTime() - 1))],
    );
    const numbers = (r: Record<string, string | number>): DepartmentCounters => ({
      handled: Number(r.handled),
      signDue: Number(r.signDue),
      signedOnTime: Number(r.signedOnTime),
      replyDue: Number(r.replyDue),
      repliedOnTime: Number(r.repliedOnTime),
      calledBack: Number(r.calledBack),
      satisfied: Number(r.satisfied),
      resolved: Number(r.resolved),
      returned: Number(r.returned),
      returnsRefused: Number(r.returnsRefused),
      replied: Number(r.replied),
      reopened: Number(r.reopened),
      replyHoursTotal: Number(r.replyHoursTotal),
      overdueOpen: Number(r.overdueOpen),
    });
    return new Map(rows.map((r) => [r.departmentId as string, numbers(r)]));
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
   * Marks the open cases past their current deadline (when no case change holds the marks: else at the
   * next fold), then the holdings whose sign-for or reply deadline has passed while the stage still runs,
   * so that the rollups count them and the report's scans of what is not yet marked stay short; then
   * folds each day and department's deltas into one row. False when another instance is doing it.
   */
  async foldFigureRollups(now: Date): Promise<boolean> {
    // Two transactions: the marks' lock holds back case changes, so it is held only while marking.
    for (let attempt = 1; ; attempt++) {
      const marked = await this.exclusively(() => this.markOverdue(now)).catch((error: unknown) => {
        if (isLockNotAvailable(error)) return null;
        throw error;
      });
      if (marked === false) return false;
      // Changes hold the marks right now: a little later, or at the next fold (the report counts what is
      // not marked yet all the same).
      if (marked === true || attempt === MARK_ATTEMPTS) break;
      await new Promise((resolve) => setTimeout(resolve, MARK_RETRY_MS));
    }
    return this.exclusively(async () => {
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
    });
  }

  /** Runs `work` in a transaction unless another instance is folding: false then. */
  private exclusively(work: () => Promise<void>): Promise<boolean> {
    return this.db.transaction(async () => {
      const [{ locked }] = await this.db.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [FIGURE_ROLLUPS_LOCK]);
      if (locked) await work();
      return locked;
    });
  }

  /**
   * Moves the overdue marks' watermark to `now` (migration OverdueMarks): marks the open, owned cases
   * whose deadline it passes — a range of the open cases' deadline index — or, when the clock went
   * back, lets go of the marks not yet due. SHARE ROW EXCLUSIVE waits for the changes in flight that
   * re-marked a case against the old watermark and holds new ones until this commits.
   *
   * It never waits for the lock (NOWAIT): a case change queued behind a waiting janitor would hold its
   * row lock meanwhile, and a request waiting for that row while holding the marks would close a cycle
   * that PostgreSQL breaks by failing one of them — possibly a user's request.
   */
  private async markOverdue(now: Date): Promise<void> {
    await this.db.query(`LOCK TABLE case_overdue_marks IN SHARE ROW EXCLUSIVE MODE NOWAIT`);
    const [{ forward, back }] = await this.db.query<{ forward: boolean; back: boolean }>(
      `SELECT overdue_through < $1 AS forward, overdue_through > $1 AS back FROM figure_marks`,
      [now],
    );
    if (forward) {
      await this.db.query(
        `INSERT INTO case_overdue_marks (case_id, day, department_id, deadline)
         SELECT c.id, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, c.owner_department_id, c.current_deadline
           FROM cases c
          WHERE c.status <> 'closed' AND c.owner_department_id IS NOT NULL
            AND c.current_deadline >= (SELECT overdue_through FROM figure_marks) AND c.current_deadline < $1`,
        [now],
      );
    } else if (back) {
      await this.db.query(`DELETE FROM case_overdue_marks WHERE deadline >= $1`, [now]);
    }
    await this.db.query(`UPDATE figure_marks SET overdue_through = $1`, [now]);
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
/** How often, and how far apart, the janitor tries to take the overdue marks' lock in one fold. */
const MARK_ATTEMPTS = 40;
const MARK_RETRY_MS = 25;
const FIGURE_ROLLUPS_LOCK = 1_234_500_006;
