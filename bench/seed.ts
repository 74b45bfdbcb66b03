import type { Client } from 'pg';
import { TRACKING_CODE_ALPHABET } from '../src/cases/codes';

/**
 * Share of the department-held cases per department (sums to 100). The central district (qcq) gets
 * half: its open queue must be deep enough for the benchmark's page 200,000 rows down.
 */
const DEPARTMENT_WEIGHTS: Record<string, number> = {
  qcq: 50,
  'qcq.fcjd': 3,
  'qcq.dljd': 3,
  rsj: 6,
  sthjj: 5,
  zjj: 6,
  jtj: 4,
  scjgj: 6,
  cgj: 6,
  swj: 4,
  yds: 5,
  'yds.ycjd': 2,
};

/** The department whose open queue the queue benchmarks read. */
export const QUEUE_DEPARTMENT = 'qcq';

/** Numbers that ring often (`1390000` + four digits): the caller-history benchmark's hardest cases. */
export const FREQUENT_CALLER_PREFIX = '1390000';
export const FREQUENT_CALLERS = 50;

const TITLES = [
  '夜间施工噪音扰民', '小区供水压力不足', '拖欠农民工工资', '公交车未按站停靠', '餐馆油烟污染', '占道经营影响通行',
  '路灯损坏无人维修', '网购商品质量问题', '社保缴费记录缺失', '出租车拒载', '垃圾清运不及时', '河道漂浮物较多',
  '物业收费不合理', '违章搭建', '学校周边交通拥堵', '政策咨询：人才补贴',
];
const NAMES = ['张先生', '李女士', '王先生', '陈女士', '刘先生', '黄女士', '周先生', '吴女士'];
const REGIONS = ['441802', '441803', '441821', '441823', '441825', '441826', '441881', '441882'];

export interface SeedReport {
  /** Seconds each statement took: the cases, their events, the facts (with the rollups' trigger). */
  phases: Record<string, number>;
  cases: number;
  events: number;
  facts: number;
  seconds: number;
  /** Open cases owned by QUEUE_DEPARTMENT, overdue open cases overall. */
  queueDepth: number;
  overdueOpen: number;
}

/** The figures' month and how many of the cases fall in it (BENCH_MONTH_CASES). */
export interface MonthLoad {
  from: Date;
  to: Date;
  cases: number;
}

interface Batch {
  /** How many cases, numbered from first + 1. */
  count: number;
  first: number;
  /** Spread uniformly over [from, to), less the gap. */
  from: Date;
  to: Date;
  gap?: { from: Date; to: Date };
}

/** All `n` over the 90 days; or `month.cases` in the month and the rest over the 90 days around it. */
function batches(n: number, now: Date, month?: MonthLoad): Batch[] {
  const from = new Date(now.getTime() - 90 * 86_400_000);
  if (!month) return [{ count: n, first: 0, from, to: now }];
  return [
    { count: n - month.cases, first: 0, from, to: now, gap: { from: month.from, to: month.to } },
    { count: month.cases, first: n - month.cases, from: month.from, to: month.to },
  ].filter((b) => b.count > 0);
}

/**
 * Fills `cases` with `n` valid cases spread over the last 90 days (with `month`: `month.cases` of them
 * in that month, the rest over the other days), in one INSERT … SELECT FROM
 * generate_series, then one `case.created` event per case and the figures' facts, then ANALYZE.
 *
 * Every row satisfies the schema's checks: `cases_one_owner` (received/returned: the centre; dispatched,
 * in progress, replied: a department), `cases_dispatch_recorded` (accountable department and dispatch
 * time), `cases_closed_at_matches_status`, `cases_replied_has_answer`, `cases_classified_before_dispatch`,
 * and the tracking-code and phone formats. `near_deadline_at` and `current_deadline` are left to the
 * trigger and the generated column. Times have millisecond precision, like the app's (its cursors
 * carry milliseconds).
 *
 * Shape: the older a case, the likelier it is closed (25% of today's, 70% of 90-day-old ones); open
 * cases are 12% received, 4% returned, 14% dispatched, 50% in progress, 20% replied; each open case's
 * current stage started between now and 1.25 × its length ago, so about a fifth are overdue. 12% of the
 * closed ones were answered by the centre at once; the rest were dispatched, replied and called back.
 */
