import { Client } from 'pg';
import { auditFigures } from '../scripts/audit-figures';
import { APP_CONFIG, type AppConfig } from '../src/config/app-config';
import { StatsService } from '../src/stats/stats.service';
import { DeadlineSweeper } from '../src/supervision/deadline-sweeper.service';
import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';
import { createSiblingDatabase, type TestDatabase } from './setup/test-database';

// April 2034, on a database of its own (this spec sweeps, and a sweep's horizons are database-wide).
// No official calendar covers 2034: weekdays are working days, and the spec adds a holiday weekend.
const shanghai = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => shanghai(local).toISOString();
const PERIOD = { from: '2034-04-01', to: '2034-04-30' };

interface CaseBody {
  id: string;
  version: number;
  status: string;
  trackingCode: string;
  queryCode: string;
  owner: { departmentId?: string };
  coDepartments: { departmentId: string }[];
  assigneeId: string | null;
  signDeadline: string | null;
  replyDeadline: string | null;
  returnCount: number;
  overdue: boolean;
  paused: boolean;
  pause: { status: string; reason: string; until: string | null } | null;
  allowedActions: string[];
  timeline: { type: string; note: string | null; public: boolean }[];
}

describe('fair clocks: return review (派单异议审核) and pauses (挂起)', () => {
  let database: TestDatabase;
  let t: TestApp;
  const clock = new TestClock();
  const tokens: Record<string, string> = {};
  const d: Record<'A' | 'B' | 'AU', { id: string; code: string }> = {} as never;
  let handlerA: { id: string; token: string };
  let leadA: { id: string; token: string };

  const as = (who: string) => asUser(t, tokens[who]);
  /** A request at a given local time that must succeed. */
  const at = async (local: string, request: () => PromiseLike<{ status: number; body: unknown }>): Promise<CaseBody> => {
    clock.set(shanghai(local));
    const res = await request();
    if (res.status >= 300) throw new Error(`${local}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CaseBody;
  };
  const post = (local: string, who: string, path: string, body: object = {}) => at(local, () => as(who).post(path, body));
  const read = async (id: string, who = 'supervisor') => (await as(who).get(`/api/cases/${id}`).expect(200)).body as CaseBody;
  const types = async (id: string) => (await read(id)).timeline.map((e) => e.type);

  /** A case dispatched to A and signed by A's handler at `local`: in progress, its reply clock running. */
  async function inProgress(local: string, coDepartmentIds: string[] = []): Promise<CaseBody> {
    const created = await post(local, 'operator', '/api/cases', caseBody({ categoryCode: 'water.supply' }));
    await post(local, 'operator', `/api/cases/${created.id}/dispatch`, { departmentId: d.A.id, coDepartmentIds });
    await post(local, 'handlerA', `/api/cases/${created.id}/sign`);
    return { ...(await read(created.id)), queryCode: created.queryCode };
  }

  beforeAll(async () => {
    database = await createSiblingDatabase();
    clock.set(shanghai('2034-04-03T09:00:00'));
    t = await startApp({}, undefined, clock, { databaseUrl: database.url });
    for (const [who, username] of [['operator', 'op1'], ['supervisor', 'sup1'], ['admin', 'admin']]) tokens[who] = await login(t, username, 'demo12345');
    d.A = await createDepartment(t.dataSource);
    d.B = await createDepartment(t.dataSource);
    d.AU = await createDepartment(t.dataSource, { parentId: d.A.id });
    handlerA = await staff(t, 'handler', d.A.id);
    leadA = await staff(t, 'dept_lead', d.A.id);
    tokens.handlerA = handlerA.token;
    tokens.leadA = leadA.token;
    tokens.handlerB = (await staff(t, 'handler', d.B.id)).token;
    tokens.leadB = (await staff(t, 'dept_lead', d.B.id)).token;
    // 清明: Friday 7 and Monday 10 April 2034 off — a four-day holiday weekend.
    for (const date of ['2034-04-07', '2034-04-10']) await as('admin').put(`/api/admin/calendar/${date}`, { kind: 'holiday', name: '清明节' }).expect(200);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  describe('return review', () => {
    it('a refused return sends the case back exactly as it was, and that department cannot return it again', async () => {
      const c = await inProgress('2034-04-03T09:30:00', [d.B.id]);
      await post('2034-04-03T09:40:00', 'leadA', `/api/cases/${c.id}/assign`, { assigneeId: handlerA.id });
      const before = await read(c.id);
      expect(before).toMatchObject({ status: 'in_progress', replyDeadline: iso('2034-04-12T23:59:59') });

      const returned = await post('2034-04-03T10:00:00', 'handlerA', `/api/cases/${c.id}/return`, { reason: '不属于本单位职责' });
      expect(returned).toMatchObject({ status: 'returned', returnCount: 1, replyDeadline: null });
      // The operator's view: refusing is offered beside (re-)dispatching.
      expect((await read(c.id, 'operator')).allowedActions).toEqual(expect.arrayContaining(['dispatch', 'reject-return']));

      // Three hours in review: not given back to the department.
      const refused = await post('2034-04-03T13:00:00', 'operator', `/api/cases/${c.id}/reject-return`, { note: '经核查属于贵单位职责，退回理由不成立' });
      expect(refused).toMatchObject({
        status: 'in_progress',
        owner: { departmentId: d.A.id },
        coDepartments: [expect.objectContaining({ departmentId: d.B.id })],
        assigneeId: handlerA.id,
        signDeadline: before.signDeadline,
        replyDeadline: before.replyDeadline,
        returnCount: 0,
      });
      expect(refused.allowedActions).not.toContain('reject-return');
    });

    it('the department that was refused gets 409 RETURN_REFUSED and no longer sees return among its actions', async () => {
      const c = await inProgress('2034-04-03T09:30:00');
      await post('2034-04-03T10:00:00', 'handlerA', `/api/cases/${c.id}/return`, { reason: '不属于本单位职责' });
      await post('2034-04-03T10:30:00', 'supervisor', `/api/cases/${c.id}/reject-return`, { note: '退回理由不成立' });
      const res = await as('handlerA').post(`/api/cases/${c.id}/return`, { reason: '仍不属于本单位职责' }).expect(409);
      expect(res.body.code).toBe('RETURN_REFUSED');
      expect((await read(c.id, 'handlerA')).allowedActions).not.toContain('return');
      const event = (await read(c.id)).timeline.at(-1)!;
      expect(event).toMatchObject({ type: 'case.return_refused', note: '退回理由不成立', public: false });
    });

    it('is for the centre only, and only for a case a department returned', async () => {
      const c = await inProgress('2034-04-03T09:30:00');
      await as('handlerA').post(`/api/cases/${c.id}/reject-return`, { note: '无' }).expect(403);
      expect((await as('operator').post(`/api/cases/${c.id}/reject-return`, { note: '无' }).expect(409)).body.code).toBe('INVALID_TRANSITION');
      await post('2034-04-03T10:00:00', 'handlerA', `/api/cases/${c.id}/return`, { reason: '不属于本单位职责' });
      await as('handlerA').post(`/api/cases/${c.id}/reject-return`, { note: '无' }).expect(403);
      await as('leadB').post(`/api/cases/${c.id}/reject-return`, { note: '无' }).expect(403);
      await as('admin').post(`/api/cases/${c.id}/reject-return`, { note: '无' }).expect(403);
      expect((await as('operator').post(`/api/cases/${c.id}/reject-return`, {}).expect(400)).body.message.join(' ')).toContain('note');
      const fresh = await post('2034-04-03T10:00:00', 'operator', '/api/cases', caseBody({ categoryCode: 'water.supply' }));
      expect((await as('operator').post(`/api/cases/${fresh.id}/reject-return`, { note: '无' }).expect(409)).body.code).toBe('INVALID_TRANSITION');
    });

    it('figures count a refused return as refused, not as a return; a return that stood still counts', async () => {
      // B returns a case and the centre accepts (dispatches it elsewhere): that return stands.
      const created = await post('2034-04-04T09:00:00', 'operator', '/api/cases', caseBody({ categoryCode: 'water.supply' }));
      await post('2034-04-04T09:00:00', 'operator', `/api/cases/${created.id}/dispatch`, { departmentId: d.B.id });
      await post('2034-04-04T09:30:00', 'handlerB', `/api/cases/${created.id}/return`, { reason: '不属于本单位职责' });
      await post('2034-04-04T10:00:00', 'operator', `/api/cases/${created.id}/dispatch`, { departmentId: d.A.id });

      clock.set(shanghai('2034-04-05T09:00:00'));
      const figures = (await as('supervisor').get('/api/stats/departments', PERIOD).expect(200)).body as {
        code: string;
        returnRate: number | null;
        returnsRefused: number;
      }[];
      const of = (code: string) => figures.find((f) => f.code === code)!;
      // A held four cases: two returns refused, one that stands (the third case waits at the centre).
      expect(of(d.A.code)).toMatchObject({ returnRate: 1 / 4, returnsRefused: 2 });
      expect(of(d.B.code)).toMatchObject({ returnRate: 1 / 1, returnsRefused: 0 });
    });
  });

  describe('pauses', () => {
    const cases: Record<'A' | 'B' | 'C', CaseBody> = {} as never;

    it('a paused case has no running clock, refuses return, sub-dispatch and extension, and says so', async () => {
      for (const name of ['A', 'B', 'C'] as const) cases[name] = await inProgress('2034-04-06T10:00:00');
      // Signed on Thursday 6 April: five working days after the holiday weekend.
      expect(cases.A.replyDeadline).toBe(iso('2034-04-17T23:59:59'));

      const requested = await post('2034-04-06T11:00:00', 'leadA', `/api/cases/${cases.A.id}/pause`, {
        reason: 'other_authority',
        note: '需住建部门先行认定房屋权属',
      });
      expect(requested).toMatchObject({ paused: false, pause: { status: 'pending', reason: 'other_authority' } });
      expect((await read(cases.A.id, 'supervisor')).allowedActions).toContain('pause/decision');
      const paused = await post('2034-04-06T11:00:00', 'supervisor', `/api/cases/${cases.A.id}/pause/decision`, { approve: true });
      expect(paused).toMatchObject({ paused: true, overdue: false, pause: { status: 'approved' } });
      await post('2034-04-06T11:00:00', 'leadA', `/api/cases/${cases.B.id}/pause`, { reason: 'awaiting_citizen', note: '等待诉求人提供购房合同' });
      await post('2034-04-06T11:00:00', 'supervisor', `/api/cases/${cases.B.id}/pause/decision`, { approve: true });
      await post('2034-04-06T11:00:00', 'leadA', `/api/cases/${cases.C.id}/pause`, {
        reason: 'legal_proceedings',
        note: '双方已申请劳动仲裁',
        until: '2034-04-11T09:00:00+08:00',
      });
      await post('2034-04-06T11:00:00', 'supervisor', `/api/cases/${cases.C.id}/pause/decision`, { approve: true });

      const lead = await read(cases.A.id, 'leadA');
      expect(lead.allowedActions).toContain('resume');
      expect(lead.allowedActions).not.toEqual(expect.arrayContaining(['return']));
      expect(lead.allowedActions).not.toContain('extension');
      expect(lead.allowedActions).not.toContain('dispatch');
      expect(lead.allowedActions).not.toContain('pause');
      for (const [path, body] of [
        ['return', { reason: '不属于本单位职责' }],
        ['extension', { workingDays: 2, reason: '需现场勘查' }],
        ['dispatch', { departmentId: d.AU.id }],
      ] as const) {
        expect((await as('leadA').post(`/api/cases/${cases.A.id}/${path}`, body).expect(409)).body.code).toBe('CASE_PAUSED');
      }
      const listed = (await as('supervisor').get('/api/cases', { paused: true, departmentId: d.A.id }).expect(200)).body.items.map((x: { id: string }) => x.id);
      expect(listed).toEqual(expect.arrayContaining([cases.A.id, cases.B.id, cases.C.id]));
    });

    it('a pause across the holiday weekend moves the deadline by the working days it covered', async () => {
      // Thursday 11:00 → Tuesday 09:00: Thursday's end fell inside; Friday and Monday are holidays.
      const resumed = await post('2034-04-11T09:00:00', 'leadA', `/api/cases/${cases.B.id}/resume`);
      expect(resumed).toMatchObject({ paused: false, pause: null, replyDeadline: iso('2034-04-18T23:59:59') });
    });

    it('nothing fires while paused; a pause with an end date resumes by itself; the others go overdue as usual', async () => {
      clock.set(shanghai('2034-04-20T10:00:00')); // past the original deadline of the 17th
      const report = await t.app.get(DeadlineSweeper).sweep();
      expect(report).toMatchObject({ resumed: 1 });

      const a = await read(cases.A.id);
      expect(a).toMatchObject({ paused: true, overdue: false, replyDeadline: iso('2034-04-17T23:59:59') });
      expect(a.timeline.map((e) => e.type)).not.toEqual(expect.arrayContaining(['case.reminded']));
      expect(a.timeline.map((e) => e.type)).not.toContain('case.overdue');
      expect(a.timeline.map((e) => e.type)).not.toContain('case.supervised');

      // C ended at its own date (Tuesday 09:00), like B: its deadline moved as B's did, and has now passed.
      const c = await read(cases.C.id);
      expect(c).toMatchObject({ paused: false, replyDeadline: iso('2034-04-18T23:59:59'), overdue: true });
      expect(await types(cases.C.id)).toEqual(expect.arrayContaining(['case.resumed', 'case.overdue']));
      expect(await types(cases.B.id)).toContain('case.overdue');

      const overdue = (await as('supervisor').get('/api/cases', { overdue: true, departmentId: d.A.id }).expect(200)).body.items.map((x: { id: string }) => x.id);
      expect(overdue).toEqual(expect.arrayContaining([cases.B.id, cases.C.id]));
      expect(overdue).not.toContain(cases.A.id);
    });

    it('resumed after two weeks, the deadline moves by every working day that ended in the pause', async () => {
      // Ended inside: 6, 11, 12, 13, 14, 17, 18, 19 April — eight working days after the 17th.
      const resumed = await post('2034-04-20T10:00:00', 'supervisor', `/api/cases/${cases.A.id}/resume`);
      expect(resumed).toMatchObject({ paused: false, overdue: false, replyDeadline: iso('2034-04-27T23:59:59') });
    });

    it('the citizen reads the pause’s category and the resume, never the department’s note', async () => {
      const c = cases.A;
      const view = (await t.http().get(`/api/public/cases/${c.trackingCode}`).query({ verify: c.queryCode }).expect(200)).body;
      const lines = view.timeline.map((e: { summary: string }) => e.summary);
      expect(lines).toEqual(expect.arrayContaining(['暂停办理：需其他机关先行处理', '恢复办理，答复期限顺延至2034-04-27']));
      expect(JSON.stringify(view)).not.toContain('房屋权属');
    });

    it('paused time is left out of the reply time; the reply is judged against the moved deadline', async () => {
      // A: dispatched Thursday 6 10:00, replied Thursday 20 11:00, paused 11:00 on the 6th to 10:00 on the 20th.
      await post('2034-04-20T11:00:00', 'handlerA', `/api/cases/${cases.A.id}/reply`, { content: '已协调住建部门完成认定。', resolution: 'resolved' });
      clock.set(shanghai('2034-04-21T09:00:00'));
      const published = (await t.app.get(StatsService).departmentFigures('2034-04-06', '2034-04-06')).find((f) => f.code === d.A.code)!;
      expect(published.avgReplyHours).toBe(2);
      // A on time against its moved deadline; B and C, due on the 18th, not replied.
      expect(published.replyOnTimeRate).toBeCloseTo(1 / 3);
    });

    it('a reply ends a running pause, its deadline moved first', async () => {
      const c = await inProgress('2034-04-21T09:00:00');
      await post('2034-04-21T09:10:00', 'leadA', `/api/cases/${c.id}/pause`, { reason: 'awaiting_citizen', note: '等待补充材料' });
      await post('2034-04-21T09:20:00', 'supervisor', `/api/cases/${c.id}/pause/decision`, { approve: true });
      const replied = await post('2034-04-21T15:20:00', 'handlerA', `/api/cases/${c.id}/reply`, { content: '材料已补齐并办结。', resolution: 'resolved' });
      expect(replied).toMatchObject({ status: 'replied', paused: false, pause: null });
      // No working day ended inside 09:20–15:20: the deadline stays.
      expect(replied.replyDeadline).toBe(c.replyDeadline);
    });

    it('refusals, limits and who may do what', async () => {
      const c = await inProgress('2034-04-24T09:00:00');
      const pause = { reason: 'awaiting_citizen', note: '等待补充材料' };
      await as('handlerA').post(`/api/cases/${c.id}/pause`, pause).expect(403);
      await as('leadB').post(`/api/cases/${c.id}/pause`, pause).expect(404);
      await as('operator').post(`/api/cases/${c.id}/pause`, pause).expect(403);
      expect((await as('leadA').post(`/api/cases/${c.id}/pause`, { ...pause, reason: 'holiday' }).expect(400)).body.message.join(' ')).toContain('reason');
      clock.set(shanghai('2034-04-24T09:30:00'));
      for (const until of ['2034-04-24T09:00:00+08:00', '2034-04-25', '0000-01-01T00:00:00Z']) {
        await as('leadA').post(`/api/cases/${c.id}/pause`, { ...pause, until }).expect(400);
      }
      expect((await as('supervisor').post(`/api/cases/${c.id}/pause/decision`, { approve: true }).expect(409)).body.code).toBe('NO_PENDING_PAUSE');
      expect((await as('leadA').post(`/api/cases/${c.id}/resume`).expect(409)).body.code).toBe('NOT_PAUSED');

      // A refusal: internal, the clock never stopped.
      await post('2034-04-24T10:00:00', 'leadA', `/api/cases/${c.id}/pause`, pause);
      expect((await as('leadA').post(`/api/cases/${c.id}/pause`, pause).expect(409)).body.code).toBe('PAUSE_PENDING');
      await as('leadA').post(`/api/cases/${c.id}/pause/decision`, { approve: true }).expect(403);
      const refused = await post('2034-04-24T10:30:00', 'supervisor', `/api/cases/${c.id}/pause/decision`, { approve: false, note: '材料可由部门调取' });
      expect(refused).toMatchObject({ paused: false, pause: null, replyDeadline: c.replyDeadline });
      expect((await read(c.id)).timeline.at(-1)).toMatchObject({ type: 'case.pause_refused', public: false });

      // Two approved pauses, then no more.
      for (const hour of ['11', '13']) {
        await post(`2034-04-24T${hour}:00:00`, 'leadA', `/api/cases/${c.id}/pause`, pause);
        await post(`2034-04-24T${hour}:00:00`, 'supervisor', `/api/cases/${c.id}/pause/decision`, { approve: true });
        await post(`2034-04-24T${hour}:30:00`, 'leadA', `/api/cases/${c.id}/resume`);
      }
      expect((await as('leadA').post(`/api/cases/${c.id}/pause`, pause).expect(409)).body.code).toBe('PAUSE_LIMIT');

      // An overdue case cannot pause.
      const late = await inProgress('2034-04-24T09:00:00');
      clock.set(shanghai('2034-05-10T09:00:00'));
      expect((await as('leadA').post(`/api/cases/${late.id}/pause`, pause).expect(409)).body.code).toBe('CASE_OVERDUE');
    });

    it('a word for the citizen is refused where the citizen would never read it: a refused extension', async () => {
      const c = await inProgress('2034-04-25T09:00:00');
      await post('2034-04-25T09:10:00', 'leadA', `/api/cases/${c.id}/extension`, { workingDays: 2, reason: '需现场勘查' });
      const res = await as('supervisor').post(`/api/cases/${c.id}/extension/decision`, { approve: false, publicNote: '您的诉求正在办理' }).expect(400);
      expect(res.body.code).toBe('PUBLIC_NOTE_NOT_SHOWN');
      await post('2034-04-25T09:20:00', 'supervisor', `/api/cases/${c.id}/extension/decision`, { approve: false, note: '可按期办结' });
    });

    it('the figures replayed from the timeline alone match the published ones', async () => {
      clock.set(shanghai('2034-05-10T09:00:00'));
      const owner = new Client({ connectionString: database.url });
      await owner.connect();
      try {
        const published = await t.app.get(StatsService).departmentFigures(PERIOD.from, PERIOD.to);
        const result = await auditFigures(owner, PERIOD, clock.now(), t.app.get<AppConfig>(APP_CONFIG).scoreWeights, published);
        expect(result.differences).toEqual([]);
      } finally {
        await owner.end();
      }
    });
  });

  it('a refused return that gives back a deadline already passed marks the case overdue at once, and the sweep not again', async () => {
    const created = await post('2034-04-11T09:00:00', 'operator', '/api/cases', caseBody({ categoryCode: 'water.supply' }));
    const dispatched = await post('2034-04-11T09:00:00', 'operator', `/api/cases/${created.id}/dispatch`, { departmentId: d.B.id });
    await post('2034-04-11T09:30:00', 'handlerB', `/api/cases/${created.id}/return`, { reason: '不属于本单位职责' });
    // The review ends an hour after B's sign-for deadline, which the refusal gives back as it was.
    const signDeadline = new Date(dispatched.signDeadline!);
    clock.set(new Date(signDeadline.getTime() + 3_600_000));
    const refused = await as('operator').post(`/api/cases/${created.id}/reject-return`, { note: '退回理由不成立' });
    expect(refused.status).toBeLessThan(300);
    const overdue = () => read(created.id).then((c) => c.timeline.filter((e) => e.type === 'case.overdue'));
    expect((await types(created.id)).slice(-2)).toEqual(['case.return_refused', 'case.overdue']);
    expect((await overdue())[0].note).toBe('签收已超期');
    // The sweep, whose horizon this deadline passed long ago, would not have found it; it writes nothing more.
    await t.app.get(DeadlineSweeper).sweep();
    expect(await overdue()).toHaveLength(1);
  });
});
