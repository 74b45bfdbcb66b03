import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '../src/config/app-config';
import { ReferenceData } from '../src/database/reference-data';
import { RollupsJanitor } from '../src/stats/rollups.janitor';
import { StatsRepository } from '../src/stats/stats.repository';
import { StatsService } from '../src/stats/stats.service';
import { auditFigures } from '../scripts/audit-figures';
import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';

// March 2032: a month no other spec touches.
const shanghai = (local: string) => new Date(`${local}+08:00`);
const PERIOD = { from: '2032-03-01', to: '2032-03-31' };

/**
 * The figures can be recomputed from the timeline alone: a month of ordinary operation — returns, a
 * unit's return to its parent, extensions granted and refused, replies on time and late, reopens,
 * ratings, callbacks, a merge, a final owner, the calendar changing mid-month — and the audit finds the
 * published figures equal to the replayed ones; a fact changed behind the app's back is found.
 */
describe('npm run audit:figures: the figures from the timeline alone', () => {
  let t: TestApp;
  const clock = new TestClock();
  let operator: string;
  let supervisor: string;
  let admin: string;
  let owner: Client;
  const d: Record<'A' | 'B' | 'C' | 'U', { id: string; code: string }> = {} as never;
  const tokens: Record<string, string> = {};
  /** Case 7: dispatched to A, never signed. */
  let neverSigned: { id: string };

  const as = (token: string) => asUser(t, token);
  const at = async (local: string, request: () => PromiseLike<{ status: number; body: unknown }>) => {
    clock.set(shanghai(local));
    const res = await request();
    if (res.status >= 300) throw new Error(`${local}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; trackingCode: string; queryCode: string };
  };
  const post = (local: string, who: string, path: string, body: object = {}) => at(local, () => as(tokens[who]).post(path, body));
  const newCase = (local: string) => post(local, 'operator', '/api/cases', caseBody({ categoryCode: 'water.supply' }));
  const dispatch = (local: string, id: string, to: keyof typeof d) => post(local, 'operator', `/api/cases/${id}/dispatch`, { departmentId: d[to].id });
  const answer = { content: '已处理完毕。', resolution: 'resolved' };

  const audit = async () => {
    const published = await t.app.get(StatsService).departmentFigures(PERIOD.from, PERIOD.to);
    const result = await auditFigures(owner, PERIOD, clock.now(), t.app.get<AppConfig>(APP_CONFIG).scoreWeights, published);
    // Other specs add departments meanwhile: only ours are this month's.
    const ours = Object.values(d).map((x) => x.code);
    return { ...result, differences: result.differences.filter((x) => ours.some((code) => x.department.startsWith(`${code} `))) };
  };

  beforeAll(async () => {
    clock.set(shanghai('2032-02-28T09:00:00'));
    t = await startApp({}, undefined, clock);
    owner = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await owner.connect();
    operator = await login(t, 'op1', 'demo12345');
    supervisor = await login(t, 'sup1', 'demo12345');
    admin = await login(t, 'admin', 'demo12345');
    Object.assign(tokens, { operator, supervisor, admin });
    for (const name of ['A', 'B', 'C'] as const) d[name] = await createDepartment(t.dataSource);
    d.U = await createDepartment(t.dataSource, { parentId: d.C.id });
    for (const name of ['A', 'B', 'C', 'U'] as const) {
      tokens[name] = (await staff(t, 'handler', d[name].id)).token;
      tokens[`lead${name}`] = (await staff(t, 'dept_lead', d[name].id)).token;
    }

    // 1. A signs late, asks an extension (granted 2 of 3 days), replies on time; satisfied by callback.
    const c1 = await newCase('2032-03-01T09:00:00');
    await dispatch('2032-03-01T09:05:00', c1.id, 'A');
    await post('2032-03-03T10:00:00', 'A', `/api/cases/${c1.id}/sign`);
    await post('2032-03-04T10:00:00', 'leadA', `/api/cases/${c1.id}/extension`, { workingDays: 3, reason: '需现场勘查' });
    await post('2032-03-04T11:00:00', 'supervisor', `/api/cases/${c1.id}/extension/decision`, { approve: true, workingDays: 2 });
    await post('2032-03-10T16:00:00', 'A', `/api/cases/${c1.id}/reply`, answer);
    await post('2032-03-11T09:00:00', 'operator', `/api/cases/${c1.id}/callback`, { satisfaction: 'satisfied', resolved: true });

    // 2. B returns it in time; the centre sends it to A, which signs, is refused an extension, replies late;
    //    the citizen is unsatisfied (reopen), A replies again, the citizen rates online.
    const c2 = await newCase('2032-03-02T09:00:00');
    await dispatch('2032-03-02T09:10:00', c2.id, 'B');
    await post('2032-03-02T15:00:00', 'B', `/api/cases/${c2.id}/return`, { reason: '不属于本单位职责' });
    await dispatch('2032-03-02T16:00:00', c2.id, 'A');
    await post('2032-03-02T17:00:00', 'A', `/api/cases/${c2.id}/sign`);
    await post('2032-03-05T09:00:00', 'leadA', `/api/cases/${c2.id}/extension`, { workingDays: 5, reason: '材料不全' });
    await post('2032-03-05T10:00:00', 'supervisor', `/api/cases/${c2.id}/extension/decision`, { approve: false });
    await post('2032-03-12T10:00:00', 'A', `/api/cases/${c2.id}/reply`, answer);
    await post('2032-03-13T09:00:00', 'operator', `/api/cases/${c2.id}/callback`, { satisfaction: 'unsatisfied', resolved: false });
    await post('2032-03-16T09:00:00', 'A', `/api/cases/${c2.id}/reply`, { content: '已再次处理。', resolution: 'resolved' });
    clock.set(shanghai('2032-03-17T09:00:00'));
    await t.http().post(`/api/public/cases/${c2.trackingCode}/rating`).send({ verify: c2.queryCode, satisfaction: 'basically_satisfied' }).expect(200);

    // 3. C passes it down to its unit U, which returns it to C; C signs and replies; still waiting for the callback.
    const c3 = await newCase('2032-03-03T09:00:00');
    await dispatch('2032-03-03T09:30:00', c3.id, 'C');
    await post('2032-03-03T10:00:00', 'leadC', `/api/cases/${c3.id}/dispatch`, { departmentId: d.U.id });
    await post('2032-03-03T14:00:00', 'U', `/api/cases/${c3.id}/return`, { reason: '不属于本街道' });
    await post('2032-03-04T09:00:00', 'C', `/api/cases/${c3.id}/sign`);
    await post('2032-03-06T09:00:00', 'C', `/api/cases/${c3.id}/reply`, answer);

    // The calendar changes mid-month: an admin makes Monday 15 March a holiday, moving later deadlines.
    await at('2032-03-08T09:00:00', () => as(admin).put('/api/admin/calendar/2032-03-15', { kind: 'holiday', name: '调整' }));

    // 4. Returned three times by B and A: the supervisor makes B the final owner; B signs and stays open, overdue.
    const c4 = await newCase('2032-03-09T09:00:00');
    for (const [i, who] of (['B', 'A', 'B'] as const).entries()) {
      await dispatch(`2032-03-09T1${i}:00:00`, c4.id, who);
      await post(`2032-03-09T1${i}:30:00`, who, `/api/cases/${c4.id}/return`, { reason: '不属于本单位职责' });
    }
    await post('2032-03-10T09:00:00', 'supervisor', `/api/cases/${c4.id}/decide-owner`, { departmentId: d.B.id, note: '由B办理' });
    await post('2032-03-12T09:00:00', 'B', `/api/cases/${c4.id}/sign`);

    // 5. A repeat of case 4 merged into it; 6. one not accepted; 7. one dispatched to A and never signed (overdue).
    const c5 = await newCase('2032-03-10T10:00:00');
    await post('2032-03-10T10:05:00', 'operator', `/api/cases/${c5.id}/close`, { reason: 'merged', mergedIntoId: c4.id, note: '重复' });
    const c6 = await newCase('2032-03-11T10:00:00');
    await post('2032-03-11T10:05:00', 'operator', `/api/cases/${c6.id}/close`, { reason: 'not_accepted', note: '不属于受理范围' });
    const c7 = await newCase('2032-03-18T10:00:00');
    await dispatch('2032-03-18T10:05:00', c7.id, 'A');
    neverSigned = c7;

    clock.set(shanghai('2032-04-06T12:00:00'));
  }, 120_000);
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  it('finds the published figures equal to the ones replayed from the timeline', async () => {
    const result = await audit();
    expect(result.notRecomputable).toBe(0);
    expect(result.cases).toBeGreaterThanOrEqual(7);
    expect(result.differences).toEqual([]);
    // Not a vacuous match: the month's figures say something.
    const a = (await t.app.get(StatsService).departmentFigures(PERIOD.from, PERIOD.to)).find((f) => f.departmentId === d.A.id)!;
    expect(a).toEqual(expect.objectContaining({ received: 4, reopenRate: 0.5, overdueOpen: 1 }));
  });

  it('reads the same figures from the rollups after they are folded and after a unit moves to another parent', async () => {
    const figures = () => t.app.get(StatsService).departmentFigures(PERIOD.from, PERIOD.to);
    const mine = async () => (await figures()).filter((f) => Object.values(d).some((x) => x.id === f.departmentId));
    const before = await mine();
    const centreBefore = await t.app.get(StatsService).centreFigures(PERIOD.from, PERIOD.to);
    // City-wide, so other specs' cases of the month count too: at least ours (five dispatched, one merged, one not accepted).
    expect(centreBefore).toEqual(expect.objectContaining({ received: expect.any(Number), dispatched: expect.any(Number) }));
    expect([centreBefore.received >= 7, centreBefore.dispatched >= 5, centreBefore.merged >= 1, centreBefore.notAccepted >= 1]).toEqual([true, true, true, true]);
    const [{ unfolded }] = (await owner.query(`SELECT count(*)::int AS unfolded FROM department_day_figures WHERE NOT folded`)).rows;
    expect(unfolded).toBeGreaterThan(0);
    await t.app.get(RollupsJanitor).fold();
    const [{ left }] = (
      await owner.query(`SELECT count(*)::int AS left FROM department_day_figures WHERE NOT folded AND department_id = ANY($1)`, [
        Object.values(d).map((x) => x.id),
      ])
    ).rows;
    expect(left).toBe(0);
    // Case 7's sign-for deadline passed while A held it unsigned: the janitor marked it, the rollup counts it.
    const [{ marked }] = (
      await owner.query(`SELECT count(*)::int AS marked FROM department_case_facts WHERE case_id = $1 AND sign_lapsed`, [neverSigned.id])
    ).rows;
    expect(marked).toBe(1);
    const [{ overdueMarked }] = (await owner.query(`SELECT count(*)::int AS "overdueMarked" FROM case_overdue_marks WHERE case_id = $1`, [neverSigned.id])).rows;
    expect(overdueMarked).toBe(1);
    expect(await mine()).toEqual(before);
    expect(await t.app.get(StatsService).centreFigures(PERIOD.from, PERIOD.to)).toEqual(centreBefore);

    // U (which held case 3, as C did) moves from C to B: B's subtree now received B's two cases and U's one.
    const received = async (x: { id: string }) => (await figures()).find((f) => f.departmentId === x.id)!.received;
    // A request reads the reference version with its user; this call from inside the test does it itself.
    const treeSettled = () => t.app.get(ReferenceData).refresh();
    expect([await received(d.B), await received(d.C)]).toEqual([2, 1]);
    await as(admin).patch(`/api/admin/departments/${d.U.id}`).send({ parentId: d.B.id }).expect(200);
    await treeSettled();
    expect([await received(d.B), await received(d.C)]).toEqual([3, 1]);
    expect((await audit()).differences).toEqual([]);
    await as(admin).patch(`/api/admin/departments/${d.U.id}`).send({ parentId: d.C.id }).expect(200);
    await treeSettled();
    expect(await mine()).toEqual(before);

    // A signs case 7 at last, late: counted once, as due and not on time, before and after the next fold.
    const overdueBefore = (await figures()).find((f) => f.departmentId === d.A.id)!.overdueOpen;
    await post('2032-04-06T12:00:00', 'A', `/api/cases/${neverSigned.id}/sign`);
    expect((await audit()).differences).toEqual([]);
    // Signed, it is in its reply stage now, not overdue: the mark went with the change.
    expect((await figures()).find((f) => f.departmentId === d.A.id)!.overdueOpen).toBe(overdueBefore - 1);
    await t.app.get(RollupsJanitor).fold();
    expect((await audit()).differences).toEqual([]);
  });

  it('marks exactly the open cases due before the watermark, whichever way the clock goes and whatever changes meanwhile', async () => {
    const stats = t.app.get(StatsRepository);
    const marks = async () =>
      (
        await owner.query<{ due: number; marks: number; matching: number }>(
          `SELECT (SELECT count(*) FROM cases c, figure_marks m
                    WHERE c.status <> 'closed' AND c.owner_department_id IS NOT NULL AND c.current_deadline < m.overdue_through)::int AS due,
                  (SELECT count(*) FROM case_overdue_marks)::int AS marks,
                  (SELECT count(*) FROM case_overdue_marks k JOIN cases c
                      ON c.id = k.case_id AND c.owner_department_id = k.department_id AND c.current_deadline = k.deadline)::int AS matching`,
        )
      ).rows[0];
    const exact = async () => {
      const m = await marks();
      expect(m.marks).toBe(m.due);
      expect(m.matching).toBe(m.marks);
      return m;
    };
    const now = shanghai('2032-04-06T12:00:00');
    clock.set(now);
    await stats.foldFigureRollups(now);
    expect((await exact()).marks).toBeGreaterThan(0);

    // The clock goes back (an instance behind the others): the marks not due then are let go, and come back.
    const earlier = shanghai('2032-03-12T08:00:00');
    clock.set(earlier);
    await stats.foldFigureRollups(earlier);
    await exact();
    clock.set(now);
    await stats.foldFigureRollups(now);
    await exact();
    expect((await audit()).differences).toEqual([]);

    // A change in flight moves a case's deadline past the old watermark, before the new one: the janitor
    // does not mark while it is in flight (it tries the marks' lock again), then marks the case; reading
    // the old version instead would leave it unmarked for good.
    // (Case 7 is in its reply stage: its current deadline is the reply deadline.)
    const [{ deadline }] = (await owner.query(`SELECT reply_deadline AS deadline FROM cases WHERE id = $1`, [neverSigned.id])).rows;
    const writer = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`UPDATE cases SET reply_deadline = $2 WHERE id = $1`, [neverSigned.id, shanghai('2032-04-06T12:30:00')]);
      let folded = false;
      const later = shanghai('2032-04-06T13:00:00');
      const folding = stats.foldFigureRollups(later).then(() => (folded = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(folded).toBe(false);
      await writer.query('COMMIT');
      await folding;
      await exact();
      const [{ marked }] = (await owner.query(`SELECT count(*)::int AS marked FROM case_overdue_marks WHERE case_id = $1`, [neverSigned.id])).rows;
      expect(marked).toBe(1);
    } finally {
      await writer.query('ROLLBACK'); // when the test failed inside the transaction; a warning otherwise
      await writer.query(`UPDATE cases SET reply_deadline = $2 WHERE id = $1`, [neverSigned.id, deadline]);
      await writer.end();
    }
    clock.set(now);
    await stats.foldFigureRollups(now);
    await exact();
    expect((await audit()).differences).toEqual([]);
  });

  it('never waits for a case a request holds, so a request never waits in a cycle with the janitor', async () => {
    // An action locks its case (FOR UPDATE), then changes its deadline, which re-marks it under the marks'
    // lock. Were the janitor, holding that lock, to wait for the case's row (a foreign key's check while
    // it marks the case), the two would wait for each other and PostgreSQL would fail one of them.
    const stats = t.app.get(StatsRepository);
    const now = shanghai('2032-04-06T12:00:00');
    const [{ deadline }] = (await owner.query(`SELECT reply_deadline AS deadline FROM cases WHERE id = $1`, [neverSigned.id])).rows;
    await stats.foldFigureRollups(now);
    // Case 7 falls due between this fold and the next: the next one marks it.
    await owner.query(`UPDATE cases SET reply_deadline = $2 WHERE id = $1`, [neverSigned.id, shanghai('2032-04-06T12:30:00')]);
    const action = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await action.connect();
    try {
      await action.query('BEGIN');
      await action.query(`SELECT id FROM cases WHERE id = $1 FOR UPDATE`, [neverSigned.id]);
      let folded = false;
      const folding = stats.foldFigureRollups(shanghai('2032-04-06T13:00:00')).then((result) => (folded = result));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(folded).toBe(true);
      await folding;
      await action.query(`UPDATE cases SET reply_deadline = $2 WHERE id = $1`, [neverSigned.id, shanghai('2032-04-06T12:45:00')]);
      await action.query('COMMIT');
      const [{ marked }] = (await owner.query(`SELECT count(*)::int AS marked FROM case_overdue_marks WHERE case_id = $1 AND deadline = $2`, [
        neverSigned.id,
        shanghai('2032-04-06T12:45:00'),
      ])).rows;
      expect(marked).toBe(1);
    } finally {
      await action.query('ROLLBACK'); // after a failure inside; a warning otherwise
      await action.end();
      await owner.query(`UPDATE cases SET reply_deadline = $2 WHERE id = $1`, [neverSigned.id, deadline]);
    }
    clock.set(now);
    await stats.foldFigureRollups(now);
    expect((await audit()).differences).toEqual([]);
  });

  it('finds a fact changed behind the app’s back', async () => {
    await owner.query(
      `UPDATE department_case_facts SET sign_on_time = true WHERE department_id = $1 AND sign_on_time = false`,
      [d.A.id],
    );
    const result = await audit();
    expect(result.differences).toContainEqual(expect.objectContaining({ field: 'signOnTimeRate', department: expect.stringContaining(d.A.code) }));
  });
});
