import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { DeadlinesService } from '../calendar/deadlines.service';
import { CaseWorkflow, type CaseChange } from '../cases/case-workflow.service';
import type { Case } from '../cases/case.entity';
import { CasesRepository } from '../cases/cases.repository';
import type { CaseDto } from '../cases/dto/case.dto';
import { DomainError, ErrorCode } from '../common/domain-error';
import { DepartmentsService } from '../departments/departments.service';
import { UsersRepository } from '../users/users.repository';
import type { AssignDto, DecideOwnerDto, DispatchDto, RejectReturnDto, ReturnDto } from './dto/ownership.dto';

/**
 * Who owns a case and how that changes (谁主管谁负责): dispatch by the centre, sub-dispatch down the
 * department tree (分级负责), sign, return, assignment, and a supervisor's binding decision.
 */
/** A case as the department that returned it to the centre held it: what a refusal of the return restores. */
interface ReturnedFrom {
  status: 'dispatched' | 'in_progress';
  ownerDepartmentId: string;
  coDepartmentIds: string[];
  assigneeId: string | null;
  signDeadline: string | null;
  replyDeadline: string | null;
  dispatchedAt: string | null;
  returnCount: number;
}

@Injectable()
export class OwnershipService {
  constructor(
    private readonly workflow: CaseWorkflow,
    private readonly deadlines: DeadlinesService,
    private readonly departments: DepartmentsService,
    private readonly users: UsersRepository,
    private readonly cases: CasesRepository,
  ) {}

  /** The centre dispatches a case it holds; a dept_lead passes its own case down to a child unit. */
  dispatch(user: AuthUser, caseId: string, dto: DispatchDto): Promise<CaseDto> {
    if (user.role === 'dept_lead') return this.subDispatch(user, caseId, dto);
    return this.workflow.act(user, caseId, 'dispatch', dto.version, async (c, { now }) => {
      await this.requireActiveDepartment(dto.departmentId, 'departmentId');
      const coDepartmentIds = await this.checkCoDepartments(dto.coDepartmentIds ?? [], dto.departmentId);
      return this.dispatchChange(c, dto.departmentId, coDepartmentIds, now, dto.note ?? null, { publicNote: dto.publicNote });
    });
  }

  /** What a centre dispatch does; also applied by intake when a routing rule auto-dispatches. */
  async dispatchChange(
    c: Pick<Case, 'priority'>,
    departmentId: string,
    coDepartmentIds: string[],
    now: Date,
    note: string | null,
    options: { final?: boolean; publicNote?: string } = {},
  ): Promise<CaseChange> {
    return {
      ownerDepartmentId: departmentId,
      coDepartmentIds,
      set: {
        accountableDepartmentId: departmentId,
        dispatchedAt: now,
        signDeadline: await this.deadlines.deadline('sign', c.priority, now),
        replyDeadline: null,
        assigneeId: null,
        finalOwner: options.final ?? false,
      },
      note,
      publicNote: options.publicNote,
      data: { departmentId, coDepartmentIds },
    };
  }

