import type { Client } from 'pg';
import { freePort } from '../src/database/embedded-database';
import type { BaselineJob } from './baseline-server';
import type { RunningApp } from './lib/app';
import { type LoadJob, type LoadResult, runLoad } from './lib/load';
import { compileStandalone, startChild, waitForOutput } from './lib/processes';
import { type BenchResult, ratioOf } from './lib/report';

export const CONNECTIONS = 32;
export const SECONDS = 10;
export const WARMUP_SECONDS = 3;
/** Turns of app and baseline per pair (each a warm-up and a measured run). */
export const ROUNDS = 2;
/** Cases the lookups and reads rotate over. */
const POOL_SIZE = 2_000;
/** Above this share of failed or non-2xx answers, a throughput figure means nothing: the target fails. */
const MAX_FAILED_SHARE = 0.001;
const RSS_CAP_MB = 512;

export interface PoolCase {
  id: string;
  trackingCode: string;
  verify: string;
}

/**
 * Picks the cases that lookups and reads rotate over (open cases in progress or replied, at random)
 * and gives them a realistic timeline: dispatched, signed, an internal note (not public), replied.
 */
export async function preparePool(client: Client): Promise<PoolCase[]> {
  const { rows } = await client.query<PoolCase>(
    `SELECT id, tracking_code AS "trackingCode", right(citizen_phone, 4) AS verify FROM cases
      WHERE status IN ('in_progress', 'replied') AND assignee_id IS NOT NULL ORDER BY random() LIMIT $1`,
    [POOL_SIZE],
  );
  // A timeline event must follow a write of its case in the same transaction (the live relay's rule,
  // enforced by the case_events_follow_a_write trigger): touch the cases first.
  await client.query('BEGIN');
  await client.query('UPDATE cases SET updated_at = updated_at WHERE id = ANY($1)', [rows.map((r) => r.id)]);
  await client.query(
    `INSERT INTO case_events (case_id, type, at, actor_kind, actor_id, from_status, to_status, from_owner_department_id,
       to_owner_department_id, note, public)
     SELECT c.id, e.type, e.at, 'user', CASE WHEN e.type = 'case.dispatched' THEN c.created_by ELSE c.assignee_id END,
            e.from_status, e.to_status, NULL, c.owner_department_id, e.note, e.public
       FROM cases c
       CROSS JOIN LATERAL (VALUES
         ('case.dispatched', c.dispatched_at, 'received', 'dispatched', NULL, true),
         ('case.signed', c.reply_deadline - interval '7 days', 'dispatched', 'in_progress', NULL, true),
         ('case.noted', c.reply_deadline - interval '6 days', 'in_progress', 'in_progress', '已联系市民，约定上门核实', false),
         ('case.replied', c.replied_at, 'in_progress', 'replied', c.reply_content, true)
       ) AS e(type, at, from_status, to_status, note, public)
      WHERE c.id = ANY($1) AND e.at IS NOT NULL
      ORDER BY e.at`,
    [rows.map((r) => r.id)],
  );
  await client.query('COMMIT');
  return rows;
}

async function checkpoint(client: Client): Promise<void> {
  // Start each run without the previous run's dirty pages pending (needs superuser or pg_checkpoint).
  await client.query('CHECKPOINT').catch(() => undefined);
}

async function withBaseline<T>(job: Omit<BaselineJob, 'port'>, work: (base: string, pid: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  const child = startChild(process.execPath, [compileStandalone('bench/baseline-server.ts')], {
    name: `baseline-${job.mode}`,
    env: { ...process.env, BENCH_BASELINE: JSON.stringify({ ...job, port }) },
  });
  try {
    await waitForOutput(child, 'LISTENING', 60_000);
    return await work(`http://127.0.0.1:${port}`, child.pid);
  } finally {
    await child.stop(5_000);
  }
}

function failures(r: LoadResult): { share: number; text: string } {
  const failed = r.non2xx + r.errors + r.timeouts;
  const codes = Object.entries(r.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, s]) => `${s.count}× ${code}`);
  const text = failed ? ` ${failed} failed (${[...codes, r.errors ? `${r.errors} errors` : '', r.timeouts ? `${r.timeouts} timeouts` : ''].filter(Boolean).join(', ')})` : '';
  return { share: r.requests ? failed / r.requests : 1, text };
}

const p99Target = (t: PairTargets): string | null =>
  [t.p99Ms === undefined ? null : `≤ ${t.p99Ms} ms`, t.p99TimesBaseline === undefined ? null : `≤ ${t.p99TimesBaseline}× baseline`]
    .filter(Boolean)
    .join(', ') || null;

const round1 = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * What a pair must show: the app's throughput at least `minRatio` × the baseline's, and its p99 at most
 * `p99Ms` and at most `p99TimesBaseline` × the baseline's p99 in the same run (each when given).
 */
interface PairTargets {
  minRatio: number;
  p99Ms?: number;
  p99TimesBaseline?: number;
}

/** The three results of one app-vs-baseline pair: throughput, p99 latency, peak RSS. */
type Measured = LoadResult & { peakRssMb: number | null; cpuMsPerRequest: number | null };

