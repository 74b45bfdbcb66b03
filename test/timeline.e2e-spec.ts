import { caseBody, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';

describe('invariants the database enforces', () => {
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

  it('a dispatched case must have a department as its owner, a received one must not', async () => {
    const [{ id: departmentId }] = await t.dataSource.query(`SELECT id FROM departments WHERE code = 'rsj'`);
    await expect(
      t.dataSource.query(
        `UPDATE cases SET status = 'dispatched', accountable_department_id = $2, dispatched_at = now() WHERE id = $1`,
        [caseId, departmentId],
      ),
    ).rejects.toThrow(/cases_one_owner/);
    await expect(
      t.dataSource.query(`UPDATE cases SET owner_department_id = $2 WHERE id = $1`, [caseId, departmentId]),
    ).rejects.toThrow(/cases_one_owner/);
  });
});
