import { asUser, caseBody, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';

/**
 * Every bad input found in the integrity review answered 500; each is a 4xx now, naming the problem,
 * and writes nothing.
 */
describe('bad input gets a clear 4xx, never a 500', () => {
  let t: TestApp;
  let operator: string;
  let admin: string;
  const cursorAt = (iso: string) => Buffer.from(JSON.stringify([iso, '00000000-0000-4000-8000-000000000000'])).toString('base64url');
  const caseCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM cases`))[0].n as number;

  beforeAll(async () => {
    t = await startApp();
    operator = await login(t, 'op1', 'demo12345');
    admin = await login(t, 'admin', 'demo12345');
  });
  afterAll(() => t.close());

  it('a NUL character, without signing in: in a login name, a letter title, a lookup path', async () => {
    const cases = await caseCount();
    const login = await t.http().post('/api/auth/login').send({ username: 'op1\u0000', password: 'x' });
    expect(login.status).toBe(400);
    expect(login.body).toMatchObject({ code: 'NUL_CHARACTER', message: expect.stringContaining('body.username') });
    const letter = await t.http().post('/api/public/letters').send({ title: '标题\u0000', content: '内容', phone: '13912345678' });
    expect(letter.status).toBe(400);
    expect(letter.body.code).toBe('NUL_CHARACTER');
    const lookup = await t.http().get('/api/public/cases/ABC%00DEF').query({ verify: '123456' });
    expect(lookup.status).toBe(400);
    expect(await caseCount()).toBe(cases);
  });

  it('a NUL character in a search (`q`) or a note', async () => {
    const res = await asUser(t, operator).get('/api/cases', { q: 'a\u0000b' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('query.q');
    const c = await asUser(t, operator).post('/api/cases', caseBody()).expect(201);
    const note = await asUser(t, operator).post(`/api/cases/${c.body.id}/notes`, { content: 'x\u0000' });
    expect(note.status).toBe(400);
  });

  it('a title of 200 characters and a variation selector is 201 characters, as PostgreSQL counts', async () => {
    const title = '停'.repeat(200) + '\uFE0F';
    const res = await asUser(t, operator).post('/api/cases', caseBody({ title }));
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['title must be at most 200 characters']);
    // 200 characters of which some are outside the BMP (two UTF-16 units each, one character) are fine.
    await asUser(t, operator).post('/api/cases', caseBody({ title: '😀'.repeat(200) })).expect(201);
  });

  it('a cursor holding a date PostgreSQL cannot read (before 4713 BC), on a staff list and the public supervision list', async () => {
    for (const iso of ['-010000-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z']) {
      const staff = await asUser(t, operator).get('/api/cases', { cursor: cursorAt(iso) });
      expect(staff.status).toBe(400);
      expect(staff.body.code).toBe('INVALID_CURSOR');
      const published = await t.http().get('/api/public/supervision').query({ cursor: cursorAt(iso) });
      expect(published.status).toBe(400);
      expect(published.body.code).toBe('INVALID_CURSOR');
    }
  });

  it('an ~800 KB deeply nested JSON array is refused before it is parsed, and quickly', async () => {
    const depth = 400_000;
    const body = '['.repeat(depth) + ']'.repeat(depth);
    const started = Date.now();
    const res = await t.http().post('/api/public/letters').set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('JSON_TOO_DEEP');
    expect(Date.now() - started).toBeLessThan(2_000);
    // 32 levels are still JSON like any other (and then fail validation as a letter).
    const shallow = await t.http().post('/api/public/letters').set('content-type', 'application/json').send(`{"title":${'['.repeat(31)}${']'.repeat(31)}}`);
    expect(shallow.status).toBe(400);
    expect(shallow.body.code).toBeUndefined();
  });

  it('impossible dates on the calendar and in a period', async () => {
    const res = await asUser(t, admin).put('/api/admin/calendar/0000-01-01', { kind: 'holiday' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_DATE');
    const range = await asUser(t, admin).get('/api/admin/calendar', { from: '0000-01-01', to: '0000-01-31' });
    expect(range.status).toBe(400);
    const figures = await t.http().get('/api/public/stats').query({ from: '0000-01-01', to: '0000-01-31' });
    expect(figures.status).toBe(400);
  });

  it('dispatching a letter that has no category asks for one (409 CLASSIFY_FIRST)', async () => {
    const letter = await t.http().post('/api/public/letters').send({ title: '小区噪音', content: '每晚施工', phone: '13912345678' }).expect(201);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM cases WHERE tracking_code = $1`, [letter.body.trackingCode]);
    const [department] = await t.dataSource.query(`SELECT id FROM departments WHERE code = 'swj'`);
    const res = await asUser(t, operator).post(`/api/cases/${id}/dispatch`, { departmentId: department.id });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CLASSIFY_FIRST');
    const shown = await asUser(t, operator).get(`/api/cases/${id}`).expect(200);
    expect(shown.body.allowedActions).not.toContain('dispatch');
    expect(shown.body.status).toBe('received');
  });
});