  private subDispatch(user: AuthUser, caseId: string, dto: DispatchDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'subDispatch', dto.version, async (c, { now }) => {
      if (dto.coDepartmentIds?.length) {
        throw DomainError.invalid(ErrorCode.CO_DEPARTMENTS_BY_CENTRE, 'coDepartmentIds can only be set by the centre');
      }
      const child = await this.departments.findById(dto.departmentId);
      if (!child?.active || child.parentId !== c.ownerDepartmentId) {
        throw DomainError.invalid(ErrorCode.NOT_A_CHILD_UNIT, "departmentId must be one of your department's child units");
      }
      return {
        ownerDepartmentId: child.id,
        set: { dispatchedAt: now, signDeadline: await this.deadlines.deadline('sign', c.priority, now), assigneeId: null },
        note: dto.note ?? null,
        publicNote: dto.publicNote,
        data: { departmentId: child.id, parentDepartmentId: c.ownerDepartmentId },
      };
    });
  }

  /** After a dispute, a supervisor names the owner; that department can no longer return the case. */
  decideOwner(user: AuthUser, caseId: string, dto: DecideOwnerDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'decideOwner', dto.version, async (c, { now }) => {
      await this.requireActiveDepartment(dto.departmentId, 'departmentId');
      return this.dispatchChange(c, dto.departmentId, [], now, dto.note, { final: true, publicNote: dto.publicNote });
    });
  }

  sign(user: AuthUser, caseId: string, version: number | undefined): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'sign', version, async (c, { now }) => ({
      // A unit signing what its parent passed down keeps the parent's reply deadline: the clock runs on.
      set: { replyDeadline: c.replyDeadline ?? (await this.deadlines.deadline('reply', c.priority, now)) },
    }));
  }

  /**
   * "Not ours" (退单), within the return window. A unit that got the case from its parent hands it back
   * to the parent, in the stage the parent had reached; the department the centre dispatched to hands it
   * back to the centre, whose dispatch clock starts again — unless a supervisor made it the final owner.
   */
  return(user: AuthUser, caseId: string, dto: ReturnDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'return', dto.version, async (c, { now, coDepartmentIds }) => {
      if (dto.suggestedDepartmentId) await this.requireActiveDepartment(dto.suggestedDepartmentId, 'suggestedDepartmentId');
      const data = { reason: dto.reason, suggestedDepartmentId: dto.suggestedDepartmentId ?? null };

      if (c.ownerDepartmentId !== c.accountableDepartmentId) {
        const unit = await this.departments.findById(c.ownerDepartmentId!);
        const parentSigned = c.replyDeadline !== null;
        return {
          action: 'returnToParent',
          to: parentSigned ? 'in_progress' : 'dispatched',
          ownerDepartmentId: unit!.parentId,
          set: {
            dispatchedAt: now,
            assigneeId: null,
            ...(parentSigned ? {} : { signDeadline: await this.deadlines.deadline('sign', c.priority, now) }),
          },
          note: dto.reason,
          data,
        };
      }
      const restore: ReturnedFrom = {
        status: c.status as ReturnedFrom['status'],
        ownerDepartmentId: c.ownerDepartmentId!,
        coDepartmentIds,
        assigneeId: c.assigneeId,
        signDeadline: c.signDeadline?.toISOString() ?? null,
        replyDeadline: c.replyDeadline?.toISOString() ?? null,
        dispatchedAt: c.dispatchedAt?.toISOString() ?? null,
        returnCount: c.returnCount,
      };
      return {
        ownerDepartmentId: null,
        coDepartmentIds: [],
        set: {
          returnCount: c.returnCount + 1,
          accountableDepartmentId: null,
          dispatchedAt: null,
          dispatchDeadline: await this.deadlines.deadline('dispatch', c.priority, now),
          signDeadline: null,
          replyDeadline: null,
          assigneeId: null,
        },
        note: dto.reason,
        data: { ...data, returnCount: c.returnCount + 1, restore },
      };
    });
  }

  /**
   * 派单异议审核: the centre refuses the last return. The case goes back to the department that returned
   * it exactly as it was then (status, co-handlers, assignee, deadlines, dispatch time: the review's time
   * is not given back), `returnCount` as before that return, and that department may not return it again.
   */
  rejectReturn(user: AuthUser, caseId: string, dto: RejectReturnDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'rejectReturn', dto.version, async (c) => {
      const restore = (await this.cases.lastReturnToCentre(c.id))?.restore as ReturnedFrom | undefined;
      if (!restore) {
        throw DomainError.conflict(ErrorCode.NOT_RETURNED_BY_DEPARTMENT, 'This return was recorded before returns could be refused: dispatch the case instead');
      }
      if (!(await this.departments.findById(restore.ownerDepartmentId))?.active) {
        throw DomainError.conflict(ErrorCode.DEPARTMENT_INACTIVE, 'The department that returned this case has been deactivated: dispatch the case instead');
      }
      const at = (iso: string | null) => (iso === null ? null : new Date(iso));
      return {
        to: restore.status,
        ownerDepartmentId: restore.ownerDepartmentId,
        coDepartmentIds: restore.coDepartmentIds,
        set: {
          accountableDepartmentId: restore.ownerDepartmentId,
          assigneeId: restore.assigneeId,
          dispatchDeadline: null,
          signDeadline: at(restore.signDeadline),
          replyDeadline: at(restore.replyDeadline),
          dispatchedAt: at(restore.dispatchedAt),
          returnCount: restore.returnCount,
          returnsRefusedTo: [...c.returnsRefusedTo, restore.ownerDepartmentId],
        },
        note: dto.note,
        data: { departmentId: restore.ownerDepartmentId, returnCount: restore.returnCount },
      };
    });
  }

  assign(user: AuthUser, caseId: string, dto: AssignDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'assign', dto.version, async (c) => {
      const staff = await this.users.activeStaff(c.ownerDepartmentId!);
      const assignee = staff.find((u) => u.id === dto.assigneeId);
      if (!assignee) {
        throw DomainError.invalid(ErrorCode.NOT_DEPARTMENT_STAFF, 'assigneeId must be an active member of the owning department');
      }
      return { set: { assigneeId: assignee.id }, data: { assigneeId: assignee.id, assigneeName: assignee.displayName } };
    });
  }

  private async requireActiveDepartment(id: string, field: string): Promise<void> {
    const department = await this.departments.findById(id);
    if (!department?.active) throw DomainError.invalid(ErrorCode.UNKNOWN_DEPARTMENT, `${field} is not an active department`);
  }

  private async checkCoDepartments(ids: string[], ownerId: string): Promise<string[]> {
    if (ids.includes(ownerId)) {
      throw DomainError.invalid(ErrorCode.OWNER_AS_CO_DEPARTMENT, 'coDepartmentIds must not include the owning department');
    }
    const found = await this.departments.findByIds(ids);
    if (found.length !== ids.length || found.some((d) => !d.active)) {
      throw DomainError.invalid(ErrorCode.UNKNOWN_DEPARTMENT, 'coDepartmentIds must all be active departments');
    }
    return ids;
  }
}
