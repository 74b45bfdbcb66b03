import { CaseWorkflow } from '../src/cases/case-workflow.service';
import { DeadlineSweeper, type SweepReport } from '../src/supervision/deadline-sweeper.service';
import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';
import { createSiblingDatabase, type TestDatabase } from './setup/test-database';

// March 2035, on a database of its own (a sweep's horizons are database-wide). No official calendar
// covers 2035: weekdays are working days.
const shanghai = (local: string) => new Date(`${local}+08:00`);
const CASES = 30;
const CHUNK = 7;

describe('the deadline sweep in chunks: two instances, a crash in the middle, every reminder once', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  const clock = new TestClock();
  let operator: string;
  let supervisor: string;
  let department: { id: string };
  const ids: string[] = [];

  const sweepBoth = () => Promise.all([a.app.get(DeadlineSweeper).sweep(), b.app.get(DeadlineSweeper).sweep()]);
  const total = (reports: (SweepReport | null)[][], kind: 'near' | 'overdue' | 'supervised') =>
    reports.flat().reduce((sum, r) => sum + (r?.[kind] ?? 0), 0);
  /** Events of `type` per case of this spec, in the order of `ids`. */
  const eventsPerCase = async (type: string) => {
    const rows: { caseId: string; n: number }[] = await a.dataSource.query(
      `SELECT c.id AS "caseId", count(e.seq)::int AS n FROM unnest($1::uuid[]) AS c(id) LEFT JOIN case_events e ON e.case_id = c.id AND e.type = $2 GROUP BY c.id`,
      [ids, type],
    );
    const byCase = new Map(rows.map((r) => [r.caseId, r.n]));
    return ids.map((id) => byCase.get(id));
  };
  const reminders = async (kind: string) =>
    Number((await a.dataSource.query(`SELECT count(*) AS n FROM case_reminders WHERE kind = $1 AND case_id = ANY($2::uuid[])`, [kind, ids]))[0].n);

  beforeAll(async () => {
    database = await createSiblingDatabase();
    clock.set(shanghai('2035-03-05T09:00:00')); // a Monday
    b = await startApp({ sweepChunkSize: CHUNK }, undefined, clock, { databaseUrl: database.url });
    a = await startApp({ sweepChunkSize: CHUNK }, undefined, clock, { databaseUrl: database.url }); // last: HTTP goes through it
    operator = await login(a, 'op1', 'demo12345');
    supervisor = await login(a, 'sup1', 'demo12345');
    department = await createDepartment(a.dataSource);
    await staff(a, 'dept_lead', department.id); // the responsible person of the supervision records
    // Thirty cases logged at the same instant: one deadline for all (the end of Tuesday), and one 80% mark
    // — the ties a horizon of deadlines alone could not get past, chunk after chunk. Half stay with the
    // centre (dispatch deadline), half go to the department (sign-for deadline).
    for (let i = 0; i < CASES; i++) {
      const created = (await asUser(a, operator).post('/api/cases', caseBody()).expect(201)).body as { id: string; status: string };
      expect(created.status).toBe('received');
      if (i % 2 === 1) await asUser(a, operator).post(`/api/cases/${created.id}/dispatch`, { departmentId: department.id }).expect(200);
      ids.push(created.id);
    }
    // The first sweep sets the horizons.
    await sweepBoth();
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('reminds every case once at 80%, in several chunks, with two instances sweeping at once', async () => {
    clock.set(shanghai('2035-03-06T20:00:00')); // past the 80% mark (about 18:12), before the deadline
    const reports = [await sweepBoth(), await sweepBoth()];
    expect(total(reports, 'near')).toBe(CASES);
    // Chunks of seven: at least five for the thirty, whichever instance took which.
    expect(reports.flat().reduce((sum, r) => sum + (r?.chunks ?? 0), 0)).toBeGreaterThanOrEqual(Math.ceil(CASES / CHUNK));
    expect(await eventsPerCase('case.reminded')).toEqual(ids.map(() => 1));
    expect(await reminders('near')).toBe(CASES);
    expect(await eventsPerCase('case.overdue')).toEqual(ids.map(() => 0));
  });

  it('a sweep that dies in its third chunk leaves the two before it done and nothing of the third; the next sweep does the rest once', async () => {
    clock.set(shanghai('2035-03-07T08:00:00')); // past the deadline
    const workflow = a.app.get(CaseWorkflow);
    const real = workflow.annotateMany.bind(workflow);
    let overdueChunks = 0;
    const crash = jest.spyOn(workflow, 'annotateMany').mockImplementation(async (action, ...rest) => {
      if (action === 'markOverdue' && ++overdueChunks === 3) throw new Error('the process dies in the middle of the chunk');
      return real(action, ...rest);
    });
    try {
      await expect(a.app.get(DeadlineSweeper).sweep()).rejects.toThrow('dies in the middle');
    } finally {
      crash.mockRestore();
    }
    const after = await eventsPerCase('case.overdue');
    expect(after.filter((n) => n === 1)).toHaveLength(2 * CHUNK);
    expect(after.filter((n) => n !== 0 && n !== 1)).toEqual([]);
    expect(await reminders('overdue')).toBe(2 * CHUNK); // the third chunk's claims rolled back with its events

    const reports = [await sweepBoth(), await sweepBoth()];
    expect(total(reports, 'overdue')).toBe(CASES - 2 * CHUNK);
    expect(await eventsPerCase('case.overdue')).toEqual(ids.map(() => 1));
    expect(await reminders('overdue')).toBe(CASES);
  });

  it('supervises every case once after the grace, set-based: one record each, the flag, the event, an intact chain', async () => {
    clock.set(shanghai('2035-03-08T09:00:00')); // overdue for more than the 24-hour grace
    const versions = new Map<string, number>(
      (await a.dataSource.query(`SELECT id, version FROM cases WHERE id = ANY($1::uuid[])`, [ids])).map((r: { id: string; version: number }) => [r.id, r.version]),
    );
    const reports = [await sweepBoth(), await sweepBoth(), await sweepBoth()];
    expect(total(reports, 'supervised')).toBe(CASES);
    expect(await eventsPerCase('case.supervised')).toEqual(ids.map(() => 1));

    const records: { case_id: string; ref: string; source: string; responsible_department_id: string | null; responsible_person: string | null }[] =
      await a.dataSource.query(`SELECT case_id, ref, source, responsible_department_id, responsible_person FROM supervisions WHERE case_id = ANY($1::uuid[])`, [ids]);
    expect(records).toHaveLength(CASES);
    expect(new Set(records.map((r) => r.ref)).size).toBe(CASES);
    for (const r of records) {
      const held = ids.indexOf(r.case_id) % 2 === 1;
      expect(r).toMatchObject({ ref: expect.stringMatching(/^DB2035-\d{6}$/), source: 'automatic', responsible_department_id: held ? department.id : null });
      expect(r.responsible_person === null).toBe(!held);
    }

    for (const id of ids) {
      const shown = (await asUser(a, supervisor).get(`/api/cases/${id}`).expect(200)).body as {
        supervised: boolean;
        version: number;
        timeline: { type: string; actor: { type: string }; note: string }[];
      };
      expect(shown.supervised).toBe(true);
      expect(shown.version).toBe(versions.get(id)! + 1);
      expect(shown.timeline.filter((e) => e.type === 'case.supervised')).toEqual([
        expect.objectContaining({ actor: { type: 'system' }, note: expect.stringContaining('超期未办理') }),
      ]);
      // Events written many to a statement chain like the others: the timeline still verifies.
      expect((await asUser(a, supervisor).get(`/api/cases/${id}/verify`).expect(200)).body).toEqual({ ok: true, events: expect.any(Number), firstBrokenSeq: null });
    }
  });
});
