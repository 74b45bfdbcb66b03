import type { Client } from 'pg';
import { startApp } from './lib/app';
import { sleep } from './lib/processes';
import type { BenchResult } from './lib/report';

/**
 * The issue's scale: this many open cases, of which SWEEP_CROSSING cross a deadline in one sweep.
 * BENCH_SWEEP_OPEN lowers it for a quick try (the copies cost minutes: every index of `cases`).
 */
export const SWEEP_OPEN_CASES = Number(process.env.BENCH_SWEEP_OPEN ?? 1_000_000);
export const SWEEP_CROSSING = 50_000;
/** The app's default sweep interval: the sweep must finish within it. */
export const SWEEP_INTERVAL_SECONDS = 30;

const KINDS = ['near', 'overdue', 'supervised'];

interface SweepLine {
  sweep: { resumed: number; near: number; overdue: number; supervised: number; chunks: number; ms: number };
  intervalMs: number;
}

/**
 * Makes sure SWEEP_OPEN_CASES open cases exist: copies of the seeded open cases (new ids and tracking
 * codes, the same shape, deadlines and 80% marks), in one INSERT … SELECT. Like the seed, it leaves out
 * what would only cost time: the copies are valid rows of valid rows, so the foreign-key checks and
 * row triggers are off for the statement (`session_replication_role = replica`; the copies carry their
 * source's search vector and 80% mark, and no public reference), and the status counts get one delta
 * row per status by hand. Returns how many it added.
 */
async function topUpOpenCases(client: Client, want: number): Promise<{ open: number; added: number; seconds: number }> {
  const started = Date.now();
  const [{ open }] = (await client.query<{ open: number }>(`SELECT count(*)::int AS open FROM cases WHERE status <> 'closed'`)).rows;
  if (open >= want) return { open, added: 0, seconds: 0 };
  const { rows: columns } = await client.query<{ name: string }>(
    `SELECT quote_ident(column_name) AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'cases' AND is_generated = 'NEVER' AND is_identity = 'NO'
        AND column_name NOT IN ('id', 'tracking_code', 'public_ref')
      ORDER BY ordinal_position`,
  );
  const list = columns.map((c) => c.name).join(', ');
  const missing = want - open;
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  await client.query('BEGIN');
  await client.query(`SET LOCAL session_replication_role = replica`);
  // Copy k of a case gets its tracking code plus two characters for k: unique, and still a valid code.
  await client.query(
    `WITH copies AS (
       INSERT INTO cases (tracking_code, ${list})
       SELECT s.tracking_code || substr('${alphabet}', (k / 31) % 31 + 1, 1) || substr('${alphabet}', k % 31 + 1, 1), ${list.replace(/(^|, )/g, '$1s.')}
         FROM (SELECT * FROM cases WHERE status <> 'closed' AND length(tracking_code) <= 14) s
         CROSS JOIN generate_series(1, ceil($1::numeric / $2)::int) AS k
        LIMIT $1
       ON CONFLICT (tracking_code) DO NOTHING
       RETURNING status)
     INSERT INTO case_status_deltas (status, n) SELECT status, count(*) FROM copies GROUP BY status ORDER BY status`,
    [missing, open],
  );
  const [{ added }] = (await client.query<{ added: number }>(`SELECT count(*)::int - $1 AS added FROM cases WHERE status <> 'closed'`, [open])).rows;
  await client.query('COMMIT');
  await client.query('VACUUM ANALYZE cases');
  return { open: open + added, added, seconds: (Date.now() - started) / 1000 };
}

/**
 * The deadline sweep at scale, through the real app: SWEEP_OPEN_CASES open cases; the sweep's horizons
 * set to now (as if it had just run); the deadlines of SWEEP_CROSSING open cases moved to instants
 * between the horizon and now, as if they had all passed since the last sweep; then the app, started
 * with its default SWEEP_INTERVAL_SECONDS, handles them in its first sweep. Its duration is the app's
 * own (it logs one line per sweep that did something), and every reminder is counted in the database:
 * a `case_reminders` row and a `case.overdue` event per case, none twice.
 */
