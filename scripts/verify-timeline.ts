/**
 * `npm run verify -- [--from YYYY-MM-DD] [--to YYYY-MM-DD]`: checks every case's hash-chained timeline
 * (cases created in the period, Asia/Shanghai dates; all cases without one) against its stored fields,
 * recomputing every hash here rather than trusting the database's own function. Prints each broken case
 * and exits 1 when there is one; 0 when every chain holds.
 */
import type { Client } from 'pg';
import { CHAIN_COLUMNS, type ChainRow, verifyChain } from '../src/cases/timeline-chain';
import { options, withAppDatabase } from './app-database';

/** Cases read per round trip. */
const BATCH = 500;

export interface VerifyReport {
  cases: number;
  events: number;
  broken: { caseId: string; trackingCode: string; firstBrokenSeq: number }[];
}

export async function verifyTimelines(client: Client, period: { from?: string; to?: string } = {}): Promise<VerifyReport> {
  const report: VerifyReport = { cases: 0, events: 0, broken: [] };
  const from = period.from ? `${period.from}T00:00:00+08:00` : null;
  const to = period.to ? `${period.to}T24:00:00+08:00` : null;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows: cases } = await client.query<{ id: string; trackingCode: string }>(
      `SELECT id, tracking_code AS "trackingCode" FROM cases
        WHERE id > $1 AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3)
        ORDER BY id LIMIT $4`,
      [after, from, to, BATCH],
    );
    if (cases.length === 0) return report;
    const { rows } = await client.query<ChainRow>(
      `SELECT ${CHAIN_COLUMNS} FROM case_events e WHERE e.case_id = ANY($1) ORDER BY e.case_id, e.seq`,
      [cases.map((c) => c.id)],
    );
    const byCase = new Map<string, ChainRow[]>();
    for (const row of rows) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row]);
    for (const c of cases) {
      const result = verifyChain(byCase.get(c.id) ?? []);
      report.cases++;
      report.events += result.events;
      if (!result.ok) report.broken.push({ caseId: c.id, trackingCode: c.trackingCode, firstBrokenSeq: result.firstBrokenSeq! });
    }
    after = cases[cases.length - 1].id;
  }
}

async function main(): Promise<void> {
  const { from, to } = options(process.argv.slice(2));
  const report = await withAppDatabase((client) => verifyTimelines(client, { from, to }));
  for (const b of report.broken) console.log(`BROKEN case ${b.trackingCode} (${b.caseId}): from event ${b.firstBrokenSeq} on`);
  console.log(`${report.cases} cases, ${report.events} events checked${from || to ? ` (created ${from ?? '…'} to ${to ?? '…'})` : ''}: ${report.broken.length === 0 ? 'every chain holds' : `${report.broken.length} broken`}`);
  process.exitCode = report.broken.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
