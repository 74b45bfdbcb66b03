import { asUser, createDepartment, login, staff, unique } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { createSiblingDatabase, type TestDatabase } from './setup/test-database';

interface AuditEntry {
  id: string;
  at: string;
  actor: { id: string; displayName: string } | null;
  entity: string;
  entityId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe('administration: categories and regions, and the audit of every change', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;

  const as = (token: string) => asUser(t, token);
  /** The audit entries about one row, newest first (other specs write to the log meanwhile). */
  const auditOf = async (entity: string, entityId: string): Promise<AuditEntry[]> => {
    const found: AuditEntry[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: { body: { items: AuditEntry[]; nextCursor: string | null } } = await as(admin).get('/api/admin/audit', { limit: 100, ...(cursor ? { cursor } : {}) }).expect(200);
      found.push(...(res.body.items as AuditEntry[]).filter((e) => e.entity === entity && e.entityId === entityId));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    return found;
  };

  beforeAll(async () => {
    t = await startApp();
    admin = await login(t, 'admin', 'demo12345');
    adminId = (await as(admin).get('/api/auth/me').expect(200)).body.id;
  });
  afterAll(() => t.close());

  describe('categories and regions', () => {
    it('an admin adds, renames and deletes a category; everyone sees the tree change at once', async () => {
      const part = unique('t').replace(/[^a-z0-9]/g, '');
      const code = `environment.${part}`;
      await as(admin).post('/api/admin/categories', { code, name: '光污染', parentCode: 'environment' }).expect(201);
      const operator = await login(t, 'op1', 'demo12345');
      const tree = (await as(operator).get('/api/catalog/categories').expect(200)).body as { code: string; children: { code: string; name: string }[] }[];
      expect(tree.find((c) => c.code === 'environment')!.children).toContainEqual(expect.objectContaining({ code, name: '光污染' }));

      expect((await as(admin).patch(`/api/admin/categories/${code}`, { name: '光污染扰民' }).expect(200)).body).toEqual({ code, name: '光污染扰民', parentCode: 'environment', defaultKind: null });
      await as(admin).del(`/api/admin/categories/${code}`).expect(204);
      await as(admin).del(`/api/admin/categories/${code}`).expect(404);
    });

    it('a category may imply the kind of request (诉求类型) that intake preselects; the demo’s 咨询 branch implies 咨询', async () => {
      type Node = { code: string; defaultKind: string | null; children: Node[] };
      const operator = await login(t, 'op1', 'demo12345');
      const tree = async () => (await as(operator).get('/api/catalog/categories').expect(200)).body as Node[];
      const find = (nodes: Node[], code: string): Node | undefined => nodes.map((n) => (n.code === code ? n : find(n.children, code))).find(Boolean);
      const before = await tree();
      // Set on the branch (its children inherit it in the console), none on the others.
      expect(find(before, 'consultation')!.defaultKind).toBe('consultation');
      expect(find(before, 'consultation.policy')!.defaultKind).toBeNull();
      expect(find(before, 'environment.noise')!.defaultKind).toBeNull();

      const code = `environment.${unique('k').replace(/[^a-z0-9]/g, '')}`;
      const added = await as(admin).post('/api/admin/categories', { code, name: '噪音举报', parentCode: 'environment', defaultKind: 'report' }).expect(201);
      expect(added.body).toEqual({ code, name: '噪音举报', parentCode: 'environment', defaultKind: 'report' });
      expect(find(await tree(), code)!.defaultKind).toBe('report');

      // Only the kind, only the name, or clearing it with null; nothing at all and unknown kinds are refused.
      expect((await as(admin).patch(`/api/admin/categories/${code}`, { defaultKind: 'complaint' }).expect(200)).body).toEqual({ code, name: '噪音举报', parentCode: 'environment', defaultKind: 'complaint' });
      expect((await as(admin).patch(`/api/admin/categories/${code}`, { name: '噪音投诉' }).expect(200)).body.defaultKind).toBe('complaint');
      expect((await as(admin).patch(`/api/admin/categories/${code}`, { defaultKind: null }).expect(200)).body).toEqual({ code, name: '噪音投诉', parentCode: 'environment', defaultKind: null });
      expect((await as(admin).patch(`/api/admin/categories/${code}`, {}).expect(400)).body.code).toBe('NOTHING_TO_CHANGE');
      await as(admin).patch(`/api/admin/categories/${code}`, { defaultKind: 'rumour' }).expect(400);
      await as(admin).post('/api/admin/categories', { code: `${code}x`, name: 'x', parentCode: 'environment', defaultKind: 'rumour' }).expect(400);
      await as(admin).patch('/api/admin/categories/nowhere.none', { defaultKind: 'report' }).expect(404);
      // Regions imply nothing: their PATCH takes only a name.
      await as(admin).patch('/api/admin/regions/441802', { defaultKind: 'report' }).expect(400);

      // Each change is audited with the field that changed.
      const log = await auditOf('categories', code);
      expect(log.map((e) => e.action)).toEqual(['update', 'update', 'update', 'insert']);
      expect(log[0]).toMatchObject({ before: { default_kind: 'complaint' }, after: { default_kind: null } });
      expect(log[3]).toMatchObject({ after: { default_kind: 'report' } });
      await as(admin).del(`/api/admin/categories/${code}`).expect(204);
    });

    it('refuses what would break the trees or the cases: taken codes, wrong parents, nodes in use', async () => {
      expect((await as(admin).post('/api/admin/categories', { code: 'environment.noise', name: '噪音', parentCode: 'environment' }).expect(409)).body.code).toBe('CODE_TAKEN');
      await as(admin).post('/api/admin/categories', { code: 'environment.x1', name: '错层', parentCode: 'transport' }).expect(400);
      await as(admin).post('/api/admin/categories', { code: 'nowhere.x1', name: '无父', parentCode: 'nowhere' }).expect(400);
      await as(admin).post('/api/admin/categories', { code: 'Environment', name: '大写' }).expect(400);
      await as(admin).post('/api/admin/regions', { code: '4418', name: '短码' }).expect(400);
      // In use by child categories, routing rules and cases.
      const used = await as(admin).del('/api/admin/categories/water').expect(409);
      expect(used.body.code).toBe('IN_USE');
      expect(used.body.message).toContain('children');
      expect((await as(admin).del('/api/admin/regions/441802').expect(409)).body.code).toBe('IN_USE');
      await as(admin).patch('/api/admin/regions/999999', { name: '无' }).expect(404);
    });

    it('is for admins only', async () => {
      for (const role of ['operator', 'supervisor', 'handler', 'dept_lead'] as const) {
        const department = role === 'handler' || role === 'dept_lead' ? (await createDepartment(t.dataSource)).id : undefined;
        const { token } = await staff(t, role, department);
        await as(token).post('/api/admin/regions', { code: '441899', name: '新区' }).expect(403);
        await as(token).del('/api/admin/categories/water.supply').expect(403);
        await as(token).get('/api/admin/audit').expect(403);
      }
      await t.http().get('/api/admin/audit').expect(401);
    });
  });

  describe('the audit', () => {
    it('records who changed what, before → after, for a calendar day, a routing rule and a region', async () => {
      await as(admin).put('/api/admin/calendar/2031-06-02', { kind: 'holiday', name: '测试' }).expect(200);
      await as(admin).put('/api/admin/calendar/2031-06-02', { kind: 'workday', name: '调休' }).expect(200);
      const [updated, inserted] = await auditOf('calendar_days', '2031-06-02');
      expect(inserted).toMatchObject({ action: 'insert', actor: { id: adminId, displayName: expect.any(String) }, before: null, after: { kind: 'holiday' } });
      expect(updated).toMatchObject({ action: 'update', before: { kind: 'holiday', name: '测试' }, after: { kind: 'workday', name: '调休' } });
      expect(Date.parse(updated.at)).toBeGreaterThanOrEqual(Date.parse(inserted.at));

      const department = await createDepartment(t.dataSource);
      const rule = (await as(admin).post('/api/admin/routing-rules', { categoryCode: 'transport.taxi', regionCode: '441803', departmentId: department.id, autoDispatch: false }).expect(201)).body;
      await as(admin).del(`/api/admin/routing-rules/${rule.id}`).expect(204);
      const ruleLog = await auditOf('routing_rules', rule.id);
      expect(ruleLog.map((e) => e.action)).toEqual(['delete', 'insert']);
      expect(ruleLog[0]).toMatchObject({ before: { department_id: department.id, category_code: 'transport.taxi' }, after: null, actor: { id: adminId } });

      await as(admin).post('/api/admin/regions', { code: '441898', name: '高新区', parentCode: '441800' }).expect(201);
      await as(admin).patch('/api/admin/regions/441898', { name: '高新技术产业开发区' }).expect(200);
      const [renamed] = await auditOf('regions', '441898');
      expect(renamed).toMatchObject({ action: 'update', before: { name: '高新区' }, after: { name: '高新技术产业开发区' } });
    });

    it('a password reset shows as such, and no password hash ever enters the log', async () => {
      const user = (await as(admin).post('/api/admin/users', { username: unique('audit'), displayName: '审计测试', password: 'first password 1', role: 'operator' }).expect(201)).body;
      await as(admin).patch(`/api/admin/users/${user.id}`, { password: 'second password 2' }).expect(200);
      await as(admin).patch(`/api/admin/users/${user.id}`, { active: false }).expect(200);
      const log = await auditOf('users', user.id);
      expect(log.map((e) => e.action)).toEqual(['update', 'update', 'insert']);
      expect(log[1].after).toMatchObject({ passwordReset: true });
      expect(log[0]).toMatchObject({ before: { active: true }, after: { active: false } });
      const raw = JSON.stringify(log);
      expect(raw).not.toContain('password_hash');
      expect(raw).not.toMatch(/\$argon2|\$2[aby]\$|scrypt/);
    });

    it('a change that fails leaves nothing in the log; a change made outside the API has no actor', async () => {
      const taken = (await as(admin).get('/api/admin/users').expect(200)).body[0].username as string;
      const before = (await as(admin).get('/api/admin/audit', { limit: 1 }).expect(200)).body.items[0]?.id;
      await as(admin).post('/api/admin/users', { username: taken, displayName: '重复', password: 'whatever password', role: 'operator' }).expect(409);
      // (Other specs may write meanwhile: only this user's name must not appear.)
      const after = (await as(admin).get('/api/admin/audit', { limit: 100 }).expect(200)).body.items as AuditEntry[];
      expect(after.filter((e) => Number(e.id) > Number(before ?? 0) && e.after?.display_name === '重复')).toEqual([]);

      const department = await createDepartment(t.dataSource); // straight into the table, as a script would
      const [created] = await auditOf('departments', department.id);
      expect(created).toMatchObject({ action: 'insert', actor: null });
    });

    it('is append-only even for the app itself, and pages with a cursor', async () => {
      await expect(t.dataSource.query(`DELETE FROM admin_audit`)).rejects.toThrow();
      await expect(t.dataSource.query(`UPDATE admin_audit SET actor_name = 'someone else'`)).rejects.toThrow();
      // Newest first by number, not by text ("99" would sort before "841"): a change just made is on top.
      await as(admin).put('/api/admin/calendar/2031-06-09', { kind: 'holiday', name: '顺序' }).expect(200);
      const top = (await as(admin).get('/api/admin/audit', { limit: 100 }).expect(200)).body.items as AuditEntry[];
      expect(top.find((e) => e.entity === 'calendar_days' && e.entityId === '2031-06-09')).toBeDefined();
      const ids = top.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(Math.max(...ids)).toBe(Number((await t.dataSource.query(`SELECT max(id)::text AS max FROM admin_audit`))[0].max));
      const first = (await as(admin).get('/api/admin/audit', { limit: 2 }).expect(200)).body;
      expect(first.items).toHaveLength(2);
      const second = (await as(admin).get('/api/admin/audit', { limit: 2, cursor: first.nextCursor }).expect(200)).body;
      expect(Number(second.items[0].id)).toBeLessThan(Number(first.items[1].id));
      for (const cursor of ['abc', '-1', '0', '1e5', "1' OR 1=1"]) await as(admin).get('/api/admin/audit', { cursor }).expect(400);
      await as(admin).get('/api/admin/audit', { limit: 0 }).expect(400);
    });
  });
});

describe('administration: the city always keeps an admin', () => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createSiblingDatabase(); // a database of its own: here the demo admin is the only one
    t = await startApp({}, undefined, undefined, { databaseUrl: database.url });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('the last active admin cannot be deactivated or demoted; with a second admin, either can go', async () => {
    const admin = await login(t, 'admin', 'demo12345');
    const me = (await asUser(t, admin).get('/api/auth/me').expect(200)).body.id as string;
    for (const change of [{ active: false }, { role: 'supervisor' }]) {
      expect((await asUser(t, admin).patch(`/api/admin/users/${me}`, change).expect(409)).body.code).toBe('LAST_ADMIN');
    }
    const second = (await asUser(t, admin).post('/api/admin/users', { username: unique('admin'), displayName: '第二管理员', password: 'second admin pass', role: 'admin' }).expect(201)).body;
    await asUser(t, admin).patch(`/api/admin/users/${second.id}`, { displayName: '第二位管理员' }).expect(200);
    await asUser(t, admin).patch(`/api/admin/users/${me}`, { active: false }).expect(200);
    const other = await login(t, second.username, 'second admin pass');
    expect((await asUser(t, other).patch(`/api/admin/users/${second.id}`, { active: false }).expect(409)).body.code).toBe('LAST_ADMIN');
  });
});
