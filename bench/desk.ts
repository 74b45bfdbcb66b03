/**
 * The operator's desk on the seeded city: caller history and similar open cases on the (1,000,000-case)
 * database, and knowledge search on 5,000 entries — each the very SQL the app sends (the repositories'
 * pure SQL builders, with the parameters the services compute), timed server-side with
 * `EXPLAIN (ANALYZE, BUFFERS)` over 40 different inputs after a warm-up pass; the figure is the 95th
 * percentile of planning + execution time.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { pino } from 'pino';
import { AppModule } from '../src/app.module';
import { callerHistorySql } from '../src/callers/callers.repository';
import { HISTORY_DAYS, HISTORY_LIMIT } from '../src/callers/callers.service';
import { similarCasesSql } from '../src/cases/cases.repository';
import { SIMILAR_CANDIDATES, SIMILAR_LIMIT, SIMILAR_WINDOW_DAYS } from '../src/cases/cases.service';
import { shanghaiDate } from '../src/calendar/deadline-math';
import { CatalogService } from '../src/catalog/catalog.service';
import { loadConfig } from '../src/config/app-config';
import { Db } from '../src/database/db';
import { knowledgeSearchSql } from '../src/knowledge/knowledge.repository';
import { DUPLICATE_PAIRS } from '../test/fixtures/duplicate-pairs';
import { KNOWLEDGE_PHRASINGS } from '../test/fixtures/knowledge-phrasings';
import { type BenchResult } from './lib/report';
import { explain, type Explained } from './queues';
import { FREQUENT_CALLER_PREFIX, FREQUENT_CALLERS } from './seed';

const SAMPLES = 40;
const KNOWLEDGE_ENTRIES = 5000;
const DAY = 86_400_000;

const round = (n: number) => Math.round(n * 100) / 100;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

interface Sampled {
  p95: number;
  median: number;
  max: number;
  /** The plan of the slowest sample. */
  worst: Explained;
  indexes: string[];
  seqScans: string[];
  rows: string;
}

/** Each statement once to warm the caches, then each explained once: the spread over inputs. */
async function sample(db: Db, statements: { text: string; values: unknown[] }[]): Promise<Sampled> {
  for (const s of statements) await db.query(s.text, s.values);
  const runs: Explained[] = [];
  for (const s of statements) runs.push(await explain(db, s.text, s.values, 1));
  const ms = runs.map((r) => r.ms);
  const worst = runs.reduce((a, b) => (b.ms > a.ms ? b : a));
  const rows = runs.map((r) => Number(/actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(r.plan)?.[1] ?? 0));
  return {
    p95: percentile(ms, 95),
    median: percentile(ms, 50),
    max: Math.max(...ms),
    worst,
    indexes: [...new Set(runs.flatMap((r) => r.indexes))],
    seqScans: [...new Set(runs.flatMap((r) => r.seqScans))],
    rows: `${Math.min(...rows)}–${Math.max(...rows)} rows`,
  };
}

const describe = (s: Sampled) =>
  `p95 ${round(s.p95)} ms, median ${round(s.median)} ms, max ${round(s.max)} ms over ${SAMPLES} inputs (${s.rows}); ` +
  `${s.indexes.length ? `plans use ${s.indexes.join(', ')}` : 'plans use no index'}${s.seqScans.length ? `; Seq Scan on ${s.seqScans.join(', ')}` : ''}`;

/**
 * 5,000 knowledge entries: every demo entry's title crossed with other entries' bodies and keywords,
 * each a distinct text, so that the bigram index and the ranking see a large and varied base.
 */
