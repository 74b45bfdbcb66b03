import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asUser, caseBody, createDepartment, createUser, login, staff, TEST_PASSWORD } from './factories';
import { startApp, type TestApp } from './setup/test-app';

/** The integrity review's findings, each reproduced with the requests that showed it. */
describe('figures nobody can game, sessions that end', () => {
  let t: TestApp;
  let operator: string;
  let admin: string;

  beforeAll(async () => {
    // The default limit of wrong verifications (the test setup raises it for the other specs).
    t = await startApp({ lookupFailuresPerHour: 20 });
    operator = await login(t, 'op1', 'demo12345');
    admin = await login(t, 'admin', 'demo12345');
  });
  afterAll(() => t.close());

  const replied = async (phone: string) => {
    const department = await createDepartment(t.dataSource);
    const handler = await staff(t, 'handler', department.id);
    const c = (await asUser(t, operator).post('/api/cases', caseBody({ citizen: { name: '钱女士', phone } })).expect(201)).body;
    await asUser(t, operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id }).expect(200);
    await asUser(t, handler.token).post(`/api/cases/${c.id}/sign`).expect(200);
    await asUser(t, handler.token).post(`/api/cases/${c.id}/reply`, { content: '已处理完毕。', resolution: 'resolved' }).expect(200);
    return { c, handler, department };
  };

  it('1. a department cannot rate its own answer with the digits its masked phone shows', async () => {
    const { c, handler } = await replied('13987658765');
    const seen = (await asUser(t, handler.token).get(`/api/cases/${c.id}`).expect(200)).body;
    expect(seen.citizen.phone).toBe('139****8765');
    expect(JSON.stringify(seen)).not.toContain(c.queryCode);
    const res = await t.http().post(`/api/public/cases/${seen.trackingCode}/rating`).send({ verify: '8765', satisfaction: 'satisfied' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('QUERY_CODE_REQUIRED');
    // Still replied, waiting for the centre's callback; the figures did not move.
    expect((await asUser(t, operator).get(`/api/cases/${c.id}`).expect(200)).body.status).toBe('replied');
    const [facts] = await t.dataSource.query(`SELECT satisfaction FROM department_case_facts WHERE case_id = $1`, [c.id]);
    expect(facts.satisfaction).toBeNull();
  });

  it('2. staff notes never reach a citizen, nor through a merge another citizen', async () => {
    const department = await createDepartment(t.dataSource);
    const master = (await asUser(t, operator).post('/api/cases', caseBody({ citizen: { name: '第一位', phone: '13811112222' } })).expect(201)).body;
    const repeat = (await asUser(t, operator).post('/api/cases', caseBody({ citizen: { name: '第二位', phone: '13733334444' } })).expect(201)).body;
    const secret = '来电人钱先生 13811112222 情绪激动';
    await asUser(t, operator)
      .post(`/api/cases/${master.id}/dispatch`, { departmentId: department.id, note: secret, publicNote: '已转交属地单位处理' })
      .expect(200);
    await asUser(t, operator)
      .post(`/api/cases/${repeat.id}/close`, { reason: 'merged', mergedIntoId: master.id, note: secret, publicNote: '已有市民反映同一问题，合并办理' })
      .expect(200);
    for (const c of [master, repeat]) {
      const view = await t.http().get(`/api/public/cases/${c.trackingCode}`).query({ verify: c.queryCode }).expect(200);
      expect(JSON.stringify(view.body)).not.toContain('钱先生');
      expect(JSON.stringify(view.body)).not.toContain('13811112222');
    }
    const other = await t.http().get(`/api/public/cases/${repeat.trackingCode}`).query({ verify: repeat.queryCode }).expect(200);
    expect(other.body.timeline).toContainEqual(expect.objectContaining({ type: 'case.dispatched', note: '已转交属地单位处理' }));
    // The merged citizen reads their own intake and merge (with what they were told), then the master's
    // progress — never the master's intake, which is the other citizen's.
    expect(other.body.timeline.map((e: { type: string }) => e.type)).toEqual(['case.created', 'case.dispatched', 'case.merged']);
    expect(other.body.timeline.at(-1)).toMatchObject({ summary: '与相同诉求合并办理', note: '已有市民反映同一问题，合并办理' });
    const masterView = await t.http().get(`/api/public/cases/${master.trackingCode}`).query({ verify: master.queryCode }).expect(200);
    expect(JSON.stringify(masterView.body)).not.toContain('合并办理');
    // Staff still read both the internal note and what the citizen was told.
    const staffView = (await asUser(t, operator).get(`/api/cases/${master.id}`).expect(200)).body;
    expect(staffView.timeline).toContainEqual(expect.objectContaining({ type: 'case.dispatched', note: secret, publicNote: '已转交属地单位处理' }));
  });

  it('4. wrong guesses by others never lock a citizen out of their own case', async () => {
    const { c } = await replied('13655559999');
    for (let i = 0; i < 25; i++) {
      await t.http().get(`/api/public/cases/${c.trackingCode}`).set('X-Forwarded-For', `10.40.${i}.1`).query({ verify: String(1000 + i) });
    }
    const digits = await t.http().get(`/api/public/cases/${c.trackingCode}`).set('X-Forwarded-For', '10.40.99.1').query({ verify: '9999' });
    expect(digits.status).toBe(429);
    expect(Number(digits.headers['retry-after'])).toBeGreaterThan(0);
    await t.http().get(`/api/public/cases/${c.trackingCode}`).set('X-Forwarded-For', '10.40.99.1').query({ verify: c.queryCode }).expect(200);
  });

  it('5. a password reset, a new role or department, or a deactivation ends every earlier token at once', async () => {
    const department = await createDepartment(t.dataSource);
    const other = await createDepartment(t.dataSource);
    for (const change of [{ password: 'a-new-password-1' }, { departmentId: other.id }, { role: 'dept_lead' }, { active: false }]) {
      const user = await createUser(t.dataSource, 'handler', { departmentId: department.id });
      const token = await login(t, user.username);
      await asUser(t, token).get('/api/auth/me').expect(200);
      await asUser(t, admin).patch(`/api/admin/users/${user.id}`, change).expect(200);
      const res = await asUser(t, token).get('/api/auth/me');
      expect({ change, status: res.status }).toEqual({ change, status: 401 });
      if (change.active === false) continue;
      // A new sign-in works (with the new password when it changed).
      await login(t, user.username, change.password ?? TEST_PASSWORD);
    }
    // A change of display name alone leaves sessions alone.
    const user = await createUser(t.dataSource, 'handler', { departmentId: department.id });
    const token = await login(t, user.username);
    await asUser(t, admin).patch(`/api/admin/users/${user.id}`, { displayName: '新名字' }).expect(200);
    await asUser(t, token).get('/api/auth/me').expect(200);
  });

  it('7. the console and the API carry security headers; compose publishes only nginx and trusts only it', async () => {
    for (const path of ['/', '/citizen', '/api/docs', '/api/cases']) {
      const res = await t.http().get(path);
      expect([path, res.headers['x-content-type-options']]).toEqual([path, 'nosniff']);
      expect([path, res.headers['x-frame-options']]).toEqual([path, 'DENY']);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("'unsafe-eval'");
    }

    type Service = { ports?: unknown[]; environment?: Record<string, string>; networks?: Record<string, { ipv4_address?: string }> | string[] };
    const compose = load(readFileSync(resolve(__dirname, '..', 'docker', 'compose.yml'), 'utf8')) as { services: Record<string, Service> };
    const published = Object.entries(compose.services).filter(([, s]) => s.ports?.length).map(([name]) => name);
    expect(published).toEqual(['proxy']);
    const proxy = compose.services.proxy.networks as Record<string, { ipv4_address?: string }>;
    const nginxAddress = Object.values(proxy)[0].ipv4_address;
    // `<<: *app` (a YAML merge key) when the parser leaves it as written.
    const resolved = (s: Service & { '<<'?: Service }) => ({ ...s['<<'], ...s });
    for (const name of ['app1', 'app2']) expect([name, resolved(compose.services[name]).environment?.TRUST_PROXY]).toEqual([name, nginxAddress]);
  });

  it('8. built and tested on Node 24 LTS; engines says what the dependencies need', () => {
    const dockerfile = readFileSync(resolve(__dirname, '..', 'docker', 'Dockerfile'), 'utf8');
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^node:24[.-]/);
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=22.12');
    expect(readFileSync(resolve(__dirname, '..', '.ci', 'run'), 'utf8')).toMatch(/node@24/);
  });
});