const cpu = (r: Measured) => (r.cpuMsPerRequest === null ? '?' : r.cpuMsPerRequest.toFixed(2));

function pairResults(
  name: string,
  app: Measured,
  bare: Measured,
  targets: PairTargets,
  what: string,
): BenchResult[] {
  const appFailed = failures(app);
  const bareFailed = failures(bare);
  const valid = appFailed.share <= MAX_FAILED_SHARE;
  const ratio = ratioOf(app.rps, bare.rps);
  const load = `${CONNECTIONS} connections, ${ROUNDS} turns each of ${SECONDS} s after ${WARMUP_SECONDS} s warm-up, app and baseline alternating`;
  const invalid = valid ? '' : ` INVALID: more than ${MAX_FAILED_SHARE * 100}% of the app's answers failed.`;
  return [
    {
      name,
      unit: 'req/s',
      value: round1(app.rps),
      baseline: round1(bare.rps),
      ratio,
      target: `ratio ≥ ${targets.minRatio}`,
      pass: valid && ratio !== null && ratio >= targets.minRatio,
      note:
        `${what}; ${load}; app ${app.ok} answers${appFailed.text}, baseline ${bare.ok}${bareFailed.text}; ` +
        `server CPU per request: app ${cpu(app)} ms, baseline ${cpu(bare)} ms.${invalid}`,
    },
    {
      name: `${name}-p99`,
      unit: 'ms',
      value: app.latency.p99,
      baseline: bare.latency.p99,
      ratio: ratioOf(app.latency.p99, bare.latency.p99),
      target: p99Target(targets),
      pass:
        targets.p99Ms === undefined && targets.p99TimesBaseline === undefined
          ? null
          : valid &&
            (targets.p99Ms === undefined || app.latency.p99 <= targets.p99Ms) &&
            (targets.p99TimesBaseline === undefined || app.latency.p99 <= targets.p99TimesBaseline * bare.latency.p99),
      note: `latency at ${CONNECTIONS} connections: app p50 ${app.latency.p50} ms, p90 ${app.latency.p90} ms, max ${app.latency.max} ms; baseline p50 ${bare.latency.p50} ms`,
    },
    {
      name: `${name}-rss`,
      unit: 'MB',
      value: app.peakRssMb === null ? null : round1(app.peakRssMb),
      baseline: bare.peakRssMb === null ? null : round1(bare.peakRssMb),
      ratio: ratioOf(app.peakRssMb, bare.peakRssMb),
      target: `≤ ${RSS_CAP_MB} MB`,
      pass: app.peakRssMb === null ? null : app.peakRssMb <= RSS_CAP_MB,
      note: 'peak resident memory of the app process during the measured run (VmHWM reset at its start, VmRSS sampled every 100 ms); baseline: the bare server',
    },
  ];
}

export interface HttpContext {
  app: RunningApp;
  client: Client;
  databaseUrl: string;
  operatorId: string;
  operatorToken: string;
  supervisorToken: string;
  pool: PoolCase[];
  log: (line: string) => void;
}

/** An intake as an operator logs it: water supply in 清城区, a category no rule routes (stays with the centre). */
export const INTAKE_BODY = {
  channel: 'hotline',
  kind: 'complaint',
  categoryCode: 'water.supply',
  regionCode: '441802',
  address: '清远市清城区凤城街道某小区3栋',
  title: '小区供水压力不足',
  content: '市民来电反映：小区近一周每天傍晚水压不足，高层住户无法正常用水，请供水部门尽快核实处理。',
  citizen: { name: '张先生', phone: '13812345678' },
};

/** Several runs of one side as one: throughput over all of them, mean percentiles, the worst peaks. */
function combine(runs: Measured[]): Measured {
  const sum = (f: (r: Measured) => number) => runs.reduce((t, r) => t + f(r), 0);
  const mean = (f: (r: Measured) => number) => sum(f) / runs.length;
  const statusCodes: Record<string, { count: number }> = {};
  for (const r of runs) for (const [code, s] of Object.entries(r.statusCodes)) statusCodes[code] = { count: (statusCodes[code]?.count ?? 0) + s.count };
  const answered = sum((r) => r.requests + r.warmupRequests);
  const cpuKnown = runs.every((r) => r.cpuMsPerRequest !== null);
  const rss = runs.map((r) => r.peakRssMb).filter((v): v is number => v !== null);
  return {
    requests: sum((r) => r.requests),
    warmupRequests: sum((r) => r.warmupRequests),
    ok: sum((r) => r.ok),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    seconds: sum((r) => r.seconds),
    rps: sum((r) => r.ok) / sum((r) => r.seconds),
    rpsMean: mean((r) => r.rpsMean),
    latency: {
      p50: Math.round(mean((r) => r.latency.p50)),
      p90: Math.round(mean((r) => r.latency.p90)),
      p99: Math.round(mean((r) => r.latency.p99)),
      max: Math.max(...runs.map((r) => r.latency.max)),
      mean: mean((r) => r.latency.mean),
    },
    statusCodes,
    peakRssMb: rss.length ? Math.max(...rss) : null,
    cpuMsPerRequest: cpuKnown && answered ? sum((r) => r.cpuMsPerRequest! * (r.requests + r.warmupRequests)) / answered : null,
  };
}

