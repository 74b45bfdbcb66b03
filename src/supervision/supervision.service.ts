import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DeadlinesService } from '../calendar/deadlines.service';
import { shanghaiDate } from '../calendar/deadline-math';
import { CaseExtension } from '../cases/case-extension.entity';
import { CaseWorkflow } from '../cases/case-workflow.service';
import type { Case } from '../cases/case.entity';
import { toOwnerDto } from '../cases/case.mapper';
import { CasesService } from '../cases/cases.service';
import type { CaseDto } from '../cases/dto/case.dto';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { decodeCursor, encodeCursor } from '../cases/cursor';
import type { DecideExtensionDto, OverdueOwnerDto, PublicSupervisionDto, RequestExtensionDto, SuperviseDto } from './dto/supervision.dto';
import { Supervision } from './supervision.entity';

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
    private readonly dataSource: DataSource,
    private readonly workflow: CaseWorkflow,
    private readonly deadlines: DeadlinesService,
    private readonly casesService: CasesService,
    private readonly clock: Clock,
  ) {}

  /** A supervisor flags a case, with the facts and the rectification demanded; it is published by reference. */
  supervise(user: AuthUser, caseId: string, dto: SuperviseDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'supervise', dto.version, async (c, { em }) => {
      const record = await this.record(em, c, { source: 'manual', facts: dto.note, requirement: dto.requirement, createdBy: user.id });
      return { set: { supervised: true }, note: dto.note, data: { ref: record.ref, requirement: dto.requirement } };
    });
  }

  /** Writes the supervision record (with its public reference) for a case, inside the caller's transaction. */
  async record(em: EntityManager, c: Case, input: SupervisionRecord): Promise<Supervision> {
    const [{ n }] = await em.query(`SELECT nextval('supervisions_ref_seq') AS n`);
    const year = shanghaiDate(this.clock.now()).slice(0, 4);
    const responsible = c.ownerDepartmentId
      ? ((await em.query(
          `SELECT display_name FROM users
            WHERE active AND ((id = $2) OR (department_id = $1 AND role = 'dept_lead'))
            ORDER BY (id = $2) DESC, created_at LIMIT 1`,
          [c.ownerDepartmentId, c.assigneeId],
        )) as { display_name: string }[])
      : [];
    return em.getRepository(Supervision).save(
      em.getRepository(Supervision).create({
        ref: `DB${year}-${String(n).padStart(6, '0')}`,
        caseId: c.id,
        source: input.source,
        facts: input.facts,
        requirement: input.requirement,
        responsibleDepartmentId: c.ownerDepartmentId,
        responsiblePerson: responsible[0]?.display_name ?? null,
        createdBy: input.createdBy,
      }),
    );
  }

  /** The owning dept_lead asks for more working days to reply: one request at a time, at most two granted. */
  requestExtension(user: AuthUser, caseId: string, dto: RequestExtensionDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'requestExtension', dto.version, async (c, { em, now }) => {
      const request = await em.save(
        em.create(CaseExtension, { caseId: c.id, requestedBy: user.id, requestedDays: dto.workingDays, reason: dto.reason, createdAt: now }),
      );
      return { set: { extensionPending: true }, note: dto.reason, data: { extensionId: request.id, workingDays: dto.workingDays } };
    });
  }

  /**
   * A supervisor approves (possibly fewer days than asked) or refuses. Approval pushes the reply deadline
   * by the granted working days, and the citizen's timeline shows the new deadline.
   */
  decideExtension(user: AuthUser, caseId: string, dto: DecideExtensionDto): Promise<CaseDto> {
    return this.workflow.act(user, caseId, 'decideExtension', dto.version, async (c, { em, now }) => {
      const request = await em.findOneByOrFail(CaseExtension, { caseId: c.id, status: 'pending' });
      if (dto.workingDays !== undefined && !dto.approve) {
        throw DomainError.invalid('DAYS_WITHOUT_APPROVAL', 'workingDays is only for an approval');
      }
      const granted = dto.workingDays ?? request.requestedDays;
      if (granted > request.requestedDays) {
        throw DomainError.invalid('TOO_MANY_DAYS', `workingDays may not exceed the ${request.requestedDays} days asked for`);
      }
      await em.update(
        CaseExtension,
        { id: request.id },
        { status: dto.approve ? 'approved' : 'refused', grantedDays: dto.approve ? granted : null, decidedBy: user.id, decidedAt: now },
      );
      if (!dto.approve) {
        return { set: { extensionPending: false }, note: dto.note ?? null, public: false, data: { extensionId: request.id, approved: false } };
      }
      const replyDeadline = await this.deadlines.after(c.replyDeadline!, { amount: granted, unit: 'working_days' }, em);
      return {
        set: { replyDeadline, extensionPending: false, extensionsApproved: c.extensionsApproved + 1 },
        note: `答复期限延长${granted}个工作日，至${shanghaiDate(replyDeadline)}${dto.note ? `。${dto.note}` : ''}`,
        data: { extensionId: request.id, approved: true, workingDays: granted, replyDeadline: replyDeadline.toISOString() },
      };
    });
  }

  /**
   * The public supervision list (督查公开), newest first: never citizen data, never the tracking code; the
   * case's title only when the citizen agreed to publish it, else its category.
   */
  async publicList(limit: number, cursor?: string): Promise<{ items: PublicSupervisionDto[]; nextCursor: string | null }> {
    const after = cursor ? decodeCursor(cursor) : null;
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT s.id, s.ref, s.facts, s.requirement, s.responsible_person, s.created_at, c.status,
              CASE WHEN c.public_consent THEN c.title ELSE COALESCE(cat.name, '未分类事项') END AS title,
              d.name AS department
         FROM supervisions s
         JOIN cases c ON c.id = s.case_id
         LEFT JOIN categories cat ON cat.code = c.category_code
         LEFT JOIN departments d ON d.id = s.responsible_department_id
        WHERE ($1::timestamptz IS NULL OR (s.created_at, s.id) < ($1, $2::uuid))
        ORDER BY s.created_at DESC, s.id DESC
        LIMIT $3`,
      [after?.key ?? null, after?.id ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        ref: r.ref as string,
        title: r.title as string,
        department: (r.department as string | null) ?? '12345热线服务中心',
        responsiblePerson: r.responsible_person as string | null,
        facts: r.facts as string,
        requirement: r.requirement as string,
        status: r.status as string,
        supervisedAt: new Date(r.created_at as string).toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ key: new Date(last.created_at as string), id: last.id as string }) : null,
    };
  }

  /** Open overdue cases per owner (the centre, or a department), the longest overdue first. */
  async overdueByOwner(): Promise<OverdueOwnerDto[]> {
    const rows: { owner: string | null; overdue: number; oldest: Date }[] = await this.dataSource.query(
      `SELECT owner_department_id AS owner, count(*)::int AS overdue, min(current_deadline) AS oldest
         FROM cases
        WHERE status <> 'closed' AND current_deadline < $1
        GROUP BY owner_department_id
        ORDER BY oldest`,
      [this.clock.now()],
    );
    const departments = await this.casesService.departmentsById(rows.map((r) => r.owner));
    return rows.map((r) => ({
      owner: toOwnerDto(r.owner, departments),
      overdue: r.overdue,
      oldestDeadline: new Date(r.oldest).toISOString(),
    }));
  }
}
