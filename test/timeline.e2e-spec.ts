import { caseBody, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';

describe('the timeline is append-only at the database', () => {
  let t: TestApp;
  let caseId: string;
  beforeAll(async () => {
    t = await startApp();
    const operator = await login(t, 'op1', 'demo12345');
    caseId = (await t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).send(caseBody()).expect(201)).body.id;
  });
  afterAll(() => t.close());

  it.each([
    ['UPDATE', `UPDATE case_events SET note = 'rewritten' WHERE case_id = $1`],
    ['DELETE', `DELETE FROM case_events WHERE case_id = $1`],
  ])('%s fails', async (_, sql) => {
    await expect(t.dataSource.query(sql, [caseId])).rejects.toThrow(/append-only/);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM case_events WHERE case_id = $1 AND note IS NULL`, [caseId]);
    expect(count).toBe(1);
  });

  it('TRUNCATE fails', async () => {
    await expect(t.dataSource.query(`TRUNCATE case_events CASCADE`)).rejects.toThrow(/append-only/);
  });

  it('a case cannot be worked by a department without an owner', async () => {
    await expect(t.dataSource.query(`UPDATE cases SET status = 'dispatched' WHERE id = $1`, [caseId])).rejects.toThrow(
      /cases_department_owns_worked_case/,
    );
  });
});
