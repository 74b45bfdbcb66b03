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

  // Each test tries from an address of its own (the app trusts X-Forwarded-For from loopback, as behind
  // the proxy): the login limit is counted in the database, shared by every instance and every spec.
  // The addresses are taken in turn from a random start, so no two in this run are ever the same.
  let nextAddress = Math.floor(Math.random() * 200);
  const address = () => `198.51.100.${(nextAddress++ % 254) + 1}`;

  it('answers 429 once one client has tried to log in too often, whichever accounts it tries', async () => {
    const t = await startApp({ loginRateLimitPerMinute: 3 });
    const from = address();
    try {
      for (let i = 0; i < 3; i++) {
        await t.http().post('/api/auth/login').set('X-Forwarded-For', from).send({ username: `guess${i}`, password: 'x' }).expect(401);
      }
      const res = await t.http().post('/api/auth/login').set('X-Forwarded-For', from).send({ username: 'op1', password: 'demo12345' }).expect(429);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 429, correlationId: expect.any(String) }));
      // Everyone else still logs in.
      await t.http().post('/api/auth/login').set('X-Forwarded-For', address()).send({ username: 'op1', password: 'demo12345' }).expect(200);
    } finally {
      await t.close();
    }
  });

  it('counts a client’s login attempts across instances: a second instance does not give a second budget', async () => {
    const first = await startApp({ loginRateLimitPerMinute: 4 });
    const second = await startApp({ loginRateLimitPerMinute: 4 });
    const from = address();
    const attempt = (t: typeof first) => t.http().post('/api/auth/login').set('X-Forwarded-For', from).send({ username: 'nobody', password: 'x' });
    try {
      await attempt(first).expect(401);
      await attempt(second).expect(401);
      await attempt(first).expect(401);
      await attempt(second).expect(401);
      await attempt(first).expect(429);
      await attempt(second).expect(429);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('counts the wrong verifications of a tracking code across instances, so guessing it has one budget', async () => {
    const first = await startApp({ lookupFailuresPerHour: 3 });
    const second = await startApp({ lookupFailuresPerHour: 3 });
    try {
      const sent = await first
        .http()
        .post('/api/public/letters')
        .send({ name: '赵女士', phone: '13600001111', title: '路面塌陷', content: '学校门口路面塌陷，请尽快修复。' })
        .expect(201);
      const lookUp = (t: typeof first, verify: string, from: string) =>
        t.http().get(`/api/public/cases/${sent.body.trackingCode}`).set('X-Forwarded-For', from).query({ verify });
      await lookUp(first, '0000', '10.30.0.1').expect(404);
      await lookUp(second, '1234', '10.30.0.2').expect(404);
      await lookUp(first, '1111', '10.30.0.3').expect(200); // the right one does not count
      await lookUp(first, '2222', '10.30.0.4').expect(404);
      await lookUp(second, '1111', '10.30.0.5').expect(429);
      // The citizen's query code still opens the case.
      await lookUp(second, sent.body.queryCode, '10.30.0.6').expect(200);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
