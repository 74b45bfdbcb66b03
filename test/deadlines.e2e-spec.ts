import { DeadlineSweeper } from '../src/supervision/deadline-sweeper.service';
import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';

// Time here is 2031, a year no official calendar covers (weekdays on, weekends off), so the holidays this
// spec sets cannot touch the deadlines of other specs, which run in real time.
const shanghai = (local: string) => new Date(`${local}+08:00`);
const HOUR = 3_600_000;

describe('deadlines: calendar, SLA, overdue, reminders, supervision, extensions', () => {
  let t: TestApp;
  let other: TestApp; // a second instance on the same database, for the sweep
  const clock = new TestClock();
  let admin: string;
  let operator: string;
  let supervisor: string;

  const as = (token: string) => asUser(t, token);
  const logCase = async (overrides: Record<string, unknown> = {}) =>
    (await as(operator).post('/api/cases', caseBody(overrides)).expect(201)).body;
  const timeline = async (id: string) => (await as(operator).get(`/api/cases/${id}`).expect(200)).body.timeline as { type: string; note: string }[];

  beforeAll(async () => {
    other = await startApp({}, undefined, clock);
    t = await startApp({}, undefined, clock); // created last: HTTP goes through this one (passport is process-wide)
    admin = await login(t, 'admin', 'demo12345');
    operator = await login(t, 'op1', 'demo12345');
    supervisor = await login(t, 'sup1', 'demo12345');
  });
  afterAll(async () => {
    await t.close();
    await other.close();
  });

  describe('the working calendar', () => {
    it('holds the official 2026 schedule: National Day off, its make-up Saturday on', async () => {
      const res = await as(admin).get('/api/admin/calendar', { from: '2026-09-19', to: '2026-10-11' }).expect(200);
      const day = (date: string) => res.body.find((d: { date: string }) => d.date === date);
      expect(res.body).toHaveLength(23);
      expect(day('2026-09-19')).toEqual({ date: '2026-09-19', kind: 'holiday' }); // an ordinary Saturday
      expect(day('2026-09-20')).toEqual(expect.objectContaining({ kind: 'workday', name: expect.stringContaining('国庆') }));
      expect(day('2026-10-01')).toEqual(expect.objectContaining({ kind: 'holiday', name: '国庆节' }));
      expect(day('2026-10-07')).toEqual(expect.objectContaining({ kind: 'holiday' }));
      expect(day('2026-10-08')).toEqual({ date: '2026-10-08', kind: 'workday' });
      expect(day('2026-10-10')).toEqual(expect.objectContaining({ kind: 'workday' })); // make-up Saturday
      expect(res.headers['x-calendar-warning']).toBeUndefined();
    });

    it('warns when a year has no holidays loaded', async () => {
      const res = await as(admin).get('/api/admin/calendar', { from: '2033-01-01', to: '2033-01-03' }).expect(200);
      expect(res.headers['x-calendar-warning']).toContain('2033');
      expect((await as(admin).get('/api/admin/calendar/years/2033').expect(200)).body).toEqual({ year: 2033, loaded: false, entries: 0 });
      expect((await as(admin).get('/api/admin/calendar/years/2026').expect(200)).body.loaded).toBe(true);
    });

    it('three holidays push the next case’s sign-for deadline past them; removing them moves it back', async () => {
      clock.set(shanghai('2031-03-03T10:00:00')); // a Monday
      const before = await logCase({ categoryCode: 'labor.wage_arrears' }); // auto-dispatched to rsj
      expect(before.signDeadline).toBe(shanghai('2031-03-04T23:59:59').toISOString());

      for (const date of ['2031-03-04', '2031-03-05', '2031-03-06']) {
        expect((await as(admin).put(`/api/admin/calendar/${date}`, { kind: 'holiday', name: '测试假日' }).expect(200)).body).toEqual({
          date,
          kind: 'holiday',
          name: '测试假日',
        });
      }
      const during = await logCase({ categoryCode: 'labor.wage_arrears' });
      expect(during.signDeadline).toBe(shanghai('2031-03-07T23:59:59').toISOString());

      for (const date of ['2031-03-04', '2031-03-05', '2031-03-06']) await as(admin).del(`/api/admin/calendar/${date}`).expect(200);
      const after = await logCase({ categoryCode: 'labor.wage_arrears' });
      expect(after.signDeadline).toBe(shanghai('2031-03-04T23:59:59').toISOString());
    });

    it('validates dates and is for admins only', async () => {
      await as(admin).put('/api/admin/calendar/2031-02-30', { kind: 'holiday' }).expect(400);
      await as(admin).put('/api/admin/calendar/2031-03-10', { kind: 'vacation' }).expect(400);
      await as(admin).get('/api/admin/calendar', { from: '2031-03-10', to: '2031-03-01' }).expect(400);
      await as(admin).get('/api/admin/calendar', { from: '2020-01-01', to: '2031-01-01' }).expect(400);
      await as(operator).get('/api/admin/calendar', { from: '2031-03-01', to: '2031-03-02' }).expect(403);
      await as(supervisor).put('/api/admin/calendar/2031-03-10', { kind: 'holiday' }).expect(403);
    });
  });

  describe('the SLA policy', () => {
    it('gives an emergency 30 minutes to sign and 5 hours to reply; an urgent case 2 h and 24 h', async () => {
      clock.set(shanghai('2031-03-10T09:00:00'));
      const rsj = await login(t, 'h.rsj', 'demo12345');
      for (const [priority, signHours, replyHours] of [
        ['emergency', 0.5, 5],
        ['urgent', 2, 24],
      ] as const) {
        const c = await logCase({ categoryCode: 'labor.wage_arrears', priority });
        expect(Date.parse(c.signDeadline) - clock.now().getTime()).toBe(signHours * HOUR);
        const signed = await as(rsj).post(`/api/cases/${c.id}/sign`).expect(200);
        expect(Date.parse(signed.body.replyDeadline) - clock.now().getTime()).toBe(replyHours * HOUR);
      }
    });

    it('is read and changed by the admin', async () => {
      const policy = await as(admin).get('/api/admin/sla-policy').expect(200);
      expect(policy.body.emergency).toEqual({
        dispatchWithin: { amount: 10, unit: 'minutes' },
        signWithin: { amount: 30, unit: 'minutes' },
        replyWithin: { amount: 5, unit: 'hours' },
        callbackWithin: { amount: 2, unit: 'working_days' },
      });
      expect(policy.body.normal.replyWithin).toEqual({ amount: 5, unit: 'working_days' });
      const changed = await as(admin)
        .put('/api/admin/sla-policy', { emergency: { ...policy.body.emergency, callbackWithin: { amount: 1, unit: 'working_days' } } })
        .expect(200);
      expect(changed.body.emergency.callbackWithin).toEqual({ amount: 1, unit: 'working_days' });
      await as(admin).put('/api/admin/sla-policy', { emergency: policy.body.emergency }).expect(200);
      await as(admin).put('/api/admin/sla-policy', { urgent: { ...policy.body.urgent, signWithin: { amount: 0, unit: 'hours' } } }).expect(400);
      await as(admin).put('/api/admin/sla-policy', { urgent: { ...policy.body.urgent, signWithin: { amount: 1, unit: 'weeks' } } }).expect(400);
      await as(admin).put('/api/admin/sla-policy', {}).expect(400);
      await as(supervisor).put('/api/admin/sla-policy', { emergency: policy.body.emergency }).expect(403);
    });
  });

  describe('overdue, reminders and supervision', () => {
    it('an overdue case is shown red, queued, reminded once by two sweeping instances, then supervised after the grace', async () => {
      const department = await createDepartment(t.dataSource);
      clock.set(shanghai('2031-04-07T09:00:00')); // Monday
      const c = await logCase({ categoryCode: 'water.supply' });
      await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id }).expect(200);
      // Sign-for deadline: end of Tuesday. Stage started Monday 09:00, so 80% is reached Tuesday ~18:12.
      const sweepers = [t.app.get(DeadlineSweeper), other.app.get(DeadlineSweeper)];
      const sweepBoth = () => Promise.all(sweepers.map((s) => s.sweep()));

      clock.set(shanghai('2031-04-08T19:00:00'));
      await sweepBoth();
      await sweepBoth();
      expect((await timeline(c.id)).filter((e) => e.type === 'case.reminded')).toHaveLength(1);
      expect((await as(operator).get(`/api/cases/${c.id}`)).body.overdue).toBe(false);

      clock.set(shanghai('2031-04-09T08:00:00')); // past the deadline
      const reports = await sweepBoth();
      expect(reports.filter((r) => r === null).length + reports.filter((r) => r?.overdue === 0).length).toBe(1);
      await sweepBoth();
      const events = await timeline(c.id);
      expect(events.filter((e) => e.type === 'case.overdue')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'case.supervised')).toHaveLength(0);

      const shown = await as(supervisor).get(`/api/cases/${c.id}`).expect(200);
      expect(shown.body).toEqual(expect.objectContaining({ overdue: true, supervised: false }));
      const queue = await as(supervisor).get('/api/cases', { overdue: 'true', order: 'deadline', departmentId: department.id }).expect(200);
      expect(queue.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
      const board = await as(supervisor).get('/api/supervision/overdue').expect(200);
      expect(board.body).toEqual(
        expect.arrayContaining([expect.objectContaining({ owner: expect.objectContaining({ departmentId: department.id }), overdue: 1 })]),
      );

      clock.set(shanghai('2031-04-10T08:00:00')); // overdue for more than the 24-hour grace
      await sweepBoth();
      await sweepBoth();
      const after = await as(supervisor).get(`/api/cases/${c.id}`).expect(200);
      expect(after.body.supervised).toBe(true);
      expect(after.body.timeline.filter((e: { type: string }) => e.type === 'case.supervised')).toEqual([
        expect.objectContaining({ actor: { type: 'system' }, note: expect.stringContaining('超期') }),
      ]);
      const [record] = await t.dataSource.query(`SELECT ref, source, responsible_department_id FROM supervisions WHERE case_id = $1`, [c.id]);
      expect(record).toEqual({ ref: expect.stringMatching(/^DB2031-\d{6}$/), source: 'automatic', responsible_department_id: department.id });
    });

    it('a supervisor flags a case by hand, with the facts and the rectification demanded', async () => {
      const c = await logCase();
      await as(operator).post(`/api/cases/${c.id}/supervise`, { note: '迟迟未派单', requirement: '今日内派单' }).expect(403);
      await as(supervisor).post(`/api/cases/${c.id}/supervise`, { note: '迟迟未派单' }).expect(400);
      const res = await as(supervisor).post(`/api/cases/${c.id}/supervise`, { note: '迟迟未派单', requirement: '今日内派单' }).expect(200);
      expect(res.body.supervised).toBe(true);
      expect((await as(supervisor).get('/api/cases', { supervised: 'true', q: c.trackingCode })).body.items).toHaveLength(1);
    });
  });

  describe('extensions (延期)', () => {
    it('ask, approve fewer days, the reply deadline moves by exactly that, twice at most', async () => {
      const department = await createDepartment(t.dataSource);
      const lead = await staff(t, 'dept_lead', department.id);
      const handler = await staff(t, 'handler', department.id);
      clock.set(shanghai('2031-05-05T09:00:00')); // Monday
      const c = await logCase();
      await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id }).expect(200);
      const signed = await as(handler.token).post(`/api/cases/${c.id}/sign`).expect(200);
      expect(signed.body.replyDeadline).toBe(shanghai('2031-05-12T23:59:59').toISOString()); // 5 working days

      await as(handler.token).post(`/api/cases/${c.id}/extension`, { workingDays: 3, reason: '需现场勘查' }).expect(403);
      const asked = await as(lead.token).post(`/api/cases/${c.id}/extension`, { workingDays: 3, reason: '需现场勘查' }).expect(200);
      expect(asked.body.pendingExtension).toEqual(expect.objectContaining({ workingDays: 3, reason: '需现场勘查' }));
      expect((await as(supervisor).get('/api/cases', { pendingExtension: 'true', q: c.trackingCode })).body.items).toHaveLength(1);
      expect((await as(lead.token).post(`/api/cases/${c.id}/extension`, { workingDays: 1, reason: '再次' }).expect(409)).body.code).toBe(
        'EXTENSION_PENDING',
      );
      await as(supervisor).post(`/api/cases/${c.id}/extension/decision`, { approve: true, workingDays: 4 }).expect(400);

      const approved = await as(supervisor).post(`/api/cases/${c.id}/extension/decision`, { approve: true, workingDays: 2 }).expect(200);
      expect(approved.body).toEqual(
        expect.objectContaining({ pendingExtension: null, replyDeadline: shanghai('2031-05-14T23:59:59').toISOString() }),
      );
      const publicView = await t.http().get(`/api/public/cases/${c.trackingCode}`).query({ verify: '5678' }).expect(200);
      expect(publicView.body.timeline).toContainEqual(
        expect.objectContaining({ type: 'case.extension_decided', summary: '答复期限延长至2031-05-14' }),
      );
      expect(publicView.body.deadline).toBe(shanghai('2031-05-14T23:59:59').toISOString());

      await as(lead.token).post(`/api/cases/${c.id}/extension`, { workingDays: 5, reason: '等待检测结果' }).expect(200);
      const refused = await as(supervisor).post(`/api/cases/${c.id}/extension/decision`, { approve: false, note: '理由不足' }).expect(200);
      expect(refused.body.replyDeadline).toBe(shanghai('2031-05-14T23:59:59').toISOString());
      await as(lead.token).post(`/api/cases/${c.id}/extension`, { workingDays: 1, reason: '最后一次' }).expect(200);
      await as(supervisor).post(`/api/cases/${c.id}/extension/decision`, { approve: true }).expect(200);
      const third = await as(lead.token).post(`/api/cases/${c.id}/extension`, { workingDays: 1, reason: '第三次' }).expect(409);
      expect(third.body.code).toBe('EXTENSION_LIMIT');
      await as(supervisor).post(`/api/cases/${c.id}/extension/decision`, { approve: true }).expect(409);

      const publicAfter = await t.http().get(`/api/public/cases/${c.trackingCode}`).query({ verify: '5678' }).expect(200);
      expect(publicAfter.body.timeline.filter((e: { type: string }) => e.type === 'case.extension_decided')).toHaveLength(2);
      expect(JSON.stringify(publicAfter.body)).not.toContain('理由不足');
    });
  });
});
