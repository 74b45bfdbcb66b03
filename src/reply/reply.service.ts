import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { DeadlinesService } from '../calendar/deadlines.service';
import { AttachmentsRepository } from '../cases/attachments.repository';
import { CasePauses } from '../cases/case-pauses';
import { type CaseChange, CaseWorkflow } from '../cases/case-workflow.service';
import type { Case } from '../cases/case.entity';
import type { Satisfaction } from '../cases/case.enums';
import { CasesRepository } from '../cases/cases.repository';
import type { CaseDto } from '../cases/dto/case.dto';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { CallbackDto, CloseDto, ReplyDto } from './dto/reply.dto';

export interface Verdict {
  satisfaction: Satisfaction;
  resolved: boolean;
  note: string | null;
  /** A call by the centre (回访) or the citizen's own rating online. */
  via: 'callback' | 'rating';
}

/** Closing the loop: the owner's answer, the citizen's verdict on it, and the centre's own closings. */
@Injectable()
export class ReplyService {
  constructor(
    private readonly workflow: CaseWorkflow,
    private readonly cases: CasesRepository,
    private readonly deadlines: DeadlinesService,
    private readonly pauses: CasePauses,
    private readonly attachments: AttachmentsRepository,
  ) {}

  /** The owning department answers (答复); the centre's callback clock starts. A reply ends a pause. */
  reply(user: AuthUser, caseId: string, dto: ReplyDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'reply', dto.version, async (c, { now }) => {
      const attachmentIds = [...new Set(dto.attachmentIds ?? [])];
      const published = await this.attachments.publish(c.id, attachmentIds);
      if (published.length !== attachmentIds.length) {
        throw DomainError.invalid(ErrorCode.UNKNOWN_ATTACHMENT, 'attachmentIds must be files of this case (upload them first)');
      }
      const pauseEnded = c.pausedAt ? await this.pauses.end(c, now) : null;
      return {
        set: {
          ...pauseEnded?.set,
          replyContent: dto.content,
          resolution: dto.resolution,
          repliedAt: now,
          callbackDeadline: await this.deadlines.deadline('callback', c.priority, now),
        },
        publicNote: dto.content,
        data: { resolution: dto.resolution, ...(dto.reason ? { reason: dto.reason } : {}), ...(attachmentIds.length ? { attachmentIds } : {}), ...(pauseEnded ? { pauseEnded: pauseEnded.data } : {}) },
      };
    });
  }

  /** The centre calls the citizen back (回访). */
  callback(user: AuthUser, caseId: string, dto: CallbackDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'callback', dto.version, (c, { now }) =>
      this.verdict(c, { satisfaction: dto.satisfaction, resolved: dto.resolved, note: dto.note ?? null, via: 'callback' }, now),
    );
  }

  /** The citizen rates a replied case online; it counts as its callback. The caller verified the citizen. */
  async rate(c: Case, verdict: Omit<Verdict, 'via'>): Promise<Case> {
    return this.workflow.actAs({ kind: 'citizen' }, c.id, 'rate', (current, { now }) =>
      this.verdict(current, { ...verdict, via: 'rating' }, now),
    );
  }

  /**
   * Unsatisfied and not resolved reopens the case (重办) to the same owner with a new reply deadline;
   * any other verdict closes it.
   */
  private async verdict(c: Case, v: Verdict, now: Date): Promise<CaseChange> {
    const recorded = { satisfaction: v.satisfaction, resolved: v.resolved, calledBackAt: now };
    const data = { satisfaction: v.satisfaction, resolved: v.resolved, via: v.via };
    if (v.satisfaction === 'unsatisfied' && !v.resolved) {
      return {
        action: 'reopen',
        set: { ...recorded, replyDeadline: await this.deadlines.deadline('reply', c.priority, now), callbackDeadline: null },
        note: v.note,
        data,
      };
    }
    return {
      action: v.via === 'callback' ? 'callback' : 'rate',
      set: { ...recorded, closeReason: v.via },
      note: v.note,
      data,
    };
  }

  /**
   * The centre closes a case it holds: answered on the spot, not accepted, or merged (并单) into an open
   * case whose progress and answer its citizen then follows.
   */
  close(user: AuthUser, caseId: string, dto: CloseDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'close', dto.version, async (c) => {
      if (dto.reason !== 'merged') {
        if (dto.mergedIntoId) throw DomainError.invalid(ErrorCode.MERGE_TARGET_WITHOUT_MERGE, 'mergedIntoId is only for reason merged');
        return { set: { closeReason: dto.reason }, note: dto.note, publicNote: dto.publicNote, data: { reason: dto.reason } };
      }
      if (dto.mergedIntoId === c.id) throw DomainError.invalid(ErrorCode.MERGE_INTO_ITSELF, 'A case cannot be merged into itself');
      const master = await this.cases.findById(dto.mergedIntoId!);
      if (!master) throw DomainError.invalid(ErrorCode.UNKNOWN_MERGE_TARGET, 'mergedIntoId is not a case');
      if (master.status === 'closed') throw DomainError.conflict(ErrorCode.MERGE_TARGET_CLOSED, 'Merge into an open case');
      return {
        action: 'merge',
        set: { closeReason: 'merged', mergedIntoId: master.id },
        note: dto.note,
        publicNote: dto.publicNote,
        data: { reason: 'merged', mergedIntoId: master.id, masterTrackingCode: master.trackingCode },
      };
    });
  }
}
