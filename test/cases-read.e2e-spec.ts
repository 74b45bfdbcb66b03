import { caseBody, createDepartment, dispatchTo, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';

describe('reading cases: scope, masking, filters and pages', () => {
  let t: TestApp;
  let operator: string;
  const get = (path: string, token: string, query: Record<string, unknown> = {}) =>
    t.http().get(path).query(query).set('Authorization', `Bearer ${token}`);
  const logCase = async (overrides: Record<string, unknown> = {}) =>
    (await t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).send(caseBody(overrides)).expect(201)).body;

  beforeAll(async () => {
    t = await startApp();
    operator = await login(t, 'op1', 'demo12345');
  });
  afterAll(() => t.close());

  describe('department staff see only their own department’s cases', () => {
    let district: { id: string };
    let street: { id: string };
    let otherStreet: { id: string };
    let stranger: { id: string };
    let streetCase: { id: string; trackingCode: string };
    let centreCase: { id: string; trackingCode: string };

    beforeAll(async () => {
      district = await createDepartment(t.dataSource);
      street = await createDepartment(t.dataSource, { parentId: district.id });
      otherStreet = await createDepartment(t.dataSource, { parentId: district.id });
      stranger = await createDepartment(t.dataSource);
      streetCase = await logCase({ citizen: { name: '赵女士', phone: '13812345678', email: 'zhao@example.com' } });
      await dispatchTo(t, operator, streetCase.id, street.id);
      centreCase = await logCase();
    });

    it('the owning unit sees the case by list and by id, with the phone and email masked', async () => {
      const handler = await staff(t, 'handler', street.id);
      const list = await get('/api/cases', handler.token).expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([streetCase.id]);
      const one = await get(`/api/cases/${streetCase.id}`, handler.token).expect(200);
      expect(one.body.owner).toEqual(expect.objectContaining({ type: 'department', departmentId: street.id }));
      expect(one.body.citizen).toEqual({ name: '赵女士', phone: '138****5678', email: 'z***@example.com', confidential: false });
      expect(JSON.stringify(one.body)).not.toContain('13812345678');
    });

    it('the parent unit sees its child’s case (分级负责)', async () => {
      const lead = await staff(t, 'dept_lead', district.id);
      const list = await get('/api/cases', lead.token).expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toContain(streetCase.id);
      await get(`/api/cases/${streetCase.id}`, lead.token).expect(200);
    });

    it.each([
      ['a sibling unit', () => otherStreet.id],
      ['an unrelated department', () => stranger.id],
    ])('%s sees nothing: empty list, 404 by id, nothing by tracking code', async (_, departmentOf) => {
      const handler = await staff(t, 'handler', departmentOf());
      expect((await get('/api/cases', handler.token).expect(200)).body.items).toEqual([]);
      expect((await get('/api/cases', handler.token, { q: streetCase.trackingCode }).expect(200)).body.items).toEqual([]);
      expect((await get('/api/cases', handler.token, { departmentId: street.id }).expect(200)).body.items).toEqual([]);
      const res = await get(`/api/cases/${streetCase.id}`, handler.token).expect(404);
      const missing = await get('/api/cases/00000000-0000-4000-8000-000000000000', handler.token).expect(404);
      expect({ ...res.body, correlationId: null }).toEqual({ ...missing.body, correlationId: null });
    });

    it('no department sees a case still with the centre', async () => {
      const handler = await staff(t, 'handler', street.id);
      await get(`/api/cases/${centreCase.id}`, handler.token).expect(404);
    });

    it('centre staff see every case with the full phone', async () => {
      for (const username of ['op1', 'sup1', 'admin']) {
        const token = await login(t, username, 'demo12345');
        const one = await get(`/api/cases/${streetCase.id}`, token).expect(200);
        expect(one.body.citizen.phone).toBe('13812345678');
      }
    });

    it('a confidential case shows departments neither name nor phone', async () => {
      const secret = await logCase({ citizen: { name: '匿名', phone: '13800000000', confidential: true } });
      await dispatchTo(t, operator, secret.id, street.id);
      const handler = await staff(t, 'handler', street.id);
      const one = await get(`/api/cases/${secret.id}`, handler.token).expect(200);
      expect(one.body.citizen).toEqual({ name: null, phone: null, email: null, confidential: true });
      const listed = (await get('/api/cases', handler.token).expect(200)).body.items.find((c: { id: string }) => c.id === secret.id);
      expect(listed.citizen).toEqual({ name: null, phone: null, email: null, confidential: true });
    });
  });

  describe('filters and keyset pages', () => {
    it('pages through cases newest first without gaps or repeats', async () => {
      const region = '441826'; // a region only this test logs cases in
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.unshift((await logCase({ regionCode: region })).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await get('/api/cases', operator, { regionCode: region, limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((c: { id: string }) => c.id));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(ids);
    });

    it('filters by status, priority, category, overdue and text', async () => {
      const urgent = await logCase({ priority: 'urgent', categoryCode: 'market.consumer', title: '商场拒绝退货 独特标题甲' });
      const byText = await get('/api/cases', operator, { q: '独特标题甲' }).expect(200);
      expect(byText.body.items.map((c: { id: string }) => c.id)).toEqual([urgent.id]);
      const byCode = await get('/api/cases', operator, { q: urgent.trackingCode.toLowerCase() }).expect(200);
      expect(byCode.body.items.map((c: { id: string }) => c.id)).toEqual([urgent.id]);
      const combined = await get('/api/cases', operator, { q: '独特标题甲', status: 'received', priority: 'urgent', categoryCode: 'market.consumer' });
      expect(combined.body.items).toHaveLength(1);
      expect((await get('/api/cases', operator, { q: '独特标题甲', priority: 'normal' })).body.items).toHaveLength(0);
      expect((await get('/api/cases', operator, { q: '独特标题甲', overdue: 'false' })).body.items).toHaveLength(1);
      expect((await get('/api/cases', operator, { q: '独特标题甲', overdue: 'true' })).body.items).toHaveLength(0);

      // Overdue is computed from the current stage's deadline, never stored.
      await t.dataSource.query(`UPDATE cases SET dispatch_deadline = now() - interval '1 minute' WHERE id = $1`, [urgent.id]);
      const overdue = await get('/api/cases', operator, { q: '独特标题甲', overdue: 'true' }).expect(200);
      expect(overdue.body.items).toEqual([expect.objectContaining({ id: urgent.id, overdue: true })]);
    });

    it.each([
      ['limit over 100', { limit: 101 }, 'limit'],
      ['limit zero', { limit: 0 }, 'limit'],
      ['a wrong status', { status: 'lost' }, 'status'],
      ['a non-boolean overdue', { overdue: 'maybe' }, 'overdue'],
      ['a department id that is not a uuid', { departmentId: 'rsj' }, 'departmentId'],
      ['an unknown filter', { color: 'red' }, 'color'],
      ['a forged cursor', { cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
    ])('%s → 400 naming it', async (_, query, field) => {
      const res = await get('/api/cases', operator, query).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('a malformed case id → 400; a missing token → 401', async () => {
      await get('/api/cases/not-a-uuid', operator).expect(400);
      await t.http().get('/api/cases').expect(401);
    });
  });
});
