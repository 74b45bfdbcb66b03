import { Injectable } from '@nestjs/common';
import { type AuthUser, seesAllCases } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { DepartmentsService } from '../departments/departments.service';
import type { Case } from './case.entity';
import { type DepartmentsById, toCaseDto, toTimelineEventDto, type ViewContext } from './case.mapper';
import { CaseFilter, CaseOrder, CaseScope, CasesRepository, keysetOf } from './cases.repository';
import { decodeCursor, encodeCursor } from './cursor';
import { GuardContexts } from './case-guard-context';
import type { GuardContext } from './case-state-machine';
import type { CaseDto, CaseListDto, CaseWithTimelineDto } from './dto/case.dto';

export const DEFAULT_PAGE_SIZE = 20;

/** Reading cases as a staff member may see them. */
@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly departments: DepartmentsService,
    private readonly clock: Clock,
    private readonly guards: GuardContexts,
  ) {}

  static scopeOf(user: AuthUser): CaseScope {
    if (seesAllCases(user)) return { kind: 'all' };
    if (!user.departmentId) throw new Error(`User ${user.id} has role ${user.role} but no department`);
    return { kind: 'department', departmentId: user.departmentId };
  }

  async list(
    user: AuthUser,
    filter: CaseFilter,
    paging: { cursor?: string; limit?: number; order?: CaseOrder } = {},
  ): Promise<CaseListDto> {
    const limit = paging.limit ?? DEFAULT_PAGE_SIZE;
    const after = paging.cursor ? decodeCursor(paging.cursor) : null;
    const now = this.clock.now();
    const order = paging.order ?? 'newest';
    const rows = await this.cases.list(filter, CasesService.scopeOf(user), { after, limit: limit + 1, order }, now);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const ctx = await this.viewContext(user, page);
    return {
      items: page.map((c) => toCaseDto(c, ctx)),
      nextCursor: rows.length > limit && last ? encodeCursor(keysetOf(last, order)) : null,
    };
  }

  /** The case with its full timeline, or 404 — also when it exists but is not the caller's to see. */
  async get(user: AuthUser, id: string): Promise<CaseWithTimelineDto> {
    const found = await this.cases.findVisible(id, CasesService.scopeOf(user));
    if (!found) throw DomainError.notFound();
    const timeline = await this.cases.timeline(found.id, { publicOnly: false });
    const departmentIds = timeline.flatMap((e) => [e.fromOwnerDepartmentId, e.toOwnerDepartmentId]);
    const ctx = await this.viewContext(user, [found], departmentIds);
    return { ...toCaseDto(found, ctx), timeline: timeline.map((e) => toTimelineEventDto(e, ctx.departments)) };
  }

  /** Renders a case the caller has just written (no scope check: the writer decided who may). */
  async render(user: AuthUser, c: Case): Promise<CaseDto> {
    return toCaseDto(c, await this.viewContext(user, [c]));
  }

  /**
   * Renders a case created in the caller's still-open transaction without a query: a new case has no
   * co-handling departments or extension requests yet, and the caller loaded the departments it names
   * beforehand. (A query here would wait for a second pool connection while the transaction holds one.)
   */
  renderNew(user: AuthUser, c: Case, departments: DepartmentsById, guards: GuardContext): CaseDto {
    return toCaseDto(c, {
      user,
      guards,
      fullAccess: seesAllCases(user),
      departments,
      coDepartments: new Map(),
      pendingExtensions: new Map(),
      now: this.clock.now(),
    });
  }

  private async viewContext(user: AuthUser, cases: Case[], moreDepartmentIds: (string | null)[] = []): Promise<ViewContext> {
    const ids = cases.map((c) => c.id);
    const [coDepartments, pendingExtensions, guards] = await Promise.all([
      this.cases.coDepartmentsOf(ids),
      this.cases.pendingExtensionsOf(cases.filter((c) => c.extensionPending).map((c) => c.id)),
      this.guards.load(),
    ]);
    const departmentIds = [
      ...cases.flatMap((c) => [c.ownerDepartmentId, c.suggestedDepartmentId]),
      ...[...coDepartments.values()].flat(),
      ...moreDepartmentIds,
    ];
    return {
      user,
      guards,
      fullAccess: seesAllCases(user),
      departments: await this.departmentsById(departmentIds),
      coDepartments,
      pendingExtensions,
      now: this.clock.now(),
    };
  }

  async departmentsById(ids: (string | null)[]): Promise<DepartmentsById> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    const rows = await this.departments.findByIds(unique);
    return new Map(rows.map((d) => [d.id, d]));
  }
}
