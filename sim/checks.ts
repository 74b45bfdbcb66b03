import type { Client } from 'pg';

/**
 * The accountability promises, asked of the database itself at one instant: what the tables say, never
 * what the simulator thinks it did. `now` is the virtual instant; `graceMs` is one sweep interval.
 */
export interface InstantFindings {
  at: string;
  open: number;
  /** Open cases whose owner is a deactivated department. */
  heldByDeactivated: string[];
  /** At the centre, past the dispatch deadline by more than one sweep, and no reminder (case.overdue) for that deadline. */
  centreOverdueUnreminded: string[];
  /** Any open case past its current deadline by more than one sweep with no case.overdue for that deadline. */
  overdueUnreminded: string[];
  /** Returned to the centre a fourth time. */
  returnedFourTimes: string[];
  /** Waiting for a supervisor's decide-owner: id and when the third return happened. */
  awaitingDecision: { id: string; since: Date }[];
}

export async function sampleInstant(db: Client, now: Date, graceMs: number): Promise<InstantFindings> {
  const before = new Date(now.getTime() - graceMs);
  // One client, one question at a time.
  const open = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE status <> 'closed' AND created_at <= $1`, [now]);
  const deactivated = await db.query<{ id: string }>(
    `SELECT c.id FROM cases c JOIN departments d ON d.id = c.owner_department_id
      WHERE c.status <> 'closed' AND NOT d.active`,
  );
  // current_deadline is the running stage's deadline (NULL while paused): the overdue cases, not
  // reminded of that very deadline.
  const unreminded = await db.query<{ id: string; status: string }>(
    `SELECT c.id, c.status FROM cases c
      WHERE c.status <> 'closed' AND c.current_deadline < $1
        AND NOT EXISTS (SELECT 1 FROM case_events e
                         WHERE e.case_id = c.id AND e.type = 'case.overdue'
                           AND (e.data->>'deadline')::timestamptz = c.current_deadline)`,
    [before],
  );
  const fourth = await db.query<{ id: string }>(`SELECT id FROM cases WHERE return_count > 3`);
  const awaiting = await db.query<{ id: string; since: Date }>(
    `SELECT c.id, (SELECT max(e.at) FROM case_events e WHERE e.case_id = c.id AND e.type = 'case.returned') AS since
       FROM cases c WHERE c.status = 'returned' AND c.return_count > 2`,
  );
  return {
    at: now.toISOString(),
    open: open.rows[0].n,
    heldByDeactivated: deactivated.rows.map((r) => r.id),
    centreOverdueUnreminded: unreminded.rows.filter((r) => r.status === 'received' || r.status === 'returned').map((r) => r.id),
    overdueUnreminded: unreminded.rows.map((r) => r.id),
    returnedFourTimes: fourth.rows.map((r) => r.id),
    awaitingDecision: awaiting.rows,
  };
}

/**
 * How late each overdue reminder came, and any written twice. Late is counted from the deadline, or from
 * the step that set it when it had passed already (a refused return gives back the department's old
 * deadlines): the case could not be reminded of it before it was its deadline again.
 */
export async function reminderLateness(db: Client): Promise<{ reminders: number; maxLateMs: number; lateBeyond: (graceMs: number) => number; duplicates: number }> {
  const { rows } = await db.query<{ late: number }>(
    `SELECT extract(epoch FROM e.at - greatest((e.data->>'deadline')::timestamptz,
              (SELECT max(s.at) FROM case_events s
                WHERE s.case_id = e.case_id AND s.seq < e.seq AND jsonb_typeof(s.data->'deadlines') = 'object'
                  AND EXISTS (SELECT 1 FROM jsonb_each_text(s.data->'deadlines') d
                               WHERE d.value::timestamptz = (e.data->>'deadline')::timestamptz)))) * 1000 AS late
       FROM case_events e WHERE e.type = 'case.overdue'`,
  );
  const { rows: dup } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT case_id, data->>'deadline' FROM case_events WHERE type = 'case.overdue'
        GROUP BY 1, 2 HAVING count(*) > 1) x`,
  );
  const late = rows.map((r) => Number(r.late));
  return {
    reminders: late.length,
    maxLateMs: late.length ? Math.max(...late) : 0,
    lateBeyond: (graceMs) => late.filter((l) => l > graceMs).length,
    duplicates: dup[0].n,
  };
}

/**
 * Per case that reached a department: hours from intake to the first dispatch, and to the dispatch that
 * stood (the last move from the centre to a department: a dispatch, a supervisor's decision, or a
 * refused return giving the case back).
 */
export async function timesToOwner(db: Client): Promise<{ first: number[]; stood: number[] }> {
  const { rows } = await db.query<{ first: number; stood: number }>(
    `SELECT extract(epoch FROM min(e.at) - c.created_at) / 3600 AS first,
            extract(epoch FROM max(e.at) - c.created_at) / 3600 AS stood
       FROM cases c JOIN case_events e ON e.case_id = c.id
      WHERE e.from_owner_department_id IS NULL AND e.to_owner_department_id IS NOT NULL
        AND e.type IN ('case.dispatched', 'case.owner_decided', 'case.return_refused')
      GROUP BY c.id, c.created_at`,
  );
  return { first: rows.map((r) => Number(r.first)), stood: rows.map((r) => Number(r.stood)) };
}

/** Decisions after a third return: when the case became a supervisor's, and when (if) one decided. */
export async function decisionWaits(db: Client): Promise<{ id: string; since: Date; decidedAt: Date | null }[]> {
  const { rows } = await db.query<{ id: string; since: Date; decidedAt: Date | null }>(
    `WITH third AS (
       SELECT case_id, at FROM (
         SELECT case_id, at, type, row_number() OVER (PARTITION BY case_id ORDER BY seq) AS n
           FROM case_events WHERE type = 'case.returned' AND to_owner_department_id IS NULL) r
        WHERE n = 3)
     SELECT t.case_id AS id, t.at AS since,
            (SELECT min(e.at) FROM case_events e WHERE e.case_id = t.case_id AND e.type = 'case.owner_decided' AND e.at >= t.at) AS "decidedAt"
       FROM third t`,
  );
  return rows;
}

/**
 * Columns that stamp when something happened to a case, with values outside the virtual span: those
 * can only come from the database's `now()` (the real date), not from the app's Clock.
 */
export async function realClockLeaks(db: Client, virtualStart: Date, virtualEnd: Date): Promise<{ column: string; rows: number }[]> {
  const { rows: columns } = await db.query<{ table: string; column: string }>(
    `SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.data_type = 'timestamp with time zone'
        AND (c.table_name LIKE 'case%' OR c.table_name IN ('supervisions', 'department_case_facts', 'notifications', 'hotspots', 'incidents'))
        AND (c.column_name = 'at' OR c.column_name LIKE '%\\_at')
        AND c.column_name NOT IN ('near_deadline_at', 'expires_at', 'window_ends_at', 'next_attempt_at', 'lease_until', 'review_due_at')
      ORDER BY 1, 2`,
  );
  const leaks: { column: string; rows: number }[] = [];
  for (const { table, column } of columns) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" > $1 OR "${column}" < $2`, [
      new Date(virtualEnd.getTime() + 60_000),
      virtualStart,
    ]);
    if (rows[0].n > 0) leaks.push({ column: `${table}.${column}`, rows: rows[0].n });
  }
  return leaks;
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
