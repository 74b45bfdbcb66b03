import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { pino } from 'pino';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';
import { Db } from '../src/database/db';
import { HotspotDetector } from '../src/hotspots/hotspot-detector.service';
import { OverviewService } from '../src/stats/overview.service';
import type { BenchResult } from './lib/report';
import { explain } from './queues';

const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (n: number) => Math.round(n * 100) / 100;

async function timed(work: () => Promise<unknown>): Promise<{ median: number; all: number[]; first: number }> {
  const started = process.hrtime.bigint();
  await work();
  const first = Number(process.hrtime.bigint() - started) / 1e6;
  const all: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    await work();
    all.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { median: median(all), all, first };
}

/**
 * The supervisor's picture on the seeded cases, through the app's own services (an application
 * context on the bench database, no HTTP): one hotspot detector run (`HotspotDetector.detect`, the
 * whole run: its lock, the window's counts, the history of every category × county over the
 * threshold, the active hotspots' upkeep, in one transaction) and the overview
 * (`OverviewService.overview`, the whole call). A spike is added first — sixty water-supply calls in
 * 清城区 in the last half hour — so the runs maintain a live hotspot besides scanning.
 */
export async function measurePicture(url: string, log: (line: string) => void): Promise<{ results: BenchResult[]; plans: Record<string, string> }> {
  const config = { ...loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'bench-only-secret-bench-only-secret-0123' }), sweepIntervalSeconds: 0, hotspotIntervalSeconds: 0 };
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: url, logger: pino({ level: 'warn' }), applicationName: 'hotline-bench-picture' }),
    { logger: ['error', 'warn'] },
  );
  try {
    const db = app.get(Db);
    await db.query(
      `INSERT INTO cases (tracking_code, query_code, channel, kind, category_code, region_code, title, content, status, stage_started_at,
                          dispatch_deadline, created_at, updated_at)
       SELECT 'SPK' || translate(lpad(i::text, 3, '0'), '0123456789', 'ABCDEFGHJK') || 'BENCH', '000000', 'hotline', 'complaint', 'water.supply',
              '441802', '片区停水', '片区停水', 'received', at, at + interval '1 day', at, at
         FROM generate_series(1, 60) i, LATERAL (SELECT now() - i * interval '30 seconds' AS at) x`,
    );
    const [{ windowCases }] = await db.query<{ windowCases: number }>(`SELECT count(*)::int AS "windowCases" FROM cases WHERE created_at > now() - interval '2 hours'`);
    const detector = app.get(HotspotDetector);
    const first = await detector.detect();
    const run = await timed(() => detector.detect());
    const [{ active, keys }] = await db.query<{ active: number; keys: number }>(
      `SELECT (SELECT count(*)::int FROM hotspots WHERE status = 'active') AS active,
              (SELECT count(DISTINCT (category_code, region_code))::int FROM cases WHERE created_at > now() - interval '2 hours') AS keys`,
    );
    log(`hotspots: ${round(run.median)} ms per run (runs ${run.all.map(round).join(', ')}; the first ${round(run.first)} ms); the first run found ${JSON.stringify(first)}; ${windowCases} cases and ${keys} category × region keys in the window, ${active} hotspots active`);

    const overview = app.get(OverviewService);
    const call = await timed(() => overview.overview());
    const recorded: { sql: string; params: unknown[] }[] = [];
    const { query, prepared } = db;
    db.query = (sql, params = []) => (recorded.push({ sql, params }), query.call(db, sql, params)) as never;
    db.prepared = (sql, params = []) => (recorded.push({ sql, params }), prepared.call(db, sql, params)) as never;
    try {
      // Without the kept baseline, so that its query is recorded too.
      (overview as unknown as { baselines: Map<string, unknown> }).baselines.clear();
      await overview.overview();
    } finally {
      db.query = query;
      db.prepared = prepared;
    }
    const plans: Record<string, string> = {};
    const parts: string[] = [];
    for (const [i, q] of recorded.entries()) {
      if (/hotspot|incidents|reference_version|FROM (categories|regions|departments)/.test(q.sql)) continue;
      const e = await explain(db, q.sql, q.params);
      plans[`overview-${i + 1}`] = e.plan;
      parts.push(`${round(e.ms)} ms (${e.indexes.join(', ') || 'no index'}${e.seqScans.length ? `; Seq Scan on ${e.seqScans.join(', ')}` : ''})`);
    }
    log(`overview: ${round(call.median)} ms whole call (runs ${call.all.map(round).join(', ')}; the first, which computes the day's baseline, ${round(call.first)} ms); its case queries server-side: ${parts.join(' + ')}`);
    return {
      results: [
        {
          name: 'hotspots', unit: 'ms', value: round(run.median), baseline: null, ratio: null, target: '≤ 50 ms', pass: run.median <= 50,
          note: `HotspotDetector.detect(), one whole run (median of ${RUNS} after a warm-up): ${windowCases} cases and ${keys} category × region keys in the 2-hour window, ${active} hotspot(s) active`,
        },
        {
          name: 'overview', unit: 'ms', value: round(call.median), baseline: null, ratio: null, target: '≤ 100 ms', pass: call.median <= 100,
          note: `OverviewService.overview() (GET /api/stats/overview), the whole call (median of ${RUNS}; the instance's first call of the day, which also computes the day's baseline from the same weekday of four weeks, ${round(call.first)} ms); its case queries server-side: ${parts.join(' + ')}`,
        },
      ],
      plans,
    };
  } finally {
    await app.close();
  }
}