export async function measureSweep(databaseUrl: string, client: Client, log: (line: string) => void): Promise<BenchResult[]> {
  const topUp = await topUpOpenCases(client, SWEEP_OPEN_CASES);
  log(`sweep: ${topUp.open.toLocaleString('en')} open cases (${topUp.added.toLocaleString('en')} copies added in ${topUp.seconds.toFixed(0)} s)`);

  // The horizons: everything up to now is swept.
  const [{ t0 }] = (await client.query<{ t0: Date }>(`SELECT clock_timestamp() AS t0`)).rows;
  for (const kind of KINDS) {
    await client.query(
      `INSERT INTO sweep_state (name, horizon, horizon_id) VALUES ($1, $2, NULL) ON CONFLICT (name) DO UPDATE SET horizon = EXCLUDED.horizon, horizon_id = NULL`,
      [kind, t0],
    );
  }
  // The crossing cases: open, not paused, at random; each stage's deadline column moved to an instant
  // in (t0, now], so all of them passed since the last sweep. Their 80% marks fall before t0: no
  // near-deadline reminder, one overdue event each.
  await client.query('DROP TABLE IF EXISTS bench_sweep_cases');
  await client.query(
    `CREATE UNLOGGED TABLE bench_sweep_cases AS
     SELECT id FROM cases WHERE status <> 'closed' AND paused_at IS NULL ORDER BY random() LIMIT $1`,
    [SWEEP_CROSSING],
  );
  await client.query('ALTER TABLE bench_sweep_cases ADD PRIMARY KEY (id)');
  const moved = Date.now();
  const update = await client.query(
    `WITH at AS (SELECT m.id, $1::timestamptz + (clock_timestamp() - $1::timestamptz) * (0.05 + 0.9 * random()) AS deadline
                   FROM bench_sweep_cases m)
     UPDATE cases c SET
       dispatch_deadline = CASE WHEN c.status IN ('received', 'returned') THEN at.deadline ELSE c.dispatch_deadline END,
       sign_deadline     = CASE WHEN c.status = 'dispatched' THEN at.deadline ELSE c.sign_deadline END,
       reply_deadline    = CASE WHEN c.status = 'in_progress' THEN at.deadline ELSE c.reply_deadline END,
       callback_deadline = CASE WHEN c.status = 'replied' THEN at.deadline ELSE c.callback_deadline END,
       stage_started_at  = least(c.stage_started_at, $1::timestamptz - interval '1 hour')
       FROM at WHERE c.id = at.id`,
    [t0],
  );
  log(`sweep: ${update.rowCount} deadlines moved into the window in ${((Date.now() - moved) / 1000).toFixed(1)} s; waiting for the app's sweep (every ${SWEEP_INTERVAL_SECONDS} s)…`);
  // Started after the deadlines moved (committed): its first sweep, SWEEP_INTERVAL_SECONDS after it is
  // up, finds every one of them past, between the horizon and its now.
  const app = await startApp(databaseUrl, [], { SWEEP_INTERVAL_SECONDS: String(SWEEP_INTERVAL_SECONDS), LOG_LEVEL: 'info' });
  try {
    // The app's sweep line for the crossing cases, and the rows it wrote.
    const deadline = Date.now() + (3 * SWEEP_INTERVAL_SECONDS + 120) * 1000;
    let line: SweepLine | undefined;
    while (Date.now() < deadline) {
      line = sweepLines(app.child.output()).find((l) => l.sweep.overdue >= SWEEP_CROSSING * 0.5);
      if (line) break;
      await sleep(500);
    }
    await sleep(1_000);
    const counts = (
      await client.query<{ reminders: number; distinct_reminders: number; events: number; distinct_events: number; near: number }>(
        `SELECT (SELECT count(*) FROM case_reminders r JOIN bench_sweep_cases m ON m.id = r.case_id WHERE r.kind = 'overdue')::int AS reminders,
                (SELECT count(DISTINCT r.case_id) FROM case_reminders r JOIN bench_sweep_cases m ON m.id = r.case_id WHERE r.kind = 'overdue')::int AS distinct_reminders,
                (SELECT count(*) FROM case_events e JOIN bench_sweep_cases m ON m.id = e.case_id WHERE e.type = 'case.overdue')::int AS events,
                (SELECT count(DISTINCT e.case_id) FROM case_events e JOIN bench_sweep_cases m ON m.id = e.case_id WHERE e.type = 'case.overdue')::int AS distinct_events,
                (SELECT count(*) FROM case_events e JOIN bench_sweep_cases m ON m.id = e.case_id WHERE e.type = 'case.reminded')::int AS near`,
      )
    ).rows[0];
    const all = sweepLines(app.child.output());
    log(`sweep: app lines ${JSON.stringify(all.map((l) => l.sweep))}`);
    log(
      `sweep: ${line ? `${line.sweep.overdue} overdue in ${line.sweep.chunks} chunks, ${line.sweep.ms} ms` : 'no sweep line'}; ` +
        `reminders ${counts.reminders} (${counts.distinct_reminders} cases), overdue events ${counts.events} (${counts.distinct_events} cases), near reminders ${counts.near}`,
    );
    const once =
      counts.reminders === SWEEP_CROSSING && counts.distinct_reminders === SWEEP_CROSSING && counts.events === SWEEP_CROSSING && counts.distinct_events === SWEEP_CROSSING;
    const seconds = line ? line.sweep.ms / 1000 : null;
    const setup = `${topUp.open.toLocaleString('en')} open cases, ${SWEEP_CROSSING.toLocaleString('en')} of them past their deadline since the last sweep`;
    return [
      {
        name: 'sweep',
        unit: 's',
        value: seconds,
        baseline: SWEEP_INTERVAL_SECONDS,
        ratio: seconds === null ? null : Math.round((seconds / SWEEP_INTERVAL_SECONDS) * 1000) / 1000,
        target: `≤ the sweep interval (${SWEEP_INTERVAL_SECONDS} s)`,
        // The sweep also handles whatever else crossed in its window (a few hundred among a million open cases).
        pass: seconds === null ? false : seconds <= SWEEP_INTERVAL_SECONDS && line!.sweep.overdue >= SWEEP_CROSSING,
        note:
          `one sweep of the running app (its own timer, SWEEP_INTERVAL_SECONDS=${SWEEP_INTERVAL_SECONDS}) on ${setup}: ` +
          (line ? `${line.sweep.overdue} overdue events in ${line.sweep.chunks} transactions, ${line.sweep.ms} ms from its start to its last commit` : 'no sweep handled them in time'),
      },
      {
        name: 'sweep-once',
        unit: 'rows',
        value: counts.reminders,
        baseline: SWEEP_CROSSING,
        ratio: Math.round((counts.reminders / SWEEP_CROSSING) * 1000) / 1000,
        target: `${SWEEP_CROSSING.toLocaleString('en')} reminders and events, one per case`,
        pass: once,
        note: `case_reminders ${counts.reminders} (${counts.distinct_reminders} cases), case.overdue events ${counts.events} (${counts.distinct_events} cases), near-deadline reminders ${counts.near}`,
      },
    ];
  } finally {
    await app.child.stop();
    await client.query('DROP TABLE IF EXISTS bench_sweep_cases').catch(() => undefined);
  }
}

/** The app's "deadline sweep" log lines (pino JSON), oldest first. */
function sweepLines(output: string): SweepLine[] {
  return output
    .split('\n')
    .filter((l) => l.includes('"deadline sweep'))
    .flatMap((l) => {
      try {
        const parsed = JSON.parse(l.slice(l.indexOf('{'))) as Partial<SweepLine>;
        return parsed.sweep ? [parsed as SweepLine] : [];
      } catch {
        return [];
      }
    });
}