async function seedKnowledge(db: Db): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM knowledge_entries`);
  const wanted = KNOWLEDGE_ENTRIES - n;
  await db.query(
    `INSERT INTO knowledge_entries (title, keywords, body, category_codes, region_code, department_id, source_ref,
                                    effective_from, review_due_at, created_at, updated_at)
     SELECT a.title || '（' || g.i || '）', c.keywords, b.body || ' 编号' || g.i, a.category_codes, a.region_code, b.department_id,
            a.source_ref, current_date - 30, current_date + 150, now(), now()
       FROM generate_series(1, $1::int) AS g(i)
       JOIN LATERAL (SELECT * FROM knowledge_entries WHERE title NOT LIKE '%（%' ORDER BY id OFFSET (g.i % $2::int) LIMIT 1) a ON true
       JOIN LATERAL (SELECT * FROM knowledge_entries WHERE title NOT LIKE '%（%' ORDER BY id OFFSET ((g.i / $2::int) % $2::int) LIMIT 1) b ON true
       JOIN LATERAL (SELECT * FROM knowledge_entries WHERE title NOT LIKE '%（%' ORDER BY id OFFSET ((g.i * 7) % $2::int) LIMIT 1) c ON true`,
    [wanted, n],
  );
  await db.query('ANALYZE knowledge_entries');
  return KNOWLEDGE_ENTRIES;
}

export async function measureDesk(url: string, log: (line: string) => void): Promise<{ results: BenchResult[]; plans: Record<string, string> }> {
  const config = { ...loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'bench-only-secret-bench-only-secret-0123' }), sweepIntervalSeconds: 0 };
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: url, logger: pino({ level: 'warn' }), applicationName: 'hotline-bench-desk' }),
    { logger: ['error', 'warn'] },
  );
  try {
    const db = app.get(Db);
    const catalog = app.get(CatalogService);
    const results: BenchResult[] = [];
    const plans: Record<string, string> = {};
    const now = new Date();

    // Caller history: half the samples the city's most frequent callers (~100 cases each), half
    // numbers drawn from the cases (a few each).
    const ordinary = await db.query<{ phone: string }>(
      `SELECT citizen_phone AS phone FROM cases WHERE citizen_phone NOT LIKE '${FREQUENT_CALLER_PREFIX}%' ORDER BY tracking_code LIMIT $1`,
      [SAMPLES / 2],
    );
    const phones = [
      ...Array.from({ length: SAMPLES / 2 }, (_, k) => `${FREQUENT_CALLER_PREFIX}${String(k % FREQUENT_CALLERS).padStart(4, '0')}`),
      ...ordinary.map((o) => o.phone),
    ];
    const history = await sample(
      db,
      phones.map((phone) => callerHistorySql(phone, new Date(now.getTime() - HISTORY_DAYS * DAY), new Date(now.getTime() - 30 * DAY), HISTORY_LIMIT)),
    );
    plans['caller-history'] = history.worst.plan;
    log(`caller-history: ${describe(history)}`);
    results.push({
      name: 'caller-history', unit: 'ms', value: round(history.p95), baseline: null, ratio: null, target: 'p95 ≤ 50 ms',
      pass: history.p95 <= 50,
      note: `CallersRepository's history query (POST /api/callers/history: the number's cases of 365 days, newest 20, counts by window functions); ${describe(history)}`,
    });

    // Similar open cases: the committed calls' words, in leaf categories and regions across the city
    // (every tenth at city level, 441800, which covers every county).
    const [leaves, counties] = [
      (await db.query<{ code: string }>(`SELECT code FROM categories c WHERE NOT EXISTS (SELECT 1 FROM categories x WHERE x.parent_code = c.code) ORDER BY code`)).map((r) => r.code),
      (await db.query<{ code: string }>(`SELECT code FROM regions WHERE parent_code IS NOT NULL ORDER BY code`)).map((r) => r.code),
    ];
    const since = new Date(now.getTime() - SIMILAR_WINDOW_DAYS * DAY);
    const similarInputs = await Promise.all(
      Array.from({ length: SAMPLES }, async (_, k) => {
        const pair = DUPLICATE_PAIRS[k % DUPLICATE_PAIRS.length];
        const region = k % 10 === 9 ? '441800' : counties[k % counties.length];
        return similarCasesSql(
          `${pair.call.title} ${pair.call.content}`,
          await catalog.categoryFamily(leaves[(k * 7) % leaves.length]),
          await catalog.regionAndBelow(region),
          since,
          config.similarThreshold,
          SIMILAR_LIMIT,
          SIMILAR_CANDIDATES,
        );
      }),
    );
    const similar = await sample(db, similarInputs);
    plans['similar-cases'] = similar.worst.plan;
    log(`similar-cases: ${describe(similar)}`);
    results.push({
      name: 'similar-cases', unit: 'ms', value: round(similar.p95), baseline: null, ratio: null, target: 'p95 ≤ 50 ms',
      pass: similar.p95 <= 50,
      note: `CasesRepository's similar query (GET /api/cases/similar: the ${SIMILAR_CANDIDATES} newest open cases of 30 days in the category family and region or below, Dice of bigram vectors ≥ ${config.similarThreshold}, top ${SIMILAR_LIMIT}); ${describe(similar)}`,
    });

    // Knowledge search on 5,000 entries, in the committed callers' words.
    const entries = await seedKnowledge(db);
    const today = shanghaiDate(now);
    const knowledge = await sample(
      db,
      Array.from({ length: SAMPLES }, (_, k) => knowledgeSearchSql({ today, q: KNOWLEDGE_PHRASINGS[k % KNOWLEDGE_PHRASINGS.length].q, limit: 10 })),
    );
    plans['knowledge-search'] = knowledge.worst.plan;
    log(`knowledge-search: ${describe(knowledge)}`);
    results.push({
      name: 'knowledge-search', unit: 'ms', value: round(knowledge.p95), baseline: null, ratio: null, target: 'p95 ≤ 20 ms',
      pass: knowledge.p95 <= 20,
      note: `KnowledgeRepository's search (GET /api/knowledge?q=…, top 10 by ts_rank of the words' bigrams in title and body) on ${entries} entries; ${describe(knowledge)}`,
    });
    return { results, plans };
  } finally {
    await app.close();
  }
}
