import { asUser, caseBody, login, staff, unique } from './factories';
import { startApp, type TestApp } from './setup/test-app';

describe('administration: departments and users', () => {
  let t: TestApp;
  let admin: ReturnType<typeof asUser>;
  beforeAll(async () => {
    t = await startApp();
    admin = asUser(t, await login(t, 'admin', 'demo12345'));
  });
  afterAll(() => t.close());

  it('adds a unit under a district, renames it, refuses cycles and duplicate codes', async () => {
    const district = (await admin.post('/api/admin/departments', { code: unique('d'), name: '测试区政府' }).expect(201)).body;
    const street = (await admin.post('/api/admin/departments', { code: `${district.code}.s`, name: '测试街道', parentId: district.id }).expect(201)).body;
    expect(street).toEqual({ id: expect.any(String), code: `${district.code}.s`, name: '测试街道', parentId: district.id, active: true });
    await admin.post('/api/admin/departments', { code: district.code, name: '重复' }).expect(409);
    await admin.post('/api/admin/departments', { code: 'Bad Code', name: 'x' }).expect(400);
    await admin.patch(`/api/admin/departments/${district.id}`, { parentId: street.id }).expect(400);
    await admin.patch(`/api/admin/departments/${district.id}`, { parentId: district.id }).expect(400);
    const renamed = await admin.patch(`/api/admin/departments/${street.id}`, { name: '测试街道办事处' }).expect(200);
    expect(renamed.body.name).toBe('测试街道办事处');
    const tree = await asUser(t, await login(t, 'op1', 'demo12345')).get('/api/departments').expect(200);
    const node = tree.body.find((d: { id: string }) => d.id === district.id);
    expect(node.children).toEqual([expect.objectContaining({ id: street.id, name: '测试街道办事处' })]);
    await admin.patch('/api/admin/departments/00000000-0000-4000-8000-000000000000', { name: 'x' }).expect(404);
  });

  it('refuses to deactivate a department that owns open cases, and never gives a refused return back to a deactivated one', async () => {
    const department = (await admin.post('/api/admin/departments', { code: unique('x'), name: '撤并测试局' }).expect(201)).body;
    const handler = asUser(t, (await staff(t, 'handler', department.id)).token);
    const operator = asUser(t, await login(t, 'op1', 'demo12345'));
    const created = (await operator.post('/api/cases', caseBody({ categoryCode: 'water.supply' })).expect(201)).body;
    await operator.post(`/api/cases/${created.id}/dispatch`, { departmentId: department.id }).expect(200);

    const refused = await admin.patch(`/api/admin/departments/${department.id}`, { active: false }).expect(409);
    expect(refused.body.code).toBe('DEPARTMENT_HOLDS_CASES');
    expect(refused.body.message).toContain('1 open case');

    await handler.post(`/api/cases/${created.id}/return`, { reason: '不属于本单位职责' }).expect(200);
    const deactivated = await admin.patch(`/api/admin/departments/${department.id}`, { active: false }).expect(200);
    expect(deactivated.body.active).toBe(false);
    const back = await operator.post(`/api/cases/${created.id}/reject-return`, { note: '退单不成立' }).expect(409);
    expect(back.body.code).toBe('DEPARTMENT_INACTIVE');
    const owner = (await operator.get(`/api/cases/${created.id}`).expect(200)).body;
    expect(owner).toEqual(expect.objectContaining({ status: 'returned', owner: { type: 'centre' } }));
  });

  it('creates staff, and a deactivated user can neither log in nor use a token they hold', async () => {
    const department = (await admin.post('/api/admin/departments', { code: unique('u'), name: '测试局' }).expect(201)).body;
    const username = unique('h.');
    await admin.post('/api/admin/users', { username, displayName: '承办人', password: 'short', role: 'handler', departmentId: department.id }).expect(400);
    await admin.post('/api/admin/users', { username, displayName: '承办人', password: 'long enough 1', role: 'handler' }).expect(400);
    await admin.post('/api/admin/users', { username, displayName: '话务员', password: 'long enough 1', role: 'operator', departmentId: department.id }).expect(400);
    const created = await admin
      .post('/api/admin/users', { username, displayName: '承办人', password: 'long enough 1', role: 'handler', departmentId: department.id })
      .expect(201);
    expect(created.body).toEqual(expect.objectContaining({ username, role: 'handler', departmentId: department.id, active: true }));
    expect(JSON.stringify(created.body)).not.toContain('password');
    await admin.post('/api/admin/users', { username, displayName: 'x', password: 'long enough 1', role: 'operator' }).expect(409);

    const token = await login(t, username, 'long enough 1');
    await asUser(t, token).get('/api/auth/me').expect(200);
    const list = await admin.get('/api/admin/users').expect(200);
    expect(list.body).toContainEqual(expect.objectContaining({ id: created.body.id, username }));

    await admin.patch(`/api/admin/users/${created.body.id}`, { active: false }).expect(200);
    await asUser(t, token).get('/api/auth/me').expect(401);
    await t.http().post('/api/auth/login').send({ username, password: 'long enough 1' }).expect(401);

    await admin.patch(`/api/admin/users/${created.body.id}`, { active: true, password: 'another secret 2' }).expect(200);
    await login(t, username, 'another secret 2');
  });

  it('is for admins only', async () => {
    const supervisor = asUser(t, await login(t, 'sup1', 'demo12345'));
    await supervisor.get('/api/admin/users').expect(403);
    await supervisor.post('/api/admin/departments', { code: unique('x'), name: 'x' }).expect(403);
    await t.http().get('/api/admin/departments').expect(401);
  });
});
