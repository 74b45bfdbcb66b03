import { caseBody, createDepartment, login, unique } from './factories';
import { startApp, type TestApp } from './setup/test-app';

describe('routing rules', () => {
  let t: TestApp;
  let operator: string;
  let admin: string;
  const deptId = async (code: string) => (await t.dataSource.query(`SELECT id FROM departments WHERE code = $1`, [code]))[0].id as string;
  const logCase = async (overrides: Record<string, unknown>) =>
    (await t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).send(caseBody(overrides)).expect(201)).body;
  const suggest = (categoryCode: string, regionCode: string) =>
    t.http().get('/api/routing/suggest').query({ categoryCode, regionCode }).set('Authorization', `Bearer ${operator}`).expect(200);

  beforeAll(async () => {
    t = await startApp();
    operator = await login(t, 'op1', 'demo12345');
    admin = await login(t, 'admin', 'demo12345');
  });
  afterAll(() => t.close());

  describe('the seeded rules route intake', () => {
    it.each([
      ['labor.wage_arrears', '441881', 'rsj'],
      ['environment.noise', '441802', 'qcq'],
      ['environment.noise', '441803', 'sthjj'],
      ['transport.bus', '441823', 'jtj'],
    ])('%s in %s is dispatched at once to %s, as two events', async (categoryCode, regionCode, code) => {
      const created = await logCase({ categoryCode, regionCode });
      expect(created).toEqual(
        expect.objectContaining({
          status: 'dispatched',
          owner: { type: 'department', departmentId: await deptId(code), code, name: expect.any(String) },
          suggestedDepartment: expect.objectContaining({ code }),
          signDeadline: expect.any(String),
          version: 2,
        }),
      );
      const full = await t.http().get(`/api/cases/${created.id}`).set('Authorization', `Bearer ${operator}`).expect(200);
      expect(full.body.timeline.map((e: { type: string }) => e.type)).toEqual(['case.created', 'case.dispatched']);
      expect(full.body.timeline[1]).toEqual(
        expect.objectContaining({ actor: { type: 'system' }, fromOwner: { type: 'centre' }, toStatus: 'dispatched' }),
      );
      expect((await suggest(categoryCode, regionCode)).body).toEqual(expect.objectContaining({ code, autoDispatch: true }));
    });

    it.each(['water.supply', 'consultation.policy', 'market.consumer'])('%s has no rule: it waits with the centre', async (categoryCode) => {
      const created = await logCase({ categoryCode, regionCode: '441802' });
      expect(created).toEqual(expect.objectContaining({ status: 'received', owner: { type: 'centre' }, suggestedDepartment: null, version: 1 }));
      expect((await suggest(categoryCode, '441802')).body).toBeNull();
    });
  });

  describe('precedence: the most specific region first, then the deepest category', () => {
    let parent: string;
    let child: string;
    const departments: Record<string, string> = {};
    const rules: Record<string, string> = {};
    const addRule = async (name: string, categoryCode: string, regionCode: string | null) => {
      const res = await t
        .http()
        .post('/api/admin/routing-rules')
        .set('Authorization', `Bearer ${admin}`)
        .send({ categoryCode, ...(regionCode ? { regionCode } : {}), departmentId: departments[name], autoDispatch: false })
        .expect(201);
      rules[name] = res.body.id;
      expect(res.body).toEqual(expect.objectContaining({ categoryCode, regionCode, departmentId: departments[name], autoDispatch: false }));
    };

    beforeAll(async () => {
      parent = unique('prec');
      child = `${parent}.sub`;
      await t.dataSource.query(`INSERT INTO categories (code, name, parent_code) VALUES ($1, '测试大类', NULL), ($2, '测试小类', $1)`, [parent, child]);
      for (const name of ['A', 'B', 'C', 'D']) departments[name] = (await createDepartment(t.dataSource)).id;
      await addRule('A', parent, null); // parent category, anywhere
      await addRule('B', child, null); // child category, anywhere
      await addRule('C', parent, '441800'); // parent category, the city (parent region)
      await addRule('D', parent, '441802'); // parent category, exactly 清城区
    });

    it('an exact region beats everything', async () => {
      expect((await suggest(child, '441802')).body.departmentId).toBe(departments.D);
    });

    it('a parent region beats "anywhere", even with a deeper category there', async () => {
      expect((await suggest(child, '441803')).body.departmentId).toBe(departments.C);
    });

    it('among "anywhere" rules the deeper category wins; a removed rule no longer counts', async () => {
      await t.http().delete(`/api/admin/routing-rules/${rules.C}`).set('Authorization', `Bearer ${admin}`).expect(204);
      expect((await suggest(child, '441803')).body.departmentId).toBe(departments.B);
      expect((await suggest(parent, '441803')).body.departmentId).toBe(departments.A);
    });

    it('a duplicate rule is refused with 409; "anywhere" counts as one region', async () => {
      const res = await t
        .http()
        .post('/api/admin/routing-rules')
        .set('Authorization', `Bearer ${admin}`)
        .send({ categoryCode: child, departmentId: departments.A, autoDispatch: true })
        .expect(409);
      expect(res.body.message).toContain('exists already');
    });

    it('lists rules to admins only, and validates new ones', async () => {
      const list = await t.http().get('/api/admin/routing-rules').set('Authorization', `Bearer ${admin}`).expect(200);
      expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: rules.A, categoryCode: parent, regionCode: null })]));
      await t.http().get('/api/admin/routing-rules').set('Authorization', `Bearer ${operator}`).expect(403);
      await t.http().delete(`/api/admin/routing-rules/${rules.A}`).set('Authorization', `Bearer ${operator}`).expect(403);
      const bad = await t
        .http()
        .post('/api/admin/routing-rules')
        .set('Authorization', `Bearer ${admin}`)
        .send({ categoryCode: 'no.such', departmentId: departments.A, autoDispatch: true })
        .expect(400);
      expect(bad.body.message).toContain('categoryCode');
      await t.http().delete('/api/admin/routing-rules/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${admin}`).expect(404);
    });
  });

  describe('reclassifying a letter (PATCH)', () => {
    it('corrects category and region while the centre holds it; the suggestion follows', async () => {
      const created = await logCase({ categoryCode: 'water.supply', regionCode: '441803' });
      const res = await t
        .http()
        .patch(`/api/cases/${created.id}`)
        .set('Authorization', `Bearer ${operator}`)
        .send({ categoryCode: 'environment.noise', regionCode: '441802', kind: 'report', version: 1 })
        .expect(200);
      expect(res.body).toEqual(
        expect.objectContaining({ categoryCode: 'environment.noise', kind: 'report', status: 'received', version: 2 }),
      );
      expect(res.body.suggestedDepartment).toEqual(expect.objectContaining({ code: 'qcq' }));
      const full = await t.http().get(`/api/cases/${created.id}`).set('Authorization', `Bearer ${operator}`).expect(200);
      expect(full.body.timeline[1]).toEqual(expect.objectContaining({ type: 'case.updated', public: false }));
    });

    it('refuses wrong input, a wrong role, and a case a department already holds', async () => {
      const created = await logCase({ categoryCode: 'water.supply' });
      const patch = (token: string, body: object) => t.http().patch(`/api/cases/${created.id}`).set('Authorization', `Bearer ${token}`).send(body);
      expect((await patch(operator, {}).expect(400)).body.message).toContain('at least one field');
      expect((await patch(operator, { categoryCode: 'nope' }).expect(400)).body.message).toContain('categoryCode');
      expect((await patch(operator, { status: 'closed' }).expect(400)).body.message).toEqual(expect.arrayContaining([expect.stringContaining('status')]));
      await patch(await login(t, 'sup1', 'demo12345'), { kind: 'report' }).expect(403);
      await patch(operator, { kind: 'report', version: 7 }).expect(409);
      const dispatched = await logCase({ categoryCode: 'labor.wage_arrears' });
      await t.http().patch(`/api/cases/${dispatched.id}`).set('Authorization', `Bearer ${operator}`).send({ kind: 'report' }).expect(409);
    });
  });
});
