import { caseBody, createDepartment, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';

/**
 * More concurrent actions than the pool has connections (20): each holds one connection for its
 * transaction, so whatever it reads inside must go through that transaction, never ask the pool for a
 * second connection — or every request waits on every other until the pool times out.
 */
describe('many actions at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('40 concurrent dispatches, signs and replies all succeed promptly', async () => {
    const operator = await login(t, 'op1', 'demo12345');
    const department = await createDepartment(t.dataSource);
    const handler = await staff(t, 'handler', department.id);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push((await t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).send(caseBody()).expect(201)).body.id);
    }
    const all = async (token: string, verb: string, body: object) => {
      const started = Date.now();
      const results = await Promise.all(
        ids.map((id) => t.http().post(`/api/cases/${id}/${verb}`).set('Authorization', `Bearer ${token}`).send(body)),
      );
      expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
      return Date.now() - started;
    };
    const took = [
      await all(operator, 'dispatch', { departmentId: department.id }),
      await all(handler.token, 'sign', {}),
      await all(handler.token, 'reply', { content: '已处理。', resolution: 'resolved' }),
    ];
    // The pool's connection timeout is 5 s: a deadlock would show as 503s after it, not as slowness.
    for (const ms of took) expect(ms).toBeLessThan(5_000);
  });
});