/**
 * App and baseline in turns (app, baseline, app, baseline…, ROUNDS each), so that a change in the
 * machine's load during the pair weighs on both sides alike.
 */
async function pair(
  ctx: HttpContext,
  name: string,
  mode: BaselineJob['mode'],
  job: (base: string) => LoadJob,
  targets: PairTargets,
  what: string,
): Promise<BenchResult[]> {
  const apps: Measured[] = [];
  const bares: Measured[] = [];
  await withBaseline({ mode, databaseUrl: ctx.databaseUrl, operatorId: ctx.operatorId }, async (base, pid) => {
    for (let round = 1; round <= ROUNDS; round++) {
      await checkpoint(ctx.client);
      const app = await runLoad(job(ctx.app.base), ctx.app.child.pid);
      apps.push(app);
      ctx.log(`${name} #${round}: app ${round1(app.rps)} req/s, p99 ${app.latency.p99} ms, ${cpu(app)} ms CPU per request${failures(app).text}`);
      await checkpoint(ctx.client);
      const bare = await runLoad(job(base), pid);
      bares.push(bare);
      ctx.log(`${name} #${round}: baseline ${round1(bare.rps)} req/s, p99 ${bare.latency.p99} ms, ${cpu(bare)} ms CPU per request${failures(bare).text}`);
    }
  });
  return pairResults(name, combine(apps), combine(bares), targets, what);
}

const common = { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS };

export async function measureIntake(ctx: HttpContext): Promise<BenchResult[]> {
  return pair(
    ctx,
    'intake',
    'intake',
    (base) => ({
      ...common,
      url: `${base}/api/cases`,
      method: 'POST',
      headers: {
        authorization: `Bearer ${ctx.operatorToken}`,
        'content-type': 'application/json',
        'idempotency-key': 'bench-[<id>]',
      },
      body: JSON.stringify(INTAKE_BODY),
      idReplacement: true,
    }),
    // Issue 12: on Fastify, intake keeps at least 0.7 of the same-SQL baseline, its p99 within 1.5× the baseline's.
    { minRatio: 0.7, p99Ms: 100, p99TimesBaseline: 1.5 },
    'POST /api/cases as op1, a unique Idempotency-Key each, all water.supply in 441802 (no routing rule: the case stays with the centre)',
  );
}

/** The auto-dispatched mix, app only: labor.wage_arrears goes to rsj at intake (created + dispatched). */
export async function measureIntakeDispatch(ctx: HttpContext): Promise<BenchResult[]> {
  await checkpoint(ctx.client);
  const r = await runLoad(
    {
      ...common,
      url: `${ctx.app.base}/api/cases`,
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.operatorToken}`, 'content-type': 'application/json', 'idempotency-key': 'bench-d-[<id>]' },
      body: JSON.stringify({ ...INTAKE_BODY, categoryCode: 'labor.wage_arrears', title: '拖欠农民工工资', content: '市民来电反映：工地拖欠三个月工资。' }),
      idReplacement: true,
    },
    ctx.app.child.pid,
  );
  const failed = failures(r);
  ctx.log(`intake-dispatch: app ${round1(r.rps)} req/s, p99 ${r.latency.p99} ms, ${cpu(r)} ms CPU per request${failed.text}`);
  return [
    {
      name: 'intake-dispatch',
      unit: 'req/s',
      value: round1(r.rps),
      baseline: null,
      ratio: null,
      target: null,
      pass: null,
      note: `app only, for information: every intake labor.wage_arrears, auto-dispatched to rsj in the same transaction (two events, the facts row); p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms; server CPU per request ${cpu(r)} ms${failed.text}`,
    },
  ];
}

export async function measureLookup(ctx: HttpContext): Promise<BenchResult[]> {
  const paths = ctx.pool.map((c) => `/api/public/cases/${c.trackingCode}?verify=${c.verify}`);
  return pair(
    ctx,
    'lookup',
    'lookup',
    (base) => ({ ...common, url: `${base}${paths[0]}`, method: 'GET', paths }),
    { minRatio: 0.5 },
    `GET /api/public/cases/:trackingCode?verify=<last 4 phone digits>, rotating over ${paths.length} cases (4–5 events each)`,
  );
}

export async function measureCaseById(ctx: HttpContext): Promise<BenchResult[]> {
  const paths = ctx.pool.map((c) => `/api/cases/${c.id}`);
  return pair(
    ctx,
    'case-by-id',
    'case-by-id',
    (base) => ({ ...common, url: `${base}${paths[0]}`, method: 'GET', headers: { authorization: `Bearer ${ctx.supervisorToken}` }, paths }),
    { minRatio: 0.5 },
    `GET /api/cases/:id as sup1, rotating over ${paths.length} cases`,
  );
}
