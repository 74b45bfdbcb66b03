import { Client } from 'pg';
import { CaseEventRelay } from '../src/live/case-event-relay';
import { caseBody, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { LiveClient, listen, settled, strictlyIncreasing } from './support/live-client';

// Bounded, with room for a busy two-core machine running the other specs alongside.
jest.setTimeout(20_000);

/**
 * Transactions commit out of `seq` order: the relay must neither skip the event that commits late nor
 * wait forever for one that rolled back. These open transactions by hand to force both.
 */
describe('live relay: commit order', () => {
  let t: TestApp;
  let url: string;
  let operator: string;
  let sup: LiveClient;
  let a: Client;
  let b: Client;
  let caseA: string;
  let caseB: string;

  const logCase = async () =>
    (await t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).send(caseBody()).expect(201)).body.id as string;
  /** Like CaseWorkflow: write the case row, then append its event. Returns the event's seq. */
  const writeCase = (db: Client, caseId: string) => db.query(`UPDATE cases SET updated_at = now() WHERE id = $1`, [caseId]);
  const appendEvent = async (db: Client, caseId: string): Promise<number> => {
    const { rows } = await db.query(
      `INSERT INTO case_events (case_id, type, at, actor_kind, to_status, public)
       VALUES ($1, 'case.updated', now(), 'system', 'received', false) RETURNING seq::int AS seq`,
      [caseId],
    );
    return rows[0].seq;
  };
  /**
   * What the app's own commits do; here the transactions are ours, so wake the relay by hand — in
   * process, not with NOTIFY, which would spend a transaction id of its own and move the snapshot's
   * xmax past A, hiding the case this spec is about.
   */
  const wakeRelays = async () => t.app.get(CaseEventRelay).wake();
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    t = await startApp();
    url = await listen(t);
    operator = await login(t, 'op1', 'demo12345');
    caseA = await logCase();
    caseB = await logCase();
    a = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    b = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await Promise.all([a.connect(), b.connect()]);
  });
  beforeEach(async () => {
    await settled(t);
    sup = await LiveClient.connect(url, { token: await login(t, 'sup1', 'demo12345') });
  });
  afterEach(() => sup.close());
  afterAll(async () => {
    await Promise.all([a.end(), b.end()]);
    await t.close();
  });

  it('publishes an event that commits after a later seq, and only then the later one, in order', async () => {
    // B takes its transaction id first, A second: A's id is above every id that has completed when the
    // hole is first seen — the case where "the snapshot's xmax" would wrongly count A as finished.
    await b.query('BEGIN');
    await writeCase(b, caseB);
    await a.query('BEGIN');
    await writeCase(a, caseA);
    const seqA = await appendEvent(a, caseA);
    const seqB = await appendEvent(b, caseB);
    expect(seqB).toBeGreaterThan(seqA);

    await b.query('COMMIT');
    await wakeRelays();
    // Long enough for several passes, the hole's grace period and a horizon.
    await pause(400);
    expect(sup.events.find((e) => e.seq === seqB)).toBeUndefined();
    expect(t.app.get(CaseEventRelay).lastSeq).toBeLessThan(seqA);

    await a.query('COMMIT');
    await wakeRelays();
    await sup.until(() => sup.events.some((e) => e.seq === seqB), `seq ${seqB}`);
    const seqs = sup.events.map((e) => e.seq);
    expect(seqs.indexOf(seqA)).toBeGreaterThanOrEqual(0);
    expect(seqs.indexOf(seqA)).toBeLessThan(seqs.indexOf(seqB));
    expect(strictlyIncreasing(sup.events)).toBe(true);
  });

  it('steps over a seq whose transaction rolled back, and keeps going', async () => {
    await a.query('BEGIN');
    await writeCase(a, caseA);
    const lost = await appendEvent(a, caseA);
    await b.query('BEGIN');
    await writeCase(b, caseB);
    const kept = await appendEvent(b, caseB);
    await b.query('COMMIT');
    await wakeRelays();
    await pause(100);
    await a.query('ROLLBACK');

    // Nothing wakes the relay for a rollback: its retries settle the hole within a fraction of a second.
    await sup.until(() => sup.events.some((e) => e.seq === kept), `seq ${kept}`);
    expect(sup.events.some((e) => e.seq === lost)).toBe(false);
    const next = await logCase();
    await sup.next(next, 'case.created');
    expect(strictlyIncreasing(sup.events)).toBe(true);
  });

  it('refuses an event that is its transaction’s first write (the invariant the relay relies on)', async () => {
    // A sequence logs ahead now and then, which gives that one transaction its id early: harmless, but
    // it lets that one insert through; so try a few times.
    let refused: Error | undefined;
    for (let attempt = 0; attempt < 5 && !refused; attempt++) {
      await a.query('BEGIN');
      try {
        await appendEvent(a, caseA);
      } catch (error) {
        refused = error as Error;
      } finally {
        await a.query('ROLLBACK');
      }
    }
    expect(refused?.message).toMatch(/must follow a write of its case/);
  });
});
