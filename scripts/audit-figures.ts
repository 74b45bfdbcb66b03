/**
 * `npm run audit:figures -- --from YYYY-MM-DD --to YYYY-MM-DD`: recomputes every department's figures
 * (考核) from `case_events` and `departments` alone — each case's timeline replayed, with the deadlines
 * its steps recorded — and prints every difference against what `GET /api/stats/departments` answers
 * for the same period at the same instant. Exits 1 on any difference, 0 when the two agree.
 */
import { NestFactory } from '@nestjs/core';
import type { Client } from 'pg';
import { pino } from 'pino';
import { AppModule } from '../src/app.module';
import { Clock } from '../src/common/clock';
import { loadConfig, type ScoreWeights } from '../src/config/app-config';
import type { Department } from '../src/departments/department.entity';
import { DepartmentTree } from '../src/departments/department-tree';
import type { DepartmentFiguresDto } from '../src/stats/dto/stats.dto';
import { composeFigures, DEFAULT_FIGURES_MIN_SAMPLE, periodBounds } from '../src/stats/figures';
import { countersFromTimelines, recordsDeadlines, replayCase, type TimelineEvent } from '../src/stats/figures-from-timeline';
import { StatsService } from '../src/stats/stats.service';
import { options, withAppDatabase } from './app-database';

/** Cases replayed per round trip. */
const BATCH = 1000;
const FIELDS: (keyof DepartmentFiguresDto)[] = [
  'received', 'signOnTimeRate', 'replyOnTimeRate', 'resolutionRate', 'satisfactionRate', 'returnRate', 'returnsRefused', 'reopenRate',
  'overdueOpen', 'avgReplyHours', 'samples', 'minSample', 'score',
];

export interface FiguresAudit {
  cases: number;
  /** Cases of the period written before events recorded their deadlines: not recomputable. */
  notRecomputable: number;
  differences: { department: string; field: string; published: unknown; fromTimeline: unknown }[];
}

/** The figures of the period recomputed from the timeline, compared with `published` (the API's answer at `now`). */
export async function auditFigures(
  db: Client,
  period: { from: string; to: string },
  now: Date,
  weights: ScoreWeights,
  published: DepartmentFiguresDto[],
  minSample = DEFAULT_FIGURES_MIN_SAMPLE,
): Promise<FiguresAudit> {
  const { start, end } = periodBounds(period.from, period.to);
  const { rows: departments } = await db.query<Department>(`SELECT id, code, name, parent_id AS "parentId", active FROM departments`);
  const tree = new DepartmentTree(departments);
  const states = [];
  let notRecomputable = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows: ids } = await db.query<{ caseId: string }>(
      `SELECT case_id AS "caseId" FROM case_events WHERE type = 'case.created' AND at >= $1 AND at < $2 AND case_id > $3
        ORDER BY case_id LIMIT $4`,
      [start, end, after, BATCH],
    );
    if (ids.length === 0) break;
    const { rows: events } = await db.query<TimelineEvent>(
      `SELECT case_id AS "caseId", type, at, from_owner_department_id AS "fromOwnerDepartmentId",
              to_owner_department_id AS "toOwnerDepartmentId", to_status AS "toStatus", data
         FROM case_events WHERE case_id = ANY($1) ORDER BY case_id, seq`,
      [ids.map((r) => r.caseId)],
    );
    const byCase = new Map<string, TimelineEvent[]>();
    for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
    for (const timeline of byCase.values()) {
      if (!recordsDeadlines(timeline)) notRecomputable++;
      const state = replayCase(timeline);
      if (state) states.push(state);
    }
    after = ids[ids.length - 1].caseId;
  }
  const subtrees = new Map(
    [...tree.all()].filter((d) => d.active).map((d) => [d.id, tree.subtree(d.id)] as const).filter(([, units]) => units.length > 1),
  );
  const { counters, receivedInSubtree } = countersFromTimelines(states, { start, end }, now, subtrees);
  const recomputed = new Map(composeFigures(tree, counters, receivedInSubtree, { weights, minSample }).map((f) => [f.departmentId, f]));

  const differences: FiguresAudit['differences'] = [];
  for (const row of published) {
    const mine = recomputed.get(row.departmentId);
    for (const field of FIELDS) {
      const [a, b] = [row[field], mine?.[field] ?? null];
      // Hours are summed in a different order (PostgreSQL's numeric, JavaScript's doubles): equal to the hundredth.
      const same =
        field === 'avgReplyHours' && typeof a === 'number' && typeof b === 'number'
          ? Math.abs(a - b) <= 0.011
          : typeof a === 'object' && a !== null
            ? JSON.stringify(a) === JSON.stringify(b)
            : a === b;
      if (!same) differences.push({ department: `${row.code} ${row.name}`, field, published: a, fromTimeline: b });
    }
    recomputed.delete(row.departmentId);
  }
  for (const extra of recomputed.values()) differences.push({ department: `${extra.code} ${extra.name}`, field: 'row', published: null, fromTimeline: 'present' });
  return { cases: states.length, notRecomputable, differences };
}

/** A clock stopped at one instant: the API's answer and the recomputation judge "now" alike. */
class StoppedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }
  now(): Date {
    return new Date(this.at);
  }
}

async function main(): Promise<void> {
  const { from, to } = options(process.argv.slice(2));
  if (!from || !to) throw new Error('Usage: npm run audit:figures -- --from YYYY-MM-DD --to YYYY-MM-DD');
  const now = new Date();
  const config = { ...loadConfig(), sweepIntervalSeconds: 0 };
  const audit = await withAppDatabase(async (client, url) => {
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ config, databaseUrl: url, logger: pino({ level: 'warn' }), clock: new StoppedClock(now), applicationName: 'hotline12345-audit' }),
      { logger: ['error', 'warn'] },
    );
    try {
      const published = await app.get(StatsService).departmentFigures(from, to);
      return await auditFigures(client, { from, to }, now, config.scoreWeights, published, config.figuresMinSample);
    } finally {
      await app.close();
    }
  });
  const show = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  for (const d of audit.differences) console.log(`DIFFERENT ${d.department} ${d.field}: published ${show(d.published)}, from the timeline ${show(d.fromTimeline)}`);
  if (audit.notRecomputable > 0) {
    console.log(`${audit.notRecomputable} cases of the period were written before events recorded their deadlines: choose a later period`);
  }
  console.log(`${audit.cases} cases replayed (${from} to ${to}): ${audit.differences.length === 0 ? 'the figures match the timeline' : `${audit.differences.length} differences`}`);
  process.exitCode = audit.differences.length === 0 && audit.notRecomputable === 0 ? 0 : 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
