import { Injectable } from '@nestjs/common';
import { type AuthUser, seesAllCases } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { DepartmentsService } from '../departments/departments.service';
import { CaseAccess } from './case-access';
import { GuardContexts } from './case-guard-context';
import type { GuardContext } from './case-state-machine';
import type { Case } from './case.entity';
import { type DepartmentsById, toCaseDto, toTimelineEventDto, type ViewContext } from './case.mapper';
import { type CaseFilter, type CaseOrder, CasesRepository, keysetOf } from './cases.repository';
import { decodeCursor, encodeCursor } from './cursor';
import { type ChainReport, verifyChain } from './timeline-chain';
import type { CaseDto, CaseListDto, CaseWithTimelineDto } from './dto/case.dto';

export const DEFAULT_PAGE_SIZE = 20;

/** Reading cases as a staff member may see them. */
@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly departments: DepartmentsService,
    private readonly access: CaseAccess,
    private readonly guards: GuardContexts,
  ) {}

  async list(user: AuthUser, filter: CaseFilter, paging: { cursor?: string; limit?: number; order?: CaseOrder } = {}): Promise<CaseListDto> {
    const limit = paging.limit ?? DEFAULT_PAGE_SIZE;
    const after = paging.cursor ? decodeCursor(paging.cursor) : null;
    const order = paging.order ?? 'newest';
    const guards = await this.guards.load();
    const rows = await this.cases.list(filter, await this.access.scopeOf(user), { after, limit: limit + 1, order }, guards.now);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const ctx = await this.viewContext(user, page, guards);
    return {
      items: page.map((c) => toCaseDto(c, ctx)),
      nextCursor: rows.length > limit && last ? encodeCursor(keysetOf(last, order)) : null,
    };
  }

  /** The case with its full timeline, or 404 — also when it exists but is not the caller's to see. */
  async get(user: AuthUser, id: string): Promise<CaseWithTimelineDto> {
    const found = await this.cases.findVisible(id, await this.access.scopeOf(user));
    if (!found) throw DomainError.notFound();
    const timeline = await this.cases.timeline(found.id, { publicOnly: false });
    const departmentIds = timeline.flatMap((e) => [e.fromOwnerDepartmentId, e.toOwnerDepartmentId]);
    const ctx = await this.viewContext(user, [found], await this.guards.load(), departmentIds);
    return { ...toCaseDto(found, ctx), timeline: timeline.map((e) => toTimelineEventDto(e, ctx.departments)) };
  }

  /** Whether the case's timeline is intact: every event's hash follows from its fields and its predecessor's. */
  async verify(id: string): Promise<ChainReport> {
    if (!(await this.cases.findById(id))) throw DomainError.notFound();
    return verifyChain(await this.cases.chain(id));
  }

  /** Renders a case the caller has just written (no scope check: the writer decided who may). */
  async render(user: AuthUser, c: Case): Promise<CaseDto> {
    return toCaseDto(c, await this.viewContext(user, [c], await this.guards.load()));
  }

  /** Renders cases the caller may see (the caller checked), in the order given. */
  async renderMany(user: AuthUser, cases: Case[]): Promise<CaseDto[]> {
    const ctx = await this.viewContext(user, cases, await this.guards.load());
    return cases.map((c) => toCaseDto(c, ctx));
  }

  /**
   * Renders a case created in the caller's still-open transaction without a query: a new case has no
   * co-handling departments or extension requests yet, and the caller loaded the departments it names
   * and the guards beforehand.
   */
  renderNew(user: AuthUser, c: Case, departments: DepartmentsById, guards: GuardContext): CaseDto {
    return toCaseDto(c, { user, guards, fullAccess: seesAllCases(user), departments, coDepartments: new Map(), pendingExtensions: new Map(), openPauses: new Map(), lastReturns: new Map() });
  }

  async departmentsById(ids: (string | null)[]): Promise<DepartmentsById> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    const rows = await this.departments.findByIds(unique);
    return new Map(rows.map((d) => [d.id, d]));
  }

  private async viewContext(user: AuthUser, cases: Case[], guards: GuardContext, moreDepartmentIds: (string | null)[] = []): Promise<ViewContext> {
    const [coDepartments, pendingExtensions, openPauses, lastReturns] = await Promise.all([
      this.cases.coDepartmentsOf(cases.map((c) => c.id)),
      this.cases.pendingExtensionsOf(cases.filter((c) => c.extensionPending).map((c) => c.id)),
      this.cases.openPausesOf(cases.filter((c) => c.pausePending || c.pausedAt).map((c) => c.id)),
      this.cases.lastReturnsOf(cases.filter((c) => c.status === 'returned').map((c) => c.id)),
    ]);
    const departmentIds = [
      ...cases.flatMap((c) => [c.ownerDepartmentId, c.suggestedDepartmentId]),
      ...[...coDepartments.values()].flat(),
      ...[...lastReturns.values()].flatMap((r) => [r.departmentId, r.suggestedDepartmentId]),
      ...moreDepartmentIds,
    ];
    return { user, guards, fullAccess: seesAllCases(user), departments: await this.departmentsById(departmentIds), coDepartments, pendingExtensions, openPauses, lastReturns };
  }
}
