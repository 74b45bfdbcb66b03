import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { transition } from '../cases/case-state-machine';
import { CaseEventsNotifier } from '../cases/case-events.notifier';
import { CaseWorkflow, SYSTEM } from '../cases/case-workflow.service';
import { Case } from '../cases/case.entity';
import { CasesRepository } from '../cases/cases.repository';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SupervisionService } from './supervision.service';

type ReminderKind = 'near' | 'overdue' | 'supervised';

export interface SweepReport {
  near: number;
  overdue: number;
  supervised: number;
}

// Any constant works; it only has to be the same for every instance.
const SWEEP_LOCK = 1_234_500_003;
/** How far back the very first sweep looks. */
const FIRST_SWEEP_LOOKBACK_MS = 7 * 24 * 3600 * 1000;
/** Cases handled per kind and sweep; the rest are picked up by the next sweep. */
const BATCH = 1000;

/** The stage whose deadline runs in each open status, as code and as the centre calls it. */
const STAGE_OF: Record<string, string> = {
  received: 'dispatch',
  returned: 'dispatch',
  dispatched: 'sign',
  in_progress: 'reply',
  replied: 'callback',
};
const STAGE_NAMES: Record<string, string> = {
  received: '派单',
  returned: '派单',
  dispatched: '签收',
  in_progress: '答复',
  replied: '回访',
};

/**
 * The periodic deadline sweep (催办 and 督办): a reminder when 80% of a stage's time is used, an overdue
 * event when its deadline passes, and supervision when it stays overdue past the grace period.
 *
 * Exactly one instance sweeps at a time (a transaction-scoped advisory lock; the others skip), each
 * reminder is written once per case, kind and deadline (a unique key in `case_reminders`, so neither a
 * restart nor a second instance repeats it), and each kind only looks at deadlines that passed since its
 * last sweep (`sweep_state`), on the indexes of `near_deadline_at` and `current_deadline`.
 */
@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly workflow: CaseWorkflow,
    private readonly supervision: SupervisionService,
    private readonly clock: Clock,
    private readonly events: CaseEventsNotifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.sweepIntervalSeconds === 0) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.error({ err: error }, 'deadline sweep failed'));
    }, this.config.sweepIntervalSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One sweep; null when another instance is sweeping right now. */
  async sweep(): Promise<SweepReport | null> {
    const report = await this.dataSource.transaction(async (em) => {
      const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK]);
      if (!locked) return null;
      const now = this.clock.now();
      return this.run(em, now, this.config.supervisionGraceHours * 3600 * 1000);
    });
    if (report && report.near + report.overdue + report.supervised > 0) this.events.committed();
    return report;
  }

  private async run(em: EntityManager, now: Date, graceMs: number): Promise<SweepReport> {
    const near = await this.due(em, 'near', now, 0, 'c.near_deadline_at', 'c.current_deadline > :now');
    const overdue = await this.due(em, 'overdue', now, 0, 'c.current_deadline');
    const supervise = await this.due(em, 'supervised', now, graceMs, 'c.current_deadline', 'NOT c.supervised');
    const report: SweepReport = { near: 0, overdue: 0, supervised: 0 };

    for (const c of near) {
      if (await this.claim(em, c, 'near')) {
        await this.appendReminder(em, c, 'remind', now, `${STAGE_NAMES[c.status]}期限将至`);
        report.near++;
      }
    }
    for (const c of overdue) {
      if (await this.claim(em, c, 'overdue')) {
        await this.appendReminder(em, c, 'markOverdue', now, `${STAGE_NAMES[c.status]}已超期`);
        report.overdue++;
      }
    }
    for (const c of supervise) {
      if (await this.claim(em, c, 'supervised')) {
        const facts = `超期未办理：${STAGE_NAMES[c.status]}期限 ${c.currentDeadline!.toISOString()} 已过`;
        const requirement = '立即办理，并书面说明超期原因及整改措施';
        const record = await this.supervision.record(em, c, { source: 'automatic', facts, requirement, createdBy: null });
        await this.workflow.apply(em, c, 'supervise', SYSTEM, {
          set: { supervised: true },
          note: facts,
          data: { ref: record.ref, requirement, automatic: true },
        }, now);
        report.supervised++;
      }
    }
    return report;
  }

  /**
   * Open cases whose `column` (shifted back by `shiftMs`) passed since this kind's last sweep, locked;
   * then the kind's horizon moves to now (or to the last case handled, when the batch was full).
   */
  private async due(em: EntityManager, kind: ReminderKind, now: Date, shiftMs: number, column: string, extra?: string): Promise<Case[]> {
    const until = new Date(now.getTime() - shiftMs);
    const [state] = await em.query(`SELECT horizon FROM sweep_state WHERE name = $1`, [kind]);
    const since: Date = state ? new Date(state.horizon) : new Date(until.getTime() - FIRST_SWEEP_LOOKBACK_MS);
    const qb = em
      .getRepository(Case)
      .createQueryBuilder('c')
      .where(`c.status <> 'closed' AND ${column} > :since AND ${column} <= :until`, { since, until })
      .orderBy(column, 'ASC')
      .limit(BATCH)
      .setLock('pessimistic_write');
    if (extra) qb.andWhere(extra, { now });
    const rows = await qb.getMany();
    const property = column === 'c.near_deadline_at' ? 'nearDeadlineAt' : 'currentDeadline';
    const horizon = rows.length === BATCH ? new Date(rows[rows.length - 1][property]!.getTime() - 1) : until;
    await em.query(
      `INSERT INTO sweep_state (name, horizon) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET horizon = EXCLUDED.horizon`,
      [kind, horizon],
    );
    return rows;
  }

  /** True the first time for this case, kind and deadline; false ever after. */
  private async claim(em: EntityManager, c: Case, kind: ReminderKind): Promise<boolean> {
    const rows = await em.query(
      `INSERT INTO case_reminders (case_id, kind, deadline) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING case_id`,
      [c.id, kind, c.currentDeadline],
    );
    return rows.length === 1;
  }

  /** A reminder is an event on the timeline only: it changes nothing on the case itself. */
  private async appendReminder(em: EntityManager, c: Case, action: 'remind' | 'markOverdue', now: Date, note: string): Promise<void> {
    const step = transition(action, c.status);
    await this.cases.appendEvent(em, {
      caseId: c.id,
      type: step.event,
      at: now,
      actorKind: 'system',
      actorId: null,
      fromStatus: c.status,
      toStatus: step.toStatus,
      fromOwnerDepartmentId: c.ownerDepartmentId,
      toOwnerDepartmentId: c.ownerDepartmentId,
      note,
      public: step.public,
      data: { stage: STAGE_OF[c.status], deadline: c.currentDeadline?.toISOString() },
    });
  }
}
