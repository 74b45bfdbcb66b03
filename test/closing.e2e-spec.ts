import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';


describe('closing the loop', () => {
  let t: TestApp;
  const clock = new TestClock();
  let operator: string;
  let supervisor: string;

  const as = (token: string) => asUser(t, token);
  const logCase = async (overrides: Record<string, unknown> = {}) =>
    (await as(operator).post('/api/cases', caseBody({ categoryCode: 'water.supply', ...overrides })).expect(201)).body as {
      id: string;
      trackingCode: string;
      queryCode: string;
    };
  const lookup = (trackingCode: string, verify = '5678') => t.http().get(`/api/public/cases/${trackingCode}`).query({ verify });

  beforeAll(async () => {
    t = await startApp({}, undefined, clock);
    operator = await login(t, 'op1', 'demo12345');
    supervisor = await login(t, 'sup1', 'demo12345');
  });
  afterAll(() => t.close());

  describe('reply, callback and reopen', () => {
    it('an unsatisfied callback reopens the case to the same owner with a new deadline; a second callback closes it', async () => {
      const department = await createDepartment(t.dataSource);
      const coDepartment = await createDepartment(t.dataSource);
      const handler = await staff(t, 'handler', department.id);
      const coHandler = await staff(t, 'handler', coDepartment.id);
      const c = await logCase();
      await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id, coDepartmentIds: [coDepartment.id] }).expect(200);
      await as(handler.token).post(`/api/cases/${c.id}/reply`, { content: '太早了', resolution: 'resolved' }).expect(409); // not signed
      await as(handler.token).post(`/api/cases/${c.id}/sign`).expect(200);
      await as(handler.token).post(`/api/cases/${c.id}/notes`, { content: '内部：联系了物业经理老王' }).expect(200);

      await as(coHandler.token).post(`/api/cases/${c.id}/reply`, { content: '协办不能答复', resolution: 'resolved' }).expect(403);
      await as(operator).post(`/api/cases/${c.id}/reply`, { content: '中心不能答复', resolution: 'resolved' }).expect(403);
      const missingReason = await as(handler.token).post(`/api/cases/${c.id}/reply`, { content: '无法解决', resolution: 'unresolvable' }).expect(400);
      expect(JSON.stringify(missingReason.body.message)).toContain('reason');

      const replied = await as(handler.token)
        .post(`/api/cases/${c.id}/reply`, { content: '已督促供水公司今日恢复供水。', resolution: 'resolved' })
        .expect(200);
      expect(replied.body).toEqual(
        expect.objectContaining({ status: 'replied', resolution: 'resolved', callbackDeadline: expect.any(String), overdue: false }),
      );

      await as(handler.token).post(`/api/cases/${c.id}/callback`, { satisfaction: 'satisfied', resolved: true }).expect(403);
      const reopened = await as(operator)
        .post(`/api/cases/${c.id}/callback`, { satisfaction: 'unsatisfied', resolved: false, note: '仍未供水' })
        .expect(200);
      expect(reopened.body).toEqual(
        expect.objectContaining({
          status: 'in_progress',
          owner: expect.objectContaining({ departmentId: department.id }),
          satisfaction: 'unsatisfied',
          resolved: false,
          callbackDeadline: null,
        }),
      );
      expect(Date.parse(reopened.body.replyDeadline)).toBeGreaterThan(Date.now());

      await as(handler.token).post(`/api/cases/${c.id}/reply`, { content: '已更换水表，恢复供水。', resolution: 'resolved' }).expect(200);
      const closed = await as(operator).post(`/api/cases/${c.id}/callback`, { satisfaction: 'satisfied', resolved: true }).expect(200);
      expect(closed.body).toEqual(expect.objectContaining({ status: 'closed', closeReason: 'callback', satisfaction: 'satisfied' }));
      await as(operator).post(`/api/cases/${c.id}/callback`, { satisfaction: 'satisfied', resolved: true }).expect(409);
      await as(handler.token).post(`/api/cases/${c.id}/notes`, { content: '已关闭' }).expect(409);

      // The citizen sees the answer and the path, never the internal note, the handler or a phone.
      const view = await lookup(c.trackingCode).expect(200);
      expect(view.body).toEqual(
        expect.objectContaining({
          status: 'closed',
          reply: expect.objectContaining({ content: '已更换水表，恢复供水。', resolution: 'resolved', department: expect.any(String) }),
        }),
      );
      expect(view.body.timeline.map((e: { type: string }) => e.type)).toEqual([
        'case.created',
        'case.dispatched',
        'case.signed',
        'case.replied',
        'case.reopened',
        'case.replied',
        'case.closed',
      ]);
      const text = JSON.stringify(view.body);
      for (const secret of ['老王', '13912345678', '测试 handler', handler.id, 'actor']) expect(text).not.toContain(secret);
    });
  });

  describe('the centre closes what it holds', () => {
    it('answered on the spot and not accepted are public closings: a standard sentence, and only the words written for the citizen', async () => {
      const consultation = await logCase({ kind: 'consultation', categoryCode: 'consultation.policy' });
      const answered = await as(operator)
        .post(`/api/cases/${consultation.id}/close`, {
          reason: 'answered',
          note: '来电人情绪激动，已安抚（内部）',
          publicNote: '社保卡补办：携带身份证到任一社保服务网点办理。',
        })
        .expect(200);
      expect(answered.body).toEqual(expect.objectContaining({ status: 'closed', closeReason: 'answered' }));
      const seen = (await lookup(consultation.trackingCode).expect(200)).body;
      expect(seen.timeline.at(-1)).toEqual(
        expect.objectContaining({ type: 'case.closed', summary: '已当场答复，诉求办结', note: '社保卡补办：携带身份证到任一社保服务网点办理。' }),
      );
      expect(JSON.stringify(seen)).not.toContain('内部');
      const refused = await logCase();
      await as(operator).post(`/api/cases/${refused.id}/close`, { reason: 'not_accepted' }).expect(400); // a note is required
      await as(supervisor).post(`/api/cases/${refused.id}/close`, { reason: 'not_accepted', note: '不属于受理范围' }).expect(403);
      await as(operator).post(`/api/cases/${refused.id}/close`, { reason: 'not_accepted', note: '不属于受理范围' }).expect(200);
    });

    it('a merged case shows the master’s progress and answer to its own citizen', async () => {
      const department = await createDepartment(t.dataSource);
      const handler = await staff(t, 'handler', department.id);
      const master = await logCase();
      const repeat = await logCase({ citizen: { name: '第二位市民', phone: '13700001111' } });
      await as(operator).post(`/api/cases/${repeat.id}/close`, { reason: 'merged', note: '重复诉求' }).expect(400); // which one?
      await as(operator).post(`/api/cases/${repeat.id}/close`, { reason: 'merged', note: '重复诉求', mergedIntoId: repeat.id }).expect(400);
      const merged = await as(operator)
        .post(`/api/cases/${repeat.id}/close`, { reason: 'merged', note: '与先前诉求合并办理', mergedIntoId: master.id })
        .expect(200);
      expect(merged.body).toEqual(expect.objectContaining({ status: 'closed', closeReason: 'merged', mergedIntoId: master.id }));
      await as(operator).post(`/api/cases/${repeat.id}/dispatch`, { departmentId: department.id }).expect(409);

      await as(operator).post(`/api/cases/${master.id}/dispatch`, { departmentId: department.id }).expect(200);
      await as(handler.token).post(`/api/cases/${master.id}/sign`).expect(200);
      await as(handler.token).post(`/api/cases/${master.id}/reply`, { content: '管网已抢修完毕。', resolution: 'resolved' }).expect(200);

      const view = await lookup(repeat.trackingCode, '1111').expect(200);
      expect(view.body).toEqual(
        expect.objectContaining({
          trackingCode: repeat.trackingCode,
          status: 'replied',
          mergedInto: expect.objectContaining({ status: 'replied' }),
          reply: expect.objectContaining({ content: '管网已抢修完毕。' }),
        }),
      );
      expect(view.body.timeline.map((e: { type: string }) => e.type)).toContain('case.replied');
      expect(JSON.stringify(view.body)).not.toContain(master.trackingCode);

      const closedMaster = await logCase();
      await as(operator).post(`/api/cases/${closedMaster.id}/close`, { reason: 'answered', note: '已答复' }).expect(200);
      const late = await logCase();
      const res = await as(operator)
        .post(`/api/cases/${late.id}/close`, { reason: 'merged', note: '重复', mergedIntoId: closedMaster.id })
        .expect(409);
      expect(res.body.code).toBe('MERGE_TARGET_CLOSED');
    });
  });

  describe('the citizen’s online rating', () => {
    it('counts as the callback; a wrong verification is the same 404; only a replied case can be rated', async () => {
      const department = await createDepartment(t.dataSource);
      const handler = await staff(t, 'handler', department.id);
      const c = await logCase();
      const rate = (body: object) => t.http().post(`/api/public/cases/${c.trackingCode}/rating`).send(body);
      await rate({ verify: c.queryCode, satisfaction: 'satisfied' }).expect(409);
      await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id }).expect(200);
      await as(handler.token).post(`/api/cases/${c.id}/sign`).expect(200);
      await as(handler.token).post(`/api/cases/${c.id}/reply`, { content: '已处理。', resolution: 'resolved' }).expect(200);

      const wrong = await rate({ verify: '000000', satisfaction: 'satisfied' }).expect(404);
      const missing = await t.http().post('/api/public/cases/ZZZZZZZZZZ/rating').send({ verify: '123456', satisfaction: 'satisfied' }).expect(404);
      expect({ ...wrong.body, correlationId: null }).toEqual({ ...missing.body, correlationId: null });
      await rate({ verify: c.queryCode, satisfaction: 'thrilled' }).expect(400);
      // The phone's last four digits open the lookup, never the rating.
      const digits = await rate({ verify: '5678', satisfaction: 'satisfied' }).expect(403);
      expect(digits.body.code).toBe('QUERY_CODE_REQUIRED');

      const rated = await rate({ verify: c.queryCode, satisfaction: 'basically_satisfied', comment: '还行' }).expect(200);
      expect(rated.body).toEqual(expect.objectContaining({ status: 'closed' }));
      expect(rated.body.timeline.at(-1)).toEqual(expect.objectContaining({ type: 'case.rated' }));
      const staffView = await as(operator).get(`/api/cases/${c.id}`).expect(200);
      expect(staffView.body).toEqual(expect.objectContaining({ satisfaction: 'basically_satisfied', resolved: true, closeReason: 'rating' }));
      expect(staffView.body.timeline.at(-1).actor).toEqual({ type: 'citizen' });
    });
  });

  describe('the public supervision list (督查公开)', () => {
    it('shows supervised cases by reference, the title only with consent, and no citizen data', async () => {
      const department = await createDepartment(t.dataSource);
      const withConsent = await logCase({ publicConsent: true, title: '同意公开的标题甲' });
      const without = await logCase({ publicConsent: false, title: '不公开的标题乙', citizen: { name: '孙女士', phone: '13655556666' } });
      for (const c of [withConsent, without]) {
        await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id }).expect(200);
        await as(supervisor).post(`/api/cases/${c.id}/supervise`, { note: '签收超时', requirement: '立即签收办理' }).expect(200);
      }
      const res = await t.http().get('/api/public/supervision').query({ limit: 100 }).expect(200);
      const text = JSON.stringify(res.body);
      expect(res.body).toContainEqual({
        ref: expect.stringMatching(/^DB\d{4}-\d{6}$/),
        title: '同意公开的标题甲',
        department: expect.stringContaining('测试单位'),
        responsiblePerson: null,
        facts: '签收超时',
        requirement: '立即签收办理',
        status: 'dispatched',
        supervisedAt: expect.any(String),
      });
      expect(res.body).toContainEqual(expect.objectContaining({ title: '供水', facts: '签收超时' }));
      for (const secret of ['不公开的标题乙', '孙女士', '13655556666', without.trackingCode, withConsent.trackingCode]) {
        expect(text).not.toContain(secret);
      }
      const firstPage = await t.http().get('/api/public/supervision').query({ limit: 1 }).expect(200);
      expect(firstPage.body).toHaveLength(1);
      const next = await t.http().get('/api/public/supervision').query({ limit: 1, cursor: firstPage.headers['x-next-cursor'] }).expect(200);
      expect(next.body[0].ref).not.toBe(firstPage.body[0].ref);
    });
  });
});
