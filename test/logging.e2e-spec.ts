import { Writable } from 'node:stream';
import { caseBody, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';

/** Everything the app logs, captured at the most verbose level. */
class LogCapture extends Writable {
  lines: string[] = [];
  _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

describe('logs', () => {
  let t: TestApp;
  const logs = new LogCapture();
  beforeAll(async () => {
    t = await startApp({ logLevel: 'trace' }, logs);
  });
  afterAll(() => t.close());

  it('write one line per request, and never a password, a token or a full phone number', async () => {
    const phone = '13987654321';
    const token = await login(t, 'op1', 'demo12345');
    await t.http().post('/api/auth/login').send({ username: 'op1', password: 'a-wrong-secret-guess' }).expect(401);
    const created = await t
      .http()
      .post('/api/cases')
      .set('Authorization', `Bearer ${token}`)
      .send(caseBody({ citizen: { name: '钱先生', phone } }))
      .expect(201);
    await t.http().get(`/api/cases/${created.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    await t.http().post('/api/public/letters').send({ phone: '139 8765 4321', title: '信件', content: '内容' }).expect(201);
    await t.http().get(`/api/public/cases/${created.body.trackingCode}`).query({ verify: created.body.queryCode }).expect(200);
    await t.http().post('/api/cases').set('Authorization', `Bearer ${token}`).send(caseBody({ citizen: { phone: '139876543210' } })).expect(400);

    const text = logs.lines.join('\n');
    for (const secret of [phone, 'demo12345', 'a-wrong-secret-guess', token, created.body.queryCode]) {
      expect(text).not.toContain(secret);
    }
    const requests = logs.lines.map((l) => JSON.parse(l)).filter((l) => l.req && l.res);
    expect(requests.length).toBeGreaterThanOrEqual(7);
    expect(requests).toContainEqual(
      expect.objectContaining({ req: expect.objectContaining({ method: 'POST', path: '/api/cases' }), res: { statusCode: 201 }, responseTime: expect.any(Number) }),
    );
  });
});
