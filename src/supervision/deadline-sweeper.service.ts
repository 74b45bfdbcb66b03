import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { type BatchItem, CaseWorkflow, SYSTEM } from '../cases/case-workflow.service';
import type { Case } from '../cases/case.entity';
import { overdueNote, reminderData, STAGE_NAMES } from '../cases/case-stages';
import { CasesRepository, type ReminderKind } from '../cases/cases.repository';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Db } from '../database/db';
import { SweepRepository } from './sweep.repository';
import { PauseService } from './pause.service';
import { SupervisionService } from './supervision.service';

export interface SweepReport {
  /** Pauses that ended by themselves at their `until`. */
  resumed: number;
  near: number;
  overdue: number;
  supervised: number;
  /** The transactions the sweep committed. */
  chunks: number;
  /** From the sweep's start to its last commit. */
  ms: number;
}

/** How far back the very first sweep looks. */
const FIRST_SWEEP_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

type Column = 'near_deadline_at' | 'current_deadline';

/** What one chunk did: how many cases it acted on, and whether its kind has more to do. */
interface ChunkResult {
  handled: number;
  more: boolean;
}

/**
 * The periodic deadline sweep (催办 and 督办): a reminder when 80% of a stage's time is used, an overdue
 * event when its deadline passes, and supervision when it stays overdue past the grace period.
 *
 * A sweep works in chunks of `sweepChunkSize` cases, each its own short transaction: lock the chunk's
 * cases, claim their reminders, write their events with one statement (the workflow's batched path:
 * the same events, messages and live wake-ups as one by one), and move the kind's horizon — the last
 * (deadline, case id) handled (`sweep_state`) — to the chunk's last case, all committed together. A crash
 * loses nothing (the horizon moved only with the chunk's events) and repeats nothing. Each kind looks
 * only at deadlines past its horizon, on the indexes of `near_deadline_at` and `current_deadline`.
 *
 * Exactly one instance sweeps at a time: every chunk takes a transaction-scoped advisory lock, and a
 * sweep that finds it taken stops (another instance sweeps, from the horizon the last chunk left). Each
 * reminder is written once per case, kind and deadline (a unique key in `case_reminders`), whichever
 * instance or chunk comes to it.
 */
