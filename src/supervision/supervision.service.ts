import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { DeadlinesService } from '../calendar/deadlines.service';
import { shanghaiDate } from '../calendar/deadline-math';
import { CaseWorkflow } from '../cases/case-workflow.service';
import type { Case } from '../cases/case.entity';
import { toOwnerDto } from '../cases/case.mapper';
import { CasesRepository } from '../cases/cases.repository';
import { CasesService } from '../cases/cases.service';
import { decodeCursor, encodeCursor } from '../cases/cursor';
import type { CaseDto } from '../cases/dto/case.dto';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { DecideExtensionDto, OverdueOwnerDto, PublicSupervisionDto, RequestExtensionDto, SuperviseDto } from './dto/supervision.dto';
import type { Supervision } from './supervision.entity';
import { SupervisionRepository } from './supervision.repository';

export interface SupervisionRecord {
  source: 'manual' | 'automatic';
  facts: string;
  requirement: string;
  createdBy: string | null;
}

/** Supervision (督办) and extensions (延期): holding departments to their deadlines, in the open. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly supervisions: SupervisionRepository,
    private readonly cases: CasesRepository,
    private readonly workflow: CaseWorkflow,
    private readonly deadlines: DeadlinesService,
    private readonly casesService: CasesService,
    private readonly clock: Clock,
  ) {}

  /** A supervisor flags a case, with the facts and the rectification demanded; it is published by reference. */
  supervise(user: AuthUser, caseId: string, dto: SuperviseDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'supervise', dto.version, async (c) => {
      const record = await this.record(c, { source: 'manual', facts: dto.note, requirement: dto.requirement, createdBy: user.id });
      return { set: { supervised: true }, note: dto.note, data: { ref: record.ref, requirement: dto.requirement } };
    });
  }

  /** Writes the supervision record (with its public reference) for a case, inside the caller's transaction. */
  async record(c: Case, input: SupervisionRecord, now = this.clock.now()): Promise<Supervision> {
    const [record] = await this.recordMany([{ c, input }], now);
    return record;
  }

  /** `record` for many cases at once (the sweep), in the order given: a handful of statements, whatever their number. */
  async recordMany(items: { c: Case; input: SupervisionRecord }[], now = this.clock.now()): Promise<Supervision[]> {
    if (items.length === 0) return [];
    const numbers = await this.supervisions.nextRefNumbers(items.length);
    const year = shanghaiDate(now).slice(0, 4);
    const people = await this.supervisions.responsiblePeople(
      items.filter(({ c }) => c.ownerDepartmentId).map(({ c }) => ({ departmentId: c.ownerDepartmentId!, assigneeId: c.assigneeId })),
    );
    return this.supervisions.insertMany(
      items.map(({ c, input }, i) => ({
        ref: `DB${year}-${String(numbers[i]).padStart(6, '0')}`,
        caseId: c.id,
        source: input.source,
        facts: input.facts,
        requirement: input.requirement,
        responsibleDepartmentId: c.ownerDepartmentId,
        responsiblePerson: c.ownerDepartmentId ? (people.get(`${c.ownerDepartmentId}:${c.assigneeId ?? ''}`) ?? null) : null,
        createdBy: input.createdBy,
        // The app's clock, not the database's: the public list's supervisedAt is this moment.
        createdAt: now,
      })),
    );
  }

  /** The owning dept_lead asks for more working days to reply: one request at a time, at most two granted. */
  requestExtension(user: AuthUser, caseId: string, dto: RequestExtensionDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'requestExtension', dto.version, async (c, { now }) => {
      const request = await this.cases.insertExtension({ caseId: c.id, requestedBy: user.id, requestedDays: dto.workingDays, reason: dto.reason, createdAt: now });
      return { set: { extensionPending: true }, note: dto.reason, data: { extensionId: request.id, workingDays: dto.workingDays } };
    });
  }

  /**
   * A supervisor approves (possibly fewer days than asked) or refuses. Approval pushes the reply deadline
   * by the granted working days, and the citizen's timeline shows the new deadline.
   */
  decideExtension(user: AuthUser, caseId: string, dto: DecideExtensionDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'decideExtension', dto.version, async (c, { now }) => {
      const request = (await this.cases.pendingExtension(c.id))!;
      if (dto.workingDays !== undefined && !dto.approve) {
        throw DomainError.invalid(ErrorCode.DAYS_WITHOUT_APPROVAL, 'workingDays is only for an approval');
      }
      if (dto.publicNote !== undefined && !dto.approve) {
        throw DomainError.invalid(ErrorCode.PUBLIC_NOTE_NOT_SHOWN, 'publicNote is only for an approval: a refusal is not shown to the citizen');
      }
      const granted = dto.workingDays ?? request.requestedDays;
      if (granted > request.requestedDays) {
        throw DomainError.invalid(ErrorCode.TOO_MANY_DAYS, `workingDays may not exceed the ${request.requestedDays} days asked for`);
      }
      await this.cases.decideExtension(request.id, {
        status: dto.approve ? 'approved' : 'refused',
        grantedDays: dto.approve ? granted : null,
        decidedBy: user.id,
        decidedAt: now,
      });
      if (!dto.approve) {
        return { set: { extensionPending: false }, note: dto.note ?? null, public: false, data: { extensionId: request.id, approved: false } };
      }
      const replyDeadline = await this.deadlines.after(c.replyDeadline!, { amount: granted, unit: 'working_days' });
      return {
        set: { replyDeadline, extensionPending: false, extensionsApproved: c.extensionsApproved + 1 },
        note: dto.note ?? null,
        publicNote: dto.publicNote,
        data: { extensionId: request.id, approved: true, workingDays: granted, replyDeadline: replyDeadline.toISOString() },
      };
    });
  }

  /** The public supervision list (督查公开), newest first. */
  async publicList(limit: number, cursor?: string): Promise<{ items: PublicSupervisionDto[]; nextCursor: string | null }> {
    const rows = await this.supervisions.publicPage(cursor ? decodeCursor(cursor) : null, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        ref: r.ref,
        title: r.title,
        department: r.department ?? '12345热线服务中心',
        responsiblePerson: r.responsiblePerson,
        facts: r.facts,
        requirement: r.requirement,
        status: r.status,
        supervisedAt: r.createdAt.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ key: last.createdAt, id: last.id }) : null,
    };
  }

  /** Open overdue cases per owner (the centre, or a department), the longest overdue first. */
  async overdueByOwner(): Promise<OverdueOwnerDto[]> {
    const rows = await this.supervisions.overdueByOwner(this.clock.now());
    const departments = await this.casesService.departmentsById(rows.map((r) => r.owner));
    return rows.map((r) => ({ owner: toOwnerDto(r.owner, departments), overdue: r.overdue, oldestDeadline: new Date(r.oldest).toISOString() }));
  }
}
