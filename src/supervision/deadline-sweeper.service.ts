import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CaseWorkflow, SYSTEM } from '../cases/case-workflow.service';
import type { Case } from '../cases/case.entity';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Db } from '../database/db';
import { type ReminderKind, SweepRepository } from './sweep.repository';
import { PauseService } from './pause.service';
import { SupervisionService } from './supervision.service';

export interface SweepReport {
  /** Pauses that ended by themselves at their `until`. */
  resumed: number;
  near: number;
  overdue: number;
  supervised: number;
}

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
    private readonly db: Db,
    private readonly sweeps: SweepRepository,
    private readonly workflow: CaseWorkflow,
    private readonly supervision: SupervisionService,
    private readonly pauses: PauseService,
    private readonly clock: Clock,
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
  sweep(): Promise<SweepReport | null> {
    return this.db.transaction(async () => {
      if (!(await this.sweeps.lock())) return null;
      return this.run(this.clock.now(), this.config.supervisionGraceHours * 3600 * 1000);
    });
  }

  private async run(now: Date, graceMs: number): Promise<SweepReport> {
    // First the pauses that end now: their cases' clocks run again (with moved deadlines) before the
    // deadlines are looked at.
    const resumed = await this.sweeps.pausesEnding(now, BATCH);
    for (const c of resumed) await this.pauses.resumeAtUntil(c, now);
    const near = await this.due('near', now, 0, 'near_deadline_at', 'not-yet-due');
    const overdue = await this.due('overdue', now, 0, 'current_deadline', null);
    const supervise = await this.due('supervised', now, graceMs, 'current_deadline', 'not-supervised');
    const report: SweepReport = { resumed: resumed.length, near: 0, overdue: 0, supervised: 0 };

    for (const c of near) {
      if (await this.sweeps.claim(c, 'near', now)) {
        await this.remind(c, 'remind', now, `${STAGE_NAMES[c.status]}期限将至`);
        report.near++;
      }
    }
    for (const c of overdue) {
      if (await this.sweeps.claim(c, 'overdue', now)) {
        await this.remind(c, 'markOverdue', now, `${STAGE_NAMES[c.status]}已超期`);
        report.overdue++;
      }
    }
    for (const c of supervise) {
      if (await this.sweeps.claim(c, 'supervised', now)) {
        const facts = `超期未办理：${STAGE_NAMES[c.status]}期限 ${c.currentDeadline!.toISOString()} 已过`;
        const requirement = '立即办理，并书面说明超期原因及整改措施';
        const record = await this.supervision.record(c, { source: 'automatic', facts, requirement, createdBy: null }, now);
        await this.workflow.apply(c, 'supervise', SYSTEM, {
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
  private async due(
    kind: ReminderKind,
    now: Date,
    shiftMs: number,
    column: 'near_deadline_at' | 'current_deadline',
    extra: 'not-yet-due' | 'not-supervised' | null,
  ): Promise<Case[]> {
    const until = new Date(now.getTime() - shiftMs);
    const since = (await this.sweeps.horizon(kind)) ?? new Date(until.getTime() - FIRST_SWEEP_LOOKBACK_MS);
    const rows = await this.sweeps.due(column, since, until, BATCH, extra, now);
    const property = column === 'near_deadline_at' ? 'nearDeadlineAt' : 'currentDeadline';
    const horizon = rows.length === BATCH ? new Date(rows[rows.length - 1][property]!.getTime() - 1) : until;
    await this.sweeps.setHorizon(kind, horizon);
    return rows;
  }

  /** A reminder is an event on the timeline only: it changes nothing on the case itself. */
  private remind(c: Case, action: 'remind' | 'markOverdue', now: Date, note: string): Promise<void> {
    return this.workflow.annotate(c, action, SYSTEM, now, note, { stage: STAGE_OF[c.status], deadline: c.currentDeadline?.toISOString() });
  }
}
