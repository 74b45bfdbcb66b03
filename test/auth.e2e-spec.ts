import { JwtService } from '@nestjs/jwt';
import { SIGNING_KEY } from '../src/auth/signing-key.provider';
import { createDepartment, createUser, login, TEST_PASSWORD } from './factories';
import { startApp, type TestApp } from './setup/test-app';

const expectError = (body: Record<string, unknown>, statusCode: number) => {
  expect(body).toEqual(
    expect.objectContaining({ statusCode, error: expect.any(String), message: expect.anything(), correlationId: expect.any(String) }),
  );
  expect(body.correlationId).not.toBe('');
};

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  describe('POST /api/auth/login', () => {
    it('signs in a demo operator and returns a token for a shift with the user', async () => {
      const before = Date.now();
      const res = await t.http().post('/api/auth/login').send({ username: 'op1', password: 'demo12345' }).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        expiresAt: expect.any(String),
        user: { id: expect.any(String), username: 'op1', displayName: expect.any(String), role: 'operator', departmentId: null },
      });
      const hours = (Date.parse(res.body.expiresAt) - before) / 3_600_000;
      expect(hours).toBeGreaterThan(11.9);
      expect(hours).toBeLessThan(12.1);
    });

    it('gives department staff their department', async () => {
      const res = await t.http().post('/api/auth/login').send({ username: 'h.rsj', password: 'demo12345' }).expect(200);
      expect(res.body.user).toEqual(expect.objectContaining({ role: 'handler', departmentId: expect.any(String) }));
    });

    it.each([
      ['a wrong password', { username: 'op1', password: 'wrong-password' }],
      ['an unknown user', { username: 'nobody-here', password: 'demo12345' }],
    ])('answers 401 for %s', async (_, body) => {
      const res = await t.http().post('/api/auth/login').send(body).expect(401);
      expectError(res.body, 401);
    });

    it.each([
      ['a missing password', { username: 'op1' }, 'password'],
      ['a number as username', { username: 42, password: 'x' }, 'username'],
      ['an unknown field', { username: 'op1', password: 'demo12345', admin: true }, 'admin'],
    ])('answers 400 naming the field for %s', async (_, body, field) => {
      const res = await t.http().post('/api/auth/login').send(body).expect(400);
      expectError(res.body, 400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('refuses an account from the address that failed five times, and only there; one 401 for every wrong credential', async () => {
      const user = await createUser(t.dataSource, 'operator');
      const from = (address: string) => t.http().post('/api/auth/login').set('X-Forwarded-For', address);
      const wrong = [];
      for (let i = 0; i < 5; i++) wrong.push((await from('10.20.0.1').send({ username: user.username, password: 'nope' }).expect(401)).body);
      const blocked = await from('10.20.0.1').send({ username: user.username, password: TEST_PASSWORD }).expect(429);
      expectError(blocked.body, 429);
      expect(blocked.body.code).toBe('LOGIN_BLOCKED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // The guesser did not lock the account out: from another address it signs in.
      await from('10.20.0.2').send({ username: user.username, password: TEST_PASSWORD }).expect(200);

      // An unknown user and a deactivated account answer exactly as a wrong password does.
      const inactive = await createUser(t.dataSource, 'operator', { active: false });
      const unknown = (await from('10.20.0.3').send({ username: 'no.such.user', password: 'nope' }).expect(401)).body;
      const deactivated = (await from('10.20.0.3').send({ username: inactive.username, password: TEST_PASSWORD }).expect(401)).body;
      const sameShape = ({ correlationId: _, ...rest }: Record<string, unknown>) => rest;
      expect(sameShape(unknown)).toEqual(sameShape(wrong[0]));
      expect(sameShape(deactivated)).toEqual(sameShape(wrong[0]));
    });

    it('refuses a deactivated user', async () => {
      const user = await createUser(t.dataSource, 'operator', { active: false });
      const res = await t.http().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }).expect(401);
      expectError(res.body, 401);
    });
  });

  describe('bearer tokens', () => {
    it('GET /api/auth/me returns the signed-in user', async () => {
      const token = await login(t, 'sup1', 'demo12345');
      const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ username: 'sup1', role: 'supervisor' }));
    });

    it.each([
      ['no token', undefined],
      ['a malformed token', 'Bearer not-a-jwt'],
      ['a token signed with another key', `Bearer ${new JwtService({ secret: 'x'.repeat(40) }).sign({ sub: 'someone' })}`],
    ])('answers 401 for %s', async (_, header) => {
      const req = t.http().get('/api/auth/me');
      if (header) req.set('Authorization', header);
      const res = await req.expect(401);
      expectError(res.body, 401);
    });

    it('answers 401 for an expired token', async () => {
      const user = await createUser(t.dataSource, 'operator');
      const jwt = new JwtService({ secret: t.app.get<string>(SIGNING_KEY) });
      const expired = jwt.sign({ sub: user.id, exp: Math.floor(Date.now() / 1000) - 60 });
      await t.http().get('/api/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
    });

    it("stops a deactivated user's token at once", async () => {
      const user = await createUser(t.dataSource, 'operator');
      const token = await login(t, user.username);
      await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      await t.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [user.id]);
      await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    });
  });

  describe('roles', () => {
    it('answers 403 when the role may not do this', async () => {
      const department = await createDepartment(t.dataSource);
      const handler = await createUser(t.dataSource, 'handler', { departmentId: department.id });
      const token = await login(t, handler.username);
      const res = await t.http().post('/api/cases').set('Authorization', `Bearer ${token}`).send({}).expect(403);
      expectError(res.body, 403);
    });
  });
});
