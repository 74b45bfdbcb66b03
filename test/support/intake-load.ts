import { randomUUID } from 'node:crypto';
import { caseBody } from '../factories';
import type { TestApp } from '../setup/test-app';

export interface LoadReport {
  keys: string[];
  marker: string;
  /** Every HTTP status seen, first tries and retries alike. */
  statuses: number[];
  /** The longest a single request took. */
  slowestMs: number;
  /** When each logical intake finally succeeded. */
  succeededAt: number[];
}

/**
 * Logs cases from `workers` concurrent clients, each case under its own Idempotency-Key, until the
 * caller's fault (`during`) is over and at least `minimum` were logged; a 503 is retried with the same
 * key after a short pause until it succeeds (bounded). Keeps going for as long as the fault lasts, so
 * that requests are in flight whatever the app's speed.
 */
export async function intakeUnderFaults(
  t: TestApp,
  token: string,
  { minimum, workers, during }: { minimum: number; workers: number; during: Promise<unknown> },
): Promise<LoadReport> {
  const marker = `故障测试-${randomUUID().slice(0, 8)}`;
  const keys: string[] = [];
  const report: LoadReport = { keys, marker, statuses: [], slowestMs: 0, succeededAt: [] };
  let faultOver = false;
  void during.finally(() => {
    faultOver = true;
  });
  const worker = async () => {
    while (!faultOver || keys.length < minimum) {
      const i = keys.push(randomUUID()) - 1;
      const body = caseBody({ title: `${marker} #${i}` });
      for (let attempt = 0; attempt < 60; attempt++) {
        const started = Date.now();
        const res = await t
          .http()
          .post('/api/cases')
          .set('Authorization', `Bearer ${token}`)
          .set('Idempotency-Key', keys[i])
          .timeout(10_000)
          .send(body)
          .catch((error: { status?: number }) => ({ status: error.status ?? -1 }));
        report.slowestMs = Math.max(report.slowestMs, Date.now() - started);
        report.statuses.push(res.status);
        if (res.status === 201) {
          report.succeededAt.push(Date.now());
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return report;
}

/** Asserts exactly one whole case per key: the case row, its first event and its idempotency record. */
export async function countWholeCases(t: TestApp, marker: string): Promise<{ cases: number; withoutEvent: number; withoutKey: number }> {
  const [row] = await t.dataSource.query(
    `SELECT count(*)::int AS cases,
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'case.created'))::int AS "withoutEvent",
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.case_id = c.id))::int AS "withoutKey"
       FROM cases c WHERE c.title LIKE $1`,
    [`${marker} #%`],
  );
  return row;
}
