import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { CasePauses } from '../cases/case-pauses';
import { CaseWorkflow, SYSTEM } from '../cases/case-workflow.service';
import type { Case } from '../cases/case.entity';
import { CasesRepository } from '../cases/cases.repository';
import type { CaseDto } from '../cases/dto/case.dto';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { DecidePauseDto, RequestPauseDto, ResumeDto } from './dto/supervision.dto';

/**
 * Pausing the clock (挂起): a case that cannot move — the citizen must bring documents, a court or
 * another authority must act first — stops its reply clock with a supervisor's approval, at most twice.
 * While paused it has no current deadline (so it is never overdue, reminded or supervised by the sweep);
 * on resume the reply deadline moves later by the paused time (`CasePauses.end`).
 */
@Injectable()
export class PauseService {
  constructor(
    private readonly workflow: CaseWorkflow,
    private readonly cases: CasesRepository,
    private readonly pauses: CasePauses,
  ) {}

  /** The owning dept_lead asks to pause an in-progress case that is not overdue. */
  request(user: AuthUser, caseId: string, dto: RequestPauseDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'requestPause', dto.version, async (c, { now }) => {
      const until = dto.until ? new Date(dto.until) : null;
      if (until && until <= now) throw DomainError.invalid(ErrorCode.PAUSE_UNTIL_PAST, 'until must be in the future');
      const pause = await this.cases.insertPause({ caseId: c.id, requestedBy: user.id, reason: dto.reason, note: dto.note, until, createdAt: now });
      return {
        set: { pausePending: true },
        note: dto.note,
        data: { pauseId: pause.id, reason: dto.reason, until: until?.toISOString() ?? null },
      };
    });
  }

  /** A supervisor approves (the clock stops now) or refuses. */
  decide(user: AuthUser, caseId: string, dto: DecidePauseDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'approvePause', dto.version, async (c, { now }) => {
      const pause = (await this.cases.openPause(c.id))!;
      if (!dto.approve) {
        await this.cases.updatePause(pause.id, { status: 'refused', decidedBy: user.id, decidedAt: now });
        return { action: 'refusePause', set: { pausePending: false }, note: dto.note ?? null, data: { pauseId: pause.id, approved: false } };
      }
      if (c.replyDeadline && c.replyDeadline < now) {
        throw DomainError.conflict(ErrorCode.CASE_OVERDUE, 'The reply deadline passed while the request waited: an overdue case cannot be paused; refuse it');
      }
      const until = pause.until && pause.until > now ? pause.until : null;
      await this.cases.updatePause(pause.id, { status: 'approved', decidedBy: user.id, decidedAt: now, startedAt: now });
      return {
        set: { pausePending: false, pausedAt: now, pauseUntil: until, pausesApproved: c.pausesApproved + 1 },
        note: dto.note ?? null,
        data: { pauseId: pause.id, approved: true, reason: pause.reason, until: until?.toISOString() ?? null },
      };
    });
  }

  /** The owning dept_lead or a supervisor ends the pause: the reply clock runs again, its deadline moved. */
  resume(user: AuthUser, caseId: string, dto: ResumeDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'resume', dto.version, async (c, { now }) => ({ ...(await this.pauses.end(c, now)), note: dto.note ?? null }));
  }

  /**
   * The sweep ends a pause whose `until` has come, inside its transaction (the case is locked): as of
   * `until`, however late the sweep runs.
   */
  async resumeAtUntil(c: Case, now: Date): Promise<void> {
    const ended = await this.pauses.end(c, c.pauseUntil! < now ? c.pauseUntil! : now);
    await this.workflow.apply(c, 'resume', SYSTEM, { ...ended, data: { ...ended.data, automatic: true } }, now);
  }
}
