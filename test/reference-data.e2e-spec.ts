import { asUser, caseBody, createDepartment, login, unique } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';

// Each instance keeps copies of the reference data (SLA policy, calendar, catalog, routing rules) and
// reads them again when `reference_version` moves. These changes are written straight into the
// database — as another instance, a migration or psql would — never through this instance's API, so
// only the version can tell it. Time is 2032, a year no official calendar covers and no other spec uses.
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('reference data: every instance sees a change made anywhere, at the next request', () => {
  let t: TestApp;
  const clock = new TestClock();
  let operator: string;
  const as = (token: string) => asUser(t, token);
  const logCase = async (overrides: Record<string, unknown> = {}) => (await as(operator).post('/api/cases', caseBody(overrides)).expect(201)).body;

  beforeAll(async () => {
    t = await startApp({}, undefined, clock);
    operator = await login(t, 'op1', 'demo12345');
    clock.set(shanghai('2032-03-01T10:00:00')); // a Monday
  });
  afterAll(() => t.close());

  it('a holiday entered in the database moves the next case’s deadline; removing it moves it back', async () => {
    // labor.wage_arrears is auto-dispatched to rsj: sign for within one working day.
    expect((await logCase({ categoryCode: 'labor.wage_arrears' })).signDeadline).toBe(shanghai('2032-03-02T23:59:59').toISOString());
    await t.dataSource.query(`INSERT INTO calendar_days (date, kind, name, source) VALUES ('2032-03-02', 'holiday', '测试假日', 'admin')`);
    try {
      expect((await logCase({ categoryCode: 'labor.wage_arrears' })).signDeadline).toBe(shanghai('2032-03-03T23:59:59').toISOString());
    } finally {
      await t.dataSource.query(`DELETE FROM calendar_days WHERE date = '2032-03-02'`);
    }
    expect((await logCase({ categoryCode: 'labor.wage_arrears' })).signDeadline).toBe(shanghai('2032-03-02T23:59:59').toISOString());
  });

  it('a routing rule added in the database routes the next case; deleting it stops that', async () => {
    const unit = await createDepartment(t.dataSource);
    // water.supply has no rule: such cases wait for the centre.
    expect((await logCase({ categoryCode: 'water.supply', regionCode: '441803' })).status).toBe('received');
    await t.dataSource.query(
      `INSERT INTO routing_rules (category_code, region_code, department_id, auto_dispatch) VALUES ('water.supply', '441803', $1, true)`,
      [unit.id],
    );
    try {
      const routed = await logCase({ categoryCode: 'water.supply', regionCode: '441803' });
      expect(routed.status).toBe('dispatched');
      expect(routed.owner).toEqual(expect.objectContaining({ departmentId: unit.id }));
    } finally {
      await t.dataSource.query(`DELETE FROM routing_rules WHERE department_id = $1`, [unit.id]);
    }
    expect((await logCase({ categoryCode: 'water.supply', regionCode: '441803' })).status).toBe('received');
  });

  it('a category added in the database can be used at once, and one removed is refused', async () => {
    const code = unique('ref.c');
    await t.dataSource.query(`INSERT INTO categories (code, name, parent_code) VALUES ($1, '测试事项', NULL)`, [code]);
    expect((await logCase({ categoryCode: code })).categoryCode).toBe(code);
    // `code` is used by a case now and cannot be deleted: delete a second category, used by none.
    const unused = unique('ref.c');
    await t.dataSource.query(`INSERT INTO categories (code, name, parent_code) VALUES ($1, '测试事项', NULL)`, [unused]);
    await logCase({ categoryCode: code }); // the copy now holds `unused` too
    await t.dataSource.query(`DELETE FROM categories WHERE code = $1`, [unused]);
    const refused = await as(operator).post('/api/cases', caseBody({ categoryCode: unused })).expect(400);
    expect(refused.body.message).toContain(unused);
  });

  it('a citizen’s letter uses an SLA changed in the database even when no staff request came in between', async () => {
    await logCase(); // this instance now holds the SLA policy
    const [{ dispatch_amount: amount, dispatch_unit: unitBefore }] = await t.dataSource.query(
      `SELECT dispatch_amount, dispatch_unit FROM sla_policies WHERE priority = 'normal'`,
    );
    await t.dataSource.query(`UPDATE sla_policies SET dispatch_amount = 2, dispatch_unit = 'hours' WHERE priority = 'normal'`);
    try {
      const sent = await t
        .http()
        .post('/api/public/letters')
        .send({ name: '王先生', phone: '13712345678', title: '路灯不亮', content: '小区门口路灯坏了一个月。', regionCode: '441802' })
        .expect(201);
      const found = await as(operator).get('/api/cases', { q: sent.body.trackingCode }).expect(200);
      expect(found.body.items[0].dispatchDeadline).toBe(new Date(clock.now().getTime() + 2 * 3_600_000).toISOString());
    } finally {
      await t.dataSource.query(`UPDATE sla_policies SET dispatch_amount = $1, dispatch_unit = $2 WHERE priority = 'normal'`, [amount, unitBefore]);
    }
  });
});
