import type { LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** Marks the history as seeded (in `app_secrets`, which every instance shares): it is made once. */
const MARKER = 'demo_history_seeded_at';
/** Every demo case's title starts with this, so nobody takes it for a citizen's. */
export const DEMO_TITLE_PREFIX = '【演示】';

const TITLES: Record<string, string[]> = {
  labor: ['工地拖欠农民工工资', '公司未足额缴纳社保', '劳动合同纠纷咨询'],
  environment: ['夜间施工噪音扰民', '餐馆油烟直排', '河道漂浮物较多'],
  transport: ['公交车未按站停靠', '公交班次间隔过长', '出租车拒载'],
  market: ['网购商品质量问题', '预付卡商家跑路', '超市价格标示不清'],
  urban: ['占道经营影响通行', '路灯损坏无人维修', '垃圾清运不及时'],
  water: ['小区供水压力不足', '自来水浑浊发黄', '水表读数异常'],
  consultation: ['人才补贴政策咨询', '入学积分政策咨询', '公积金提取咨询'],
};
const DEPARTMENT_BY_CATEGORY: Record<string, string> = {
  labor: 'rsj', environment: 'sthjj', transport: 'jtj', market: 'scjgj', urban: 'cgj', water: 'swj',
};

/**
 * Four weeks of background cases and one spike in progress, so that the demo city's 全市态势 shows a
 * realistic picture on its first start: about 240 calls a day (清远's real rate), busier at 9–11, 14–17
 * and 19–21 o'clock, spread over the counties by population; older cases closed after a callback,
 * recent ones at every stage; and, in the last 50 minutes, nine water-supply calls in 清城区 — a
 * hotspot the detector finds as soon as the app runs. Only with SEED_DEMO (never in the tests'
 * databases), once per database, every title marked 【演示】; each case carries its intake event only.
 */
export async function seedDemoHistory(dataSource: DataSource, now: Date, logger?: LoggerService): Promise<void> {
  await dataSource.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock(1234500002)');
    if ((await em.query(`SELECT 1 FROM app_secrets WHERE name = $1`, [MARKER])).length > 0) return;
    const leaves: { code: string }[] = await em.query(
      `SELECT code FROM categories c WHERE parent_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM categories x WHERE x.parent_code = c.code) ORDER BY code`,
    );
    const departments: { id: string; code: string }[] = await em.query(`SELECT id, code FROM departments`);
    const departmentOf = (category: string) => {
      const code = DEPARTMENT_BY_CATEGORY[category.split('.')[0]] ?? 'qcq';
      return departments.find((d) => d.code === code)?.id ?? departments[0]?.id;
    };
    const titleOf = (category: string) => (TITLES[category.split('.')[0]] ?? TITLES.consultation).map((t) => DEMO_TITLE_PREFIX + t);
    // The tracking-code alphabet (cases/codes.ts): no 0/O, 1/I/L.
    const a = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
    const code = `'D' || ${[0, 1, 2, 3, 4, 5, 6, 7, 8].map(() => `substr('${a}', floor(random() * 31)::int + 1, 1)`).join(' || ')}`;

    const [{ count }] = await em.query(
      `WITH hours AS (SELECT ARRAY[0,1,6,7,7,8,8,8,9,9,9,9,10,10,10,10,11,11,11,12,13,14,14,14,15,15,15,15,16,16,16,17,17,18,19,19,19,20,20,20,21,21,22,23] AS h),
       made AS (
         SELECT g.i, cat.code AS category, cat.dept, cat.titles,
                (ARRAY['441802','441802','441802','441803','441803','441881','441881','441881','441882','441823','441823','441821','441825','441826'])[1 + floor(random() * 14)::int] AS region,
                (ARRAY['hotline','hotline','hotline','hotline','hotline','hotline','hotline','hotline','hotline','hotline','hotline','hotline','hotline','hotline','hotline','mailbox','mailbox','mailbox','web','app'])[1 + floor(random() * 20)::int] AS channel,
                date_trunc('milliseconds', (date_trunc('day', $1::timestamptz AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')
                  - g.d * interval '1 day' + (SELECT h[1 + floor(random() * array_length(h, 1))::int + 0 * g.i] FROM hours) * interval '1 hour'
                  + random() * interval '1 hour') AS at
           FROM (SELECT d, i FROM generate_series(0, 28) d, generate_series(1, 240) i WHERE random() < 0.85 + 0.3 * random() - 0.15) g
           CROSS JOIN LATERAL (SELECT * FROM unnest($2::text[], $3::uuid[], $4::text[]) AS x(code, dept, titles) ORDER BY random() + g.i * 0 LIMIT 1) cat
       ),
       shaped AS (
         SELECT *, CASE WHEN at < $1::timestamptz - interval '7 days' THEN 'closed'
                        ELSE (ARRAY['received','dispatched','dispatched','in_progress','in_progress','in_progress','in_progress','replied','replied','closed'])[1 + floor(random() * 10)::int] END AS status
           FROM made WHERE at <= $1::timestamptz
       ),
       inserted AS (
         INSERT INTO cases (tracking_code, query_code, channel, kind, priority, category_code, region_code, address, title, content, citizen_name,
                            citizen_phone, status, owner_department_id, accountable_department_id, dispatched_at, dispatch_deadline, sign_deadline,
                            reply_deadline, callback_deadline, stage_started_at, reply_content, resolution, replied_at, satisfaction, resolved,
                            called_back_at, close_reason, version, created_at, updated_at, closed_at)
         SELECT ${code}, lpad(floor(random() * 1000000)::int::text, 6, '0'), channel, 'complaint', 'normal', category, region, '演示地址',
                (string_to_array(titles, '|'))[1 + floor(random() * 3)::int], '演示数据：市民来电反映的问题，用于展示全市态势。', '演示市民',
                '139' || lpad(floor(random() * 100000000)::int::text, 8, '0'), status,
                CASE WHEN status IN ('dispatched', 'in_progress', 'replied') THEN dept END,
                CASE WHEN status <> 'received' THEN dept END,
                CASE WHEN status <> 'received' THEN at + interval '40 minutes' END,
                at + interval '1 day',
                CASE WHEN status = 'dispatched' THEN at + interval '1 day 40 minutes' END,
                CASE WHEN status IN ('in_progress', 'replied', 'closed') THEN at + interval '7 days' END,
                CASE WHEN status = 'replied' THEN at + interval '5 days' END,
                CASE status WHEN 'received' THEN at WHEN 'dispatched' THEN at + interval '40 minutes' WHEN 'in_progress' THEN at + interval '3 hours'
                            ELSE at + interval '3 days' END,
                CASE WHEN status IN ('replied', 'closed') THEN '演示数据：经核查，已处理并答复市民。' END,
                CASE WHEN status IN ('replied', 'closed') THEN 'resolved' END,
                CASE WHEN status IN ('replied', 'closed') THEN at + interval '3 days' END,
                CASE WHEN status = 'closed' THEN (ARRAY['satisfied','satisfied','satisfied','basically_satisfied','unsatisfied'])[1 + floor(random() * 5)::int] END,
                CASE WHEN status = 'closed' THEN true END,
                CASE WHEN status = 'closed' THEN at + interval '4 days' END,
                CASE WHEN status = 'closed' THEN 'callback' END,
                1, at, at, CASE WHEN status = 'closed' THEN at + interval '4 days' END
           FROM shaped
         RETURNING id, created_at, owner_department_id, accountable_department_id, dispatched_at, sign_deadline, reply_deadline, replied_at, satisfaction, resolved, status
       ),
       events AS (
         INSERT INTO case_events (case_id, type, at, actor_kind, from_status, to_status, public)
         SELECT id, 'case.created', created_at, 'system', NULL, 'received', true FROM inserted ORDER BY created_at
       ),
       facts AS (
         INSERT INTO department_case_facts (case_id, department_id, case_created_at, first_dispatched_at, sign_deadline, signed_at, sign_on_time,
                                            reply_deadline, replied_at, reply_on_time, returns, reopened, satisfaction, resolved)
         SELECT id, accountable_department_id, created_at, dispatched_at, dispatched_at + interval '1 day',
                CASE WHEN status <> 'dispatched' THEN dispatched_at + interval '2 hours' END, CASE WHEN status <> 'dispatched' THEN true END,
                reply_deadline, replied_at, CASE WHEN replied_at IS NOT NULL THEN true END, 0, false, satisfaction, resolved
           FROM inserted WHERE accountable_department_id IS NOT NULL
       )
       SELECT count(*)::int AS count FROM inserted`,
      [now, leaves.map((l) => l.code), leaves.map((l) => departmentOf(l.code)), leaves.map((l) => titleOf(l.code).join('|'))],
    );

    // The spike in progress: nine water-supply calls in 清城区 over the last 50 minutes, at the centre.
    await em.query(
      `WITH inserted AS (
         INSERT INTO cases (tracking_code, query_code, channel, kind, category_code, region_code, address, title, content, citizen_name,
                            citizen_phone, status, dispatch_deadline, stage_started_at, created_at, updated_at)
         SELECT ${code}, lpad(floor(random() * 1000000)::int::text, 6, '0'), 'hotline', 'complaint', 'water.supply', '441802',
                '凤城街道' || (ARRAY['松岗','北门','新城','东城'])[1 + i % 4] || '片区', '${DEMO_TITLE_PREFIX}凤城街道片区突然停水',
                '演示数据：片区自来水突然停供，已有数小时，家中老人小孩用水困难。', '演示市民', '139' || lpad(floor(random() * 100000000)::int::text, 8, '0'),
                'received', at + interval '1 day', at, at, at
           FROM generate_series(1, 9) i, LATERAL (SELECT date_trunc('milliseconds', $1::timestamptz - i * interval '5 minutes') AS at) x
         RETURNING id, created_at)
       INSERT INTO case_events (case_id, type, at, actor_kind, from_status, to_status, public)
       SELECT id, 'case.created', created_at, 'system', NULL, 'received', true FROM inserted ORDER BY created_at`,
      [now],
    );
    await em.query(`INSERT INTO app_secrets (name, value) VALUES ($1, $2)`, [MARKER, now.toISOString()]);
    logger?.log(`Seeded the demo history: ${count} background cases over four weeks and a spike of 9 water-supply calls in 清城区 (titles 【演示】)`, 'DemoSeed');
  });
}
