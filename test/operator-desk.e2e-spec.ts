/**
 * The operator's desk (issue 14): who is calling (history and flags), merging a repeat at intake,
 * answering from the knowledge base at intake, transfers to the emergency lines, reply templates and
 * the centre's own figures — and that departments can reach none of the centre's tools.
 */
import { DEMO_KNOWLEDGE } from '../src/demo/knowledge-data';
import { asUser, caseBody, createDepartment, dispatchTo, login, staff, unique } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';

const DAY = 86_400_000;

describe("the operator's desk", () => {
  let t: TestApp;
  const clock = new TestClock();
  let operator: string;
  let supervisor: string;
  let admin: string;
  const as = (token: string) => asUser(t, token);
  const logCase = async (overrides: Record<string, unknown> = {}) =>
    (await as(operator).post('/api/cases', caseBody({ categoryCode: 'water.supply', ...overrides })).expect(201)).body as {
      id: string;
      trackingCode: string;
      queryCode: string;
      status: string;
      closeReason: string | null;
      mergedIntoId: string | null;
    };
  const lookup = (trackingCode: string, verify: string) => t.http().get(`/api/public/cases/${trackingCode}`).query({ verify });
  /** The audit entries about one row, newest first (other specs write to the log meanwhile: page through it). */
  const auditOf = async (entity: string, entityId: string) => {
    const found: { action: string; actor: { id: string; displayName: string } | null }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res: { body: { items: unknown[]; nextCursor: string | null } } = await as(admin).get('/api/admin/audit', { limit: 100, ...(cursor ? { cursor } : {}) }).expect(200);
      found.push(...(res.body.items as { entity: string; entityId: string; action: string; actor: { id: string; displayName: string } | null }[]).filter((e) => e.entity === entity && e.entityId === entityId));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    return found;
  };
  /** A phone number no other spec uses. */
  const newPhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

  beforeAll(async () => {
    t = await startApp({}, undefined, clock);
    operator = await login(t, 'op1', 'demo12345');
    supervisor = await login(t, 'sup1', 'demo12345');
    admin = await login(t, 'admin', 'demo12345');
  });
  afterAll(() => t.close());

  describe('caller history and flags', () => {
    it("lists the number's cases of the last year, newest first, with counts and its flag", async () => {
      const phone = newPhone();
      clock.set(new Date(Date.now() - 400 * DAY));
      await logCase({ citizen: { name: '王伯', phone } }); // older than a year: not listed
      clock.set(new Date(Date.now() - 100 * DAY));
      const old = await logCase({ citizen: { name: '王伯', phone }, title: '三个月前的停水' });
      await as(operator).post(`/api/cases/${old.id}/close`, { reason: 'not_accepted', note: '重复来电' }).expect(200);
      clock.set(new Date(Date.now() - 2 * DAY));
      const recent = await logCase({ citizen: { name: '王伯', phone }, title: '前天的停水' });
      clock.set(new Date());
      const today = await logCase({ citizen: { name: '王伯', phone }, title: '今天又停水' });

      // Typed the way people say it: spaces, dashes, +86.
      const typed = `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)} ${phone.slice(7)}`;
      const history = (await as(operator).post('/api/callers/history', { phone: typed }).expect(200)).body;
      expect(history.counts).toEqual({ total: 3, open: 2, last30Days: 2 });
      expect(history.cases.map((c: { id: string }) => c.id)).toEqual([today.id, recent.id, old.id]);
      expect(history.cases[0]).toEqual({
        id: today.id,
        trackingCode: today.trackingCode,
        title: '今天又停水',
        status: 'received',
        categoryCode: 'water.supply',
        owner: { type: 'centre' },
        createdAt: expect.any(String),
      });
      expect(history.flag).toBeNull();

      // A supervisor flags the number; operators see it; intake goes on as before.
      await as(operator).put('/api/callers/flag', { phone, kind: 'vulnerable', reason: '独居老人，听力不好' }).expect(403);
      const flag = (await as(supervisor).put('/api/callers/flag', { phone: typed, kind: 'vulnerable', reason: '独居老人，听力不好' }).expect(200)).body;
      expect(flag).toEqual({ kind: 'vulnerable', reason: '独居老人，听力不好', expiresAt: null, setAt: expect.any(String), setBy: '督办员一' });
      expect((await as(operator).post('/api/callers/history', { phone }).expect(200)).body.flag).toEqual(flag);
      await logCase({ citizen: { phone } });
      // Replaced by an abusive flag that has an end: gone once it has passed.
      const until = new Date(Date.now() + DAY).toISOString();
      await as(supervisor).put('/api/callers/flag', { phone, kind: 'abusive', reason: '多次辱骂话务员', expiresAt: until }).expect(200);
      expect((await as(admin).post('/api/callers/history', { phone }).expect(200)).body.flag).toEqual(expect.objectContaining({ kind: 'abusive', expiresAt: until }));
      clock.set(new Date(Date.now() + 2 * DAY));
      expect((await as(operator).post('/api/callers/history', { phone }).expect(200)).body.flag).toBeNull();
      clock.set(new Date());
      const [{ id: flagId }] = await t.dataSource.query(`SELECT id FROM caller_flags WHERE phone = $1`, [phone]);
      await as(operator).post('/api/callers/flag/lift', { phone }).expect(403);
      await as(supervisor).post('/api/callers/flag/lift', { phone }).expect(200);
      await as(supervisor).post('/api/callers/flag/lift', { phone }).expect(404);

      // The audit names who flagged and lifted.
      expect((await auditOf('caller_flags', flagId)).map((a) => [a.action, a.actor?.displayName])).toEqual([
        ['delete', '督办员一'],
        ['update', '督办员一'],
        ['insert', '督办员一'],
      ]);
    });

    it('answers 403 to department staff for history and flags, 400 for a number that is not one', async () => {
      const department = await createDepartment(t.dataSource);
      for (const role of ['handler', 'dept_lead'] as const) {
        const user = await staff(t, role, department.id);
        await as(user.token).post('/api/callers/history', { phone: '13812345678' }).expect(403);
        await as(user.token).put('/api/callers/flag', { phone: '13812345678', kind: 'abusive', reason: 'x' }).expect(403);
        await as(user.token).post('/api/callers/flag/lift', { phone: '13812345678' }).expect(403);
      }
      const bad = await as(operator).post('/api/callers/history', { phone: '12345' }).expect(400);
      expect(JSON.stringify(bad.body.message)).toContain('phone');
      await as(operator).post('/api/callers/history', {}).expect(400);
      await as(supervisor).put('/api/callers/flag', { phone: '13812345678', kind: 'rude', reason: 'x' }).expect(400);
      await as(supervisor).put('/api/callers/flag', { phone: '13812345678', kind: 'abusive', reason: 'x', expiresAt: 'tomorrow' }).expect(400);
    });
  });

  describe('merging a repeat at intake (并单)', () => {
    it("creates the caller's case merged into the open one; the master counts it and its answer reaches them", async () => {
      const department = await createDepartment(t.dataSource);
      const handler = await staff(t, 'handler', department.id);
      const master = await logCase({ title: '时代花园小区停水两天', citizen: { name: '张先生', phone: newPhone() } });
      await dispatchTo(t, operator, master.id, department.id);

      const phone = newPhone();
      const repeat = await logCase({ title: '时代花园一直没水', citizen: { name: '李女士', phone }, mergeIntoId: master.id });
      expect(repeat).toEqual(
        expect.objectContaining({ status: 'closed', closeReason: 'merged', mergedIntoId: master.id, trackingCode: expect.any(String), queryCode: expect.any(String) }),
      );
      expect(repeat.trackingCode).not.toBe(master.trackingCode);
      const again = await logCase({ title: '时代花园还是没水', mergeIntoId: master.id });

      const seen = (await as(handler.token).get(`/api/cases/${master.id}`).expect(200)).body;
      expect(seen.mergedCount).toBe(2);
      expect(seen.mergedCases.map((m: { id: string }) => m.id).sort()).toEqual([repeat.id, again.id].sort());
      expect((await as(operator).get(`/api/cases/${repeat.id}`).expect(200)).body.timeline.map((e: { type: string }) => e.type)).toEqual([
        'case.created',
        'case.merged',
      ]);

      // The master's reply reaches the merged caller's lookup (with their own codes, never the master's).
      await as(handler.token).post(`/api/cases/${master.id}/sign`).expect(200);
      await as(handler.token).post(`/api/cases/${master.id}/reply`, { content: '管网抢修完毕，已恢复供水。', resolution: 'resolved' }).expect(200);
      const view = (await lookup(repeat.trackingCode, phone.slice(-4)).expect(200)).body;
      expect(view).toEqual(expect.objectContaining({ trackingCode: repeat.trackingCode, status: 'replied', reply: expect.objectContaining({ content: '管网抢修完毕，已恢复供水。' }) }));
      expect(JSON.stringify(view)).not.toContain(master.trackingCode);
    });

    it('refuses a master that is closed (409) or unknown (400), and both outcomes at once (400)', async () => {
      const closed = await logCase();
      await as(operator).post(`/api/cases/${closed.id}/close`, { reason: 'not_accepted', note: 'x' }).expect(200);
      const conflict = await as(operator).post('/api/cases', caseBody({ mergeIntoId: closed.id })).expect(409);
      expect(conflict.body.code).toBe('MERGE_TARGET_CLOSED');
      const unknown = await as(operator).post('/api/cases', caseBody({ mergeIntoId: '8c1d3b1e-0000-4000-8000-000000000000' })).expect(400);
      expect(unknown.body.code).toBe('UNKNOWN_MERGE_TARGET');
      await as(operator).post('/api/cases', caseBody({ mergeIntoId: 'not-a-uuid' })).expect(400);
      const open = await logCase();
      // Intake is the centre's: a department cannot merge or answer through it either.
      const department = await createDepartment(t.dataSource);
      const handler = await staff(t, 'handler', department.id);
      await as(handler.token).post('/api/cases', caseBody({ mergeIntoId: open.id })).expect(403);
      await as(handler.token).post('/api/cases', caseBody({ answeredOnTheSpot: { knowledgeEntryIds: [], answer: '已答复' } })).expect(403);
      const both = await as(operator)
        .post('/api/cases', caseBody({ mergeIntoId: open.id, answeredOnTheSpot: { knowledgeEntryIds: [], answer: '已答复' } }))
        .expect(400);
      expect(both.body.code).toBe('CONFLICTING_INTAKE_OUTCOMES');
      // Nothing of the refused intakes was kept.
      expect((await as(operator).get(`/api/cases/${open.id}`).expect(200)).body.mergedCount).toBe(0);
    });
  });

  describe('direct answers (直办) and transfers', () => {
    const entryId = async (key: string) => {
      const title = DEMO_KNOWLEDGE.find((k) => k.key === key)!.title;
      const items = (await as(operator).get('/api/knowledge', { q: title }).expect(200)).body.items as { id: string; title: string }[];
      return items.find((i) => i.title === title)!.id;
    };

    it('answers on the spot from the knowledge base: created and closed in one step, the answer on the citizen’s timeline', async () => {
      const id = await entryId('hf-purchase');
      const phone = newPhone();
      const answer = '购房可以提取本人及配偶的住房公积金，首付款也可以提取，材料为身份证、购房合同和发票。';
      const c = await logCase({
        kind: 'consultation',
        categoryCode: 'labor.wage_arrears', // a rule would auto-dispatch it: an answered case is never dispatched
        title: '咨询公积金买房提取',
        citizen: { phone },
        answeredOnTheSpot: { knowledgeEntryIds: [id], answer },
      });
      expect(c).toEqual(expect.objectContaining({ status: 'closed', closeReason: 'answered', owner: { type: 'centre' } }));
      const full = (await as(operator).get(`/api/cases/${c.id}`).expect(200)).body;
      expect(full.timeline.map((e: { type: string; publicNote: string | null }) => [e.type, e.publicNote])).toEqual([
        ['case.created', null],
        ['case.closed', answer],
      ]);
      const view = (await lookup(c.trackingCode, phone.slice(-4)).expect(200)).body;
      expect(view.status).toBe('closed');
      expect(view.timeline.at(-1)).toEqual(expect.objectContaining({ summary: '已当场答复，诉求办结', note: answer }));

      // Only entries in force: an expired or retired one, or none at that id, is a 400.
      const expired = DEMO_KNOWLEDGE.find((k) => k.expiredDaysAgo)!;
      const [{ id: expiredId }] = await t.dataSource.query(`SELECT id FROM knowledge_entries WHERE title = $1`, [expired.title]);
      const refused = await as(operator).post('/api/cases', caseBody({ answeredOnTheSpot: { knowledgeEntryIds: [expiredId], answer: 'x' } })).expect(400);
      expect(refused.body.code).toBe('KNOWLEDGE_ENTRY_NOT_IN_FORCE');
      const missing = await as(operator)
        .post('/api/cases', caseBody({ answeredOnTheSpot: { knowledgeEntryIds: ['8c1d3b1e-0000-4000-8000-000000000000'], answer: 'x' } }))
        .expect(400);
      expect(missing.body.code).toBe('UNKNOWN_KNOWLEDGE_ENTRY');
      await as(operator).post('/api/cases', caseBody({ answeredOnTheSpot: { knowledgeEntryIds: [id] } })).expect(400);
      await as(operator).post('/api/cases', caseBody({ answeredOnTheSpot: { knowledgeEntryIds: 'x', answer: 'y' } })).expect(400);
    });

    it('closes as answered from entries, with the answer for the citizen', async () => {
      const id = await entryId('water-outage');
      const c = await logCase();
      await as(operator).post(`/api/cases/${c.id}/close`, { reason: 'answered', note: '查询停水通知', knowledgeEntryIds: [id] }).expect(400);
      const closed = await as(operator)
        .post(`/api/cases/${c.id}/close`, { reason: 'answered', note: '查询停水通知', knowledgeEntryIds: [id], publicNote: '该区域因管网抢修停水，预计今晚8点恢复。' })
        .expect(200);
      expect(closed.body).toEqual(expect.objectContaining({ status: 'closed', closeReason: 'answered' }));
    });

    it('transfers to 110/119/120/122 with the counterpart’s reference (case.transferred)', async () => {
      const phone = newPhone();
      const c = await logCase({ title: '小区有人打架', citizen: { phone } });
      const missing = await as(operator).post(`/api/cases/${c.id}/close`, { reason: 'transferred', note: '治安事件' }).expect(400);
      expect(JSON.stringify(missing.body.message)).toContain('transferTo');
      await as(operator).post(`/api/cases/${c.id}/close`, { reason: 'transferred', transferTo: '999', note: 'x' }).expect(400);
      const misplaced = await as(operator).post(`/api/cases/${c.id}/close`, { reason: 'not_accepted', transferTo: '110', note: 'x' }).expect(400);
      expect(misplaced.body.code).toBe('FIELD_NOT_FOR_REASON');

      const department = await createDepartment(t.dataSource);
      const lead = await staff(t, 'dept_lead', department.id);
      await as(lead.token).post(`/api/cases/${c.id}/close`, { reason: 'transferred', transferTo: '110', note: 'x' }).expect(403);

      const closed = (
        await as(operator).post(`/api/cases/${c.id}/close`, { reason: 'transferred', transferTo: '110', counterpartRef: 'JJ20261129-0042', note: '已三方通话转110' }).expect(200)
      ).body;
      expect(closed).toEqual(expect.objectContaining({ status: 'closed', closeReason: 'transferred', transferTo: '110', counterpartRef: 'JJ20261129-0042' }));
      const full = (await as(operator).get(`/api/cases/${c.id}`).expect(200)).body;
      expect(full.timeline.at(-1)).toEqual(expect.objectContaining({ type: 'case.transferred', note: '已三方通话转110' }));
      const view = (await lookup(c.trackingCode, phone.slice(-4)).expect(200)).body;
      expect(view.timeline.at(-1)).toEqual(expect.objectContaining({ type: 'case.transferred', summary: '您的诉求已转交公安110报警服务台处理', note: null }));
    });
  });

  describe('reply templates (常用语)', () => {
    it("each department keeps its own, supervisors the centre's; staff read theirs and the centre's", async () => {
      const department = await createDepartment(t.dataSource);
      const other = await createDepartment(t.dataSource);
      const lead = await staff(t, 'dept_lead', department.id);
      const handler = await staff(t, 'handler', department.id);
      const otherHandler = await staff(t, 'handler', other.id);
      const title = unique('答复模板');
      const mine = (await as(lead.token).post('/api/reply-templates', { title, body: '经核查，已处理完毕。', categoryCodes: ['water.supply'] }).expect(201)).body;
      expect(mine).toEqual(expect.objectContaining({ departmentId: department.id, title }));
      const centreTitle = unique('中心模板');
      const centre = (await as(supervisor).post('/api/reply-templates', { title: centreTitle, body: '感谢您的来电。' }).expect(201)).body;
      expect(centre.departmentId).toBeNull();

      const titles = async (token: string) => ((await as(token).get('/api/reply-templates').expect(200)).body as { title: string }[]).map((x) => x.title);
      expect(await titles(handler.token)).toEqual(expect.arrayContaining([title, centreTitle]));
      expect(await titles(otherHandler.token)).toContain(centreTitle);
      expect(await titles(otherHandler.token)).not.toContain(title);
      expect(await titles(operator)).not.toContain(title);

      await as(handler.token).post('/api/reply-templates', { title: 'x', body: 'y' }).expect(403);
      await as(operator).post('/api/reply-templates', { title: 'x', body: 'y' }).expect(403);
      await as(lead.token).patch(`/api/reply-templates/${centre.id}`, { body: '改' }).expect(403);
      await as(otherHandler.token).patch(`/api/reply-templates/${mine.id}`, { body: '改' }).expect(403);
      const otherLead = await staff(t, 'dept_lead', other.id);
      await as(otherLead.token).patch(`/api/reply-templates/${mine.id}`, { body: '改' }).expect(404);
      await as(supervisor).patch(`/api/reply-templates/${mine.id}`, { body: '改' }).expect(404);
      await as(lead.token).post('/api/reply-templates', { title: 'x', body: 'y', categoryCodes: ['no.such'] }).expect(400);
      expect((await as(lead.token).patch(`/api/reply-templates/${mine.id}`, { body: '经核查，已于当日处理完毕。' }).expect(200)).body.body).toBe('经核查，已于当日处理完毕。');
      await as(lead.token).del(`/api/reply-templates/${mine.id}`).expect(204);
      await as(lead.token).del(`/api/reply-templates/${mine.id}`).expect(404);
      await as(supervisor).del(`/api/reply-templates/${centre.id}`).expect(204);
    });
  });

  describe("the centre's figures", () => {
    it('counts what the centre did with the period’s cases', async () => {
      // A day of its own, far from the other specs' cases.
      clock.set(new Date('2032-06-15T02:00:00Z'));
      const department = await createDepartment(t.dataSource);
      const handler = await staff(t, 'handler', department.id);
      const a = await logCase();
      await dispatchTo(t, operator, a.id, department.id); // dispatched, never returned
      const b = await logCase();
      await dispatchTo(t, operator, b.id, department.id);
      await as(handler.token).post(`/api/cases/${b.id}/return`, { reason: '不属于本单位职责' }).expect(200); // a return that stands
      const c = await logCase();
      await dispatchTo(t, operator, c.id, department.id);
      await as(handler.token).post(`/api/cases/${c.id}/return`, { reason: '不属于本单位' }).expect(200);
      await as(operator).post(`/api/cases/${c.id}/reject-return`, { note: '属于该单位职责' }).expect(200); // refused: does not count
      await logCase({ mergeIntoId: a.id });
      await logCase({ answeredOnTheSpot: { knowledgeEntryIds: [], answer: '已当场解答' } });
      const d = await logCase();
      await as(operator).post(`/api/cases/${d.id}/close`, { reason: 'transferred', transferTo: '120', note: '急病' }).expect(200);
      const e = await logCase();
      await as(operator).post(`/api/cases/${e.id}/close`, { reason: 'not_accepted', note: '非政务' }).expect(200);
      clock.set(new Date());

      const figures = (await as(supervisor).get('/api/stats/centre', { from: '2032-06-15', to: '2032-06-15' }).expect(200)).body;
      expect(figures).toEqual({
        from: '2032-06-15',
        to: '2032-06-15',
        received: 7,
        answeredOnTheSpot: 1,
        directAnswerRate: 0.1429,
        dispatched: 3,
        dispatchAccuracyRate: 0.6667,
        merged: 1,
        transferred: { '110': 0, '119': 0, '120': 1, '122': 0 },
        notAccepted: 1,
      });
      expect((await as(admin).get('/api/stats/centre', { from: '2032-06-15', to: '2032-06-15' }).expect(200)).body.received).toBe(7);
      const lead = await staff(t, 'dept_lead', department.id);
      await as(lead.token).get('/api/stats/centre', { from: '2032-06-15', to: '2032-06-15' }).expect(403);
      await as(operator).get('/api/stats/centre', { from: '2032-06-15', to: '2032-06-15' }).expect(403);
      await as(supervisor).get('/api/stats/centre', { from: '2032-06-16', to: '2032-06-15' }).expect(400);
      await as(supervisor).get('/api/stats/centre', { from: '2032-06-15' }).expect(400);
    });
  });
});