export async function seedCases(client: Client, n: number, now: Date, month?: MonthLoad): Promise<SeedReport> {
  if (month && month.cases > n) throw new Error(`BENCH_MONTH_CASES (${month.cases}) cannot exceed BENCH_CASES (${n})`);
  const started = Date.now();
  const phases: Record<string, number> = {};
  let lapStarted = started;
  const lap = () => {
    const seconds = Math.round((Date.now() - lapStarted) / 100) / 10;
    lapStarted = Date.now();
    return seconds;
  };
  const { rows: departments } = await client.query<{ id: string; code: string; handler: string }>(
    `SELECT d.id, d.code, u.id AS handler FROM departments d JOIN users u ON u.username = 'h.' || d.code`,
  );
  const slots: string[] = [];
  const handlers: string[] = [];
  const slotRegions: (string | null)[] = [];
  for (const [code, weight] of Object.entries(DEPARTMENT_WEIGHTS)) {
    const d = departments.find((x) => x.code === code);
    if (!d) throw new Error(`The demo department ${code} is missing`);
    for (let k = 0; k < weight; k++) {
      slots.push(d.id);
      handlers.push(d.handler);
      slotRegions.push(code.startsWith('qcq') ? '441802' : code.startsWith('yds') ? '441881' : null);
    }
  }
  const { rows: leaves } = await client.query<{ code: string }>(
    `SELECT code FROM categories c WHERE NOT EXISTS (SELECT 1 FROM categories x WHERE x.parent_code = c.code) ORDER BY code`,
  );
  const [{ id: operator }] = (await client.query<{ id: string }>(`SELECT id FROM users WHERE username = 'op1'`)).rows;

  // Tracking codes: 4 random characters, then the row number in base 31 (6 characters): unique, valid.
  const a = TRACKING_CODE_ALPHABET;
  const digit = (k: number) => `substr('${a}', ((g.i / ${31 ** k}) % 31)::int + 1, 1)`;
  const randomChar = `substr('${a}', floor(random() * 31)::int + 1, 1)`;
  const trackingCode = [randomChar, randomChar, randomChar, randomChar, ...[5, 4, 3, 2, 1, 0].map(digit)].join(' || ');

  await client.query('BEGIN');
  await client.query(`SELECT setseed(0.12345)`);
  // PostgreSQL's own advice for a bulk load: drop the indexes and build them after — one sort per index
  // instead of a million insertions into each (three of them GIN). The cases' only: the unique ones
  // stay, and check; the events' and facts' triggers look rows up by their indexes.
  const indexes = await dropIndexes(client, ['cases']);
  phases.dropIndexes = lap();
  // Every case's search vector is one of TITLES.length (a title and the content made from it): computed
  // once each by the same function the trigger calls, and the trigger is off for this one statement
  // (a million cuts into bigrams would add minutes and measure nothing).
  const { rows: vectors } = await client.query<{ v: string }>(
    `SELECT search_vector(t || ' ' || left('市民来电反映：' || t || '，请相关部门尽快核实处理。', 500))::text AS v FROM unnest($1::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n`,
    [TITLES],
  );
  await client.query(`ALTER TABLE cases DISABLE TRIGGER cases_search_vector`);
  for (const batch of batches(n, now, month)) {
      await client.query(
      `INSERT INTO cases (
         search_vector,
         tracking_code, query_code, channel, kind, priority, category_code, region_code, address, title, content,
         citizen_name, citizen_phone, confidential, public_consent, status, owner_department_id, assignee_id,
         dispatch_deadline, sign_deadline, reply_deadline, callback_deadline, accountable_department_id, dispatched_at,
         suggested_department_id, stage_started_at, return_count, supervised, reply_content, resolution, replied_at,
         satisfaction, resolved, called_back_at, close_reason, version, created_by, created_at, updated_at, closed_at)
       SELECT ($11::tsvector[])[i % array_length($11::tsvector[], 1) + 1],
              tracking_code, query_code, channel, kind, priority, category_code, region_code, address, title, content,
              citizen_name, citizen_phone, false, public_consent, status,
              CASE WHEN held THEN dept END,
              CASE WHEN held AND status <> 'dispatched' THEN handler END,
              created_at + interval '1 day',
              CASE WHEN held THEN dispatched_at + interval '1 day' END,
              reply_deadline,
              CASE WHEN status = 'replied' OR (held AND status = 'closed') THEN replied_at + interval '3 days' END,
              CASE WHEN held THEN dept END,
              CASE WHEN held THEN dispatched_at END,
              dept, stage_started_at,
              CASE WHEN status = 'returned' THEN 1 + (i % 3) ELSE 0 END,
              status <> 'closed' AND r_misc < 0.02,
              CASE WHEN replied_at IS NOT NULL THEN '经核查，已责成相关单位处理，并将处理结果告知市民。' END,
              CASE WHEN replied_at IS NOT NULL THEN (CASE WHEN r_misc < 0.75 THEN 'resolved' ELSE 'explained' END) END,
              replied_at,
              CASE WHEN held AND status = 'closed'
                   THEN (CASE WHEN r_misc < 0.6 THEN 'satisfied' WHEN r_misc < 0.85 THEN 'basically_satisfied' ELSE 'unsatisfied' END) END,
              CASE WHEN held AND status = 'closed' THEN r_misc < 0.8 END,
              CASE WHEN held AND status = 'closed' THEN closed_at END,
              CASE WHEN status = 'closed' THEN (CASE WHEN held THEN 'callback' ELSE 'answered' END) END,
              CASE status WHEN 'received' THEN 1 WHEN 'returned' THEN 3 WHEN 'dispatched' THEN 2 WHEN 'in_progress' THEN 3
                          WHEN 'replied' THEN 4 ELSE 5 END,
              $4::uuid, created_at, greatest(stage_started_at, closed_at), closed_at
         FROM (
           SELECT *,
                  -- dispatched: the stage began with the dispatch; later stages: dispatched a while after intake
                  CASE WHEN status = 'dispatched' THEN stage_started_at
                       WHEN status = 'closed' THEN created_at + (closed_at - created_at) * 0.05
                       ELSE created_at + (stage_started_at - created_at) * 0.1 END AS dispatched_at,
                  -- signing started the reply stage: 5 working days ≈ 7 days
                  CASE status WHEN 'in_progress' THEN stage_started_at + interval '7 days'
                              WHEN 'replied' THEN created_at + (stage_started_at - created_at) * 0.3 + interval '7 days'
                              WHEN 'closed' THEN created_at + (closed_at - created_at) * 0.15 + interval '7 days' END AS reply_deadline,
                  CASE WHEN status = 'replied' THEN stage_started_at
                       WHEN status = 'closed' AND held THEN created_at + (closed_at - created_at) * 0.7 END AS replied_at
             FROM (
               SELECT *,
                      status IN ('dispatched', 'in_progress', 'replied') OR (status = 'closed' AND r_misc >= 0.12) AS held,
                      CASE WHEN status = 'closed' THEN closed_at
                           ELSE date_trunc('milliseconds', greatest(created_at, $5::timestamptz - r_stage * 1.25 *
                             CASE status WHEN 'in_progress' THEN interval '7 days' WHEN 'replied' THEN interval '3 days'
                                         ELSE interval '1 day' END)) END AS stage_started_at
                 FROM (
                   SELECT *,
                          CASE WHEN status = 'closed'
                               THEN date_trunc('milliseconds', least($5::timestamptz,
                                      created_at + CASE WHEN r_misc < 0.12 THEN interval '10 minutes'
                                                        ELSE interval '1 day' + r_stage * interval '14 days' END))
                          END AS closed_at
                     FROM (
                       SELECT g.i, r_misc, r_stage, ${trackingCode} AS tracking_code,
                              lpad(floor(random() * 1000000)::int::text, 6, '0') AS query_code,
                              (ARRAY['hotline','hotline','hotline','hotline','hotline','hotline','hotline','mailbox','web','app'])[g.i % 10 + 1] AS channel,
                              (ARRAY['complaint','complaint','complaint','request','request','consultation','suggestion','report'])[g.i % 8 + 1] AS kind,
                              CASE WHEN g.i % 100 = 0 THEN 'emergency' WHEN g.i % 100 < 10 THEN 'urgent' ELSE 'normal' END AS priority,
                              ($6::text[])[g.i % array_length($6::text[], 1) + 1] AS category_code,
                              COALESCE(($3::text[])[slot], ($7::text[])[g.i % 8 + 1]) AS region_code,
                              '清远市' || (g.i % 500) || '号' AS address,
                              ($8::text[])[g.i % array_length($8::text[], 1) + 1] AS title,
                              '市民来电反映：' || ($8::text[])[g.i % array_length($8::text[], 1) + 1] || '，请相关部门尽快核实处理。' AS content,
                              ($9::text[])[g.i % 8 + 1] AS citizen_name,
                              -- callers ring again: one case in 200 is one of 50 frequent callers' (~100 cases
                              -- each at a million), the rest spread over n/3 numbers (~3 cases each)
                              CASE WHEN g.i % 200 = 0 THEN '${FREQUENT_CALLER_PREFIX}' || lpad(((g.i / 200) % ${FREQUENT_CALLERS})::text, 4, '0')
                                   ELSE '13' || lpad((((g.i % greatest($10::int / 3, 1))::bigint * 7919) % 1000000000)::text, 9, '0') END AS citizen_phone,
                              g.i % 3 = 0 AS public_consent,
                              ($1::uuid[])[slot] AS dept, ($2::uuid[])[slot] AS handler,
                              created_at,
                              CASE WHEN r_status < 0.25 + 0.45 * age THEN 'closed'
                                   ELSE (SELECT CASE WHEN o < 0.12 THEN 'received' WHEN o < 0.16 THEN 'returned'
                                                     WHEN o < 0.30 THEN 'dispatched' WHEN o < 0.80 THEN 'in_progress'
                                                     ELSE 'replied' END
                                           FROM (SELECT (r_status - (0.25 + 0.45 * age)) / (0.75 - 0.45 * age) AS o) x) END AS status
                         FROM (
                           SELECT i, age, r_status, r_stage, r_misc, slot, created_at
                             FROM (
                               SELECT i, random() AS r_when, random() AS r_status, random() AS r_stage, random() AS r_misc,
                                      1 + floor(random() * 100)::int AS slot
                                 FROM generate_series($13::int + 1, $13::int + $12::int) AS i
                             ) r
                             -- uniform over [from, to), skipping [gapFrom, gapTo) when there is a gap
                             CROSS JOIN LATERAL (SELECT $14::timestamptz + r.r_when * ($15::timestamptz - $14::timestamptz
                                                          - COALESCE($17::timestamptz - $16::timestamptz, interval '0')) AS at) w
                             CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', CASE WHEN w.at >= $16::timestamptz
                                                          THEN w.at + ($17::timestamptz - $16::timestamptz) ELSE w.at END) AS created_at) t
                             -- how old the case is, as a share of the 90 days: the older, the likelier closed
                             CROSS JOIN LATERAL (SELECT least(1, extract(epoch FROM $5::timestamptz - t.created_at) / (90 * 86400)) AS age) a
                         ) g
                     ) s1
                 ) s2
             ) s3
         ) s4`,
        [slots, handlers, slotRegions, operator, now, leaves.map((l) => l.code), REGIONS, TITLES, NAMES, n, vectors.map((r) => r.v),
          batch.count, batch.first, batch.from, batch.to, batch.gap?.from ?? null, batch.gap?.to ?? null],
    );
  }
  await client.query(`ALTER TABLE cases ENABLE TRIGGER cases_search_vector`);
  // The timeline: one `case.created` event per case, in intake order (seq rises with time). Only the
  // seeded cases (made by op1): the demo city's own history, if the app seeded it, has its events.
  phases.cases = lap();
  const events = await client.query(
    `INSERT INTO case_events (case_id, type, at, actor_kind, actor_id, from_status, to_status, public)
     SELECT id, 'case.created', created_at, 'user', created_by, NULL, 'received', true FROM cases WHERE created_by = $1 ORDER BY created_at, id`,
    [operator],
  );
  // The figures' facts: one row per case and the department that held it; a returned case's row is
  // the suggested department's, which returned it.
  phases.events = lap();
  const facts = await client.query(
    `INSERT INTO department_case_facts (case_id, department_id, case_created_at, first_dispatched_at, sign_deadline,
       signed_at, sign_on_time, reply_deadline, replied_at, reply_on_time, returns, reopened, left_at, satisfaction, resolved)
     SELECT id, owner_department_id, created_at, dispatched_at, sign_deadline, signed_at, signed_at <= sign_deadline,
            reply_deadline, replied_at, replied_at <= reply_deadline, 0, false, NULL, satisfaction, resolved
       FROM (SELECT *, reply_deadline - interval '7 days' AS signed_at FROM cases WHERE owner_department_id IS NOT NULL AND created_by = $1) c
     UNION ALL
     SELECT id, suggested_department_id, created_at, created_at, created_at + interval '1 day', NULL, NULL, NULL, NULL, NULL,
            1, false, stage_started_at, NULL, NULL
       FROM cases WHERE status = 'returned' AND created_by = $1`,
    [operator],
  );
  // (the facts' insert includes the rollups' trigger: their deltas and the subtrees' distinct cases)
  phases.facts = lap();
  await client.query(`SET LOCAL maintenance_work_mem = '1GB'`);
  for (const index of indexes) await client.query(index.definition);
  phases.indexes = lap();
  await client.query('COMMIT');
  await client.query('ANALYZE');
  const [{ depth }] = (
    await client.query<{ depth: number }>(
      `SELECT count(*)::int AS depth FROM cases c JOIN departments d ON d.id = c.owner_department_id
        WHERE d.code = $1 AND c.status <> 'closed'`,
      [QUEUE_DEPARTMENT],
    )
  ).rows;
  const [{ overdue }] = (
    await client.query<{ overdue: number }>(`SELECT count(*)::int AS overdue FROM cases WHERE status <> 'closed' AND current_deadline < $1`, [now])
  ).rows;
  return {
    cases: n,
    events: events.rowCount ?? 0,
    facts: facts.rowCount ?? 0,
    seconds: (Date.now() - started) / 1000,
    phases,
    queueDepth: depth,
    overdueOpen: overdue,
  };
}

/** Drops the tables' indexes that are neither primary keys nor unique, and returns how to build them again. */
async function dropIndexes(client: Client, tables: string[]): Promise<{ name: string; definition: string }[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisprimary AND NOT i.indisunique`,
    [tables],
  );
  for (const index of rows) await client.query(`DROP INDEX ${index.name}`);
  return rows;
}
