import { StatsRepository } from '../src/stats/stats.repository';
import { asUser, caseBody, createDepartment, login } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

describe('GET /api/stats/overview (全市态势)', () => {
  let t: TestApp;
  const clock = new TestClock();
  let operator: ReturnType<typeof asUser>;
  let supervisor: ReturnType<typeof asUser>;
  // A Wednesday far from every other spec's cases: 10:30 in Shanghai.
  const day = '2031-03-05';
  const at = new Date(`${day}T10:30:00+08:00`);

  beforeAll(async () => {
    t = await startApp({}, undefined, clock);
    operator = asUser(t, await login(t, 'op1', 'demo12345'));
    supervisor = asUser(t, await login(t, 'sup1', 'demo12345'));
  });
  afterAll(() => t.close());

  it('counts the day by hour against the same weekday of the last four weeks, by channel and county; a new case moves them', async () => {
    // The same weekday, 1 and 3 weeks before: 09:xx and 10:xx calls.
    for (const [weeksBack, hour] of [[1, 9], [1, 10], [3, 10], [3, 10]] as const) {
      clock.set(new Date(at.getTime() - weeksBack * WEEK + (hour - 10) * HOUR));
      await operator.post('/api/cases', caseBody({ regionCode: '441823' })).expect(201);
    }
    clock.set(at);
    const before = (await supervisor.get('/api/stats/overview', { date: day }).expect(200)).body;
    expect(before.date).toBe(day);
    expect(before.intakeByHour).toEqual(Array(24).fill(0));
    expect(before.intakeByHourBaseline[9]).toBe(0.25);
    expect(before.intakeByHourBaseline[10]).toBe(0.75);
    expect(before.intakeByHourBaseline.reduce((a: number, b: number) => a + b, 0)).toBe(1);
    // The demo city's eight counties (other specs may add regions to the shared database meanwhile).
    const counties = ['441802', '441803', '441821', '441823', '441825', '441826', '441881', '441882'];
    expect(before.byRegion.map((r: { regionCode: string }) => r.regionCode)).toEqual(expect.arrayContaining(counties));
    expect(before.byRegion.find((r: { regionCode: string }) => r.regionCode === '441881')).toEqual({ regionCode: '441881', name: '英德市', count: 0 });

    await operator.post('/api/cases', caseBody({ regionCode: '441881' })).expect(201);
    await operator.post('/api/cases', caseBody({ channel: 'mailbox', regionCode: undefined, location: { lat: 24.1818, lng: 113.4027 } })).expect(201);
    const after = (await supervisor.get('/api/stats/overview', { date: day }).expect(200)).body;
    expect(after.intakeByHour[10]).toBe(2);
    expect(after.intakeByHour.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    expect(after.byChannel).toEqual({ hotline: 1, mailbox: 1, web: 0, app: 0, open311: 0 });
    expect(after.byRegion.find((r: { regionCode: string }) => r.regionCode === '441881').count).toBe(2);
    // Now-figures are the whole city's (other specs write too): at least the two new ones.
    expect(after.byStatus.received).toBeGreaterThanOrEqual(before.byStatus.received + 2);
  });

  it('shows open cases by status from the counters, exactly as the table holds them', async () => {
    clock.set(at);
    const overview = (await supervisor.get('/api/stats/overview').expect(200)).body;
    expect(Object.keys(overview.byStatus).sort()).toEqual(['dispatched', 'in_progress', 'received', 'replied', 'returned']);
    // The deltas add up to the table, before and after folding them (other specs write concurrently:
    // compare within one snapshot).
    const same = () =>
      t.dataSource.transaction('REPEATABLE READ', async (em) => {
        expect(await em.query(`SELECT status, sum(n)::int AS n FROM case_status_deltas GROUP BY status HAVING sum(n) <> 0 ORDER BY status`)).toEqual(
          await em.query(`SELECT status, count(*)::int AS n FROM cases GROUP BY status ORDER BY status`),
        );
      });
    await same();
    await t.app.get(StatsRepository).compactStatusCounts();
    await same();
  });

  it('lists overdue open cases per department, most first', async () => {
    const department = await createDepartment(t.dataSource);
    clock.set(new Date(at.getTime() - 10 * 24 * HOUR));
    const res = await operator.post('/api/cases', caseBody()).expect(201);
    await operator.post(`/api/cases/${res.body.id}/dispatch`, { departmentId: department.id }).expect(200);
    clock.set(at);
    const overview = (await supervisor.get('/api/stats/overview').expect(200)).body;
    expect(overview.overdueByDepartment).toEqual(expect.arrayContaining([{ departmentId: department.id, name: department.name, count: 1 }]));
    const counts = overview.overdueByDepartment.map((r: { count: number }) => r.count);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it('refuses operators and bad dates', async () => {
    await operator.get('/api/stats/overview').expect(403);
    await supervisor.get('/api/stats/overview', { date: '2031-02-30' }).expect(400);
    await supervisor.get('/api/stats/overview', { date: 'today' }).expect(400);
    await asUser(t, await login(t, 'admin', 'demo12345')).get('/api/stats/overview').expect(200);
  });
});