@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineSweeper.name);
  private timer?: NodeJS.Timeout;
  /** A sweep of this instance is running: the next tick skips rather than runs beside it. */
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly sweeps: SweepRepository,
    private readonly cases: CasesRepository,
    private readonly workflow: CaseWorkflow,
    private readonly supervision: SupervisionService,
    private readonly pauses: PauseService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.sweepIntervalSeconds === 0) return;
    this.timer = setInterval(() => {
      this.sweep().then(
        (report) => this.log(report),
        (error: unknown) => this.logger.error({ err: error }, 'deadline sweep failed'),
      );
    }, this.config.sweepIntervalSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One sweep; null when another sweep (of this instance or another) holds the lock right now. */
  async sweep(): Promise<SweepReport | null> {
    if (this.running) return null;
    this.running = true;
    try {
      return await this.run(this.clock.now(), this.config.supervisionGraceHours * 3600 * 1000);
    } finally {
      this.running = false;
    }
  }

  private async run(now: Date, graceMs: number): Promise<SweepReport | null> {
    const started = Date.now();
    const report: SweepReport = { resumed: 0, near: 0, overdue: 0, supervised: 0, chunks: 0, ms: 0 };
    const size = this.config.sweepChunkSize;
    // Chunk after chunk of one kind, each in its own transaction under the lock; false when the lock was taken.
    const drain = async (work: () => Promise<ChunkResult>, count: (n: number) => void): Promise<boolean> => {
      for (;;) {
        const result = await this.db.transaction(async () => ((await this.sweeps.lock()) ? work() : null));
        if (!result) return false;
        report.chunks++;
        count(result.handled);
        if (!result.more) return true;
      }
    };
    const completed =
      // First the pauses that end now: their cases' clocks run again (with moved deadlines) before the
      // deadlines are looked at.
      (await drain(async () => {
        const ending = await this.sweeps.pausesEnding(now, size);
        for (const c of ending) await this.pauses.resumeAtUntil(c, now);
        return { handled: ending.length, more: ending.length === size };
      }, (n) => (report.resumed += n))) &&
      (await drain(
        () => this.chunk('near', now, now, 'near_deadline_at', 'not-yet-due', size, (rows) =>
          this.workflow.annotateMany('remind', SYSTEM, now, rows.map((c) => this.reminder(c, `${STAGE_NAMES[c.status]}期限将至`))),
        ),
        (n) => (report.near += n),
      )) &&
      (await drain(
        () => this.chunk('overdue', now, now, 'current_deadline', null, size, (rows) =>
          this.workflow.annotateMany('markOverdue', SYSTEM, now, rows.map((c) => this.reminder(c, overdueNote(c)))),
        ),
        (n) => (report.overdue += n),
      )) &&
      (await drain(
        () => this.chunk('supervised', now, new Date(now.getTime() - graceMs), 'current_deadline', 'not-supervised', size, (rows) => this.supervise(rows, now)),
        (n) => (report.supervised += n),
      ));
    report.ms = Date.now() - started;
    // Stopped at the lock: another instance sweeps (from where this one left off).
    if (!completed && report.chunks === 0) return null;
    return report;
  }

  /**
   * One chunk of a kind: the open cases whose `column` passed the kind's horizon and is at most `until`,
   * at most `size` of them, locked; the horizon moves to the last of them (or to `until` when they were
   * all); `act` writes the events of those whose reminder this chunk claimed.
   */
  private async chunk(
    kind: ReminderKind,
    now: Date,
    until: Date,
    column: Column,
    extra: 'not-yet-due' | 'not-supervised' | null,
    size: number,
    act: (claimed: Case[]) => Promise<unknown>,
  ): Promise<ChunkResult> {
    const since = (await this.sweeps.horizon(kind)) ?? { at: new Date(until.getTime() - FIRST_SWEEP_LOOKBACK_MS).toISOString(), id: null };
    const rows = await this.sweeps.due(column, since, until, size, extra, now);
    const more = rows.length === size;
    // The chunk's first write (events may only follow one): the horizon, committed with the events.
    if (more) await this.sweeps.setHorizonAt(kind, column, rows[rows.length - 1].id);
    else await this.sweeps.setHorizon(kind, until);
    const claimed = await this.cases.claimReminders(rows.map((c) => c.id), kind, now);
    const fresh = rows.filter((c) => claimed.has(c.id));
    await act(fresh);
    return { handled: fresh.length, more };
  }

  /** A reminder is an event on the timeline only: it changes nothing on the case itself. */
  private reminder(c: Case, note: string): BatchItem {
    return { c, note, data: reminderData(c) };
  }

  /** Automatic supervision: the public record (督办) and the flag on the case, with its event. */
  private async supervise(rows: Case[], now: Date): Promise<void> {
    const requirement = '立即办理，并书面说明超期原因及整改措施';
    const facts = rows.map((c) => `超期未办理：${STAGE_NAMES[c.status]}期限 ${c.currentDeadline!.toISOString()} 已过`);
    const records = await this.supervision.recordMany(rows.map((c, i) => ({ c, input: { source: 'automatic', facts: facts[i], requirement, createdBy: null } })), now);
    await this.workflow.applyMany(
      'supervise',
      SYSTEM,
      now,
      { supervised: true },
      rows.map((c, i) => ({ c, note: facts[i], data: { ref: records[i].ref, requirement, automatic: true } })),
    );
  }

  /** A line per sweep that did something; a warning when it took longer than its interval. */
  private log(report: SweepReport | null): void {
    if (!report || report.resumed + report.near + report.overdue + report.supervised === 0) return;
    const line = { sweep: report, intervalMs: this.config.sweepIntervalSeconds * 1000 };
    if (report.ms > line.intervalMs) this.logger.warn(line, 'deadline sweep took longer than its interval');
    else this.logger.log(line, 'deadline sweep');
  }
}
