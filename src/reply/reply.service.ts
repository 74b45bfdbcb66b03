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
import { KnowledgeService } from '../knowledge/knowledge.service';
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
    private readonly knowledge: KnowledgeService,
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
   * The centre closes a case it holds: answered (直办, from knowledge-base entries when it names them),
   * not accepted, merged (并单) into an open case whose progress and answer its citizen then follows, or
   * transferred to 110 / 119 / 120 / 122.
   */
  close(user: AuthUser, caseId: string, dto: CloseDto): Promise<CaseDto> {
    checkCloseFields(dto);
    return this.workflow.act(user, caseId, 'close', dto.version, async (c) => {
      switch (dto.reason) {
        case 'merged':
          return this.mergeChange(c, dto.mergedIntoId!, dto.note, dto.publicNote ?? null);
        case 'transferred':
          return {
            action: 'transfer',
            set: { closeReason: 'transferred', transferTo: dto.transferTo!, counterpartRef: dto.counterpartRef ?? null },
            note: dto.note,
            publicNote: dto.publicNote,
            data: { reason: 'transferred', transferTo: dto.transferTo, ...(dto.counterpartRef ? { counterpartRef: dto.counterpartRef } : {}) },
          };
        case 'answered':
          return this.answeredChange(dto.knowledgeEntryIds ?? [], dto.publicNote ?? null, dto.note);
        default:
          return { set: { closeReason: dto.reason }, note: dto.note, publicNote: dto.publicNote, data: { reason: dto.reason } };
      }
    });
  }

  /**
   * A direct answer (直办): closed as answered, the answer on the citizen's timeline, the knowledge-base
   * entries it came from recorded with the event (each must be in force: a 400 otherwise).
   */
  async answeredChange(knowledgeEntryIds: string[], answer: string | null, note: string | null): Promise<CaseChange> {
    await this.knowledge.assertInForce(knowledgeEntryIds);
    return {
      set: { closeReason: 'answered' },
      note,
      publicNote: answer,
      data: { reason: 'answered', ...(knowledgeEntryIds.length > 0 ? { knowledgeEntryIds: [...new Set(knowledgeEntryIds)] } : {}) },
    };
  }

  /**
   * Merging `c` into the open case `masterId` (并单): the master is locked for the rest of the
   * transaction, so it cannot close under the merge; its `mergedCount` follows (a database trigger).
   */
  async mergeChange(c: Pick<Case, 'id'>, masterId: string, note: string | null, publicNote: string | null): Promise<CaseChange> {
    if (masterId === c.id) throw DomainError.invalid(ErrorCode.MERGE_INTO_ITSELF, 'A case cannot be merged into itself');
    const master = await this.cases.lockMaster(masterId);
    if (!master) throw DomainError.invalid(ErrorCode.UNKNOWN_MERGE_TARGET, 'mergedIntoId is not a case');
    if (master.status === 'closed') throw DomainError.conflict(ErrorCode.MERGE_TARGET_CLOSED, 'Merge into an open case');
    return {
      action: 'merge',
      set: { closeReason: 'merged', mergedIntoId: master.id },
      note,
      publicNote,
      data: { reason: 'merged', mergedIntoId: master.id, masterTrackingCode: master.trackingCode },
    };
  }
}

/** Each closing's own fields, and only those: a field another reason takes is a 400 naming it. */
function checkCloseFields(dto: CloseDto): void {
  const only: [keyof CloseDto, CloseDto['reason']][] = [
    ['mergedIntoId', 'merged'],
    ['transferTo', 'transferred'],
    ['counterpartRef', 'transferred'],
    ['knowledgeEntryIds', 'answered'],
  ];
  for (const [field, reason] of only) {
    if (dto[field] !== undefined && dto.reason !== reason) {
      throw DomainError.invalid(
        field === 'mergedIntoId' ? ErrorCode.MERGE_TARGET_WITHOUT_MERGE : ErrorCode.FIELD_NOT_FOR_REASON,
        `${field} is only for reason ${reason}`,
      );
    }
  }
  if (dto.knowledgeEntryIds?.length && !dto.publicNote) {
    throw DomainError.invalid(ErrorCode.FIELD_NOT_FOR_REASON, 'publicNote: the answer the citizen reads is required when answering from the knowledge base');
  }
}
