import { SIGNING_KEY } from '../src/auth/signing-key.provider';
import { login } from './factories';
import { startApp } from './setup/test-app';

// Passport keeps strategies in a process-wide registry, so each app here runs on its own, one after another.
describe('auth across instances and limits', () => {
  it('keeps the generated signing key in the database, so another instance accepts the token', async () => {
    const first = await startApp();
    const token = await login(first, 'op1', 'demo12345');
    const key = first.app.get<string>(SIGNING_KEY);
    const [row] = await first.dataSource.query(`SELECT value FROM app_secrets WHERE name = 'jwt_signing_key'`);
    expect(row.value).toBe(key);
    await first.close();

    const second = await startApp();
    try {
      expect(second.app.get(SIGNING_KEY)).toBe(key);
      await second.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      await second.close();
    }
  });

  it('uses JWT_SECRET when it is configured', async () => {
    const t = await startApp({ jwtSecret: 'a-configured-secret-that-is-long-enough-to-pass' });
    try {
      expect(t.app.get(SIGNING_KEY)).toBe('a-configured-secret-that-is-long-enough-to-pass');
      const token = await login(t, 'op1', 'demo12345');
      await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      await t.close();
    }
  });

  it('answers 429 once one client has tried to log in too often, whichever accounts it tries', async () => {
    const t = await startApp({ loginRateLimitPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) {
        await t.http().post('/api/auth/login').send({ username: `guess${i}`, password: 'x' }).expect(401);
      }
      const res = await t.http().post('/api/auth/login').send({ username: 'op1', password: 'demo12345' }).expect(429);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 429, correlationId: expect.any(String) }));
    } finally {
      await t.close();
    }
  });
});
