import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { verifyTimelines } from '../scripts/verify-timeline';

/**
 * The record as evidence: the app cannot rewrite its own history (it serves through a role that owns
 * nothing), every event is hash-chained, events keep the names and deadlines of their moment.
 */
describe('a record nobody can rewrite', () => {
  let t: TestApp;
  let owner: Client;
  let operator: string;
  let caseId: string;

  const verify = async (id: string) => (await asUser(t, await login(t, 'sup1', 'demo12345')).get(`/api/cases/${id}/verify`).expect(200)).body;

  beforeAll(async () => {
    t = await startApp();
    // The tests' own connection is the schema owner's (a superuser): it can do what the app cannot.
    owner = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await owner.connect();
    operator = await login(t, 'op1', 'demo12345');
    caseId = (await asUser(t, operator).post('/api/cases', caseBody()).expect(201)).body.id;
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  it('the app serves through a role that owns nothing and may not alter, rewrite or empty the timeline', async () => {
    const [{ role, owns }] = await t.dataSource.query(
      `SELECT current_user AS role, EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owns`,
    );
    expect(role).toMatch(/_app$/);
    expect(owns).toBe(false);
    for (const sql of [
      `UPDATE case_events SET note = 'rewritten' WHERE case_id = $1`,
      `DELETE FROM case_events WHERE case_id = $1`,
    ]) {
      await expect(t.dataSource.query(sql, [caseId])).rejects.toThrow(/permission denied/);
    }
    await expect(t.dataSource.query(`TRUNCATE case_events CASCADE`)).rejects.toThrow(/permission denied/);
    await expect(t.dataSource.query(`ALTER TABLE case_events DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    await expect(t.dataSource.query(`ALTER TABLE case_events DISABLE TRIGGER case_events_chain`)).rejects.toThrow(/must be owner/);
    // Even the owner's own UPDATE is refused while the append-only trigger stands.
    await expect(owner.query(`UPDATE case_events SET note = 'rewritten' WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
  });

  it('chains every event of a case; the check recomputes each hash from the stored fields', async () => {
    const department = await createDepartment(t.dataSource);
    const handler = await staff(t, 'handler', department.id);
    const c = (await asUser(t, operator).post('/api/cases', caseBody()).expect(201)).body;
    await asUser(t, operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id, note: '请核查 "quoted" \\ 反斜杠' }).expect(200);
    await asUser(t, handler.token).post(`/api/cases/${c.id}/sign`).expect(200);
    await asUser(t, handler.token).post(`/api/cases/${c.id}/reply`, { content: '已处理。\n第二行', resolution: 'resolved' }).expect(200);
    expect(await verify(c.id)).toEqual({ ok: true, events: 4, firstBrokenSeq: null });
    const hashes = await owner.query(`SELECT seq, hash FROM case_events WHERE case_id = $1 ORDER BY seq`, [c.id]);
    expect(new Set(hashes.rows.map((r) => r.hash)).size).toBe(4);
    expect(hashes.rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
    // A writer cannot choose its own hash: the database computes it.
    await t.dataSource.transaction(async (em) => {
      await em.query(`UPDATE cases SET updated_at = now() WHERE id = $1`, [c.id]);
      await em.query(`INSERT INTO case_events (case_id, type, at, actor_kind, to_status, public, hash) VALUES ($1, 'case.noted', now(), 'system', 'replied', false, 'forged')`, [c.id]);
    });
    expect(await verify(c.id)).toEqual({ ok: true, events: 5, firstBrokenSeq: null });
  });

  it('finds the first event changed behind the app’s back, through the API and `npm run verify`', async () => {
    const department = await createDepartment(t.dataSource);
    const c = (await asUser(t, operator).post('/api/cases', caseBody()).expect(201)).body;
    await asUser(t, operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id, note: '原始意见' }).expect(200);
    await asUser(t, operator).post(`/api/cases/${c.id}/notes`, { content: '后续备注' }).expect(200);
    const [dispatched] = (await owner.query(`SELECT seq FROM case_events WHERE case_id = $1 AND type = 'case.dispatched'`, [c.id])).rows;
    expect((await verifyTimelines(owner)).broken.map((b) => b.caseId)).not.toContain(c.id);

    // Only the owner can, and only by switching the append-only trigger off.
    await owner.query(`ALTER TABLE case_events DISABLE TRIGGER case_events_no_update_or_delete`);
    try {
      await owner.query(`UPDATE case_events SET note = '改写的意见' WHERE seq = $1`, [dispatched.seq]);
    } finally {
      await owner.query(`ALTER TABLE case_events ENABLE TRIGGER case_events_no_update_or_delete`);
    }
    expect(await verify(c.id)).toEqual({ ok: false, events: 3, firstBrokenSeq: Number(dispatched.seq) });
    const report = await verifyTimelines(owner);
    expect(report.broken).toContainEqual({ caseId: c.id, trackingCode: c.trackingCode, firstBrokenSeq: Number(dispatched.seq) });

    const run = promisify(execFile)('npx', ['ts-node', '--transpile-only', 'scripts/verify-timeline.ts'], {
      env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
    });
    await expect(run).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining(`BROKEN case ${c.trackingCode}`) });
  }, 60_000);

  it('keeps the names of the moment and the deadlines each step set', async () => {
    const department = await createDepartment(t.dataSource, { name: '旧名称单位' });
    const c = (await asUser(t, operator).post('/api/cases', caseBody()).expect(201)).body;
    const dispatched = (await asUser(t, operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id }).expect(200)).body;
    await t.dataSource.query(`UPDATE departments SET name = '新名称单位' WHERE id = $1`, [department.id]);

    const timeline = (await asUser(t, operator).get(`/api/cases/${c.id}`).expect(200)).body.timeline;
    expect(timeline.at(-1)).toEqual(expect.objectContaining({ type: 'case.dispatched', toOwner: expect.objectContaining({ name: '旧名称单位' }) }));
    expect(timeline.at(-1).actor).toEqual(expect.objectContaining({ displayName: '话务员一' }));
    const citizen = (await t.http().get(`/api/public/cases/${c.trackingCode}`).query({ verify: c.queryCode }).expect(200)).body;
    expect(citizen.timeline.at(-1)).toEqual(expect.objectContaining({ summary: '已派单至旧名称单位' }));

    const events = (await owner.query(`SELECT type, data FROM case_events WHERE case_id = $1 ORDER BY seq`, [c.id])).rows;
    expect(events[0].data.deadlines).toEqual({ dispatch: c.dispatchDeadline });
    expect(events[1].data.deadlines).toEqual({ sign: dispatched.signDeadline });
  });
});

describe('invariants the database enforces', () => {
  let t: TestApp;
  let caseId: string;
  beforeAll(async () => {
    t = await startApp();
    const operator = await login(t, 'op1', 'demo12345');
    caseId = (await t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).send(caseBody()).expect(201)).body.id;
  });
  afterAll(() => t.close());

  it('a dispatched case must have a department as its owner, a received one must not', async () => {
    const [{ id: departmentId }] = await t.dataSource.query(`SELECT id FROM departments WHERE code = 'rsj'`);
    await expect(
      t.dataSource.query(
        `UPDATE cases SET status = 'dispatched', accountable_department_id = $2, dispatched_at = now() WHERE id = $1`,
        [caseId, departmentId],
      ),
    ).rejects.toThrow(/cases_one_owner/);
    await expect(t.dataSource.query(`UPDATE cases SET owner_department_id = $2 WHERE id = $1`, [caseId, departmentId])).rejects.toThrow(
      /cases_one_owner/,
    );
  });
});
