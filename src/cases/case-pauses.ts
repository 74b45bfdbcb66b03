import { Injectable } from '@nestjs/common';
import { DeadlinesService } from '../calendar/deadlines.service';
import type { CaseChange } from './case-workflow.service';
import type { Case } from './case.entity';
import { CasesRepository } from './cases.repository';

/**
 * The end of a pause (挂起) — by the owner or a supervisor, by a reply, or by itself at its `until`: the
 * reply deadline moves later by the paused time (CONTRACT.md: wall-clock for hour and minute deadlines,
 * the working days that ended inside the pause for working-day deadlines), and the pause is recorded
 * as ended. One place, so that every way out of a pause moves the clock the same way.
 */
@Injectable()
export class CasePauses {
  constructor(
    private readonly cases: CasesRepository,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** The change that ends `c`'s running pause at `now`, inside the caller's transaction. */
  async end(c: Case, now: Date): Promise<Required<Pick<CaseChange, 'set' | 'data'>>> {
    const since = c.pausedAt!;
    const calendar = await this.deadlines.calculator();
    const replyDeadline = c.replyDeadline && calendar.afterPause(c.replyDeadline, 'reply', c.priority, since, now);
    const pausedSeconds = Math.max(0, (now.getTime() - since.getTime()) / 1000);
    const pause = await this.cases.openPause(c.id);
    if (pause?.status === 'approved') await this.cases.updatePause(pause.id, { status: 'ended', endedAt: now });
    return {
      set: { replyDeadline, pausedAt: null, pauseUntil: null, pausedSeconds: c.pausedSeconds + pausedSeconds },
      data: { pausedSince: since.toISOString(), pausedSeconds, replyDeadline: replyDeadline?.toISOString() ?? null },
    };
  }
}
